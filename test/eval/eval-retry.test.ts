import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isHooklineError } from '../../src/errors.ts';
import { evalRetry } from '../../src/eval/eval-retry.ts';
import { evaluate } from '../../src/eval/evaluate.ts';
import { loadTasks } from '../../src/eval/load-tasks.ts';
import { includes } from '../../src/eval/scorers/index.ts';
import { defineSolver } from '../../src/eval/solvers/index.ts';
import { task, type Task } from '../../src/eval/task.ts';
import { isLogFileName, listEvalLogs, readEvalLog, type LogFormat } from '../../src/log/index.ts';
import { recordEvents } from '../../src/testing/recorder.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { recordWarnings, tempDir } from '../helpers.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const countingFile = join(root, 'test/fixtures/eval-tasks/counting.ts');
const quiet = { banner: false } as const;

/** A task whose solver fails the first call of the listed sample ids, and counts calls per id and epoch. */
function flakyTask(failing: readonly number[], samples = 4): { task: Task; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const solver = defineSolver('flaky', {}, async (state, gen) => {
    const key = `${state.sampleId}/${state.epoch}`;
    const n = (calls.get(key) ?? 0) + 1;
    calls.set(key, n);
    if (failing.includes(Number(state.sampleId)) && n === 1) throw new Error(`Simulated failure of ${key}`);
    return await gen(state);
  });
  const t = task({
    name: 'flaky',
    dataset: Array.from({ length: samples }, (_, i) => ({ id: i + 1, input: `Question ${i + 1}`, target: 'Default output' })),
    solver,
    scorer: includes(),
  });
  return { task: t, calls };
}

/** Lines of a marker file (none when it does not exist). */
function markers(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : [];
}

/** Sets environment variables for the duration of `fn`. */
async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) Reflect.deleteProperty(process.env, k);
      else process.env[k] = v;
    }
  }
}

