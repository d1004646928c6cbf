#!/usr/bin/env node
// The consumer test: packs hookline as `npm pack` ships it, installs the tarball into fresh
// projects and proves what a user does with it works:
//   - a plain Node ESM import of every entry point, and a small eval run from code;
//   - a strict NodeNext TypeScript consumer (decorator form included) type-checks with zero errors;
//   - `npx hookline eval` runs a .mjs task file and two .ts ones (one compiled without a loader,
//     one that imports a file of its own, through tsx), inside and outside a "type": "module"
//     package, and `hookline --version` answers;
//   - both kinds of .ts task, their `hookline` import resolving to a second copy (a tsconfig
//     `paths` entry), run with the command's own copy: their model calls reach the transcript;
// on the machine's Node and on each extra Node major given (`--node 22 --node 24`), installed from
// the npm registry's `node` package. `--no-build` packs the dist/ already built (CI builds it in
// `npm ci`). Prints one line per check and a closing "N passed, N failed".
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({ options: { node: { type: 'string', multiple: true }, 'no-build': { type: 'boolean' }, keep: { type: 'boolean' } } });
const work = mkdtempSync(join(tmpdir(), 'hookline-package-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const results = [];

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', timeout: 300_000, ...options, env: { ...process.env, HOOKLINE_NO_BANNER: '1', ...options.env } });
  return { code: result.status, out: `${result.stdout ?? ''}${result.stderr ?? ''}`, error: result.error };
}

function check(name, fn) {
  let failure;
  try {
    failure = fn();
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  results.push({ name, ok: failure === undefined });
  console.log(`${failure === undefined ? 'ok' : 'FAILED'} - ${name}${failure === undefined ? '' : `\n${String(failure).trim().split('\n').map((l) => `    ${l}`).join('\n')}`}`);
}

function expectRun(cmd, args, options, expected) {
  const { code, out, error } = run(cmd, args, options);
  if (error !== undefined) return `${cmd} ${args.join(' ')}: ${error.message}`;
  if (code !== 0) return `${cmd} ${args.join(' ')} exited ${code}:\n${out}`;
  if (expected !== undefined && !expected.test(out)) return `${cmd} ${args.join(' ')}: output does not match ${expected}:\n${out}`;
  // A warning here means a part of the package did not work as built (say, the log worker's entry).
  if (/hookline: warning:/.test(out)) return `${cmd} ${args.join(' ')} warned:\n${out}`;
  return undefined;
}

// 1. The tarball.
if (values['no-build'] !== true) execFileSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
execFileSync(npm, ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz')));

// 2. A consumer project ("type": "module") and a plain one (CommonJS by default) that uses it.
const project = join(work, 'consumer');
mkdirSync(project);
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
const installed = run(npm, ['install', '--no-audit', '--no-fund', tarball, 'typescript@~5.9.3', '@types/node@^20.19.0'], { cwd: project });
if (installed.code !== 0) {
  console.error(`npm install of the tarball failed:\n${installed.out}`);
  process.exit(1);
}
const plain = join(project, 'plain');
mkdirSync(plain);
writeFileSync(join(plain, 'package.json'), JSON.stringify({ name: 'plain', private: true }, null, 2));

const taskMjs = `import { generate, includes, task } from 'hookline';
export default task({ name: 'mjs_task', dataset: [{ input: 'Say hi', target: 'output' }], solver: generate(), scorer: includes() });
`;
const taskTs = `import { generate, includes, type Sample, task } from 'hookline';
const samples: Sample[] = [{ input: 'Say hi', target: 'output' }];
export const tsTask = task({ name: 'ts_task', dataset: samples, solver: generate(), scorer: includes() });
`;
// Imports a file of its own as well as hookline: loaded through tsx, where task.ts is compiled without a loader.
const taskHelperTs = `import { generate, includes, task } from 'hookline';
import { taskName } from './helper.js';
export const helperTask = task({ name: taskName, dataset: [{ input: 'Say hi', target: 'output' }], solver: generate(), scorer: includes() });
`;
for (const dir of [project, plain]) {
  writeFileSync(join(dir, 'task.mjs'), taskMjs);
  writeFileSync(join(dir, 'task.ts'), taskTs);
  writeFileSync(join(dir, 'helper.ts'), "export const taskName: string = 'helper_task';\n");
  writeFileSync(join(dir, 'task-helper.ts'), taskHelperTs);
}

writeFileSync(join(project, 'esm.mjs'), `import * as root from 'hookline';
import * as commandHooks from 'hookline/command-hooks';
import * as log from 'hookline/log';
import * as integrations from 'hookline/integrations';
import * as testing from 'hookline/testing';
const { evaluate, generate, includes, on, task } = root;
const seen = [];
const unregister = on('onSampleEnd', ({ sample }) => void seen.push(sample.id));
const { model } = testing.scriptedModel([testing.say('four')]);
const [result] = await evaluate(task({ name: 'esm', dataset: [{ input: '2 + 2?', target: 'four' }], solver: generate(), scorer: includes() }), { model, noLog: true, banner: false });
unregister();
if (typeof commandHooks.loadCommandHooks !== 'function' || typeof log.readEvalLog !== 'function' || typeof integrations.enableAuditLog !== 'function') throw new Error('an entry point is missing its API');
console.log('status', result.status, 'samples', seen.length, 'accuracy', result.results.scores[0].metrics.accuracy.value);
`);

writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
  compilerOptions: {
    target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true, noImplicitOverride: true, verbatimModuleSyntax: true, skipLibCheck: false, noEmit: true, types: ['node'],
  },
  files: ['consumer.ts'],
}, null, 2));
writeFileSync(join(project, 'consumer.ts'), `import { Hooks, hooks, on, type SampleEnd, type RunStart, task, generate, includes, evaluate, getModel, type Unregister } from 'hookline';
import { loadCommandHooks, type LoadedCommandHooks } from 'hookline/command-hooks';
import { readEvalLog, type EvalLog } from 'hookline/log';
import { enableAuditLog } from 'hookline/integrations';
import { EventRecorder, scriptedModel, say } from 'hookline/testing';

@hooks({ name: 'sample-printer', description: 'Prints every finished sample' })
export class SamplePrinter extends Hooks {
  override onSampleEnd({ sample }: SampleEnd): void {
    console.log(sample.id, sample.scores);
  }
  override onRunStart(data: RunStart): void {
    console.log(data.runId.toUpperCase());
  }
}

const unregister: Unregister = on('onPreToolUse', ({ toolName }) => (toolName === 'Bash' ? { decision: 'block', reason: 'no shell' } : undefined));
unregister();
const model = getModel('mockllm/model');
const scripted = scriptedModel([say('hi')]);
const logs: EvalLog[] = await evaluate(task({ name: 't', dataset: [{ input: 'x', target: 'y' }], solver: generate(), scorer: includes() }), { model: scripted.model, noLog: true });
const loaded: LoadedCommandHooks = await loadCommandHooks({ register: false });
const recorder = new EventRecorder();
export { model, logs, loaded, recorder, readEvalLog, enableAuditLog };
`);

