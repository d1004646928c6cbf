// Module resolve hook used by register-source.mjs: maps the package's own entry points to the
// TypeScript sources they are built from (the `exports` map of package.json, dist → src).
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const sources = new Map();
for (const [subpath, target] of Object.entries(pkg.exports)) {
  if (typeof target !== 'object') continue;
  const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
  sources.set(specifier, new URL(target.default.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'), root).href);
}

export async function resolve(specifier, context, next) {
  const source = sources.get(specifier);
  return source === undefined ? next(specifier, context) : { url: source, shortCircuit: true };
}
