import assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
import { beforeEach, describe, it } from 'node:test';
import { getHookBus } from '../../src/hooks/bus.ts';
import { NO_DECISION } from '../../src/hooks/decision.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import type { RunStart } from '../../src/hooks/payloads/eval.ts';
import { hooks, on } from '../../src/hooks/register.ts';
import { freshHooks } from '../helpers.ts';

const payload: RunStart = { evalSetId: undefined, runId: 'r', taskNames: [] };

/** Counts promises created while `fn` runs synchronously. */
function promisesCreatedBy(fn: () => void): number {
  let count = 0;
  const hook = createHook({
    init(_id, type) {
      if (type === 'PROMISE') count++;
    },
  }).enable();
  try {
    fn();
  } finally {
    hook.disable();
  }
  return count;
}

describe('zero cost when unused', () => {
  beforeEach(freshHooks);

  it('reports no listener, so hosts skip building the payload', () => {
    assert.equal(getHookBus().has('onSampleEvent'), false);
    on('onRunStart', () => undefined);
    assert.equal(getHookBus().has('onSampleEvent'), false);
    assert.equal(getHookBus().has('onRunStart'), true);
  });

  it('creates no promise when nobody listens', () => {
    const bus = getHookBus();
    let results: unknown[] = [];
    const created = promisesCreatedBy(() => {
      results = [bus.emit('onRunStart', payload), bus.decide('onPreToolUse', {} as never)];
    });
    assert.equal(created, 0);
    assert.deepEqual(results, [undefined, NO_DECISION]);
  });

  it('creates no promise for an all-synchronous handler set', () => {
    const seen: string[] = [];
    on('onRunStart', (p) => void seen.push(p.runId));
    hooks({ name: 'sync-class' }, class SyncHook extends Hooks {
      override onRunStart(p: RunStart): void {
        seen.push(`class:${p.runId}`);
      }
    });
    let result: unknown = 'unset';
    const created = promisesCreatedBy(() => {
      result = getHookBus().emit('onRunStart', payload);
    });
    assert.equal(created, 0);
    assert.equal(result, undefined);
    assert.deepEqual(seen, ['r', 'class:r']);
  });

  it('creates promises only once a handler returns one', async () => {
    on('onRunStart', () => undefined);
    on('onRunStart', async () => undefined);
    const pending = getHookBus().emit('onRunStart', payload);
    assert.ok(pending instanceof Promise, 'the async handler makes emit return a promise');
    await pending;
  });
});
