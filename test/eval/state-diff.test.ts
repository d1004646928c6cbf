import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { evaluate } from '../../src/eval/evaluate.ts';
import { diffState } from '../../src/eval/state-diff.ts';
import type { JsonChange, StateEvent } from '../../src/types/events.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { mockTask } from './runtime-helpers.ts';

/** Applies JSON-Patch `add`, `remove` and `replace` operations in order (enough for what diffState makes). */
function applyPatch(document: unknown, changes: readonly JsonChange[]): unknown {
  for (const { op, path, value } of changes) {
    const keys = path.split('/').slice(1).map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'));
    if (keys.length === 0) {
      document = value;
      continue;
    }
    let parent = document as Record<string, unknown> | unknown[];
    for (const key of keys.slice(0, -1)) parent = (parent as Record<string, unknown>)[key] as Record<string, unknown> | unknown[];
    const last = keys[keys.length - 1]!;
    if (Array.isArray(parent)) {
      const index = Number(last);
      if (op === 'add') parent.splice(index, 0, value);
      else if (op === 'remove') parent.splice(index, 1);
      else parent[index] = value;
    } else if (op === 'remove') {
      Reflect.deleteProperty(parent, last);
    } else {
      parent[last] = value;
    }
  }
  return document;
}

describe('state events', () => {
  it('diffs objects and arrays as JSON Patch with escaped paths', () => {
    const before = { messages: [{ role: 'user' }], store: { 'a/b': 1, gone: true }, completed: false };
    const after = { messages: [{ role: 'user' }, { role: 'assistant' }], store: { 'a/b': 2, 'new~key': 'x' }, completed: true };
    assert.deepEqual(diffState(before, after), [
      { op: 'add', path: '/messages/1', value: { role: 'assistant' } },
      { op: 'remove', path: '/store/gone', value: null, replaced: true },
      { op: 'replace', path: '/store/a~1b', value: 2, replaced: 1 },
      { op: 'add', path: '/store/new~0key', value: 'x' },
      { op: 'replace', path: '/completed', value: true, replaced: false },
    ]);
    assert.deepEqual(diffState({ a: [1, 2, 3] }, { a: [1] }), [
      { op: 'remove', path: '/a/2', value: null, replaced: 3 },
      { op: 'remove', path: '/a/1', value: null, replaced: 2 },
    ]);
    assert.deepEqual(diffState({ x: Number.NaN }, { x: Number.NaN }), []);
  });

  it('makes a patch that turns any snapshot into any other, and none between equal ones', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constantFrom(null, true, false, 0, 1, Number.NaN), fc.integer(), fc.string({ maxLength: 4 }), tie('array'), tie('record')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      record: fc.dictionary(fc.constantFrom('a', 'b', 'c/d', 'e~f', '0', '1', 'messages'), tie('value'), { maxKeys: 4, noNullPrototype: true }),
    }));
    fc.assert(
      fc.property(json.record, json.record, (before, after) => {
        assert.deepEqual(applyPatch(structuredClone(before), diffState(before, after)), after);
        assert.deepEqual(diffState(after, structuredClone(after)), []);
      }),
      { numRuns: 500 },
    );
  });

  it('records one state event per solver that changed the state, in wire form', async () => {
    resetHooks();
    const [log] = await evaluate(mockTask(), { banner: false, noLog: true });
    const states = log!.samples![0]!.events.filter((e): e is StateEvent => e.event === 'state');
    assert.equal(states.length, 1);
    const paths = states[0]!.changes.map((c) => c.path);
    assert.ok(paths.includes('/messages/1'), `assistant message added (${paths.join(', ')})`);
    assert.ok(paths.some((p) => p.startsWith('/output')), 'output changed');
  });
});
