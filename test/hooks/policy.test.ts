import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { HookError, InvalidHookError } from '../../src/errors.ts';
import { getHookBus } from '../../src/hooks/bus.ts';
import type { RunStart } from '../../src/hooks/payloads/eval.ts';
import { on } from '../../src/hooks/register.ts';
import { freshHooks, recordWarnings, sleep } from '../helpers.ts';

function runStart(runId: string): RunStart {
  return { evalSetId: undefined, runId, taskNames: [] };
}

async function emit(runId: string): Promise<void> {
  const pending = getHookBus().emit('onRunStart', runStart(runId));
  if (pending !== undefined) await pending;
}

describe('per-registration policy', () => {
  beforeEach(freshHooks);

  it('abandons a hook past timeoutMs with a warning and goes on', async () => {
    const { restore, messages } = recordWarnings();
    const after: string[] = [];
    on('onRunStart', () => new Promise<void>(() => undefined), { timeoutMs: 30, name: 'hangs' });
    on('onRunStart', () => void after.push('next'));
    await emit('r');
    restore();
    assert.deepEqual(after, ['next']);
    assert.match(messages()[0]!, /timed out after 30ms on onRunStart/);
  });

  it('propagates failures with onError "throw" as a HookError naming hook and event', async () => {
    on('onRunStart', function strict() {
      throw new Error('must stop');
    }, { onError: 'throw' });
    await assert.rejects(emit('r'), (e: unknown) => e instanceof HookError && e.hook === 'strict' && e.event === 'onRunStart' && /must stop/.test(e.message));
  });

  it('rejects policies that do not fit the event', () => {
    assert.throws(() => on('onPreToolUse', () => undefined, { background: true } as never), InvalidHookError);
    assert.throws(() => on('onRunStart', () => undefined, { onError: 'block' } as never), InvalidHookError);
    assert.throws(() => on('onBeforeModelGenerate', () => undefined, { background: true } as never), InvalidHookError);
  });
});

describe('background delivery', () => {
  beforeEach(freshHooks);

  it('never blocks the emitter, delivers in order, and flush() waits for delivery', async () => {
    const delivered: string[] = [];
    on('onRunStart', async (p) => {
      await sleep(5);
      delivered.push(p.runId);
    }, { background: true });
    for (const id of ['a', 'b', 'c']) {
      const pending = getHookBus().emit('onRunStart', runStart(id));
      assert.equal(pending, undefined, 'a background handler gives the emitter nothing to await');
    }
    assert.deepEqual(delivered, []);
    await getHookBus().flush();
    assert.deepEqual(delivered, ['a', 'b', 'c']);
  });

  it('counts and warns about overflow instead of dropping silently', async () => {
    const { restore, messages } = recordWarnings();
    const delivered: string[] = [];
    on('onRunStart', async (p) => {
      await sleep(1);
      delivered.push(p.runId);
    }, { background: true, queueCapacity: 3, name: 'slow' });
    for (let i = 0; i < 10; i++) void getHookBus().emit('onRunStart', runStart(String(i)));
    await getHookBus().flush();
    restore();
    const stats = getHookBus().backgroundStats()[0]!;
    assert.equal(stats.dropped, 7);
    assert.equal(stats.delivered, 3);
    assert.deepEqual(delivered, ['0', '1', '2']);
    assert.equal(stats.peakPending, 3);
    assert.ok(messages().some((m) => /Background hook '.*' on onRunStart: 3 items pending \(the queue limit\)/.test(m)), 'overflow warned when it starts');
    assert.ok(messages().some((m) => /dropped 7 item\(s\) \(7 onRunStart\) because 3 were pending; raise its policy.queueCapacity/.test(m)), 'overflow count reported');
  });

  it('reports a failing background hook as a warning', async () => {
    const { restore, messages } = recordWarnings();
    on('onRunStart', () => {
      throw new Error('bg failure');
    }, { background: true });
    void getHookBus().emit('onRunStart', runStart('x'));
    await getHookBus().flush();
    restore();
    assert.match(messages().join('\n'), /bg failure/);
  });
});
