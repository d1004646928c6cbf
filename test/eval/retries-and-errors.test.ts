import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { LimitExceededError, PrerequisiteError } from '../../src/errors.ts';
import { evaluate } from '../../src/eval/evaluate.ts';
import { defineSolver } from '../../src/eval/solvers/index.ts';
import { on } from '../../src/hooks/register.ts';
import { getModel } from '../../src/model/index.ts';
import { currentContext } from '../../src/runtime/context.ts';
import { recordEvents } from '../../src/testing/recorder.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { recordWarnings } from '../helpers.ts';
import { failN, initIds, mockTask, sampleSequence } from './runtime-helpers.ts';

const quiet = { banner: false, noLog: true } as const;

describe('sample retries', () => {
  beforeEach(resetHooks);

  it('fires init/start/end once and attempt hooks per attempt, all with one uuid', async () => {
    const { recorder } = recordEvents();
    await evaluate(mockTask({ solver: failN(2) }), { ...quiet, retryOnError: 10 });
    const [id] = initIds(recorder.events);
    assert.deepEqual(sampleSequence(recorder.events, id!), [
      'init', 'start',
      'attemptStart(1)', 'scoring', 'attemptEnd(1,err,true)',
      'attemptStart(2)', 'scoring', 'attemptEnd(2,ok,false)',
      'end',
    ]);
    for (const e of recorder.events) {
      const sampleId = (e.payload as { sampleId?: string }).sampleId;
      if (e.event.startsWith('onSample')) assert.equal(sampleId, id, e.event);
    }
    const end = recorder.of('onSampleEnd')[0]!;
    assert.equal(end.sample.errorRetries?.length, 1);
    assert.match(end.sample.errorRetries[0]!.message, /Simulated failure 1/);
    assert.equal(end.sample.error, undefined);
  });

  it('keeps the uuid over many retries, sample events included', async () => {
    const { recorder } = recordEvents();
    await evaluate(mockTask({ solver: failN(5) }), { ...quiet, retryOnError: 10 });
    const [id] = initIds(recorder.events);
    assert.equal(recorder.count('onSampleInit'), 1);
    assert.equal(recorder.count('onSampleEnd'), 1);
    assert.equal(recorder.count('onSampleAttemptStart'), 5);
    assert.equal(recorder.count('onSampleAttemptEnd'), 5);
    for (const e of recorder.of('onSampleEvent')) assert.equal(e.sampleId, id);
    assert.deepEqual(recorder.of('onSampleAttemptStart').map((a) => a.attempt), [1, 2, 3, 4, 5]);
  });

  it('ends with an error when retries run out, and the task fails without onTaskEnd', async () => {
    const { recorder } = recordEvents();
    const [log] = await evaluate(mockTask({ solver: failN(100) }), { ...quiet, retryOnError: 2 });
    const ends = recorder.of('onSampleAttemptEnd');
    assert.deepEqual(ends.map((e) => [e.attempt, e.error !== undefined, e.willRetry]), [[1, true, true], [2, true, true], [3, true, false]]);
    assert.equal(recorder.count('onSampleEnd'), 1);
    assert.match(recorder.of('onSampleEnd')[0]!.sample.error!.message, /Simulated failure 3/);
    assert.equal(recorder.count('onTaskStart'), 1);
    assert.equal(recorder.count('onTaskEnd'), 0, 'no task end on failure');
    assert.equal(log!.status, 'error');
    assert.equal(recorder.count('onRunEnd'), 1);
    assert.equal(recorder.of('onRunEnd')[0]!.exception, undefined, 'a failed task is not a run exception');
  });

  it('fires scoring per attempt, also for errored attempts', async () => {
    const { recorder } = recordEvents();
    await evaluate(mockTask({ solver: failN(3) }), { ...quiet, retryOnError: 5 });
    assert.equal(recorder.count('onSampleScoring'), 3);
    assert.equal(recorder.count('onSampleAttemptStart'), 3);
  });

  it('without retries: one attempt with the error, then sample end', async () => {
    const { recorder } = recordEvents();
    await evaluate(mockTask({ solver: failN(10) }), quiet);
    const [id] = initIds(recorder.events);
    assert.deepEqual(sampleSequence(recorder.events, id!), ['init', 'start', 'attemptStart(1)', 'scoring', 'attemptEnd(1,err,false)', 'end']);
  });

  it('pairs attempt starts and ends per sample with two retrying samples', async () => {
    const { recorder } = recordEvents();
    await evaluate(mockTask({ samples: 2, solver: failN(2) }), { ...quiet, retryOnError: 5 });
    const inits = initIds(recorder.events);
    assert.equal(new Set(inits).size, 2);
    assert.deepEqual(new Set(recorder.of('onSampleEnd').map((e) => e.sampleId)), new Set(inits));
    const pairs = (event: 'onSampleAttemptStart' | 'onSampleAttemptEnd'): string[] =>
      recorder.of(event).map((e) => `${e.sampleId}:${e.attempt}`).sort();
    assert.deepEqual(pairs('onSampleAttemptStart'), pairs('onSampleAttemptEnd'));
  });

  it('never fires attempt end without attempt start when onSampleStart fails', async () => {
    const { recorder } = recordEvents();
    on('onSampleStart', () => {
      throw new Error('start emit failed');
    }, { onError: 'throw' });
    const { restore } = recordWarnings();
    await evaluate(mockTask(), { ...quiet, failOnError: false });
    restore();
    assert.equal(recorder.count('onSampleInit'), 1);
    assert.equal(recorder.count('onSampleAttemptStart'), 0);
    assert.equal(recorder.count('onSampleAttemptEnd'), 0);
    const [id] = initIds(recorder.events);
    assert.deepEqual(sampleSequence(recorder.events, id!), ['init', 'start', 'scoring', 'end']);
    assert.match(recorder.of('onSampleEnd')[0]!.sample.error!.message, /start emit failed/);
  });
});

