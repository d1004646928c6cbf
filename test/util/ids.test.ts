import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashId, shortUuid } from '../../src/util/ids.ts';

describe('ids', () => {
  it('makes 22-character base57 ids, all different, across refills of the random pool', () => {
    // 10,000 ids draw about 250 KB of random bytes: the 64 KB pool is refilled a few times.
    const ids = Array.from({ length: 10_000 }, () => shortUuid());
    for (const id of ids) assert.match(id, /^[23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz]{22}$/);
    assert.equal(new Set(ids).size, ids.length);
    // Every character of the alphabet turns up, in roughly even shares (220,000 draws, 57 values).
    const counts = new Map<string, number>();
    for (const id of ids) for (const c of id) counts.set(c, (counts.get(c) ?? 0) + 1);
    assert.equal(counts.size, 57);
    for (const n of counts.values()) assert.ok(n > 3550 && n < 4170, `a share of ${n} of 220,000 (expected about 3,860, give or take 5 standard deviations)`);
  });

  it('derives the same id from the same text, of the length asked', () => {
    assert.equal(hashId('sample 1'), hashId('sample 1'));
    assert.notEqual(hashId('sample 1'), hashId('sample 2'));
    assert.equal(hashId('x', 30).length, 30);
  });
});
