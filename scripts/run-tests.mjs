#!/usr/bin/env node
// Runs every test/**/*.test.ts file with Node's own test runner and tsx.
// Node 20's runner cannot glob TypeScript files itself, so the list is built here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'fixtures' || name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...collect(path));
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

const files = collect(join(root, 'test'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// A second, machine-readable report: a test process that dies without reporting (rather than
// failing) must fail the run, not pass it silently.
const reportDir = mkdtempSync(join(tmpdir(), 'hookline-tests-'));
const tapFile = join(reportDir, 'report.tap');
const result = spawnSync(
  process.execPath,
  [
    '--import', join(root, 'scripts/register-source.mjs'), '--test', '--test-concurrency=2',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    ...files,
  ],
  {
    cwd: root,
    stdio: 'inherit',
    // No banner, and an empty user folder: the developer's own ~/.hookline/hooks.json stays out of the tests.
    env: { ...process.env, HOOKLINE_NO_BANNER: process.env.HOOKLINE_NO_BANNER ?? '1', HOOKLINE_HOME: process.env.HOOKLINE_HOME ?? join(reportDir, 'home') },
  },
);
let tap = '';
try {
  tap = readFileSync(tapFile, 'utf8');
} catch {
  // no report at all: handled below
}
rmSync(reportDir, { recursive: true, force: true });
const pass = /^# pass (\d+)$/m.exec(tap);
const fail = /^# fail (\d+)$/m.exec(tap);
if (pass === null || fail === null) {
  console.error(`\ntest run ended without a summary: a test process died before reporting (exit ${result.status ?? result.signal})`);
  process.exit(1);
}
const notOk = tap.split('\n').filter((line) => /^\s*not ok /.test(line));
if (result.status === 0 && (Number(fail[1]) > 0 || notOk.length > 0)) {
  console.error('\nthe test runner exited 0 but reported failures');
  process.exit(1);
}
process.exit(result.status ?? 1);
