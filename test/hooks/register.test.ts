import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { InvalidHookError } from '../../src/errors.ts';
import { getHookBus } from '../../src/hooks/bus.ts';
import { Hooks, isHooksClass } from '../../src/hooks/hooks-class.ts';
import type { RunStart } from '../../src/hooks/payloads/eval.ts';
import { hooks, on, unregisterHooks } from '../../src/hooks/register.ts';
import { initHooks } from '../../src/hooks/startup.ts';
import { freshHooks, recordWarnings } from '../helpers.ts';

const runStart: RunStart = { evalSetId: undefined, runId: 'r', taskNames: [] };

async function emitRunStart(): Promise<void> {
  const pending = getHookBus().emit('onRunStart', runStart);
  if (pending !== undefined) await pending;
}

function recorder(log: string[], tag: string) {
  return class Recorder extends Hooks {
    override onRunStart(): void {
      log.push(tag);
    }
  };
}

describe('hooks() registration', () => {
  beforeEach(freshHooks);

  it('works as a standard class decorator and returns the class', async () => {
    const log: string[] = [];
    @hooks({ name: 'decorated', description: 'decorated-description' })
    class Decorated extends Hooks {
      override onRunStart(p: RunStart): void {
        log.push(p.runId);
      }
    }
    assert.ok(isHooksClass(Decorated), 'the decorator returns the class');
    assert.ok(new Decorated() instanceof Hooks, 'the class instantiates into a Hooks');
    await emitRunStart();
    assert.deepEqual(log, ['r']);
    const registration = getHookBus().get('decorated')!;
    assert.equal(registration.description, 'decorated-description');
    assert.equal(registration.source, 'class');
  });

  it('works as a plain call on a class', async () => {
    const log: string[] = [];
    const Cls = recorder(log, 'plain');
    assert.equal(hooks({ name: 'plain' }, Cls), Cls);
    await emitRunStart();
    assert.deepEqual(log, ['plain']);
  });

  it('resolves a lazy (async) factory at start-up', async () => {
    const log: string[] = [];
    let factoryCalls = 0;
    hooks({ name: 'lazy', description: 'loaded late' }, async () => {
      factoryCalls++;
      await Promise.resolve();
      return { default: recorder(log, 'lazy') };
    });
    assert.equal(factoryCalls, 0, 'the factory does not run at registration');
    assert.equal(getHookBus().has('onRunStart'), false);
    await initHooks({ banner: false, plugins: false });
    assert.equal(factoryCalls, 1);
    await emitRunStart();
    assert.deepEqual(log, ['lazy']);
    assert.equal(getHookBus().get('lazy')!.description, 'loaded late');
  });

  it('replaces a hook registered under the same name, keeping its slot', async () => {
    const log: string[] = [];
    hooks({ name: 'one' }, recorder(log, 'one'));
    hooks({ name: 'two' }, recorder(log, 'two'));
    hooks({ name: 'one' }, recorder(log, 'one-replaced'));
    await emitRunStart();
    assert.deepEqual(log, ['one-replaced', 'two']);
    assert.deepEqual(getHookBus().list().map((r) => r.name), ['one', 'two']);
  });

  it('preserves registration order across classes and functions', async () => {
    const log: string[] = [];
    on('onRunStart', () => void log.push('fn-1'));
    hooks({ name: 'cls' }, recorder(log, 'cls'));
    on('onRunStart', () => void log.push('fn-2'));
    await emitRunStart();
    assert.deepEqual(log, ['fn-1', 'cls', 'fn-2']);
  });

  it('can undo every registration', async () => {
    const log: string[] = [];
    hooks({ name: 'gone' }, recorder(log, 'gone'));
    const off = on('onRunStart', () => void log.push('fn'));
    const offLazy = hooks({ name: 'lazy-gone' }, () => recorder(log, 'lazy'));
    assert.equal(unregisterHooks('gone'), true);
    off();
    offLazy();
    await initHooks({ banner: false, plugins: false });
    await emitRunStart();
    assert.deepEqual(log, []);
    assert.equal(getHookBus().list().length, 0);
    assert.equal(unregisterHooks('gone'), false);
  });

  it('rejects a class that does not extend Hooks', () => {
    class NotAHook {
      onRunStart(): void {}
    }
    assert.throws(() => hooks({ name: 'bad' }, NotAHook as never), (e: unknown) =>
      e instanceof InvalidHookError && /Hook must be a subclass of Hooks, got class NotAHook/.test(e.message));
  });

  it('rejects a lazy factory that returns something else, at start-up', async () => {
    hooks({ name: 'bad-lazy' }, () => ({ default: class Nope {} }) as never);
    await assert.rejects(initHooks({ banner: false, plugins: false }), /Hook must be a subclass of Hooks/);
  });

  it('warns about an on* method that is not an event', () => {
    const { restore, messages } = recordWarnings();
    hooks({ name: 'typo' }, class Typo extends Hooks {
      onRunStrat(): void {}
    } as never);
    restore();
    assert.match(messages()[0]!, /'onRunStrat' that is not a hook event/);
  });

  it('increments the registry version on every change', () => {
    const bus = getHookBus();
    const v0 = bus.version;
    const off = on('onRunStart', () => undefined);
    const v1 = bus.version;
    hooks({ name: 'x' }, recorder([], 'x'));
    const v2 = bus.version;
    off();
    assert.ok(v0 < v1 && v1 < v2 && v2 < bus.version, 'version strictly increases');
  });

  it('instantiates a decorated class once', () => {
    let constructed = 0;
    hooks({ name: 'once' }, class Once extends Hooks {
      constructor() {
        super();
        constructed++;
      }
    });
    assert.equal(constructed, 1);
  });
});

describe('on() function hooks', () => {
  beforeEach(freshHooks);

  it('returns an unregister function', async () => {
    const log: string[] = [];
    const off = on('onRunStart', () => void log.push('x'));
    await emitRunStart();
    off();
    await emitRunStart();
    assert.deepEqual(log, ['x']);
  });

  it('accepts promptulate aliases', async () => {
    const seen: string[] = [];
    on('onToolStart', (p) => void seen.push(`start:${p.toolName}`));
    on('onToolResult', (p) => void seen.push(`result:${String(p.toolResponse)}`));
    assert.equal(getHookBus().has('onPreToolUse'), true);
    assert.equal(getHookBus().has('onPostToolUse'), true);
    const base = {
      sessionId: undefined, transcriptPath: undefined, cwd: '/', model: undefined, permissionMode: 'default' as const,
      turnId: undefined, toolName: 'calc', toolInput: {}, toolUseId: 'c1',
      component: { kind: 'tool' as const, name: 'calc', id: 't' }, agent: undefined,
    };
    await getHookBus().decide('onPreToolUse', base);
    await getHookBus().decide('onPostToolUse', { ...base, toolResponse: 42 });
    assert.deepEqual(seen, ['start:calc', 'result:42']);
  });

  it('rejects unknown event names with a clear error', () => {
    assert.throws(() => on('onNope' as never, () => undefined), /'onNope' is not a hook event or alias/);
  });
});
