import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { CancelledError, LimitExceededError } from '../../src/errors.ts';
import { getHookBus } from '../../src/hooks/bus.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import type { RunStart } from '../../src/hooks/payloads/eval.ts';
import { hooks, on } from '../../src/hooks/register.ts';
import { freshHooks, recordWarnings, sleep } from '../helpers.ts';

const runStart: RunStart = { evalSetId: undefined, runId: 'run-1', taskNames: ['t'] };

async function emitRunStart(payload: RunStart = runStart): Promise<void> {
  const pending = getHookBus().emit('onRunStart', payload);
  if (pending !== undefined) await pending;
}

describe('observer dispatch', () => {
  beforeEach(freshHooks);

  it('runs observers in registration order, each awaited before the next', async () => {
    const log: string[] = [];
    on('onRunStart', async () => {
      log.push('a:start');
      await sleep(20);
      log.push('a:end');
    });
    on('onRunStart', () => {
      log.push('b');
    });
    hooks({ name: 'c' }, class C extends Hooks {
      override async onRunStart(): Promise<void> {
        await sleep(5);
        log.push('c');
      }
    });
    await emitRunStart();
    assert.deepEqual(log, ['a:start', 'a:end', 'b', 'c']);
  });

  it('gives every handler the same payload object', async () => {
    const seen: RunStart[] = [];
    on('onRunStart', (p) => void seen.push(p));
    on('onRunStart', (p) => void seen.push(p));
    await emitRunStart();
    assert.equal(seen[0], runStart);
    assert.equal(seen[1], runStart);
  });

  it('consults enabled() per hook per emission', async () => {
    let enabled = false;
    const calls: string[] = [];
    hooks({ name: 'toggle' }, class Toggle extends Hooks {
      override enabled(): boolean {
        return enabled;
      }
      override onRunStart(p: RunStart): void {
        calls.push(p.runId);
      }
    });
    await emitRunStart({ ...runStart, runId: 'off' });
    enabled = true;
    await emitRunStart({ ...runStart, runId: 'on' });
    enabled = false;
    await emitRunStart({ ...runStart, runId: 'off-again' });
    assert.deepEqual(calls, ['on']);
  });

  it('turns an exception into one warning naming the hook, the event and the error, and goes on', async () => {
    const { messages, restore } = recordWarnings();
    const after: string[] = [];
    hooks({ name: 'broken' }, class BrokenHook extends Hooks {
      override onRunStart(): void {
        throw new Error('boom');
      }
    });
    on('onRunStart', async () => {
      await Promise.reject(new Error('async boom'));
    });
    on('onRunStart', () => void after.push('ran'));
    await emitRunStart();
    restore();
    assert.deepEqual(after, ['ran']);
    assert.equal(messages().length, 2);
    assert.match(messages()[0]!, /'broken'/);
    assert.match(messages()[0]!, /onRunStart/);
    assert.match(messages()[0]!, /boom/);
    assert.match(messages()[1]!, /async boom/);
  });

  it('lets LimitExceededError propagate and skips later hooks of that emission', async () => {
    const later: string[] = [];
    on('onRunStart', () => {
      throw new LimitExceededError('custom', { value: 1, limit: 0, message: 'stop here' });
    });
    on('onRunStart', () => void later.push('called'));
    await assert.rejects(emitRunStart(), (e: unknown) => e instanceof LimitExceededError && e.message === 'stop here');
    assert.deepEqual(later, []);
  });

  it('lets LimitExceededError from an async hook propagate too', async () => {
    const later: string[] = [];
    on('onRunStart', async () => {
      await sleep(1);
      throw new LimitExceededError('token', { value: 10, limit: 5 });
    });
    on('onRunStart', () => void later.push('called'));
    await assert.rejects(emitRunStart(), LimitExceededError);
    assert.deepEqual(later, []);
  });

  it('awaits an async observer that runs last and turns its rejection into a warning naming it', async () => {
    const { messages, restore } = recordWarnings();
    const seen: string[] = [];
    on('onRunStart', () => void seen.push('sync'));
    on('onRunStart', async function lastHook() {
      await sleep(1);
      seen.push('async');
      throw new Error('late boom');
    });
    await emitRunStart();
    restore();
    assert.deepEqual(seen, ['sync', 'async']);
    assert.equal(messages().length, 1);
    assert.match(messages()[0]!, /lastHook.*onRunStart.*late boom/);
  });

  it('lets a limit raised by an async observer that runs last reach the emitter', async () => {
    on('onRunStart', async () => {
      await sleep(1);
      throw new LimitExceededError('token', { value: 10, limit: 5 });
    });
    await assert.rejects(emitRunStart(), LimitExceededError);
  });

  it('passes cancellation through', async () => {
    on('onRunStart', () => {
      throw new CancelledError();
    });
    await assert.rejects(emitRunStart(), CancelledError);
    freshHooks();
    on('onRunStart', async () => {
      const error = new Error('aborted');
      error.name = 'AbortError';
      await Promise.reject(error);
    });
    await assert.rejects(emitRunStart(), { name: 'AbortError' });
  });

  it('reports an enabled() that throws as a failing hook and skips it', async () => {
    const { messages, restore } = recordWarnings();
    const calls: string[] = [];
    hooks({ name: 'bad-enabled' }, class BadEnabled extends Hooks {
      override enabled(): boolean {
        throw new Error('cannot tell');
      }
      override onRunStart(): void {
        calls.push('bad');
      }
    });
    on('onRunStart', () => void calls.push('good'));
    await emitRunStart();
    restore();
    assert.deepEqual(calls, ['good']);
    assert.match(messages()[0]!, /enabled\(\).*'bad-enabled'.*cannot tell/);
  });

  it('picks up a hook registered mid-run from the next emission on', async () => {
    const calls: string[] = [];
    on('onRunStart', () => {
      calls.push('first');
      on('onRunStart', () => void calls.push('late'));
    });
    await emitRunStart();
    await emitRunStart();
    assert.deepEqual(calls, ['first', 'first', 'late']);
  });

  it('delivers a class hook registered under an alias method name', async () => {
    const seen: string[] = [];
    hooks({ name: 'aliased' }, class Aliased extends Hooks {
      override onLlmCreate(p: { modelName: string }): void {
        seen.push(p.modelName);
      }
    });
    const pending = getHookBus().emit('onModelCreate', {
      modelName: 'mockllm/model',
      baseUrl: undefined,
      config: {},
      component: { kind: 'model', name: 'mockllm/model', id: 'm1' },
    });
    if (pending !== undefined) await pending;
    assert.deepEqual(seen, ['mockllm/model']);
  });
});
