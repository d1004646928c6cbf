import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate } from '../../src/eval/evaluate.ts';
import { diffState } from '../../src/eval/state-diff.ts';
import type { StateEvent } from '../../src/types/events.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { mockTask } from './runtime-helpers.ts';

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
