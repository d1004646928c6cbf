/**
 * The package version, read once from package.json.
 * @module
 */
import { readFileSync } from 'node:fs';

/** hookline's version. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
