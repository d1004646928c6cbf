/**
 * TypeScript files imported without a module loader. On Node 20 a loader (tsx) runs on a thread
 * of its own: registering it blocks the main thread while that thread starts, and every import
 * after it is a round trip to it. That was about 0.4 s of a one-sample `hookline eval task.ts`.
 *
 * The common task, hook or plugin file needs no loader: it is one TypeScript file whose imports
 * are `hookline` (or a subpath) and Node's built-in modules. Such a file is compiled by esbuild,
 * with the tsconfig.json tsx would apply to it, its `hookline` imports pointed at the running copy
 * and `import.meta.url`, `.dirname` and `.filename` set to its own. The result is imported from
 * a cache file, with source maps on, so stack traces name the TypeScript file and its lines.
 *
 * {@link importWithoutLoader} returns undefined for anything else, and the caller loads the file
 * through the loader as before:
 * - imports of other files or packages, `require`, `import()`, or other uses of `import.meta`;
 * - `.cts` and `.tsx` files;
 * - a file whose nearest tsconfig.json is not the one tsx would apply (see {@link loaderConfig});
 * - a file esbuild cannot compile (the loader then reports the error as it always has).
 * Once the loader is registered, the caller loads every file through it.
 *
 * Compiled files are kept in a per-user folder of the temporary directory, and so is the finding
 * that a file needs the loader (so that it is not compiled again on every run), named by a hash of
 * everything the result depends on: the source and its path, the tsconfig.json applied (the one
 * tsx would apply, see {@link loaderConfig}), the versions of hookline, esbuild and Node, and the
 * running copy's entry files. When that config extends another, which the hash would not cover,
 * nothing is kept: each run compiles. A folder that is not the user's own, or is open to others,
 * is not used: its files would run as code. The folder keeps at most {@link MAX_CACHED_FILES}
 * files, the newest. The loader's resolve hook sends a file compiled here to its compiled form
 * ({@link compiledUrlFor}), so a file both loaded here and imported through the loader is one
 * module.
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ownEntryUrls, ownPackageJson, packageRoot } from './own-files.ts';

/** Changes whenever the compiled form changes for the same inputs, so that old cache files are not used. */
const COMPILED_FORMAT = 1;

const COMPILED_EXTENSIONS = /\.m?ts$/;

/**
 * How long compiling one file may take (ms): a few milliseconds once esbuild runs, about 0.15 s
 * for its first start. Past it, the import fails with an error naming the file, rather than wait
 * without end on a compiler that does not answer.
 */
export const COMPILE_TIMEOUT_MS = 30_000;

class CompileTimeoutError extends Error {
  constructor(path: string, timeoutMs: number) {
    super(`Compiling ${path} with esbuild took longer than ${timeoutMs / 1000} s; gave up waiting.`);
  }
}

/** What `import.meta` may be used for in a file compiled here: each is set to the file's own value. */
const IMPORT_META_DEFINES = ['url', 'dirname', 'filename'] as const;

interface ConfigFile {
  readonly path: string;
  readonly text: string;
}

