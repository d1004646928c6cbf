import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ConfigError, HookError } from '../../src/errors.ts';
import { getHookBus } from '../../src/hooks/bus.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import { hooks, on } from '../../src/hooks/register.ts';
import { DEFAULT_HOOK_TIMEOUT_MS, defaultHookTimeoutMs, setDefaultHookTimeout } from '../../src/hooks/timeout.ts';
import { freshHooks, recordWarnings } from '../helpers.ts';

async function emitRunStart(): Promise<void> {
  const pending = getHookBus().emit('onRunStart', { evalSetId: undefined, runId: 'r', taskNames: [] });
  if (pending !== undefined) await pending;
}

function never(): Promise<void> {
  return new Promise<void>(() => undefined);
}

describe('default timeout of in-process hooks', () => {
  const savedEnv = process.env.HOOKLINE_HOOK_TIMEOUT;
  beforeEach(freshHooks);
  afterEach(() => {
    if (savedEnv === undefined) delete process.env.HOOKLINE_HOOK_TIMEOUT;
    else process.env.HOOKLINE_HOOK_TIMEOUT = savedEnv;
    setDefaultHookTimeout(undefined);
  });

  it('is 60 seconds unless configured', () => {
    delete process.env.HOOKLINE_HOOK_TIMEOUT;
    setDefaultHookTimeout(undefined);
    assert.equal(defaultHookTimeoutMs(), DEFAULT_HOOK_TIMEOUT_MS);
    assert.equal(DEFAULT_HOOK_TIMEOUT_MS, 60_000);
  });

  it('abandons a class hook that never settles, naming its registered name and the event, and goes on', async () => {
    setDefaultHookTimeout(20);
    const { restore, messages } = recordWarnings();
    const after: string[] = [];
    hooks({ name: 'package/faulty' }, class Faulty extends Hooks {
      override onRunStart(): Promise<void> {
        return never();
      }
    });
    on('onRunStart', () => void after.push('next'));
    await emitRunStart();
    restore();
    assert.deepEqual(after, ['next']);
    assert.equal(messages().length, 1);
    assert.match(messages()[0]!, /Hook 'package\/faulty' timed out after 20ms on onRunStart and was abandoned/);
    assert.doesNotMatch(messages()[0]!, /Faulty'/);
    assert.match(messages()[0]!, /HOOKLINE_HOOK_TIMEOUT/, 'says how to change the timeout');
  });

  it('reads the default from HOOKLINE_HOOK_TIMEOUT in seconds', async () => {
    process.env.HOOKLINE_HOOK_TIMEOUT = '0.02';
    setDefaultHookTimeout(undefined);
    assert.equal(defaultHookTimeoutMs(), 20);
    const { restore, messages } = recordWarnings();
    on('onRunStart', never, { name: 'stuck' });
    await emitRunStart();
    restore();
    assert.match(messages()[0]!, /'stuck' timed out after 20ms/);
  });

  it('rejects a HOOKLINE_HOOK_TIMEOUT that is not a number of seconds, saying what to set', () => {
    process.env.HOOKLINE_HOOK_TIMEOUT = 'soon';
    setDefaultHookTimeout(undefined);
    assert.throws(() => defaultHookTimeoutMs(), (e: unknown) => e instanceof ConfigError && /HOOKLINE_HOOK_TIMEOUT='soon'.*e\.g\. 30/.test(e.message));
  });

  it('lets a registration\'s own timeoutMs win over the default', async () => {
    setDefaultHookTimeout(10_000);
    const { restore, messages } = recordWarnings();
    on('onRunStart', never, { name: 'own', timeoutMs: 15 });
    await emitRunStart();
    restore();
    assert.match(messages()[0]!, /'own' timed out after 15ms/);
  });

  it('follows the failure policy when the deadline passes: throw reaches the emitter', async () => {
    setDefaultHookTimeout(15);
    on('onRunStart', never, { name: 'strict', onError: 'throw' });
    await assert.rejects(emitRunStart(), (e: unknown) => e instanceof HookError && e.code === 'HOOK_TIMEOUT' && e.hook === 'strict');
  });

  it('fails a decide hook closed when it times out with onError block', async () => {
    setDefaultHookTimeout(15);
    const { restore } = recordWarnings();
    on('onPreToolUse', never, { name: 'guard', onError: 'block' });
    const decision = await getHookBus().decide('onPreToolUse', { toolName: 'bash', toolInput: {}, toolUseId: 't', sessionId: undefined, turnId: undefined, cwd: '/' } as never);
    restore();
    assert.equal(decision.blocked, true, 'a guard that timed out blocks');
    assert.match(decision.reasons.join(), /'guard' failed: timed out/);
  });

  it('waits without limit when the timeout is 0', async () => {
    setDefaultHookTimeout(0);
    const { restore, messages } = recordWarnings();
    let release = (): void => undefined;
    on('onRunStart', () => new Promise<void>((resolve) => (release = resolve)));
    const done = emitRunStart();
    setTimeout(() => release(), 40);
    await done;
    restore();
    assert.deepEqual(messages(), []);
  });
});
