import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { isHooklineError, LimitExceededError } from '../../src/errors.ts';
import { evalSet } from '../../src/eval/eval-set.ts';
import { includes } from '../../src/eval/scorers/index.ts';
import { defineSolver, generate } from '../../src/eval/solvers/index.ts';
import { task, type Task } from '../../src/eval/task.ts';
import type { Solver } from '../../src/eval/types.ts';
import { catalog, type HookEventName } from '../../src/hooks/catalog.ts';
import { on } from '../../src/hooks/register.ts';
import { EVAL_SET_ID_FILE, readEvalLog, readEvalSetManifest } from '../../src/log/index.ts';
import { recordEvents, type EventRecorder } from '../../src/testing/recorder.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { tempDir } from '../helpers.ts';

/** A solver that fails the first `failures` calls for the listed sample ids; counts calls per id. */
function flaky(failing: readonly number[], failures = 1): { solver: Solver; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const solver = defineSolver('flaky', {}, async (state, gen) => {
    const id = String(state.sampleId);
    const n = (calls.get(id) ?? 0) + 1;
    calls.set(id, n);
    if (failing.includes(Number(state.sampleId)) && n <= failures) throw new Error(`Simulated failure of sample ${id}`);
    return await gen(state);
  });
  return { solver, calls };
}

function mockTask(name: string, samples: number, solver: Solver | Solver[] = generate()): Task {
  return task({
    name,
    dataset: Array.from({ length: samples }, (_, i) => ({ id: i + 1, input: `Question ${i + 1}`, target: 'Default output' })),
    solver,
    scorer: includes(),
  });
}

/** Events of the eval-set, run, task and sample levels (model events left out), in order. */
function evalLevelNames(recorder: EventRecorder): HookEventName[] {
  return recorder.names().filter((n) => ['evalSet', 'run', 'task', 'sample'].includes(catalog[n].level));
}

const quiet = { banner: false } as const;

