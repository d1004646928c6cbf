/**
 * Condensed logs of agentic samples from the eval runtime on mockllm: the size of a sample with
 * 30 model calls and tool calls written condensed (events_data + attachments) against the
 * uncondensed wire form, and samples carried over by eval-retry.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, it } from 'node:test';
import { evalRetry } from '../../src/eval/eval-retry.ts';
import { evaluate } from '../../src/eval/evaluate.ts';
import { includes } from '../../src/eval/scorers/index.ts';
import { defineSolver } from '../../src/eval/solvers/index.ts';
import { task } from '../../src/eval/task.ts';
import { on } from '../../src/hooks/register.ts';
import { condenseSample } from '../../src/log/condense.ts';
import { parseJson, readEvalLog, serializeJson, type LogFormat } from '../../src/log/index.ts';
import { sampleToWire } from '../../src/log/wire.ts';
import type { EvalSample } from '../../src/types/log.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { tempDir } from '../helpers.ts';
import { readMembers } from './helpers.ts';
import { validateLog } from './schema.ts';
import { manualReaderTask } from '../fixtures/log/manual-reader-task.ts';

const MODEL_CALLS = 30;

/** One sample, 30 model calls: 29 ask for a page of the manual, the last one answers. */
function agenticTask() {
  return manualReaderTask({ calls: MODEL_CALLS, name: 'long_agent', id: 'manual' });
}

/** A sample's wire form as JSON text, parsed again (what a reader of that text would see). */
function asRead(sample: EvalSample): unknown {
  return parseJson(serializeJson(sampleToWire(sample)));
}

describe('condensed logs of agentic samples', () => {
  beforeEach(resetHooks);

  for (const format of ['eval', 'json'] as const satisfies readonly LogFormat[]) {
    it(`stores it in at most a third of the uncondensed size and reads back the same events (.${format})`, async (t) => {
      let ran: EvalSample | undefined;
      on('onSampleEnd', ({ sample }) => {
        ran = sample;
      });
      const [log] = await evaluate(agenticTask(), { banner: false, logDir: tempDir(), logFormat: format });
      assert.ok(ran !== undefined, 'the sample ended');
      assert.equal(ran.events.filter((e) => e.event === 'model').length, MODEL_CALLS, `the sample made ${MODEL_CALLS} model calls`);
      assert.equal(ran.events.filter((e) => e.event === 'tool').length, MODEL_CALLS - 1, 'and called the tool in all but the last');

      const uncondensed = serializeJson(sampleToWire(ran)).length;
      const attachmentsOnly = serializeJson(condenseSample(sampleToWire(ran))).length;
      let written: unknown;
      if (format === 'eval') {
        written = (await readMembers(log!.location!)).find((m) => m.name.startsWith('samples/'))!.value;
      } else {
        written = (parseJson(readFileSync(log!.location!, 'utf8')) as { samples: unknown[] }).samples[0];
      }
      const condensed = serializeJson(written).length;
      t.diagnostic(`uncondensed ${uncondensed} B, attachments only ${attachmentsOnly} B, events_data + attachments ${condensed} B (${(uncondensed / condensed).toFixed(1)}x smaller)`);
      assert.ok(condensed * 3 <= uncondensed, `the condensed sample (${condensed} B) is at most a third of the uncondensed one (${uncondensed} B)`);
      assert.ok(condensed < attachmentsOnly, `pooling saves beyond attachments (${condensed} B against ${attachmentsOnly} B)`);
      const data = (written as { events_data?: { messages: unknown[] } }).events_data;
      assert.ok(data !== undefined && data.messages.length === 2 * MODEL_CALLS - 1, 'each message of the conversation is pooled once (system-less: the prompt, then a call and a result per page)');
      assert.deepEqual(validateLog(written, 'EvalSample'), [], 'the condensed sample validates against Inspect\'s schema');

      const back = (await readEvalLog(log!.location!)).samples![0]!;
      assert.deepEqual(asRead(back), asRead(ran), 'the reader returns the sample as it ran: every model event with its full input');
    });
  }

  it('eval-retry carries a completed multi-turn sample into the new log with every model input', async () => {
    let failed = false;
    const t = task({
      name: 'retry_turns',
      dataset: [{ id: 1, input: 'Talk for three turns.', target: 'turn' }, { id: 2, input: 'Fail once, then talk.', target: 'turn' }],
      solver: defineSolver('turns', {}, async (state) => {
        if (state.sampleId === 2 && !failed) {
          failed = true;
          throw new Error('planned failure of sample 2');
        }
        for (let turn = 1; turn <= 3; turn++) {
          state.output = await state.model.generate(state.messages);
          state.messages.push(state.output.choices[0]!.message, { role: 'user', content: `Now turn ${turn + 1}.` });
        }
        return state;
      }),
      scorer: includes(),
    });
    const [original] = await evaluate(t, { banner: false, logDir: tempDir(), failOnError: false });
    const kept = original!.samples!.find((s) => s.id === 1)!;
    const [retried] = await evalRetry(original!.location!, { banner: false, task: t });
    const member = (await readMembers(retried!.location!)).find((m) => m.name === 'samples/1_epoch_1.json')!.value as { events_data?: unknown };
    assert.ok(member.events_data !== undefined, 'the carried-over sample is stored condensed again');
    const carried = (await readEvalLog(retried!.location!)).samples!.find((s) => s.id === 1)!;
    const inputs = (sample: EvalSample): number[] => sample.events.flatMap((e) => (e.event === 'model' ? [e.input.length] : []));
    assert.deepEqual(inputs(carried), [1, 3, 5], 'each model call has its whole input');
    assert.deepEqual(asRead(carried), asRead(kept), 'the sample is the one of the first log');
  });
});
