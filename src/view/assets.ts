/**
 * Where the built viewer is: `dist/viewer/` of the hookline package (built by
 * `scripts/build-viewer.mjs`), or the folder `HOOKLINE_VIEWER_DIR` names.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Environment variable naming another folder of viewer assets. */
export const VIEWER_DIR_ENV = 'HOOKLINE_VIEWER_DIR';

/** Returns the hookline package's root folder: the nearest parent of this module whose package.json is hookline's. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'hookline') return dir;
      } catch {
        // not this one
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the hookline package root above the view module.');
    dir = parent;
  }
}

/** Returns the folder of the built viewer (which may not exist yet). */
export function viewerAssetsDir(): string {
  return process.env[VIEWER_DIR_ENV] ?? join(packageRoot(), 'dist', 'viewer');
}
