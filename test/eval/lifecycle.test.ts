import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { beforeEach, describe, it } from 'node:test';
import { evaluate } from '../../src/eval/evaluate.ts';
import { chain, defineSolver, generate, systemMessage } from '../../src/eval/solvers/index.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import { hooks, on } from '../../src/hooks/register.ts';
import { initHooks } from '../../src/hooks/startup.ts';
import { recordEvents } from '../../src/testing/recorder.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { currentContext } from '../../src/runtime/context.ts';
import { tempDir } from '../helpers.ts';
import { initIds, mockTask, sampleSequence } from './runtime-helpers.ts';

const quiet = { banner: false, noLog: true } as const;

describe('eval lifecycle hooks', () => {
  beforeEach(resetHooks);

  it('runs with no hooks at all', async () => {
    const [log] = await evaluate(mockTask(), quiet);
    assert.equal(log!.status, 'success');
  });

  it('delivers exactly one of each event for 1 task x 1 sample, in the canonical order', async () => {
    const { recorder } = recordEvents('test_hooks');
    await evaluate(mockTask(), quiet);
    for (const event of ['onRunStart', 'onRunEnd', 'onTaskStart', 'onTaskEnd', 'onSampleInit', 'onSampleStart', 'onSampleAttemptStart', 'onSampleAttemptEnd', 'onSampleEnd', 'onModelUsage', 'onBeforeModelGenerate', 'onSampleScoring'] as const) {
      assert.equal(recorder.count(event), 1, event);
    }
    const names = recorder.names().filter((n) => n !== 'onSampleEvent');
    assert.deepEqual(names, [
      'onModelCreate', // the model is built while the run is set up
      'onRunStart', 'onTaskStart', 'onSampleInit', 'onSampleStart', 'onSampleAttemptStart',
      'onBeforeModelGenerate', 'onModelUsage', 'onAfterModelGenerate', 'onSampleScoring',
      'onSampleAttemptEnd', 'onSampleEnd', 'onTaskEnd', 'onRunEnd',
    ]);
    const runStart = recorder.of('onRunStart')[0]!;
    assert.ok(runStart.runId.length === 22, 'run ids are 22-character short uuids');
    const before = recorder.of('onBeforeModelGenerate')[0]!;
    assert.equal(before.modelName, 'mockllm/model');
    assert.ok(before.input.length > 0, 'the model input is not empty');
    assert.equal(before.sampleId, recorder.of('onSampleStart')[0]!.sampleId, 'model hooks carry the sample uuid');
    assert.equal(before.taskName, 'mock_task');
    const end = recorder.of('onSampleEnd')[0]!;
    assert.equal(end.sample.scores?.includes?.value, 'C');
    const taskEnd = recorder.of('onTaskEnd')[0]!;
    assert.equal(taskEnd.log.status, 'success');
    assert.deepEqual(recorder.of('onRunEnd')[0]!.logs.map((l) => l.status), ['success']);
  });

  it('delivers every sample event before attempt end, all sharing the run, eval and sample ids', async () => {
    const { recorder } = recordEvents();
    await evaluate(mockTask(), quiet);
    const names = recorder.names();
    const attemptEnd = names.indexOf('onSampleAttemptEnd');
    const events = recorder.of('onSampleEvent');
    assert.ok(events.length >= 5, `sample events delivered (${events.length})`);
    assert.ok(names.lastIndexOf('onSampleEvent') < attemptEnd, 'drained before attempt end');
    const end = recorder.of('onSampleEnd')[0]!;
    for (const e of events) {
      assert.equal(e.sampleId, end.sampleId);
      assert.equal(e.evalId, end.evalId);
      assert.equal(e.runId, end.runId);
    }
    const kinds = events.map((e) => e.event.event);
    assert.ok(kinds.includes('model') && kinds.includes('score') && kinds.includes('span_begin'), `kinds: ${kinds.join(',')}`);
    // Events arrive in the order the transcript recorded them.
    assert.deepEqual(events.map((e) => e.event), end.sample.events.slice(-events.length));
  });

  it('gives two hooks the same events, in registration order', async () => {
    const first = recordEvents('test_hooks').recorder;
    const second = recordEvents('test_hooks_2').recorder;
    const order: string[] = [];
    on('onRunStart', () => void order.push('fn'));
    hooks({ name: 'third' }, class Third extends Hooks {
      override onRunStart(): void {
        order.push('class');
      }
    });
    await evaluate(mockTask({ samples: 2 }), quiet);
    assert.deepEqual(first.names(), second.names());
    assert.equal(first.count('onSampleEvent'), second.count('onSampleEvent'));
    assert.ok(first.count('onSampleEvent') > 0, 'sample events delivered');
    assert.deepEqual(order, ['fn', 'class']);
  });

  it('respects enabled(): nothing while disabled, one run start after re-enabling', async () => {
    const { recorder } = recordEvents();
    recorder.active = false;
    await evaluate(mockTask(), quiet);
    assert.equal(recorder.events.length, 0);
    recorder.active = true;
    await evaluate(mockTask(), quiet);
    assert.equal(recorder.count('onRunStart'), 1);
  });

  it('calls only what a partial hook implements', async () => {
    const seen: string[] = [];
    hooks({ name: 'test_hooks_minimal' }, class Minimal extends Hooks {
      override onRunStart(): void {
        seen.push('run_start');
      }
    });
    await evaluate(mockTask({ samples: 2 }), quiet);
    assert.deepEqual(seen, ['run_start']);
  });

  it('counts per task and per sample with two tasks and two samples', async () => {
    const { recorder } = recordEvents();
    await evaluate([mockTask({ name: 'a', samples: 2 }), mockTask({ name: 'b', samples: 2 })], quiet);
    assert.equal(recorder.count('onRunStart'), 1);
    assert.equal(recorder.count('onRunEnd'), 1);
    assert.equal(recorder.count('onTaskStart'), 2);
    assert.equal(recorder.count('onTaskEnd'), 2);
    for (const e of ['onSampleInit', 'onSampleStart', 'onSampleAttemptStart', 'onSampleAttemptEnd', 'onSampleEnd'] as const) assert.equal(recorder.count(e), 4, e);
    assert.deepEqual(recorder.of('onRunStart')[0]!.taskNames, ['a', 'b']);
  });

  it('gives every (sample, epoch) its own full sequence and uuid', async () => {
    const { recorder } = recordEvents();
    await evaluate(mockTask(), { ...quiet, epochs: 3 });
    const ids = initIds(recorder.events);
    assert.equal(ids.length, 3);
    assert.equal(new Set(ids).size, 3);
    for (const id of ids) {
      assert.deepEqual(sampleSequence(recorder.events, id), ['init', 'start', 'attemptStart(1)', 'scoring', 'attemptEnd(1,ok,false)', 'end']);
    }
    assert.deepEqual(recorder.of('onSampleEnd').map((e) => e.sample.epoch).sort(), [1, 2, 3]);
  });

  it('records the setup solvers first in the plan', async () => {
    const { recorder } = recordEvents();
    const marker = defineSolver('_setup_marker_solver', {}, (state) => state);
    await evaluate(mockTask({ setup: marker }), quiet);
    const plan = recorder.of('onTaskStart')[0]!.plan;
    assert.match(plan.steps[0]!.solver, /_setup_marker_solver/);
    assert.ok(plan.steps.length > 1, 'generate follows the setup step');
  });

  it('unrolls chains into their steps in the plan', async () => {
    const { recorder } = recordEvents();
    await evaluate(mockTask({ solver: chain(systemMessage('Be brief.'), generate()) }), quiet);
    const steps = recorder.of('onTaskStart')[0]!.plan.steps.map((s) => s.solver);
    assert.deepEqual(steps, ['system_message', 'generate']);
  });

  it('can run initHooks() twice and still delivers one run start', async () => {
    const { recorder } = recordEvents();
    await initHooks({ banner: false });
    await initHooks({ banner: false });
    await evaluate(mockTask(), quiet);
    assert.equal(recorder.count('onRunStart'), 1);
  });

  it('calls onSampleStart and onSampleEnd in the same async context', async () => {
    const storage = new AsyncLocalStorage<string>();
    const seen: [string, string | undefined][] = [];
    const contexts = new Map<string, object>();
    hooks({ name: 'tracer' }, class Tracer extends Hooks {
      override onSampleStart(p: { sampleId: string }): void {
        storage.enterWith(`span-${p.sampleId}`);
        contexts.set(p.sampleId, currentContext());
      }
      override onSampleEnd(p: { sampleId: string }): void {
        seen.push([p.sampleId, storage.getStore()]);
        assert.equal(currentContext(), contexts.get(p.sampleId), 'same hookline context object');
      }
    });
    await evaluate(mockTask({ samples: 3 }), { ...quiet, maxSamples: 3 });
    assert.equal(seen.length, 3);
    for (const [id, span] of seen) assert.equal(span, `span-${id}`);
  });

  it('never mixes context ids between concurrent samples', async () => {
    const { recorder } = recordEvents();
    const slow = defineSolver('slow', {}, async (state, gen) => {
      await new Promise((r) => setTimeout(r, 5 * (Number(state.sampleId) % 3)));
      return await gen(state);
    });
    await evaluate(mockTask({ samples: 6, solver: slow }), { ...quiet, maxSamples: 6 });
    const starts = new Set(recorder.of('onSampleStart').map((s) => s.sampleId));
    const generateIds = recorder.of('onBeforeModelGenerate').map((e) => e.sampleId!);
    assert.equal(new Set(generateIds).size, 6);
    for (const id of generateIds) assert.ok(starts.has(id), 'a model call carries the id of its own sample');
    for (const usage of recorder.of('onModelUsage')) assert.ok(starts.has(usage.sampleId!), 'usage carries its sample id');
  });

  it('writes a log and reports its location', async () => {
    const logDir = tempDir();
    const [log] = await evaluate(mockTask({ samples: 2 }), { banner: false, logDir });
    assert.ok(log!.location?.startsWith(logDir), `log in ${logDir}`);
    assert.match(log!.location!, /\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-00-00_mock-task_[A-Za-z0-9]{22}\.eval$/);
    assert.equal(log!.samples?.length, 2);
    assert.equal(log!.results?.scores[0]?.metrics.accuracy?.value, 1);
  });
});

describe('hook set in the log', () => {
  beforeEach(resetHooks);

  it('records the active hooks and their hash in the log metadata', async () => {
    on('onSampleEnd', () => undefined, { name: 'auditor' });
    const [log] = await evaluate(mockTask(), { banner: false, logDir: tempDir() });
    const record = log!.eval.metadata?.hookline_hooks as { hash: string; hooks: { name: string; events: string[] }[] };
    assert.match(record.hash, /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(record.hooks.map((h) => [h.name, h.events]), [['auditor', ['SampleEnd']]]);
    assert.deepEqual(log!.metadata.hookline_hooks, record, 'the root metadata mirrors the header');
    resetHooks();
    const [bare] = await evaluate(mockTask(), { banner: false, noLog: true });
    assert.notEqual((bare!.eval.metadata?.hookline_hooks as { hash: string }).hash, record.hash);
  });
});
