import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import * as hookline from '../../src/index.ts';
import { cacheFileNames, importWithoutLoader, MAX_CACHED_FILES } from '../../src/util/typescript-without-loader.ts';

// A temporary folder of this test's own: the cache folder is made in it, so that the checks on
// its contents (and its mode, changed by one test) meet no other test's files.
const dir = mkdtempSync(join(tmpdir(), 'hookline-ts-direct-'));
process.env.TMPDIR = dir;
const cache = join(dir, `hookline-${process.getuid!()}`, 'typescript');
let files = 0;

/** Writes `source` to a new file in the test folder and returns its path. */
function write(source: string, extension = '.ts'): string {
  const path = join(dir, `file-${++files}${extension}`);
  writeFileSync(path, source);
  return path;
}

after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `script` (ES module text) in a child process with tsx, in `cwd`, and returns its last line of output. */
function inChild(script: string, cwd: string): string {
  const child = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', script], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, TMPDIR: dir } });
  assert.equal(child.status, 0, child.stderr);
  return child.stdout.trim().split('\n').pop()!;
}

const importModuleUrl = JSON.stringify(new URL('../../src/util/import-module.ts', import.meta.url).href);
const withoutLoaderUrl = JSON.stringify(new URL('../../src/util/typescript-without-loader.ts', import.meta.url).href);

