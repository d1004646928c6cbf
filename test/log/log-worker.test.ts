import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { prepareMember } from '../../src/log/zip/appender.ts';
import { compressMembers } from '../../src/log/log-worker.ts';

describe('the log worker', () => {
  it('gives each member the same entry as compressing it on the calling thread, in the order given', async () => {
    const now = new Date(2026, 0, 2, 3, 4, 6);
    const members = [
      { name: 'samples/1_epoch_1.json', text: JSON.stringify({ id: 1, text: 'é ✓ 𝄞 '.repeat(500) }) },
      { name: 'empty.json', text: '' },
      { name: '_journal/summaries/1.json', text: `[${'{"id":2},'.repeat(2000)}{"id":3}]` },
    ];
    const prepared = await compressMembers(members, now);
    assert.equal(prepared.length, members.length, 'one prepared member per text');
    for (let i = 0; i < members.length; i++) {
      const here = await prepareMember(members[i]!.name, members[i]!.text, now);
      const { entry, data } = prepared[i]!;
      assert.deepEqual(entry, here.entry, `entry of ${members[i]!.name} (name, CRC, sizes, time)`);
      assert.equal(inflateRawSync(data).toString('utf8'), members[i]!.text, `${members[i]!.name} decompresses to its text`);
    }
  });

  it('compresses batches sent at the same time without mixing them up', async () => {
    const batches = Array.from({ length: 20 }, (_, b) => Array.from({ length: 5 }, (_, i) => ({ name: `m${b}-${i}`, text: `batch ${b} member ${i} `.repeat(50) })));
    const results = await Promise.all(batches.map((batch) => compressMembers(batch)));
    results.forEach((prepared, b) => prepared.forEach(({ entry, data }, i) => {
      assert.equal(entry.name, `m${b}-${i}`, 'members keep their batch and position');
      assert.equal(inflateRawSync(data).toString('utf8'), batches[b]![i]!.text, `member ${entry.name} holds its own text`);
    }));
  });
});
