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

  it('resolves an async factory at start-up and returns a promise of the class', async () => {
    const log: string[] = [];
    let factoryCalls = 0;
    const Lazy = recorder(log, 'lazy');
    const returned = hooks({ name: 'lazy', description: 'loaded late' }, async () => {
      factoryCalls++;
      await Promise.resolve();
      return { default: Lazy };
    });
    assert.equal(factoryCalls, 1, 'the factory is called at registration, as in Inspect');
    assert.equal(getHookBus().has('onRunStart'), false, 'its class is not registered before start-up');
    await initHooks({ banner: false, plugins: false, commandHooks: false });
    assert.equal(factoryCalls, 1);
    assert.equal(await returned, Lazy);
    await emitRunStart();
    assert.deepEqual(log, ['lazy']);
    assert.equal(getHookBus().get('lazy')!.description, 'loaded late');
  });

  it('registers a synchronous factory at once and returns the class, as Inspect does', async () => {
    const log: string[] = [];
    const Impl = recorder(log, 'factory');
    const returned = hooks({ name: 'factory-form' }, () => Impl);
    assert.equal(returned, Impl, 'returns the class, not the instance');
    assert.equal(getHookBus().get('factory-form')!.hook?.constructor, Impl);
    const decorated = hooks({ name: 'decorated-factory' })(() => Impl);
    assert.equal(decorated, Impl);
    await emitRunStart();
    assert.deepEqual(log, ['factory', 'factory']);
  });

  it('rejects a synchronous factory that returns something else, at registration', () => {
    assert.throws(() => hooks({ name: 'bad-factory' }, (() => 42) as never), /Hook must be a subclass of Hooks, got number/);
    assert.equal(getHookBus().get('bad-factory'), undefined);
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

  it('undoes every registration with one verb: unregister', async () => {
    const log: string[] = [];
    hooks({ name: 'gone' }, recorder(log, 'gone'));
    const unregister = on('onRunStart', () => void log.push('fn'));
    void hooks({ name: 'lazy-gone' }, async () => recorder(log, 'lazy'));
    assert.equal(unregisterHooks('gone'), true);
    unregister();
    assert.equal(unregisterHooks('lazy-gone'), true);
    await initHooks({ banner: false, plugins: false, commandHooks: false });
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

  it('rejects an async factory that returns something else, at start-up', async () => {
    void hooks({ name: 'bad-lazy' }, async () => ({ default: class Nope {} }) as never).catch(() => undefined);
    await assert.rejects(initHooks({ banner: false, plugins: false, commandHooks: false }), /Hook must be a subclass of Hooks/);
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
    await getHookBus().decide('onPostToolUse', { ...base, toolResponse: 42, durationMs: 1 });
    assert.deepEqual(seen, ['start:calc', 'result:42']);
  });

  it('rejects unknown event names with a clear error', () => {
    assert.throws(() => on('onNope' as never, () => undefined), /'onNope' is not a hook event or alias/);
  });
});
