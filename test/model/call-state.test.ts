import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copyJson, unchangedCopy } from '../../src/model/call-state.ts';

class Attachment {
  constructor(readonly name: string) {}
}

describe('copyJson and unchangedCopy', () => {
  const original = { role: 'user', content: [{ type: 'text', text: 'hi' }], n: NaN, zero: -0, file: new Attachment('a.png'), list: [1, [2, 3]] };

  it('copies plain objects and arrays all the way down and shares everything else', () => {
    const copy = copyJson(original);
    assert.notEqual(copy, original);
    assert.notEqual(copy.content[0], original.content[0]);
    assert.notEqual(copy.list[1], original.list[1]);
    assert.equal(copy.file, original.file, 'a class instance is shared');
    assert.deepEqual(copy, original);
  });

  it('tells an untouched copy from one edited anywhere', () => {
    assert.equal(unchangedCopy(copyJson(original), original), true, 'untouched (NaN and -0 included)');
    const edits: [string, (c: typeof original) => void][] = [
      ['a nested string', (c) => (c.content[0]!.text = 'ho')],
      ['a pushed item', (c) => (c.list[1] as number[]).push(4)],
      ['an added key, even undefined', (c) => Object.assign(c, { extra: undefined })],
      ['a deleted key', (c) => delete (c as Partial<typeof original>).role],
      ['-0 made 0', (c) => (c.zero = 0)],
      ['a shared instance replaced by an equal one', (c) => (c.file = new Attachment('a.png'))],
      ['an array replaced by an object', (c) => Object.assign(c, { list: { 0: 1, 1: [2, 3] } })],
    ];
    for (const [what, edit] of edits) {
      const copy = copyJson(original);
      edit(copy);
      assert.equal(unchangedCopy(copy, original), false, what);
    }
  });
  it('copies and compares own keys only, with a key added to Object.prototype', () => {
    const message = { role: 'user', content: 'hi' };
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = 1;
    try {
      const copy = copyJson(message);
      assert.deepEqual(Object.keys(copy), ['role', 'content']);
      assert.equal(unchangedCopy(copy, message), true);
      assert.equal(unchangedCopy({ ...copy, extra: 1 }, message), false, 'a key added by a hook still counts');
    } finally {
      delete proto.polluted;
    }
  });
});
