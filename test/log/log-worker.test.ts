import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { isCloneFaithful } from '../../src/log/clone-faithful.ts';
import { type EncodedEvalSample, encodeEvalBatch, encodeJsonBatch, logWorkerStatus } from '../../src/log/log-worker.ts';
import { sampleJson, summaryJson } from '../../src/log/sample-text.ts';
import { prepareMember } from '../../src/log/zip/appender.ts';
import type { EvalSample } from '../../src/types/log.ts';
import { makeSample } from './fixtures.ts';

/** A value with its own JSON form: the log must show `toJSON()`'s result, which a structured clone would lose. */
class Money {
  constructor(readonly cents: number) {}
  toJSON(): string {
    return `$${(this.cents / 100).toFixed(2)}`;
  }
}

function encoded(item: EncodedEvalSample | Error | undefined): EncodedEvalSample {
  assert.ok(item !== undefined && !(item instanceof Error), `the sample was encoded (${item instanceof Error ? item.message : 'no result'})`);
  return item;
}

const inflated = (data: Buffer): string => inflateRawSync(data).toString('utf8');

describe('the log worker', () => {
  it('gives each member the same entry as compressing its text on the calling thread, in the order given', async () => {
    const now = new Date(2026, 0, 2, 3, 4, 6);
    const samples = [makeSample(1, { padding: 3000 }), makeSample('two'), makeSample(3)];
    // Multi-byte UTF-8: sizes and CRCs are of the bytes, not the characters.
    samples[1]!.store = { text: 'é ✓ 𝄞 '.repeat(500) };
    const { items, journal } = await encodeEvalBatch(samples, '_journal/summaries/1.json', now);
    assert.equal(items.length, samples.length, 'one encoded member per sample');
    for (let i = 0; i < samples.length; i++) {
      const { entry, data } = encoded(items[i]).member;
      const here = await prepareMember(`samples/${samples[i]!.id}_epoch_1.json`, sampleJson(samples[i]!), now);
      assert.deepEqual(entry, here.entry, `entry of sample ${samples[i]!.id} (name, CRC, sizes, time)`);
      assert.equal(inflated(data), sampleJson(samples[i]!), `sample ${samples[i]!.id} decompresses to its text`);
    }
    const here = await prepareMember('_journal/summaries/1.json', `[${samples.map(summaryJson).join(',')}]`, now);
    assert.deepEqual(journal?.entry, here.entry, 'the journal member has the entry of its text compressed here');
  });

  it('encodes batches sent at the same time without mixing them up', async () => {
    const batches = Array.from({ length: 20 }, (_, b) => Array.from({ length: 5 }, (_, i) => makeSample(`b${b}-s${i}`)));
    const results = await Promise.all(batches.map((batch, b) => encodeEvalBatch(batch, `_journal/summaries/${b + 1}.json`)));
    results.forEach(({ items, journal }, b) => {
      items.forEach((item, i) => {
        const { entry, data } = encoded(item).member;
        assert.equal(entry.name, `samples/b${b}-s${i}_epoch_1.json`, 'members keep their batch and position');
        assert.equal(inflated(data), sampleJson(batches[b]![i]!), `member ${entry.name} holds its own sample`);
      });
      assert.equal(journal?.entry.name, `_journal/summaries/${b + 1}.json`, 'each batch has its own journal member');
      assert.equal(inflated(journal.data), `[${batches[b]!.map(summaryJson).join(',')}]`, `journal ${b + 1} lists its own summaries`);
    });
  });

  it('encodes an .eval batch to exactly the text and summary the calling thread makes, NaN scores included', async () => {
    const samples = [makeSample(1, { nanScore: true }), makeSample('two', { epoch: 2 }), makeSample(3)];
    assert.ok(sampleJson(samples[0]!).includes('NaN'), 'the fixture has a NaN score, which plain JSON would turn into null');
    const { items, journal } = await encodeEvalBatch(samples, '_journal/summaries/7.json');
    samples.forEach((sample, i) => {
      const item = encoded(items[i]);
      assert.equal(item.member.entry.name, `samples/${sample.id}_epoch_${sample.epoch}.json`, 'the member is named after id and epoch');
      assert.equal(inflated(item.member.data), sampleJson(sample), `sample ${sample.id}: the member holds the sample's text`);
      assert.equal(item.member.entry.size, Buffer.byteLength(sampleJson(sample)), 'the entry has the text size in bytes');
    });
    assert.ok(journal !== undefined, 'the batch has its journal member');
    assert.equal(journal.entry.name, '_journal/summaries/7.json', 'the journal member has the name given');
    assert.equal(inflated(journal.data), `[${samples.map(summaryJson).join(',')}]`, 'the journal lists the summaries in order');
    assert.equal(logWorkerStatus(), 'running', 'the batch went to the worker thread (no fallback)');
  });

  it('encodes on the calling thread, with the same result, when the worker cannot start, and says so once', () => {
    // A child process whose log worker is given an entry that does not exist.
    const script = `
      const { encodeEvalBatch, logWorkerStatus, startLogWorker } = await import(${JSON.stringify(new URL('../../src/log/log-worker.ts', import.meta.url).href)});
      const { makeSample } = await import(${JSON.stringify(new URL('./fixtures.ts', import.meta.url).href)});
      const { sampleJson } = await import(${JSON.stringify(new URL('../../src/log/sample-text.ts', import.meta.url).href)});
      const { inflateRawSync } = await import('node:zlib');
      startLogWorker({ entry: new URL('./no-such-entry.js', import.meta.url) });
      const sample = makeSample(1, { nanScore: true });
      const { items } = await encodeEvalBatch([sample], '_journal/summaries/1.json');
      console.log(JSON.stringify({ status: logWorkerStatus(), same: inflateRawSync(items[0].member.data).toString('utf8') === sampleJson(sample) }));
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(child.status, 0, `the script ran: ${child.stderr}`);
    const result = JSON.parse(child.stdout.trim().split('\n').pop()!) as { status: string; same: boolean };
    assert.equal(result.status, 'failed', 'the worker could not load its entry');
    assert.equal(result.same, true, 'the sample was encoded all the same, to the same text');
    const warnings = child.stderr.match(/hookline: warning: The log worker failed: .*no-such-entry.*Samples are encoded on the main thread from now on/g) ?? [];
    assert.equal(warnings.length, 1, `one warning names the failure: ${child.stderr}`);
  });

  it('stops a worker that gives no answer within its timeout, says so, and encodes the batch here', () => {
    const script = `
      const { encodeEvalBatch, logWorkerStatus, startLogWorker } = await import(${JSON.stringify(new URL('../../src/log/log-worker.ts', import.meta.url).href)});
      const { makeSample } = await import(${JSON.stringify(new URL('./fixtures.ts', import.meta.url).href)});
      const { sampleJson } = await import(${JSON.stringify(new URL('../../src/log/sample-text.ts', import.meta.url).href)});
      const { inflateRawSync } = await import('node:zlib');
      startLogWorker({ entry: new URL(${JSON.stringify(new URL('../fixtures/log/silent-worker.mjs', import.meta.url).href)}), timeoutMs: 300 });
      const sample = makeSample(1);
      const { items } = await encodeEvalBatch([sample], '_journal/summaries/1.json');
      console.log(JSON.stringify({ status: logWorkerStatus(), same: inflateRawSync(items[0].member.data).toString('utf8') === sampleJson(sample) }));
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(child.status, 0, `the script ran to its end (no hang): ${child.stderr}`);
    const result = JSON.parse(child.stdout.trim().split('\n').pop()!) as { status: string; same: boolean };
    assert.equal(result.status, 'failed', 'the silent worker was given up');
    assert.equal(result.same, true, 'the batch was encoded here, to the same text');
    assert.match(child.stderr, /log worker failed: it gave no answer for 0\.3 s, and is stopped\. Samples are encoded on the main thread/, 'a warning says what happened');
  });

  it('starts from the sources in a process that loads TypeScript with --import tsx', () => {
    const script = `
      const { encodeJsonBatch, logWorkerStatus } = await import(${JSON.stringify(new URL('../../src/log/log-worker.ts', import.meta.url).href)});
      const { makeSample } = await import(${JSON.stringify(new URL('./fixtures.ts', import.meta.url).href)});
      await encodeJsonBatch([makeSample(1)]);
      console.log(logWorkerStatus());
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(child.status, 0, `the script ran: ${child.stderr}`);
    assert.equal(child.stdout.trim().split('\n').pop(), 'running', 'the worker loaded its TypeScript entry');
  });

  it('encodes a sample holding a class instance where it ran, so the log shows its toJSON()', async () => {
    const sample = makeSample(1, {});
    sample.metadata = { price: new Money(1250) };
    assert.equal(isCloneFaithful(sample), false, 'a clone would lose the class');
    const { items } = await encodeEvalBatch([sample], '_journal/summaries/1.json');
    const text = inflated(encoded(items[0]).member.data);
    assert.match(text, /"price":"\$12\.50"/, 'the member holds the value toJSON() gives');
    assert.equal(text, sampleJson(sample), 'the same text as encoding it here');
  });

  it('gives a sample that cannot be serialised an error, and logs the others of its batch', async () => {
    const bad: EvalSample = makeSample('bad');
    bad.metadata = { big: 10n };
    const samples = [makeSample(1), bad, makeSample(2)];
    const { items, journal } = await encodeEvalBatch(samples, '_journal/summaries/1.json');
    assert.ok(items[1] instanceof Error, 'the BigInt sample has an error');
    assert.match(items[1].message, /BigInt/i, 'the error says what could not be serialised');
    assert.equal(inflated(encoded(items[0]).member.data), sampleJson(samples[0]!), 'the sample before it is encoded');
    assert.equal(inflated(encoded(items[2]).member.data), sampleJson(samples[2]!), 'the sample after it is encoded');
    assert.equal(inflated(journal!.data), `[${summaryJson(samples[0]!)},${summaryJson(samples[2]!)}]`, 'the journal lists only the encoded samples');
  });

  it('encodes .json journal lines as the calling thread does, one error for a sample that cannot be serialised', async () => {
    const bad = makeSample('bad');
    bad.store = { big: 1n };
    const samples = [makeSample(1), bad, makeSample('x', { epoch: 3 })];
    const lines = await encodeJsonBatch(samples);
    assert.equal(lines.length, 3, 'one result per sample');
    assert.ok(lines[1] instanceof Error && /BigInt/i.test(lines[1].message), 'the BigInt sample has an error naming the problem');
    for (const i of [0, 2]) {
      const line = lines[i];
      assert.ok(Buffer.isBuffer(line), `sample ${i} has a line`);
      assert.equal(line.toString('utf8'), `${sampleJson(samples[i]!)}\n`, `sample ${i}: its text and a newline`);
    }
  });
});

describe('isCloneFaithful', () => {
  it('accepts what a structured clone keeps as it is: plain objects, arrays, dates, JSON primitives, bigints', () => {
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    const value = { a: [1, 'x', null, undefined, true, 2n, NaN], b: { when: new Date(0), nested: [{ deep: nullProto }] } };
    assert.equal(isCloneFaithful(value), true, 'plain data is faithful');
  });

  it('rejects what a clone would change or cannot carry', () => {
    class Point {
      x = 1;
    }
    class NamedError extends Error {
      override name = 'NamedError';
    }
    const cases: [string, unknown][] = [
      ['a class instance', { p: new Point() }],
      ['an error (its class name is lost)', [new NamedError('x')]],
      ['a function', { f: () => 1 }],
      ['a symbol', { s: Symbol('x') }],
      ['a Map', { m: new Map() }],
      ['a boxed string', { s: Object('x') as unknown }],
      ['a Date subclass', { d: new (class extends Date {})() }],
    ];
    for (const [what, value] of cases) assert.equal(isCloneFaithful(value), false, `${what} is not faithful`);
  });

  it('ends on a cycle and on very deep nesting, answering false', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    assert.equal(isCloneFaithful(cycle), false, 'a cycle is not walked forever');
    let deep: unknown = 1;
    for (let i = 0; i < 1000; i++) deep = [deep];
    assert.equal(isCloneFaithful(deep), false, 'nesting past the limit is encoded where it ran');
  });
});
