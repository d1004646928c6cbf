#!/usr/bin/env node
// Compiles src/ to dist/ (ESM .js, .d.ts, source maps) with the TypeScript compiler, then builds
// the log viewer of `hookline view` into dist/viewer/ (scripts/build-viewer.mjs). Runs on
// `npm run build`, and on `npm ci` / `npm pack` through the `prepare` script.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url).pathname;
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  console.error(`build: the TypeScript compiler failed (exit ${result.status ?? result.signal})`);
  process.exit(1);
}
const viewer = spawnSync(process.execPath, ['scripts/build-viewer.mjs', '--force'], { cwd: root, stdio: 'inherit' });
if (viewer.status !== 0) {
  console.error(`build: the log viewer build failed (exit ${viewer.status ?? viewer.signal})`);
  process.exit(1);
}