/** The nearest tsconfig.json in `dir` or above it. */
function nearestConfig(dir: string): ConfigFile | undefined {
  for (;;) {
    const path = join(dir, 'tsconfig.json');
    if (existsSync(path)) {
      try {
        return { path, text: readFileSync(path, 'utf8') };
      } catch {
        return { path, text: '' };
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The tsconfig.json to compile the file at `path` with: the one tsx would apply, so that a file
 * compiles the same whichever way it loads (decorators and class fields depend on it). tsx takes
 * the tsconfig.json found from the working folder up (or `TSX_TSCONFIG_PATH`) for the files it
 * covers. `{ config: undefined }` when none applies (no such file, or the file is outside its
 * folder); `'differs'` when esbuild's own choice (the nearest to the file) would differ, or it
 * cannot be told here (`TSX_TSCONFIG_PATH`): the file then loads through tsx.
 */
function loaderConfig(path: string): { readonly config: ConfigFile | undefined } | 'differs' {
  if (process.env.TSX_TSCONFIG_PATH !== undefined) return 'differs';
  const fromCwd = nearestConfig(process.cwd());
  if (fromCwd === undefined || !path.startsWith(`${dirname(fromCwd.path)}${sep}`)) return { config: undefined };
  return nearestConfig(dirname(path))?.path === fromCwd.path ? { config: fromCwd } : 'differs';
}

let esbuildVersionRead: string | null | undefined;

function esbuildVersion(): string | null {
  if (esbuildVersionRead !== undefined) return esbuildVersionRead;
  try {
    const require = createRequire(import.meta.url);
    esbuildVersionRead = (JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    esbuildVersionRead = null;
  }
  return esbuildVersionRead;
}

/**
 * The folder compiled files are kept in, made if missing; undefined when it cannot be made or is
 * not safe to run files from (not a directory of this user's, or writable by others).
 */
function cacheFolder(): string | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  const parent = join(tmpdir(), `hookline-${uid}`);
  const dir = join(parent, 'typescript');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const folder of [parent, dir]) {
      const stat = lstatSync(folder);
      if (!stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o022) !== 0) return undefined;
    }
    return dir;
  } catch {
    return undefined;
  }
}

/**
 * Files the cache folder holds at most. Each edit of a file adds one; past this many, adding one
 * first removes the oldest half. Reads are not counted, so a file in use may be compiled again.
 */
export const MAX_CACHED_FILES = 1000;

function pruneOldest(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  if (names.length < MAX_CACHED_FILES) return;
  const aged = names.map((name) => {
    try {
      return { name, mtime: statSync(join(dir, name)).mtimeMs };
    } catch {
      return { name, mtime: 0 };
    }
  });
  aged.sort((a, b) => a.mtime - b.mtime);
  for (const { name } of aged.slice(0, names.length - MAX_CACHED_FILES / 2)) rmSync(join(dir, name), { force: true });
}

/** Keeps `code` as `<dir>/<name>`, written whole or not at all; returns its path, or undefined when it cannot be written. */
function keep(dir: string, name: string, code: string): string | undefined {
  pruneOldest(dir);
  const path = join(dir, name);
  const temporary = `${path}.${process.pid}-${Date.now()}.tmp`;
  try {
    writeFileSync(temporary, code, { mode: 0o600 });
    renameSync(temporary, path);
    return path;
  } catch {
    return undefined;
  }
}

/**
 * Compiles `source`, the text of the file at `path`, to one ES module whose only imports are the
 * running copy's entry files and Node's built-ins. `needs-loader` when the file needs more (see
 * the module notes) or does not compile; `unavailable` when esbuild could not be used at all (a
 * finding not to remember).
 */
async function compile(path: string, source: string, config: ConfigFile | undefined, timeoutMs: number): Promise<{ readonly code: string } | 'needs-loader' | 'unavailable'> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    return 'unavailable';
  }
  const entries = ownEntryUrls();
  let needsLoader = false;
  const imports: import('esbuild').Plugin = {
    name: 'hookline-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const own = entries.get(args.path);
        if (args.kind === 'import-statement' && own !== undefined) return { path: own, external: true };
        if (args.kind === 'import-statement' && isBuiltin(args.path)) return { path: args.path, external: true };
        needsLoader = true;
        return { path: args.path, external: true };
      });
    },
  };
  const dir = dirname(path);
  let output: string;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new CompileTimeoutError(path, timeoutMs)), timeoutMs);
  });
  try {
    const building = esbuild.build({
      // The text that was read (and hashed), not the file again: an edit in between is not mixed in.
      stdin: { contents: source, sourcefile: path, resolveDir: dir, loader: 'ts' },
      ...(config === undefined ? {} : { tsconfig: config.path }),
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: `node${process.versions.node}`, // in the cache key
      outdir: dir,
      sourcemap: 'inline',
      sourcesContent: false,
      sourceRoot: pathToFileURL(`${dir}/`).href,
      define: Object.fromEntries(IMPORT_META_DEFINES.map((name) => [`import.meta.${name}`, JSON.stringify(name === 'url' ? pathToFileURL(path).href : name === 'dirname' ? dir : path)])),
      logLevel: 'silent',
      plugins: [imports],
    });
    const result = await Promise.race([building, timeout]);
    output = result.outputFiles[0]?.text ?? '';
  } catch (error) {
    if (error instanceof CompileTimeoutError) {
      // The pending build would keep esbuild's process, and so this one, alive.
      void esbuild.stop();
      throw error;
    }
    // esbuild's own report of the file's errors; anything else is esbuild not working here.
    const compileErrors = (error as { errors?: unknown }).errors;
    return Array.isArray(compileErrors) && compileErrors.length > 0 ? 'needs-loader' : 'unavailable';
  } finally {
    clearTimeout(timer);
  }
  if (needsLoader || output === '') return 'needs-loader';
  // What the resolver does not see: computed `import()`, `require` in any form, and `import.meta`
  // uses left after the defines. Text that only looks like one (in a string, say) errs on the
  // safe side.
  const code = output.slice(0, output.lastIndexOf('//# sourceMappingURL='));
  if (/\bimport\s*\(|\brequire\b|\bimport\.meta\b/.test(code)) return 'needs-loader';
  return { code: output };
}

