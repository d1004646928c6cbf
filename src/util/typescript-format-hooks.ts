/**
 * Module resolve hooks registered with the TypeScript loader.
 *
 * - A `.ts` file outside a `"type": "module"` package would otherwise be loaded as CommonJS, which
 *   fails on its `import` of an ES module; user TypeScript is ES module syntax, so it loads as one
 *   (`.cts` stays CommonJS).
 * - A TypeScript file compiled without the loader (`typescript-without-loader.ts`) resolves to its
 *   compiled form, so that a file that also imports it gets the same module.
 * - `hookline` and its subpaths resolve to the copy of hookline that is running. A second copy
 *   (a project's own install under a global command, or a `tsconfig.json` `paths` entry that tsx
 *   follows) would have its own run context: the task's model calls would then miss the
 *   transcript and the usage totals of the eval that runs them.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { ownEntryUrls } from './own-files.ts';
import { compiledUrlFor } from './typescript-without-loader.ts';

interface ResolveResult {
  readonly url: string;
  readonly format?: string | null | undefined;
  readonly shortCircuit?: boolean | undefined;
}

type NextResolve = (specifier: string, context: unknown) => Promise<ResolveResult>;

const ES_MODULE_TYPESCRIPT = /\.(?:ts|mts|tsx)$/;

const entries = ownEntryUrls();

/**
 * Resolves `hookline` specifiers to the running copy; otherwise resolves as usual, then marks
 * user TypeScript files (not in node_modules) as ES modules.
 */
export async function resolve(specifier: string, context: unknown, next: NextResolve): Promise<ResolveResult> {
  const own = entries.get(specifier);
  if (own !== undefined) return { url: own, format: 'module', shortCircuit: true };
  const result = await next(specifier, context);
  if (!result.url.startsWith('file:')) return result;
  const path = fileURLToPath(result.url);
  if (!ES_MODULE_TYPESCRIPT.test(path) || path.includes('/node_modules/')) return result;
  const compiled = compiledUrlFor(path);
  if (compiled !== undefined) return { url: compiled, format: 'module', shortCircuit: true };
  return result.format === 'module' ? result : { ...result, format: 'module' };
}
