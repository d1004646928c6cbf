import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseJson, serializeJson } from '../../src/log/json.ts';
import { reductionsJsonChunks, reductionsToWire } from '../../src/log/wire.ts';
import type { EvalSampleReductions } from '../../src/types/log.ts';

const value = fc.oneof(fc.constantFrom('C', 'I', 'P'), fc.double(), fc.integer(), fc.boolean());
const sampleScore = fc.record(
  {
    sampleId: fc.oneof(fc.integer({ min: 1 }), fc.string({ minLength: 1 })),
    value,
    answer: fc.string(),
    explanation: fc.string(),
    metadata: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())),
  },
  { requiredKeys: ['sampleId', 'value'] },
);
const reductions = fc.array(
  fc.record({ scorer: fc.string({ minLength: 1 }), reducer: fc.constantFrom('mean', 'max', 'mode'), samples: fc.array(sampleScore, { maxLength: 40 }) }, { requiredKeys: ['scorer', 'samples'] }),
  { maxLength: 4 },
);

describe('reductions written in pieces', () => {
  it('joins to exactly the text of the whole wire form, NaN and Infinity included', () => {
    fc.assert(
      fc.property(reductions, (list) => {
        const whole = serializeJson(reductionsToWire(list as EvalSampleReductions[]));
        assert.equal([...reductionsJsonChunks(list as EvalSampleReductions[])].join(''), whole);
      }),
      { numRuns: 300 },
    );
  });

  it('never puts more than a thousand sample scores in one piece', () => {
    const list: EvalSampleReductions[] = [{ scorer: 'match', samples: Array.from({ length: 2500 }, (_, i) => ({ sampleId: i + 1, value: 'C', answer: String(i), history: [] })) }];
    const pieces = [...reductionsJsonChunks(list)];
    const largest = Math.max(...pieces.map((p) => (p.match(/"sample_id"/g) ?? []).length));
    assert.equal(largest, 1000, `largest piece holds ${largest} sample scores`);
    assert.deepEqual(parseJson(pieces.join('')), reductionsToWire(list));
  });
});
