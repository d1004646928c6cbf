/**
 * The package version, read once from package.json.
 * @module
 */
import { ownPackageJson } from './util/own-files.ts';

/** hookline's version. */
export const VERSION: string = ownPackageJson().version;