describe('evalRetry', () => {
  beforeEach(resetHooks);
  afterEach(resetHooks);

  it('re-runs only errored samples, with fresh uuids and attempts from 1, into a new log with the same task id', async () => {
    const logDir = tempDir();
    const { task: t, calls } = flakyTask([2, 4]);
    const [original] = await evaluate(t, { ...quiet, logDir, failOnError: false, epochs: 2, limit: 3 });
    assert.equal(original!.samples!.filter((s) => s.error !== undefined).length, 2, 'sample 2 failed in both epochs');
    const before = new Map(calls);

    const { recorder } = recordEvents('retry');
    // A header (as listed or passed to hooks) is enough: the retry reads the samples itself.
    const header = await readEvalLog(original!.location!, { headerOnly: true });
    const [retried] = await evalRetry(header, { ...quiet, task: t });
    // The recorded run is repeated: 3 samples × 2 epochs, not the task's 4 × 1.
    assert.equal(retried!.samples!.length, 6);
    assert.equal(retried!.eval.config.epochs, 2);
    assert.equal(retried!.eval.config.limit, 3);
    for (const [key, n] of calls) {
      const expected = key.startsWith('2/') ? (before.get(key) ?? 0) + 1 : before.get(key);
      assert.equal(n, expected, `solver calls of sample ${key}`);
    }
    assert.equal(recorder.count('onSampleInit'), 2, 'sample hooks only for the re-run samples');
    const attempts = recorder.of('onSampleAttemptStart');
    assert.deepEqual(attempts.map((a) => [a.summary.id, a.summary.epoch, a.attempt]).sort(), [[2, 1, 1], [2, 2, 1]]);
    const oldUuids = new Set(original!.samples!.map((s) => s.uuid));
    for (const a of attempts) assert.ok(!oldUuids.has(a.sampleId), 'a re-run sample has a fresh uuid');

    assert.equal(retried!.status, 'success');
    assert.ok(retried!.samples!.every((s) => s.error === undefined), 'every sample completed');
    for (const sample of retried!.samples!.filter((s) => s.id !== 2)) {
      const old = original!.samples!.find((s) => s.id === sample.id && s.epoch === sample.epoch)!;
      assert.equal(sample.uuid, old.uuid, `sample ${sample.id}/${sample.epoch} is reused as it was`);
    }
    assert.notEqual(retried!.location, original!.location, 'the retried log is a new file');
    assert.ok(existsSync(original!.location!), 'the original log is kept');
    assert.equal(retried!.eval.taskId, original!.eval.taskId);
    assert.notEqual(retried!.eval.evalId, original!.eval.evalId);
    assert.equal(readdirSync(logDir).filter(isLogFileName).length, 2, 'two logs (besides the folder manifests)');
  });

  it('is one run per retried log, outside any eval set, loading each task from its task file', async () => {
    const logDir = tempDir();
    const logs = await withEnv({ HOOKLINE_TEST_FAIL_IDS: '2' }, async () => [
      ...(await evaluate(await loadTasks(`${countingFile}@counting`, { count: 3 }), { ...quiet, logDir })),
      ...(await evaluate(await loadTasks(`${countingFile}@counting`, { count: 4 }), { ...quiet, logDir })),
    ]);
    assert.deepEqual(logs.map((l) => l.status), ['error', 'error']);
    assert.equal(logs[0]!.eval.taskFile, countingFile, 'the log records its task file');

    const { recorder } = recordEvents('runs');
    const retried = await evalRetry(logs.map((l) => l.location!), quiet);
    assert.deepEqual(retried.map((l) => [l.status, l.samples?.length]), [['success', 3], ['success', 4]]);
    assert.deepEqual(retried.map((l) => l.eval.taskArgs), [{ count: 3 }, { count: 4 }], 'each with its own task arguments');
    assert.deepEqual(retried.map((l) => l.eval.taskId), logs.map((l) => l.eval.taskId));
    const starts = recorder.of('onRunStart');
    const ends = recorder.of('onRunEnd');
    assert.equal(starts.length, 2);
    assert.equal(ends.length, 2);
    assert.notEqual(starts[0]!.runId, starts[1]!.runId, 'each retried log is its own run');
    assert.deepEqual(ends.map((e) => e.runId), starts.map((s) => s.runId));
    assert.deepEqual([...starts, ...ends].map((p) => p.evalSetId), [undefined, undefined, undefined, undefined]);
    assert.equal(recorder.count('onEvalSetStart'), 0);
    assert.deepEqual(retried.map((l) => l.eval.runId), starts.map((s) => s.runId));
    // The task file's own model (a scripted mockllm) answered, not a plain mockllm/model.
    for (const log of retried) {
      for (const s of log.samples!) assert.equal(s.output.completion, String(s.id), `sample ${s.id} answered by the task's model`);
    }
  });

  it('finds a task whose built name differs from its export, and loads a task exported twice once', async () => {
    const file = join(root, 'test/fixtures/eval-tasks/renamed.ts');
    assert.deepEqual((await loadTasks(file)).map((t) => t.name).sort(), ['built_name', 'twice']);
    const [built] = await loadTasks(`${file}@built_name`, { samples: 3 });
    assert.equal(built!.name, 'built_name');
    assert.equal(built!.dataset.samples.length, 3, 'the task function got its arguments');
    const [log] = await evaluate(built!, { ...quiet, logDir: tempDir(), sampleId: [1, 3] });
    assert.equal(log!.eval.task, 'built_name');
    // The retry finds the task again by the name its log records, with the log's arguments and samples.
    const [retried] = await evalRetry(log!.location!, quiet);
    assert.equal(retried!.eval.task, 'built_name');
    assert.deepEqual(retried!.eval.taskArgs, { samples: 3 });
    assert.deepEqual(retried!.samples!.map((s) => s.id), [1, 3]);
  });

  it('gives a clear error for a log that names no task file when no task is passed', async () => {
    const { task: t } = flakyTask([1], 1);
    const [log] = await evaluate(t, { ...quiet, logDir: tempDir() });
    const { recorder } = recordEvents('no_task');
    await assert.rejects(evalRetry(log!.location!, quiet), (error: unknown) => {
      assert.ok(isHooklineError(error) && error.code === 'CONFIG_INVALID', 'a ConfigError');
      assert.ok(error.message.includes(log!.location!), 'the message names the log');
      assert.match(error.message, /records no task file/);
      assert.match(error.message, /evalRetry\(log, \{ task \}\)/);
      return true;
    });
    assert.equal(recorder.count('onRunStart'), 0);
  });

  it('warns when the task changed since the log was written, and still reuses its samples', async () => {
    const logDir = tempDir();
    const { task: t, calls } = flakyTask([3]);
    const [log] = await evaluate(t, { ...quiet, logDir, failOnError: false });
    const changed = { ...t, solver: [defineSolver('renamed', {}, (state, gen) => gen(state))], kind: 'hookline.task' as const };
    const warnings = recordWarnings();
    try {
      const [retried] = await evalRetry(log!.location!, { ...quiet, task: changed });
      assert.equal(retried!.samples!.length, 4);
      assert.equal(retried!.eval.taskId, log!.eval.taskId);
      assert.equal(retried!.status, 'success');
    } finally {
      warnings.restore();
    }
    assert.ok(warnings.messages().some((m) => m.includes('changed since the log was written')), `warned (${warnings.messages().join(' | ')})`);
    assert.equal(calls.size, 4, 'the renamed solver ran only for the errored sample (the old one never again)');
  });

  it('lets options override what the log recorded', async () => {
    const logDir = tempDir();
    const { task: t } = flakyTask([1]);
    const [log] = await evaluate(t, { ...quiet, logDir, failOnError: false, maxSamples: 3 });
    const other = tempDir();
    const [retried] = await evalRetry(log!, { ...quiet, task: t, logDir: other, logFormat: 'json', maxSamples: 1 });
    assert.equal(retried!.eval.config.maxSamples, 1);
    assert.ok(retried!.location!.startsWith(other) && retried!.location!.endsWith('.json'), `written as json to the given folder (${retried!.location})`);
  });
});

