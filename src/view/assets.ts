/**
 * Where the built viewer is: `dist/viewer/` of the hookline package (built by
 * `scripts/build-viewer.mjs`), or the folder `HOOKLINE_VIEWER_DIR` names.
 * @module
 */
import { join } from 'node:path';
import { packageRoot } from '../util/own-files.ts';

/** Environment variable naming another folder of viewer assets. */
export const VIEWER_DIR_ENV = 'HOOKLINE_VIEWER_DIR';

/** Returns the folder of the built viewer (which may not exist yet). */
export function viewerAssetsDir(): string {
  return process.env[VIEWER_DIR_ENV] ?? join(packageRoot(), 'dist', 'viewer');
}
