import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import ts from 'typescript';

const root = fileURLToPath(new URL('../..', import.meta.url));
const snapshotFile = join(root, 'test/package/exports.snapshot.json');

/** The package's entry points and the source each is built from. */
function entries(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
  const out: Record<string, string> = {};
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target !== 'object' || target === null) continue;
    const built = (target as { default: string }).default;
    out[subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`] = join(root, built.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
  }
  return out;
}

/** Every name each entry exports (values and types), sorted. */
function exportedNames(): Record<string, string[]> {
  const files = entries();
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(join(root, 'tsconfig.json'), (p) => ts.sys.readFile(p)).config, ts.sys, root);
  const program = ts.createProgram(Object.values(files), { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const out: Record<string, string[]> = {};
  for (const [entry, file] of Object.entries(files)) {
    const symbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
    out[entry] = checker.getExportsOfModule(symbol).map((s) => s.getName()).sort();
  }
  return out;
}

describe('public API', () => {
  it('exports exactly the names recorded in test/package/exports.snapshot.json from each entry point', () => {
    const actual = exportedNames();
    if (process.env.HOOKLINE_UPDATE_EXPORTS === '1') writeFileSync(snapshotFile, `${JSON.stringify(actual, null, 2)}\n`);
    const expected = JSON.parse(readFileSync(snapshotFile, 'utf8')) as Record<string, string[]>;
    const changes: string[] = [];
    for (const entry of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      const had = new Set(expected[entry] ?? []);
      const has = new Set(actual[entry] ?? []);
      for (const name of has) if (!had.has(name)) changes.push(`${entry}: + ${name}`);
      for (const name of had) if (!has.has(name)) changes.push(`${entry}: - ${name}`);
    }
    assert.deepEqual(changes, [], 'A changed export is a decision: review it, then run `HOOKLINE_UPDATE_EXPORTS=1 npm test -- test/package` to record it.');
  });

  it('has no export named eval (it cannot be imported in ESM)', () => {
    for (const [entry, names] of Object.entries(exportedNames())) assert.ok(!names.includes('eval'), `${entry} exports eval`);
  });

  it('keeps the engine internals out of the root entry', () => {
    const root = exportedNames().hookline!;
    for (const internal of ['HookBus', 'getHookBus', 'DecisionMerger', 'bannerText', 'escapeXml', 'serializeJson', 'runCommand', 'createHandlerEntry']) {
      assert.ok(!root.includes(internal), `the root entry exports the internal '${internal}'`);
    }
  });
});