describe('evalSet', () => {
  beforeEach(resetHooks);

  it('fires onEvalSetStart and onEvalSetEnd once around its run, and stamps the id everywhere', async () => {
    const { recorder } = recordEvents('set_recorder');
    const logDir = tempDir();
    const result = await evalSet([mockTask('first', 2), mockTask('second', 1)], { ...quiet, logDir });
    assert.equal(result.success, true);
    const names = evalLevelNames(recorder).filter((n) => catalog[n].level !== 'sample');
    assert.deepEqual(names, ['onEvalSetStart', 'onRunStart', 'onTaskStart', 'onTaskEnd', 'onTaskStart', 'onTaskEnd', 'onRunEnd', 'onEvalSetEnd']);
    const id = result.evalSetId;
    assert.equal(id.length, 22, 'a new eval-set id is a short uuid');
    assert.equal(readFileSync(join(logDir, EVAL_SET_ID_FILE), 'utf8').trim(), id, '.eval-set-id holds the id');
    assert.deepEqual(recorder.of('onEvalSetStart'), [{ evalSetId: id, logDir }]);
    assert.deepEqual(recorder.of('onEvalSetEnd'), [{ evalSetId: id, logDir }]);
    assert.equal(recorder.of('onRunStart')[0]!.evalSetId, id);
    assert.equal(recorder.of('onRunEnd')[0]!.evalSetId, id);
    for (const start of recorder.of('onTaskStart')) assert.equal(start.spec.evalSetId, id);
    for (const init of recorder.of('onSampleInit')) assert.equal(init.evalSetId, id);
    assert.equal(recorder.count('onSampleEnd'), 3);

    // Inside an eval set, RunEnd.logs and TaskEnd.log are headers only.
    const runEnd = recorder.of('onRunEnd')[0]!;
    assert.equal(runEnd.logs.length, 2);
    for (const log of runEnd.logs) assert.equal(log.samples, undefined, 'RunEnd.logs carry no samples');
    for (const end of recorder.of('onTaskEnd')) assert.equal(end.log.samples, undefined, 'TaskEnd.log carries no samples');

    // Every log on disk carries the id; eval-set.json lists every task with its task id.
    assert.deepEqual(result.logs.map((l) => l.eval.task), ['first', 'second']);
    for (const header of result.logs) {
      const log = await readEvalLog(header.location!);
      assert.equal(log.eval.evalSetId, id);
      assert.equal(log.samples?.length, log.eval.task === 'first' ? 2 : 1);
    }
    const manifest = await readEvalSetManifest(logDir);
    assert.equal(manifest?.evalSetId, id);
    assert.deepEqual(manifest?.tasks.map((t) => [t.name, t.taskId, t.model, t.sequence]), result.logs.map((l, i) => [l.eval.task, l.eval.taskId, 'mockllm/model', i]));
  });

  it('a second invocation with every task complete fires only eval_set_start and eval_set_end and returns the same logs', async () => {
    const logDir = tempDir();
    const tasks = [mockTask('first', 2), mockTask('second', 1)];
    const first = await evalSet(tasks, { ...quiet, logDir });
    const files = readdirSync(logDir).sort();
    const { recorder } = recordEvents('second_invocation');
    const second = await evalSet(tasks, { ...quiet, logDir });
    assert.deepEqual(evalLevelNames(recorder), ['onEvalSetStart', 'onEvalSetEnd'], 'no run, task or sample events');
    assert.equal(second.evalSetId, first.evalSetId, 'the id is stable across invocations');
    assert.equal(second.success, true);
    assert.deepEqual(second.logs.map((l) => l.location), first.logs.map((l) => l.location));
    assert.deepEqual(second.logs.map((l) => l.eval.taskId), first.logs.map((l) => l.eval.taskId));
    assert.deepEqual(readdirSync(logDir).sort(), files, 'nothing was written or removed');
  });

  it('retries a task that failed in an earlier invocation, reusing its completed samples', async () => {
    const logDir = tempDir();
    const { solver, calls } = flaky([3]);
    const flakyTask = mockTask('flaky', 4, solver);
    const first = await evalSet([mockTask('steady', 1), flakyTask], { ...quiet, logDir, retryAttempts: 0, maxSamples: 1 });
    assert.equal(first.success, false);
    const failed = await readEvalLog(first.logs[1]!.location!);
    assert.equal(failed.status, 'error');
    const completed = failed.samples!.filter((s) => s.error === undefined).map((s) => String(s.id));
    assert.ok(completed.includes('1') && completed.includes('2'), `samples 1 and 2 completed before the failure (${completed.join(',')})`);
    const callsBefore = new Map(calls);

    const { recorder } = recordEvents('retry_recorder');
    const second = await evalSet([mockTask('steady', 1), flakyTask], { ...quiet, logDir });
    assert.equal(second.success, true);
    assert.equal(second.evalSetId, first.evalSetId);
    // Only the failed task runs; its completed samples are copied without running or hooks.
    assert.deepEqual(recorder.of('onRunStart').map((r) => r.taskNames), [['flaky']]);
    const rerun = ['1', '2', '3', '4'].filter((id) => !completed.includes(id));
    for (const id of completed) assert.equal(calls.get(id), callsBefore.get(id), `sample ${id} was not solved again`);
    for (const id of rerun) assert.equal(calls.get(id), (callsBefore.get(id) ?? 0) + 1, `sample ${id} was solved again`);
    assert.deepEqual(recorder.of('onSampleEnd').map((e) => String(e.sample.id)).sort(), rerun, 'sample hooks fire only for re-run samples');
    assert.equal(recorder.count('onSampleInit'), rerun.length);

    const retried = await readEvalLog(second.logs[1]!.location!);
    assert.notEqual(retried.location, failed.location, 'the retry is a new log file');
    assert.equal(retried.status, 'success');
    assert.equal(retried.eval.taskId, failed.eval.taskId, 'the task id is kept');
    assert.equal(retried.eval.evalSetId, first.evalSetId);
    assert.deepEqual(retried.samples!.map((s) => s.id), [1, 2, 3, 4], 'the new log has every sample');
    for (const id of completed) {
      const before = failed.samples!.find((s) => String(s.id) === id)!;
      assert.equal(retried.samples!.find((s) => String(s.id) === id)!.uuid, before.uuid, `sample ${id} is the reused one`);
    }
    assert.equal(retried.samples!.find((s) => s.id === 3)!.error, undefined, 'the failed sample succeeded this time');
    // The superseded error log is cleaned up; the steady task's log stays.
    const logs = readdirSync(logDir).filter((f) => f.endsWith('.eval'));
    assert.equal(logs.length, 2, `one log per task remains (${logs.join(', ')})`);
    assert.equal(second.logs[0]!.location, first.logs[0]!.location);
  });

  it('retries a failing task within one invocation: one set start and end around two runs', async () => {
    const { recorder } = recordEvents('retry_runs');
    const logDir = tempDir();
    const { solver } = flaky([2]);
    const result = await evalSet(mockTask('flaky', 3, solver), { ...quiet, logDir, maxSamples: 1, retryCleanup: false });
    assert.equal(result.success, true);
    const outer = evalLevelNames(recorder).filter((n) => catalog[n].level === 'evalSet' || catalog[n].level === 'run');
    assert.deepEqual(outer, ['onEvalSetStart', 'onRunStart', 'onRunEnd', 'onRunStart', 'onRunEnd', 'onEvalSetEnd']);
    const runs = recorder.of('onRunStart');
    assert.notEqual(runs[0]!.runId, runs[1]!.runId, 'each run has its own id');
    for (const run of runs) assert.equal(run.evalSetId, result.evalSetId);
    const [failedStart, retriedStart] = recorder.of('onTaskStart');
    assert.equal(retriedStart!.spec.taskId, failedStart!.spec.taskId, 'the retried task keeps its task id');
    assert.notEqual(retriedStart!.evalId, failedStart!.evalId, 'a new eval id per task attempt');
    assert.equal(recorder.count('onTaskEnd'), 1, 'no onTaskEnd for the failed attempt');
    const attempts = recorder.of('onSampleAttemptStart').filter((a) => a.summary.id === 2);
    assert.deepEqual(attempts.map((a) => a.attempt), [1, 1], 'the re-run sample starts again at attempt 1');
    assert.notEqual(attempts[0]!.sampleId, attempts[1]!.sampleId, 'with a fresh sample uuid');
    assert.equal(readdirSync(logDir).filter((f) => f.endsWith('.eval')).length, 2, 'retryCleanup: false keeps the failed log');
  });

  it('refuses an id that differs from the folder\'s with a PrerequisiteError, without eval-set events', async () => {
    const logDir = tempDir();
    const first = await evalSet(mockTask('t', 1), { ...quiet, logDir, id: 'alpha' });
    assert.equal(first.evalSetId, 'alpha');
    const { recorder } = recordEvents('mismatch');
    await assert.rejects(evalSet(mockTask('t', 1), { ...quiet, logDir, id: 'beta' }), (error: unknown) => {
      assert.ok(isHooklineError(error) && error.code === 'PREREQUISITE', 'a PrerequisiteError');
      assert.match(error.message, /belongs to eval set 'alpha'.*not 'beta'/);
      assert.match(error.message, /omit the id, or choose another log folder/);
      return true;
    });
    assert.equal(recorder.count('onEvalSetStart'), 0);
    assert.equal(recorder.count('onEvalSetEnd'), 0);
    assert.equal(readFileSync(join(logDir, EVAL_SET_ID_FILE), 'utf8').trim(), 'alpha', 'the recorded id is untouched');
  });

  it('runs a task once per model', async () => {
    const logDir = tempDir();
    const result = await evalSet(mockTask('t', 1), { ...quiet, logDir, model: ['mockllm/model', 'mockllm/other'] });
    assert.deepEqual(result.logs.map((l) => l.eval.model), ['mockllm/model', 'mockllm/other']);
    assert.notEqual(result.logs[0]!.eval.taskId, result.logs[1]!.eval.taskId, 'one task id per task and model');
    const manifest = await readEvalSetManifest(logDir);
    assert.deepEqual(manifest?.tasks.map((t) => [t.name, t.model, t.taskId]), result.logs.map((l) => [l.eval.task, l.eval.model, l.eval.taskId]));
    const again = await evalSet(mockTask('t', 1), { ...quiet, logDir, model: ['mockllm/model', 'mockllm/other'] });
    assert.deepEqual(again.logs.map((l) => l.location), result.logs.map((l) => l.location), 'both are complete on the next invocation');
  });

  it('fires no onEvalSetEnd when a run throws (a LimitExceededError from a run hook)', async () => {
    const { recorder } = recordEvents('throwing_set');
    on('onRunStart', () => {
      throw new LimitExceededError('custom', { value: 1, limit: 0, message: 'stop the run' });
    });
    await assert.rejects(evalSet(mockTask('t', 1), { ...quiet, logDir: tempDir() }), /stop the run/);
    assert.equal(recorder.count('onEvalSetStart'), 1);
    assert.equal(recorder.count('onRunEnd'), 1, 'the run still ends');
    assert.equal(recorder.count('onEvalSetEnd'), 0);
  });

  it('stops when cancelled: no further attempts, no onEvalSetEnd, and the next invocation continues', async () => {
    const logDir = tempDir();
    const controller = new AbortController();
    let started = 0;
    const solver = defineSolver('cancel_on_second', {}, async (state, gen) => {
      if (++started === 2) controller.abort(new Error('interrupted'));
      return await gen(state);
    });
    const { recorder } = recordEvents('cancelled_set');
    await assert.rejects(
      evalSet(mockTask('t', 4, solver), { ...quiet, logDir, maxSamples: 1, signal: controller.signal }),
      (error: unknown) => isHooklineError(error) && error.code === 'CANCELLED' && /Run it again/.test(error.message),
    );
    assert.equal(recorder.count('onRunStart'), 1, 'a cancelled set is not retried');
    assert.equal(recorder.count('onEvalSetEnd'), 0);
    const again = await evalSet(mockTask('t', 4), { ...quiet, logDir });
    assert.equal(again.success, true);
    const log = await readEvalLog(again.logs[0]!.location!);
    assert.equal(log.samples?.length, 4);
  });

  it('rejects the same task twice and a missing log folder before anything starts', async () => {
    const { recorder } = recordEvents('bad_input');
    const t = mockTask('t', 1);
    await assert.rejects(evalSet([t, t], { ...quiet, logDir: tempDir() }), /in the eval set twice/);
    await assert.rejects(evalSet(t, { ...quiet } as never), /needs a log folder of its own/);
    assert.equal(recorder.count('onEvalSetStart'), 0);
  });
});
