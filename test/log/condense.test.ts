import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { evaluate } from '../../src/eval/evaluate.ts';
import { includes } from '../../src/eval/scorers/index.ts';
import { defineSolver } from '../../src/eval/solvers/index.ts';
import { task } from '../../src/eval/task.ts';
import { condenseSample } from '../../src/log/condense.ts';
import { readEvalLog, serializeJson, type LogFormat } from '../../src/log/index.ts';
import { sampleToWire } from '../../src/log/wire.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { tempDir } from '../helpers.ts';
import { readMembers } from './helpers.ts';
import { validateLog } from './schema.ts';

/** An agentic sample: 15 model calls, each sending the whole (long) conversation so far. */
function agenticTask() {
  const paragraph = (turn: number): string => `Turn ${turn}: ${'the quick brown fox jumps over the lazy dog '.repeat(8)}`;
  return task({
    name: 'agentic',
    dataset: [{ id: 1, input: paragraph(0), target: 'fox' }],
    solver: defineSolver('loop', {}, async (state, generate) => {
      for (let turn = 1; turn <= 15; turn++) {
        await generate(state);
        state.messages.push({ role: 'user', content: paragraph(turn) });
      }
      return state;
    }),
    scorer: includes(),
  });
}

describe('condensed samples (attachments)', () => {
  beforeEach(resetHooks);

  for (const format of ['eval', 'json'] as const satisfies readonly LogFormat[]) {
    it(`stores each long message once and reads the sample back whole (.${format})`, async () => {
      const [log] = await evaluate(agenticTask(), { banner: false, logDir: tempDir(), logFormat: format });
      const back = await readEvalLog(log!.location!);
      const sample = back.samples![0]!;
      assert.equal(sample.messages.length, 31, 'the conversation is complete');
      assert.ok(!JSON.stringify(sample).includes('attachment://'), 'references are resolved when read');
      const full = serializeJson(sampleToWire(sample));
      const condensed = serializeJson(condenseSample(sampleToWire(sample)));
      assert.ok(condensed.length * 2 < full.length, `condensed ${condensed.length} B against ${full.length} B uncondensed`);
      if (format === 'eval') {
        const member = (await readMembers(log!.location!)).find((m) => m.name.startsWith('samples/'))!;
        const wire = member.value as { attachments: Record<string, string> };
        assert.ok(Object.keys(wire.attachments).length >= 16, 'the long messages are attachments');
        assert.ok(JSON.stringify(member.value).length * 2 < full.length, 'the written member is the condensed form');
        assert.deepEqual(validateLog(member.value, 'EvalSample'), [], 'and validates');
      }
    });
  }

  it('leaves short strings and samples without long text as they are', () => {
    const wire = { id: 1, epoch: 1, messages: [{ role: 'user', content: 'short' }], events: [], attachments: {} };
    assert.equal(condenseSample(wire), wire, 'nothing to condense: the same object');
  });
});
