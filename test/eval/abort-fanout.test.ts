import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it } from 'node:test';
import { linkedController, onAbort } from '../../src/util/abort-fanout.ts';

describe('abort listeners on a shared signal', () => {
  it('calls every waiter once when the signal aborts, except the ones that stopped watching', () => {
    const controller = new AbortController();
    const called: number[] = [];
    const forgets = Array.from({ length: 1000 }, (_, i) => onAbort(controller.signal, () => called.push(i)));
    for (let i = 0; i < 1000; i += 2) forgets[i]!();
    assert.equal(getEventListeners(controller.signal, 'abort').length, 1, 'one listener on the signal, however many waiters');
    controller.abort();
    controller.abort();
    assert.equal(called.length, 500, 'each remaining waiter is called once');
    assert.ok(called.every((i) => i % 2 === 1), 'waiters that stopped watching are not called');
  });

  it('calls a waiter at once when the signal has already aborted', () => {
    let called = 0;
    onAbort(AbortSignal.abort(), () => called++);
    assert.equal(called, 1, 'called immediately');
  });

  it('aborts a linked controller with the shared signal\'s reason, and not after it is unlinked', () => {
    const shared = new AbortController();
    const first = linkedController(shared.signal);
    const second = linkedController(shared.signal);
    second.unlink();
    const reason = new Error('task cancelled');
    shared.abort(reason);
    assert.equal(first.controller.signal.reason, reason, 'same reason');
    assert.equal(second.controller.signal.aborted, false, 'an unlinked controller stays as it is');
  });
});