/**
 * The names, in the cache folder, of the compiled form of the file at `path` holding `source`
 * and of the finding that it needs the loader: a hash of everything the compiled form depends on.
 */
export function cacheFileNames(path: string, source: string, config: ConfigFile | undefined): { readonly compiled: string; readonly needsLoader: string } {
  const key = createHash('sha256')
    .update(JSON.stringify([COMPILED_FORMAT, ownPackageJson().version, esbuildVersion(), process.version, [...ownEntryUrls()], path, source, config?.path, config?.text]))
    .digest('hex')
    .slice(0, 40);
  return { compiled: `${key}.mjs`, needsLoader: `${key}.needs-loader` };
}

/** What the file at a path is compiled from, and where its compiled form is kept. */
interface CacheEntry {
  readonly source: string;
  readonly config: ConfigFile | undefined;
  /** Undefined when nothing can be kept (see {@link cacheFolder}, and a config that extends another). */
  readonly folder: string | undefined;
  readonly compiled: string;
  readonly needsLoader: string;
}

/** The file at `path`'s {@link CacheEntry}; undefined when it goes to the loader without a look (its extension, its tsconfig) or cannot be read. */
function cacheEntry(path: string): CacheEntry | undefined {
  if (!COMPILED_EXTENSIONS.test(path)) return undefined;
  const chosen = loaderConfig(path);
  if (chosen === 'differs') return undefined;
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const { config } = chosen;
  // The config it extends would be in the key too: nothing is kept.
  const folder = config?.text.includes('"extends"') === true ? undefined : cacheFolder();
  return { source, config, folder, ...cacheFileNames(path, source, config) };
}

/**
 * Imports the TypeScript file at the absolute `path` without a loader when it can be (see the
 * module notes) and returns its namespace; returns undefined when it needs the loader. Rejects
 * when compiling takes longer than `timeoutMs` ({@link COMPILE_TIMEOUT_MS} unless given).
 */
export async function importWithoutLoader(path: string, timeoutMs = COMPILE_TIMEOUT_MS): Promise<Record<string, unknown> | undefined> {
  const entry = cacheEntry(path);
  if (entry === undefined) return undefined;
  const { source, config, folder, compiled, needsLoader } = entry;
  let file = folder === undefined ? undefined : join(folder, compiled);
  if (file !== undefined && existsSync(file)) {
    try {
      return await importCompiled(pathToFileURL(file).href);
    } catch (error) {
      // Removed in the meantime (another process made room in the folder): compiled again below
      // and imported from its text, as the module loader remembers the failed file.
      if (existsSync(file)) throw error;
      file = undefined;
    }
  }
  if (folder !== undefined && existsSync(join(folder, needsLoader))) return undefined;
  const result = await compile(path, source, config, timeoutMs);
  if (result === 'unavailable') return undefined;
  if (result === 'needs-loader') {
    if (folder !== undefined) keep(folder, needsLoader, '');
    return undefined;
  }
  const { code } = result;
  file = folder === undefined || file === undefined ? undefined : keep(folder, compiled, code);
  return await importCompiled(file === undefined ? `data:text/javascript;base64,${Buffer.from(code).toString('base64')}` : pathToFileURL(file).href);
}

/**
 * The URL of the compiled form of the file at `path` when one is kept (not `data:`), for the
 * loader's resolve hook: a file imported without the loader and also imported by a file that
 * loads through it must be one module, not two (its top-level code would run twice).
 */
export function compiledUrlFor(path: string): string | undefined {
  // hookline's own sources (tests run them through the loader) are never compiled here.
  if (path.startsWith(`${packageRoot()}${sep}src${sep}`)) return undefined;
  const entry = cacheEntry(path);
  if (entry?.folder === undefined) return undefined;
  const file = join(entry.folder, entry.compiled);
  return existsSync(file) ? pathToFileURL(file).href : undefined;
}

async function importCompiled(url: string): Promise<Record<string, unknown>> {
  // Stack traces then name the TypeScript file and its lines, as they do through the loader.
  process.setSourceMapsEnabled(true);
  return (await import(url)) as Record<string, unknown>;
}