interface KilledRun {
  location: string;
  done: string[];
}

/** Runs the counting task in a child process and SIGKILLs it once 3 samples are logged. */
async function runAndKill(format: LogFormat): Promise<KilledRun> {
  const dir = tempDir();
  const logDir = join(dir, 'logs');
  const doneFile = join(dir, 'done.txt');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/fixtures/eval-tasks/kill-run.ts'), logDir, format, doneFile], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HOOKLINE_TEST_STALL_AFTER: '4', HOOKLINE_TEST_MARKERS: join(dir, 'solved-before-kill.txt'), HOOKLINE_NO_BANNER: '1' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  try {
    for (let i = 0; markers(doneFile).length < 3; i++) {
      if (child.exitCode !== null) assert.fail(`the eval exited before it was killed: ${output}`);
      if (i > 1200) assert.fail(`fewer than 3 samples finished in 60 s: ${output}`);
      await sleep(50);
    }
  } finally {
    child.kill('SIGKILL');
  }
  assert.equal(await exited, 'SIGKILL');
  const logs = await listEvalLogs(logDir);
  assert.equal(logs.length, 1, `one log (${logs.join(', ')})`);
  return { location: logs[0]!, done: markers(doneFile).map((l) => l.split(' ')[1]!) };
}

/** Checks the retry of a killed run: only missing samples ran, everything is in the new log. */
async function assertCompleted(killed: KilledRun, partialIds: string[], retriedLocation: string, solvedInRetry: string[]): Promise<void> {
  const all = Array.from({ length: 10 }, (_, i) => String(i + 1));
  const expected = all.filter((id) => !partialIds.includes(id));
  assert.deepEqual(solvedInRetry.map((l) => l.split(' ')[1]).sort(), expected.sort(), 'the retry ran exactly the samples missing from the log');
  const retried = await readEvalLog(retriedLocation);
  const partial = await readEvalLog(killed.location);
  assert.equal(retried.status, 'success');
  assert.deepEqual(retried.samples!.map((s) => String(s.id)).sort(), [...all].sort(), 'every sample is in the new log');
  assert.equal(retried.eval.taskId, partial.eval.taskId);
  assert.notEqual(retriedLocation, killed.location);
  assert.equal(retried.results?.completedSamples, 10);
}

describe('kill and retry', () => {
  beforeEach(resetHooks);

  it('finishes a killed .eval run with evalRetry(path), running only the missing samples', async () => {
    const killed = await runAndKill('eval');
    const partial = await readEvalLog(killed.location);
    assert.equal(partial.status, 'started', 'a killed log reads as started');
    const partialIds = partial.samples!.map((s) => String(s.id));
    for (const id of killed.done) assert.ok(partialIds.includes(id), `finished sample ${id} is in the partial log`);
    assert.ok(partialIds.length >= 3 && partialIds.length < 10, `some samples are missing (${partialIds.join(',')})`);

    const solvedFile = join(tempDir(), 'solved.txt');
    const [retried] = await withEnv({ HOOKLINE_TEST_MARKERS: solvedFile }, () => evalRetry(killed.location, quiet));
    assert.ok(retried!.location!.endsWith('.eval'), 'the retry keeps the log format');
    await assertCompleted(killed, partialIds, retried!.location!, markers(solvedFile));
  });

  it('finishes a killed .json run with `hookline eval-retry PATH`', async () => {
    const killed = await runAndKill('json');
    const partial = await readEvalLog(killed.location);
    assert.equal(partial.status, 'started');
    const partialIds = partial.samples!.map((s) => String(s.id));
    for (const id of killed.done) assert.ok(partialIds.includes(id), `finished sample ${id} is in the partial log`);

    const solvedFile = join(tempDir(), 'solved.txt');
    const result = spawnSync(process.execPath, [join(root, 'scripts/hookline-dev.mjs'), 'eval-retry', killed.location, '--no-banner'], {
      cwd: tempDir(),
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, HOOKLINE_TEST_MARKERS: solvedFile, HOOKLINE_NO_BANNER: '1' },
    });
    assert.equal(result.status, 0, result.stderr);
    const location = /^log: (.+)$/m.exec(result.stdout)?.[1];
    assert.ok(location !== undefined && location.endsWith('.json'), `the summary names the new .json log:\n${result.stdout}`);
    assert.match(result.stdout, /counting\s+mockllm\/model\s+success\s+10\/10/);
    await assertCompleted(killed, partialIds, location, markers(solvedFile));
  });
});
