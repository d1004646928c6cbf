import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summaryToWire, toSampleSummary } from '../../src/log/index.ts';
import { ownCopy, thinScore } from '../../src/log/summary.ts';
import { makeSample } from './fixtures.ts';
import { validateLog } from './schema.ts';

describe('toSampleSummary', () => {
  it('keeps ids, usage, times and counts, and turns error and limit into strings', () => {
    const sample = makeSample('s1', { error: true, limit: true, epoch: 3 });
    const summary = toSampleSummary(sample);
    assert.equal(summary.id, 's1');
    assert.equal(summary.epoch, 3);
    assert.equal(summary.completed, true);
    assert.equal(summary.messageCount, 5);
    assert.equal(summary.error, 'RuntimeError: boom');
    assert.equal(summary.limit, 'message');
    assert.equal(summary.retries, 1);
    assert.equal(summary.uuid, sample.uuid);
    assert.deepEqual(summary.modelUsage, sample.modelUsage);
    assert.equal(summary.totalTime, 1);
    assert.deepEqual(validateLog(summaryToWire(summary), 'EvalSampleSummary'), []);
  });

  it('truncates long input and target text and replaces media by a label', () => {
    const sample = makeSample(1);
    sample.input = [
      { role: 'user', content: [{ type: 'text', text: 'y'.repeat(6000) }, { type: 'image', image: 'data:image/png;base64,AAAA' }] },
      { role: 'user', content: 'z'.repeat(5121) },
    ];
    sample.target = ['t'.repeat(5200), 'short'];
    const summary = toSampleSummary(sample);
    const [first, second] = summary.input as { content: unknown }[];
    assert.deepEqual(first!.content, [
      { type: 'text', text: `${'y'.repeat(5120)}...\n(content truncated)` },
      { type: 'text', text: '(Image)' },
    ]);
    assert.equal(second!.content, `${'z'.repeat(5120)}...\n(content truncated)`);
    assert.deepEqual(summary.target, [`${'t'.repeat(5120)}...\n(content truncated)`, 'short']);
    assert.equal((sample.input[0]!.content as unknown[]).length, 2, 'the sample itself is not changed');
    assert.equal((sample.input[0]!.content as { text?: string }[])[0]!.text!.length, 6000);
  });

  it('thins metadata: scalars kept, long strings shortened, large values removed', () => {
    const sample = makeSample(1);
    sample.metadata = { n: 3, ok: true, none: null, short: 'a  b', long: 'word '.repeat(400), big: { list: 'x'.repeat(2000) }, small: { a: 1 } };
    sample.scores = { match: { value: 'C', answer: 'a'.repeat(2000), explanation: 'e', metadata: { big: 'x'.repeat(3000) }, history: [] } };
    const summary = toSampleSummary(sample);
    assert.equal(summary.metadata.n, 3);
    assert.equal(summary.metadata.ok, true);
    assert.equal(summary.metadata.none, null);
    assert.equal(summary.metadata.short, 'a b', 'whitespace collapsed, as textwrap.shorten does');
    const long = summary.metadata.long as string;
    assert.ok(long.length <= 1024 && long.endsWith('word...'), long.slice(-20));
    assert.equal(summary.metadata.big, 'Key removed from summary (> 1k)');
    assert.deepEqual(summary.metadata.small, { a: 1 });
    const score = summary.scores!.match!;
    assert.equal(score.answer, `${'a'.repeat(1024)}...\n(content truncated)`);
    assert.equal(score.explanation, 'e');
    assert.ok((score.metadata!.big as string).length <= 1024, 'score metadata is thinned');
  });
});

describe('thinScore', () => {
  it('keeps the same text, its strings copies of their own, lone surrogates and a __proto__ key included', () => {
    const long = `${'é'.repeat(40)}\ud800${'x'.repeat(3000)}`;
    const score = thinScore({ value: { grade: long.slice(0, 30), n: 1 }, answer: long, explanation: long.slice(2, 20), metadata: JSON.parse('{"__proto__": "kept as a key", "list": ["a fairly long string item"]}') as Record<string, unknown>, history: [] });
    assert.deepEqual(score.value, { grade: long.slice(0, 30), n: 1 }, 'the value, as it was');
    assert.equal(score.answer, `${long.slice(0, 1024)}...\n(content truncated)`, 'the answer cut at 1 KB, and marked as cut');
    assert.equal(score.explanation, long.slice(2, 20), 'a short explanation as it was');
    assert.equal(Object.getPrototypeOf(score.metadata), Object.prototype, 'no prototype set from the data');
    assert.deepEqual(Object.keys(score.metadata!), ['__proto__', 'list'], 'the __proto__ key kept as a key');
    assert.equal(ownCopy(`\ud800${'y'.repeat(20)}`), `\ud800${'y'.repeat(20)}`, 'a lone surrogate survives the copy');
  });
});
