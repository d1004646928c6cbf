import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.ts';
import { evaluate } from '../../src/eval/evaluate.ts';
import { SAMPLE_EVENT_HIGH_WATER_MARK, sampleEventLimit } from '../../src/eval/sample-events.ts';
import { defineSolver } from '../../src/eval/solvers/index.ts';
import type { SampleEvent } from '../../src/hooks/payloads/eval.ts';
import { on } from '../../src/hooks/register.ts';
import { getModel } from '../../src/model/index.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { warn } from '../../src/runtime/warnings.ts';
import { recordWarnings } from '../helpers.ts';
import { mockTask } from './runtime-helpers.ts';

const quiet = { banner: false, noLog: true } as const;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A solver that makes `calls` model calls (one model event each) and counts them as it goes. */
function manyCalls(calls: number, made: { count: number }) {
  return defineSolver('many_calls', { calls }, async (state) => {
    const model = getModel('mockllm/model');
    for (let i = 0; i < calls; i++) {
      await model.generate(`call ${i}`);
      made.count++;
    }
    return state;
  });
}

describe('onSampleEvent delivery with backpressure', () => {
  beforeEach(resetHooks);
  afterEach(() => {
    delete process.env.HOOKLINE_SAMPLE_EVENT_LIMIT;
  });

  it('delivers all 10,514 model events of a sample to a slow hook, in order, with the sample held back instead of the queue growing', async () => {
    const made = { count: 0 };
    const delivered: SampleEvent[] = [];
    let modelEventsDelivered = 0;
    let largestLag = 0;
    on('onSampleEvent', async (data) => {
      if (data.event.event === 'model') {
        largestLag = Math.max(largestLag, made.count - modelEventsDelivered);
        modelEventsDelivered++;
      }
      await nextTurn();
      delivered.push(data);
    });
    const { messages, restore } = recordWarnings();
    const [log] = await evaluate(mockTask({ solver: manyCalls(10_514, made) }), { banner: false });
    restore();
    const events = log!.samples![0]!.events;
    assert.equal(modelEventsDelivered, 10_514);
    assert.equal(events.filter((e) => e.event === 'model').length, 10_514);
    assert.deepEqual(delivered.map((d) => d.event.uuid), events.map((e) => e.uuid), 'every logged event delivered once, in log order');
    assert.deepEqual(messages(), [], 'nothing dropped or warned');
    assert.ok(largestLag <= SAMPLE_EVENT_HIGH_WATER_MARK + 1, `memory bounded: at most the high-water mark of events pending (largest lag ${largestLag})`);
    assert.ok(largestLag >= SAMPLE_EVENT_HIGH_WATER_MARK / 2, `the sample did get ahead of the hook and was held back (largest lag ${largestLag})`);
  });

  it('does not deadlock when an onSampleEvent hook calls a model while the sample is held back', async () => {
    const made = { count: 0 };
    let judged = 0;
    on('onSampleEvent', async (data) => {
      await nextTurn();
      if (data.event.event === 'model' && made.count % 500 === 0) {
        await getModel('mockllm/model').generate('judge this event');
        judged++;
      }
    });
    const [log] = await evaluate(mockTask({ solver: manyCalls(3_000, made) }), quiet);
    assert.equal(log!.status, 'success');
    assert.ok(judged > 0, 'the hook called its model while delivery was behind');
  });

  it('logs what an onSampleEvent hook causes (a model call, a warning) without delivering it to the hooks again', async () => {
    // A hook that calls a model on every model event it is given would never stop if the events
    // of its own calls were delivered to it (bounded here, so that such a bug fails rather than hangs).
    const delivered: string[] = [];
    on('onSampleEvent', async (data) => {
      delivered.push(data.event.event === 'model' ? `model ${String((data.event.input.at(-1) as { content: unknown }).content)}` : data.event.event);
      if (data.event.event !== 'model' || delivered.length > 100) return;
      warn('judging a model event', 'eval');
      await nextTurn();
      await getModel('mockllm/model').generate('judge this event');
    });
    const { restore } = recordWarnings();
    const [log] = await evaluate(mockTask({ solver: manyCalls(3, { count: 0 }) }), { ...quiet, keepSamples: true });
    restore();
    assert.equal(log!.status, 'success');
    const events = log!.samples![0]!.events;
    const logged = (kind: string): number => events.filter((event) => event.event === kind).length;
    assert.equal(logged('model'), 6, "the sample's 3 calls and the hook's 3 are in the log");
    assert.equal(events.filter((event) => event.event === 'info' || event.event === 'logger').length >= 3, true, `the hook's warnings are in the log: ${events.map((event) => event.event).join(', ')}`);
    assert.deepEqual(delivered.filter((line) => line.startsWith('model')), ['model call 0', 'model call 1', 'model call 2'], "only the sample's own model events reach the hook");
    assert.ok(!delivered.includes('logger') && !delivered.includes('info'), `no warning of the hook is delivered back to it: ${delivered.join(', ')}`);
  });

  it('keeps HOOKLINE_SAMPLE_EVENT_LIMIT as a safety valve that says what it dropped', async () => {
    process.env.HOOKLINE_SAMPLE_EVENT_LIMIT = '1000';
    let delivered = 0;
    on('onSampleEvent', async () => {
      await nextTurn();
      delivered++;
    });
    // 1,500 warnings recorded with no await point between them: nothing can hold the solver back.
    const burst = defineSolver('burst', {}, (state) => {
      for (let i = 0; i < 1_500; i++) warn(`burst ${i}`, 'test');
      return state;
    });
    const { messages, restore } = recordWarnings();
    const [log] = await evaluate(mockTask({ solver: burst }), quiet);
    restore();
    const dropReport = messages().find((m) => / dropped \d+ item\(s\) \(\d+ logger/.test(m));
    assert.ok(dropReport !== undefined, `a report of the dropped events, by kind, in: ${messages().filter((m) => !m.startsWith('burst')).join(' | ')}`);
    assert.match(dropReport, /onSampleEvent hooks of sample \S+: dropped \d+ item\(s\).* because 1000 were pending; raise HOOKLINE_SAMPLE_EVENT_LIMIT/);
    const dropped = Number(/dropped (\d+)/.exec(dropReport)![1]);
    // The report itself is recorded once delivery has ended, so it is neither delivered nor dropped.
    assert.equal(delivered + dropped, log!.samples![0]!.events.length - 1, 'every other logged event was delivered or counted as dropped');
  });

  it('rejects a HOOKLINE_SAMPLE_EVENT_LIMIT that is not a whole number of at least the high-water mark, naming the variable', () => {
    for (const value of ['lots', '-5', '10', '1e3.5']) {
      assert.throws(() => sampleEventLimit({ HOOKLINE_SAMPLE_EVENT_LIMIT: value }), (error: unknown) => {
        assert.ok(error instanceof ConfigError, `a ConfigError for '${value}'`);
        assert.match(error.message, new RegExp(`HOOKLINE_SAMPLE_EVENT_LIMIT is set to '${value.replace('.', '\\.')}'; it must be a whole number`));
        return true;
      });
    }
    assert.equal(sampleEventLimit({ HOOKLINE_SAMPLE_EVENT_LIMIT: ' 5000 ' }), 5000);
    assert.equal(sampleEventLimit({}), 100_000);
  });
});
