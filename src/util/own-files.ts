/**
 * Files of the running copy of hookline that it finds by path at run time: its package.json,
 * the log worker's entry, the TypeScript format hooks and the built viewer. The built package is
 * bundled, so a module's own `import.meta.url` says which bundle file its code landed in, not
 * where its source sits; paths are taken from the package root instead. The same calls work from
 * the TypeScript sources (`src/`, as tests and benchmarks run) and from the build (`dist/`).
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Whether this copy runs from its TypeScript sources rather than from `dist/`. */
export const RUNNING_FROM_SOURCES: boolean = import.meta.url.endsWith('.ts');

/** The fields of hookline's package.json that it reads at run time. */
export interface OwnPackageJson {
  readonly name: string;
  readonly version: string;
  readonly exports: Readonly<Record<string, unknown>>;
}

let found: { readonly root: string; readonly manifest: OwnPackageJson } | undefined;

function locate(): { readonly root: string; readonly manifest: OwnPackageJson } {
  if (found !== undefined) return found;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      let manifest: unknown;
      try {
        manifest = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        manifest = undefined; // not this one
      }
      if ((manifest as { name?: unknown } | undefined)?.name === 'hookline') return (found = { root: dir, manifest: manifest as OwnPackageJson });
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find hookline's package.json above ${fileURLToPath(import.meta.url)}.`);
    dir = parent;
  }
}

/** The hookline package's root folder: the nearest folder above this module whose package.json is hookline's. */
export function packageRoot(): string {
  return locate().root;
}

/** hookline's own package.json, read once. */
export function ownPackageJson(): OwnPackageJson {
  return locate().manifest;
}

/**
 * The running copy's entry points by import specifier (`hookline`, `hookline/log`, …), as file
 * URLs, from its package.json's `exports`: the `dist/` files built, their `src/` sources from
 * the sources. Made once.
 */
export function ownEntryUrls(): ReadonlyMap<string, string> {
  return (entryUrls ??= entryUrlsOf(ownPackageJson()));
}

let entryUrls: ReadonlyMap<string, string> | undefined;

function entryUrlsOf(pkg: OwnPackageJson): ReadonlyMap<string, string> {
  const root = pathToFileURL(`${packageRoot()}/`);
  const entries = new Map<string, string>();
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target !== 'object' || target === null || !('default' in target) || typeof target.default !== 'string') continue;
    const file = RUNNING_FROM_SOURCES ? target.default.replace(/^\.\/dist\//, './src/').replace(/\.js$/, '.ts') : target.default;
    entries.set(subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`, new URL(file, root).href);
  }
  return entries;
}

/**
 * The URL of one of hookline's modules that is loaded by path (a worker's or a loader's entry),
 * named by its path under `src/` without the extension: `ownModuleUrl('log/log-worker-thread')`
 * is `src/log/log-worker-thread.ts` from the sources and `dist/log/log-worker-thread.js` built.
 * The build keeps each such module at that path (an entry point of its bundle).
 */
export function ownModuleUrl(path: string): URL {
  return pathToFileURL(join(packageRoot(), RUNNING_FROM_SOURCES ? `src/${path}.ts` : `dist/${path}.js`));
}
