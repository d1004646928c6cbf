/**
 * Module resolve hooks registered with the TypeScript loader.
 *
 * - A `.ts` file outside a `"type": "module"` package would otherwise be loaded as CommonJS, which
 *   fails on its `import` of an ES module; user TypeScript is ES module syntax, so it loads as one
 *   (`.cts` stays CommonJS).
 * - `hookline` and its subpaths resolve to the copy of hookline that is running. A second copy
 *   (a project's own install under a global command, or a `tsconfig.json` `paths` entry that tsx
 *   follows) would have its own run context: the task's model calls would then miss the
 *   transcript and the usage totals of the eval that runs them.
 * @module
 */
import { ownEntryUrls } from './own-files.ts';

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
  if (result.format === 'module' || !result.url.startsWith('file:')) return result;
  const path = new URL(result.url).pathname;
  if (!ES_MODULE_TYPESCRIPT.test(path) || path.includes('/node_modules/')) return result;
  return { ...result, format: 'module' };
}
