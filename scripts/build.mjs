#!/usr/bin/env node
// Builds dist/ from src/, then the log viewer of `hookline view` into dist/viewer/
// (scripts/build-viewer.mjs). Runs on `npm run build`, and on `npm ci` / `npm pack` through the
// `prepare` script.
//
// - Declarations (.d.ts and their maps): the TypeScript compiler, one per source file.
// - JavaScript: esbuild bundles the entry points below into ESM, with the code they share in
//   dist/chunks/ and npm packages left as imports. Node loads a handful of files instead of one
//   per source module, which is most of the command's start-up time. package.json's
//   `sideEffects` lets it leave out source modules that nothing uses: all but
//   src/integrations/startup.ts are free of side effects (every built file is kept as it is).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/**
 * Every module that is loaded by path rather than imported: the package's exports, the command,
 * the log worker's entry and the TypeScript loader's hooks. Each keeps its path under dist/.
 */
const ENTRY_POINTS = [
  'src/index.ts',
  'src/hooks/sources/command/index.ts',
  'src/log/index.ts',
  'src/integrations/index.ts',
  'src/testing/index.ts',
  'src/cli/bin.ts',
  'src/log/log-worker-thread.ts',
  'src/util/typescript-format-hooks.ts',
];

function fail(step, detail) {
  console.error(`build: ${step} failed (${detail})`);
  process.exit(1);
}

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

const declarations = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--emitDeclarationOnly'], { cwd: root, stdio: 'inherit' });
if (declarations.status !== 0) fail('the TypeScript compiler', `exit ${declarations.status ?? declarations.signal}`);

/**
 * Class names are seen by users (an error's `name` is its class's). esbuild renames a top-level
 * name that two bundled modules share (`Foo` → `Foo2`); names are not kept by a wrapper on every
 * function (`keepNames`: it cost about 10 % of an eval's time, as closures are made per sample),
 * so the build fails on a renamed class instead.
 */
function renamedClasses(sources, bundles) {
  // `class Foo` in the sources; `class Foo` or `var Foo = class` in the bundles.
  const declared = (text) => [...text.matchAll(/\bclass ([A-Za-z_$][\w$]*)|\b([A-Za-z_$][\w$]*) = class\b/g)].map((m) => m[1] ?? m[2]);
  const sourceClasses = new Set(sources.flatMap((f) => declared(readFileSync(f, 'utf8'))));
  const renamed = [];
  for (const file of bundles) {
    for (const name of declared(readFileSync(file, 'utf8'))) {
      const original = name.replace(/\d+$/, '');
      if (original !== name && !sourceClasses.has(name) && sourceClasses.has(original)) renamed.push(`${original} → ${name} in ${file}`);
    }
  }
  return renamed;
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => `${e.parentPath ?? e.path}/${e.name}`);
}

try {
  await build({
    absWorkingDir: root,
    entryPoints: ENTRY_POINTS,
    outbase: 'src',
    outdir: 'dist',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.6',
    packages: 'external',
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
  });
} catch (error) {
  fail('bundling', error instanceof Error ? error.message : String(error));
}
const renamed = renamedClasses(
  filesUnder(`${root}src`).filter((f) => f.endsWith('.ts')),
  filesUnder(`${root}dist`).filter((f) => f.endsWith('.js') && !f.includes('/dist/viewer/')),
);
if (renamed.length > 0) fail('bundling', `classes renamed, as two modules declare the same name; rename one in the sources: ${renamed.join('; ')}`);

const viewer = spawnSync(process.execPath, ['scripts/build-viewer.mjs', '--force'], { cwd: root, stdio: 'inherit' });
if (viewer.status !== 0) fail('the log viewer build', `exit ${viewer.status ?? viewer.signal}`);