describe('failOnError and onTaskEnd', () => {
  beforeEach(resetHooks);

  it('fires onTaskEnd with status error when continueOnFail lets the task finish', async () => {
    const { recorder } = recordEvents();
    const [log] = await evaluate(mockTask({ samples: 3, solver: failN(2) }), { ...quiet, continueOnFail: true });
    assert.equal(recorder.count('onTaskEnd'), 1);
    assert.equal(log!.status, 'error');
    assert.equal(recorder.count('onSampleEnd'), 3);
  });

  it('fires onTaskEnd with status success when a ratio threshold is not reached', async () => {
    const { recorder } = recordEvents();
    const [log] = await evaluate(mockTask({ samples: 4, solver: failN(2) }), { ...quiet, failOnError: 0.5 });
    assert.equal(log!.status, 'success');
    assert.equal(recorder.count('onTaskEnd'), 1);
    assert.equal(log!.results?.completedSamples, 3);
    assert.equal(log!.results?.totalSamples, 4);
  });
});

describe('limits', () => {
  beforeEach(resetHooks);

  it('records a LimitExceededError from onSampleStart as a limit: no attempt hooks, still scored', async () => {
    const { recorder } = recordEvents();
    on('onSampleStart', () => {
      throw new LimitExceededError('custom', { value: 1, limit: 0, message: 'stop at start' });
    });
    await evaluate(mockTask(), quiet);
    const [id] = initIds(recorder.events);
    assert.deepEqual(sampleSequence(recorder.events, id!), ['init', 'start', 'scoring', 'end']);
    const sample = recorder.of('onSampleEnd')[0]!.sample;
    assert.deepEqual(sample.limit, { type: 'custom', limit: 0 });
    assert.equal(sample.error, undefined);
    assert.ok(sample.scores !== undefined, 'the sample is still scored');
  });

  it('skips the model call on a LimitExceededError from onBeforeModelGenerate, and still scores', async () => {
    const { recorder } = recordEvents();
    on('onBeforeModelGenerate', () => {
      throw new LimitExceededError('custom', { value: 1, limit: 0, message: 'stop before provider' });
    });
    await evaluate(mockTask(), quiet);
    const names = recorder.names().filter((n) => n.startsWith('onSample') && n !== 'onSampleEvent' || n === 'onBeforeModelGenerate' || n === 'onModelUsage');
    assert.deepEqual(names, ['onSampleInit', 'onSampleStart', 'onSampleAttemptStart', 'onBeforeModelGenerate', 'onSampleScoring', 'onSampleAttemptEnd', 'onSampleEnd']);
    const sample = recorder.of('onSampleEnd')[0]!.sample;
    assert.equal(sample.limit?.type, 'custom');
    assert.equal(sample.events.filter((e) => e.event === 'model').length, 0, 'no model event');
    assert.ok(sample.events.some((e) => e.event === 'sample_limit'), 'the limit is in the transcript');
  });

  it('stops a sample at its message, token and time limits without an error', async () => {
    const loop = defineSolver('loop', {}, async (state, gen) => {
      for (let i = 0; i < 20; i++) await gen(state);
      return state;
    });
    const stall = defineSolver('stall', {}, async (state) => {
      await new Promise((resolve) => setTimeout(resolve, 5_000).unref());
      return state;
    });
    const [byMessages] = await evaluate(mockTask({ solver: loop, messageLimit: 4 }), quiet);
    assert.equal(byMessages!.samples![0]!.limit?.type, 'message');
    assert.equal(byMessages!.samples![0]!.error, undefined);
    const [byTokens] = await evaluate(mockTask({ solver: loop, tokenLimit: 100 }), quiet);
    assert.equal(byTokens!.samples![0]!.limit?.type, 'token');
    const [byTime] = await evaluate(mockTask({ solver: stall, timeLimit: 0.05 }), quiet);
    assert.equal(byTime!.samples![0]!.limit?.type, 'time');
    assert.equal(byTime!.status, 'success');
  });
});

