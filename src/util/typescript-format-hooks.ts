/**
 * Module resolve hooks registered with the TypeScript loader. A `.ts` file outside a
 * `"type": "module"` package would otherwise be loaded as CommonJS, which fails on its `import`
 * of an ES module; user TypeScript is ES module syntax, so it loads as one (`.cts` stays CommonJS).
 * @module
 */

interface ResolveResult {
  readonly url: string;
  readonly format?: string | null | undefined;
  readonly shortCircuit?: boolean | undefined;
}

type NextResolve = (specifier: string, context: unknown) => Promise<ResolveResult>;

const ES_MODULE_TYPESCRIPT = /\.(?:ts|mts|tsx)$/;

/** Resolves as usual, then marks user TypeScript files (not in node_modules) as ES modules. */
export async function resolve(specifier: string, context: unknown, next: NextResolve): Promise<ResolveResult> {
  const result = await next(specifier, context);
  if (result.format === 'module' || !result.url.startsWith('file:')) return result;
  const path = new URL(result.url).pathname;
  if (!ES_MODULE_TYPESCRIPT.test(path) || path.includes('/node_modules/')) return result;
  return { ...result, format: 'module' };
}
