/**
 * Imports a user's module (task file, plugin registry, hook file) by path. A TypeScript file that
 * imports only `hookline` and Node's built-ins is compiled and imported directly
 * (`typescript-without-loader.ts`); any other loads through tsx, which is registered only the
 * first time one is imported, so plain `.js` and `.mjs` users never pay for it.
 * @module
 */
import { register } from 'node:module';
import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ownModuleUrl, RUNNING_FROM_SOURCES } from './own-files.ts';
import { importWithoutLoader } from './typescript-without-loader.ts';

const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

let loader: Promise<void> | undefined;

async function registerTypeScriptLoader(): Promise<void> {
  // From the sources (tests) tsx is registered already.
  if (!RUNNING_FROM_SOURCES) {
    const tsx = await import('tsx/esm/api');
    tsx.register();
  }
  // Registered after tsx so it runs first: user `.ts` files load as ES modules wherever they are.
  register(ownModuleUrl('util/typescript-format-hooks'));
}

/** Tells whether a path names a TypeScript module. */
export function isTypeScriptPath(path: string): boolean {
  return TYPESCRIPT_EXTENSIONS.has(extname(path));
}

/**
 * Imports the module at an absolute path and returns its namespace. The first TypeScript file
 * registers the loader for the rest of the process.
 */
export async function importModule(path: string): Promise<Record<string, unknown>> {
  if (!isTypeScriptPath(path)) return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  // Once the loader is registered, files load through it: one that a loaded file imports too is
  // then one module (the resolve hook sends the loader to a file compiled before it).
  if (loader === undefined) {
    const direct = await importWithoutLoader(path);
    if (direct !== undefined) return direct;
  }
  await (loader ??= registerTypeScriptLoader());
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw withRealFileName(error, path);
  }
}

/**
 * The TypeScript transform reports errors in `x.mts` and `x.cts` as if the file were `x.ts`;
 * puts the real name back so the message points at the file the user wrote.
 */
function withRealFileName(error: unknown, path: string): unknown {
  const extension = extname(path);
  if ((extension !== '.mts' && extension !== '.cts') || !(error instanceof Error)) return error;
  const reported = `${path.slice(0, -extension.length)}.ts:`;
  if (error.message.includes(reported)) error.message = error.message.replaceAll(reported, `${path}:`);
  return error;
}