describe('the sample context across attempts', () => {
  beforeEach(resetHooks);

  it('gives model and tool calls the signal of the attempt running now, a new one on each retry', async () => {
    const seen: { attempt: number; contextSignal: AbortSignal | undefined; stateSignal: AbortSignal }[] = [];
    const solver = defineSolver('signal_probe', {}, async (state) => {
      seen.push({ attempt: seen.length + 1, contextSignal: currentContext().signal, stateSignal: state.signal });
      await getModel('mockllm/model').generate('probe');
      if (seen.length === 1) throw new Error('first attempt fails');
      return state;
    });
    const [log] = await evaluate(mockTask({ solver, timeLimit: 30 }), { ...quiet, retryOnError: 1 });
    assert.equal(log!.status, 'success');
    assert.equal(seen.length, 2);
    for (const { attempt, contextSignal, stateSignal } of seen) assert.equal(contextSignal, stateSignal, `attempt ${attempt}: the context's signal is the attempt's`);
    assert.notEqual(seen[0]!.stateSignal, seen[1]!.stateSignal, 'each attempt under a time limit has a signal of its own');
  });
});

describe('run end on every path', () => {
  beforeEach(resetHooks);

  it('fires onRunEnd with the exception, and no onRunStart, when set-up fails', async () => {
    const { recorder } = recordEvents('test_hooks');
    await assert.rejects(evaluate(mockTask(), { ...quiet, model: 'no-such-provider/model' }), /no-such-provider/);
    assert.equal(recorder.count('onRunStart'), 0);
    assert.equal(recorder.count('onRunEnd'), 1);
    const runEnd = recorder.of('onRunEnd')[0]!;
    assert.ok(runEnd.exception instanceof Error, 'exception set');
    assert.deepEqual(runEnd.logs, []);
  });

  it('fires onRunEnd when a required hook is missing', async () => {
    const { recorder } = recordEvents('test_hooks');
    process.env.HOOKLINE_REQUIRED_HOOKS = 'test_hooks,fake';
    try {
      await assert.rejects(evaluate(mockTask(), quiet), PrerequisiteError);
    } finally {
      delete process.env.HOOKLINE_REQUIRED_HOOKS;
    }
    assert.equal(recorder.count('onRunEnd'), 1);
    assert.equal(recorder.count('onRunStart'), 0);
  });

  it('finishes logs as cancelled when the run is cancelled, with end hooks for started samples only', async () => {
    const { recorder } = recordEvents();
    const controller = new AbortController();
    const slow = defineSolver('slow', {}, async (state, gen) => {
      if (state.sampleId === 1) setTimeout(() => controller.abort(new Error('user pressed Ctrl-C')), 10);
      await new Promise((resolve, reject) => {
        const t = setTimeout(resolve, 2_000);
        state.signal.addEventListener('abort', () => {
          clearTimeout(t);
          reject(new Error('aborted'));
        });
      });
      return await gen(state);
    });
    const [log] = await evaluate(mockTask({ samples: 6, solver: slow }), { ...quiet, maxSamples: 2, signal: controller.signal });
    assert.equal(log!.status, 'cancelled');
    assert.equal(recorder.count('onSampleStart'), 2, 'only the two running samples started');
    assert.equal(recorder.count('onSampleEnd'), 2, 'started samples still end');
    assert.equal(recorder.count('onSampleScoring'), 2);
    for (const end of recorder.of('onSampleAttemptEnd')) {
      assert.equal(end.willRetry, false);
      assert.match(end.error!.message, /cancelled/i);
    }
    assert.equal(recorder.count('onTaskEnd'), 0);
    assert.equal(recorder.count('onRunEnd'), 1);
  });
});

describe('onSampleEvent delivery', () => {
  beforeEach(resetHooks);

  it('drops the rest of a sample\'s events after a LimitExceededError from onSampleEvent', async () => {
    const { recorder } = recordEvents();
    let calls = 0;
    on('onSampleEvent', () => {
      calls++;
      throw new LimitExceededError('custom', { value: 1, limit: 0 });
    });
    const { restore } = recordWarnings();
    const [log] = await evaluate(mockTask(), quiet);
    restore();
    assert.equal(calls, 1);
    assert.equal(log!.status, 'success');
    assert.equal(log!.samples![0]!.limit, undefined, 'not a limit of the sample');
    assert.equal(recorder.count('onSampleEnd'), 1);
  });

  it('does not loop when a sample-event hook warns on every event', async () => {
    let calls = 0;
    on('onSampleEvent', () => {
      calls++;
      throw new Error('noisy hook');
    });
    const { restore, messages } = recordWarnings();
    const [log] = await evaluate(mockTask(), quiet);
    restore();
    const events = log!.samples![0]!.events;
    assert.ok(calls < 50, `finite deliveries (${calls})`);
    assert.equal(messages().length, calls, 'one warning per failing delivery');
    assert.ok(events.some((e) => e.event === 'logger'), 'the warnings are in the transcript');
  });
});