describe('importWithoutLoader', () => {
  it('imports a file that uses only hookline and built-ins, with types erased and import.meta set to its own', async () => {
    const path = write(`
      import { basename } from 'node:path';
      import { type Task, defineTask, VERSION } from 'hookline';
      enum Colour { Red = 'red' }
      interface Shape { readonly sides: number }
      const square: Shape = { sides: 4 };
      export const sides: number = square.sides;
      export const colour = Colour.Red;
      export const where = { url: import.meta.url, dirname: import.meta.dirname, filename: import.meta.filename, base: basename(import.meta.filename) };
      export const own = { defineTask, VERSION };
      export type Unused = Task;
    `);
    const mod = await importWithoutLoader(path);
    assert.ok(mod !== undefined, 'loaded without the loader');
    assert.equal(mod.sides, 4);
    assert.equal(mod.colour, 'red');
    assert.deepEqual(mod.where, { url: pathToFileURL(path).href, dirname: dir, filename: path, base: `file-${files}.ts` });
    assert.deepEqual(mod.own, { defineTask: hookline.defineTask, VERSION: hookline.VERSION }, 'hookline is the running copy, not a second one');
  });

  it('keeps the compiled file, and compiles again when the source changes', async () => {
    const path = write('export const answer: number = 1;');
    const first = await importWithoutLoader(path);
    assert.equal(first?.answer, 1);
    assert.ok(existsSync(join(cache, cacheFileNames(path, 'export const answer: number = 1;', undefined).compiled)), 'the compiled file is kept');
    const again = await importWithoutLoader(path);
    assert.equal(again, first, 'the same module: the kept file, imported again');
    writeFileSync(path, 'export const answer: number = 2;');
    assert.equal((await importWithoutLoader(path))?.answer, 2, 'the changed source, not the kept result');
  });

  it('names the TypeScript file and line in the stack of an error it throws', () => {
    const path = write(['export function fail(): never {', '  // a comment, so that lines differ from the compiled ones', '  throw new Error("from the task file");', '}'].join('\n'));
    // A process of its own: tsx, which runs the tests, turns source maps on for the whole process.
    const script = `
      process.setSourceMapsEnabled(false);
      const { importWithoutLoader } = await import(${JSON.stringify(new URL('../../src/util/typescript-without-loader.ts', import.meta.url).href)});
      const mod = await importWithoutLoader(${JSON.stringify(path)});
      try { mod.fail(); } catch (error) { console.log(error.stack); }
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(child.status, 0, child.stderr);
    assert.match(child.stdout, new RegExp(`${path.replaceAll('.', '\\.')}:3:`), child.stdout);
  });

  it('leaves to the loader what it does not handle', async () => {
    const cases: [string, string, string?][] = [
      ['a relative import', "import { x } from './other.ts'; export const y = x;"],
      ['a package other than hookline', "import Ajv from 'ajv'; export const a = Ajv;"],
      ['a dynamic import', "export const load = () => import('node:fs');"],
      ['a computed dynamic import', "const name = 'node:fs'; export const load = () => import(name);"],
      ['require', "declare const require: (id: string) => unknown; export const fs = require('node:fs');"],
      ['import.meta.resolve', "export const where = import.meta.resolve('node:fs');"],
      ['a syntax error', 'export const broken: = ;'],
      ['a .cts file', 'export const x = 1;', '.cts'],
      ['a .tsx file', 'export const x = 1;', '.tsx'],
    ];
    for (const [what, source, extension] of cases) {
      const path = write(source, extension);
      assert.equal(await importWithoutLoader(path), undefined, what);
      if (extension !== undefined) continue; // never compiled
      assert.ok(existsSync(join(cache, cacheFileNames(path, source, undefined).needsLoader)), `${what}: the finding is kept, so the file is not compiled again`);
      assert.equal(await importWithoutLoader(path), undefined, `${what}, asked again`);
    }
  });

  it('gives up when compiling takes longer than its timeout, naming the file and the time', async () => {
    // About 2 MB of source: esbuild cannot compile it within a millisecond.
    const lines = Array.from({ length: 40_000 }, (_, i) => `export const value${i}: number = ${i} * 2;`);
    const path = write(lines.join('\n'));
    await assert.rejects(importWithoutLoader(path, 1), new RegExp(`Compiling ${path.replaceAll('.', '\\.')} with esbuild took longer than 0\\.001 s`));
  });

  it('makes room in a full cache folder by removing its oldest files', async () => {
    const recentSource = 'export const recent: number = 1;';
    const recent = write(recentSource);
    await importWithoutLoader(recent);
    const old = new Date('2000-01-01T00:00:00Z');
    const fillers = Array.from({ length: MAX_CACHED_FILES }, (_, i) => join(cache, `filler-${process.pid}-${i}.tmp`));
    try {
      for (const filler of fillers) {
        writeFileSync(filler, '');
        utimesSync(filler, old, old);
      }
      const source = 'export const roomy: boolean = true;';
      const path = write(source);
      assert.equal((await importWithoutLoader(path))?.roomy, true);
      assert.ok(existsSync(join(cache, cacheFileNames(path, source, undefined).compiled)), 'the new file is kept');
      assert.ok(existsSync(join(cache, cacheFileNames(recent, recentSource, undefined).compiled)), 'a recent file is kept');
      assert.ok(readdirSync(cache).length <= MAX_CACHED_FILES / 2 + 20, 'the folder was brought down to about half (other tests may add a few)');
    } finally {
      for (const filler of fillers) rmSync(filler, { force: true });
    }
  });

  it('runs a file once when another file, loaded through tsx, imports it too', () => {
    const project = mkdtempSync(join(dir, 'twice-'));
    writeFileSync(join(project, 'package.json'), '{ "type": "module" }');
    writeFileSync(join(project, 'a.ts'), "import { VERSION } from 'hookline';\nconst g = globalThis as { runs?: number };\ng.runs = (g.runs ?? 0) + 1;\nexport const version: string = VERSION;\n");
    writeFileSync(join(project, 'b.ts'), "import { version } from './a.ts';\nexport const same: string = version;\n");
    const out = inChild(`
      const { importModule } = await import(${importModuleUrl});
      const a = await importModule(${JSON.stringify(join(project, 'a.ts'))});
      const b = await importModule(${JSON.stringify(join(project, 'b.ts'))});
      console.log(JSON.stringify({ runs: globalThis.runs, same: a.version === b.same }));
    `, project);
    assert.deepEqual(JSON.parse(out), { runs: 1, same: true });
  });

  it('compiles with the tsconfig.json tsx would use, and leaves to tsx a file whose nearest one differs', () => {
    const project = mkdtempSync(join(dir, 'configs-'));
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { experimentalDecorators: true } }));
    const decorated = "function d(...args: unknown[]): void { (globalThis as { decoratorArgs?: number }).decoratorArgs = args.length; }\nclass X { @d m(): void {} }\nexport const made = new X();\n";
    writeFileSync(join(project, 'task.ts'), decorated);
    const nested = join(project, 'nested');
    mkdirSync(nested);
    writeFileSync(join(nested, 'tsconfig.json'), JSON.stringify({ compilerOptions: {} }));
    writeFileSync(join(nested, 'task.ts'), 'export const nested = true;\n');
    const out = inChild(`
      const { importWithoutLoader } = await import(${withoutLoaderUrl});
      const task = await importWithoutLoader(${JSON.stringify(join(project, 'task.ts'))});
      const nested = await importWithoutLoader(${JSON.stringify(join(nested, 'task.ts'))});
      console.log(JSON.stringify({ task: task !== undefined, decoratorArgs: globalThis.decoratorArgs, nested: nested !== undefined }));
    `, project);
    // Legacy decorators (experimentalDecorators) get three arguments for a method, TC39 ones two.
    assert.deepEqual(JSON.parse(out), { task: true, decoratorArgs: 3, nested: false });
  });

  it('compiles each time, keeping nothing, when the cache folder is open to others', async () => {
    chmodSync(cache, 0o777);
    try {
      const before = readdirSync(cache);
      const mod = await importWithoutLoader(write('export const fresh: string = "yes";'));
      assert.equal(mod?.fresh, 'yes', 'still loaded (from the compiled text)');
      assert.deepEqual(readdirSync(cache), before, 'nothing written to the open folder');
    } finally {
      chmodSync(cache, 0o700);
    }
  });
});