// A project whose tsconfig maps `hookline` to a second copy of the package (tsx follows `paths`).
const dual = join(project, 'dual');
mkdirSync(dual);
cpSync(join(project, 'node_modules', 'hookline'), join(dual, 'second-copy'), { recursive: true });
writeFileSync(join(dual, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', paths: { hookline: ['./second-copy/dist/index.js'] } } }, null, 2));
// The tasks make their own model: a model from the second copy would miss the run's transcript.
// task.ts is compiled without a loader; task-helper.ts, which imports a file of its own, loads through tsx.
writeFileSync(join(dual, 'task.ts'), `import { generate, getModel, includes, task } from 'hookline';
export const tsTask = task({ name: 'ts_task', dataset: [{ input: 'Say hi', target: 'output' }], solver: generate(), scorer: includes(), model: getModel('mockllm/model') });
`);
writeFileSync(join(dual, 'helper.ts'), "export const taskName: string = 'helper_task';\n");
writeFileSync(join(dual, 'task-helper.ts'), `import { generate, getModel, includes, task } from 'hookline';
import { taskName } from './helper.js';
export const helperTask = task({ name: taskName, dataset: [{ input: 'Say hi', target: 'output' }], solver: generate(), scorer: includes(), model: getModel('mockllm/model') });
`);
writeFileSync(join(dual, 'count-model-events.mjs'), `import { readdirSync } from 'node:fs';
import { readEvalLog } from 'hookline/log';
const dir = process.argv[2];
const file = readdirSync(dir).find((f) => f.endsWith('.eval'));
const log = await readEvalLog(\`\${dir}/\${file}\`);
console.log('model events', log.samples[0].events.filter((e) => e.event === 'model').length);
`);

// 3. The checks, per Node version.
const nodes = [{ label: `node ${process.version} (this machine)`, bin: process.execPath }];
for (const major of values.node ?? []) {
  const dir = join(work, `node-${major}`);
  const installedNode = run(npm, ['install', '--no-audit', '--no-fund', '--prefix', dir, `node@${major}`]);
  const bin = join(dir, 'node_modules', '.bin', 'node');
  const version = run(bin, ['--version']);
  if (installedNode.code !== 0 || version.code !== 0) {
    check(`install Node ${major} from the npm registry`, () => `npm install node@${major} failed:\n${installedNode.out}${version.out}`);
    continue;
  }
  nodes.push({ label: `node ${version.out.trim()}`, bin });
}

const cli = join(project, 'node_modules', 'hookline', 'bin', 'hookline.mjs');
const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
// With a temporary folder of its own, to see that task.ts was compiled without the loader (its compiled form is kept there).
const ownTmp = join(work, 'tmp');
mkdirSync(ownTmp);
check('npx hookline eval task.ts (the installed bin, on the machine\'s Node), compiled without the loader', () =>
  expectRun(npm === 'npm' ? 'npx' : 'npx.cmd', ['hookline', 'eval', 'task.ts'], { cwd: project, env: { TMPDIR: ownTmp } }, /ts_task[\s\S]*mockllm\/model/)
  ?? (process.getuid === undefined || readdirSync(join(ownTmp, `hookline-${process.getuid()}`, 'typescript')).some((f) => f.endsWith('.mjs')) ? undefined : 'task.ts was not compiled without the loader (no compiled file kept)'));
check('strict NodeNext TypeScript consumer type-checks with zero errors (decorators, every entry point)', () => expectRun(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project }));
for (const [file, logs] of [['task.ts', 'logs'], ['task-helper.ts', 'logs-helper']]) {
  check(`${file}, whose tsconfig maps hookline to a second copy, runs on the command's copy (its model call is in the log)`, () =>
    expectRun(process.execPath, [cli, 'eval', file, '--log-dir', logs], { cwd: dual }, /(ts|helper)_task[\s\S]*success/)
    ?? expectRun(process.execPath, ['count-model-events.mjs', logs], { cwd: dual }, /model events 1/));
}
for (const { label, bin } of nodes) {
  check(`${label}: plain ESM import of every entry point runs an eval`, () => expectRun(bin, ['esm.mjs'], { cwd: project }, /status success samples 1 accuracy 1/));
  check(`${label}: hookline --version`, () => expectRun(bin, [cli, '--version'], { cwd: project }, /^\d+\.\d+\.\d+/));
  for (const [where, dir] of [['in a "type": "module" package', project], ['outside a "type": "module" package', plain]]) {
    for (const [file, name] of [['task.mjs', 'mjs_task'], ['task.ts', 'ts_task'], ['task-helper.ts', 'helper_task']]) {
      check(`${label}: hookline eval ${file} ${where}`, () => expectRun(bin, [cli, 'eval', file], { cwd: dir }, new RegExp(`${name}[\\s\\S]*mockllm/model`)));
    }
  }
}

if (values.keep !== true) rmSync(work, { recursive: true, force: true });
else console.log(`kept ${work}`);
const failed = results.filter((r) => !r.ok).length;
console.log(`\npackage test: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
