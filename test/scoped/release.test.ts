import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import { getHookBus } from '../../src/hooks/bus.ts';
import { component } from '../../src/hooks/sources/scoped/index.ts';
import { calculatorTool, mathModel } from '../fixtures/scoped/calculator.ts';
import { freshHooks, tempDir } from '../helpers.ts';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Builds an agent with hooks on every instance, runs it, and returns weak references to the hooks. */
async function runAndForget(): Promise<WeakRef<object>[]> {
  const dir = tempDir();
  const handlers = { onToolStart: () => undefined };
  const tool = calculatorTool(handlers);
  const model = mathModel('2 + 2', 'four', { hooks: { onLlmStart: () => undefined } });
  const agent = new Agent({ model, tools: [tool], transcriptDir: dir, cwd: dir, hooks: { onAgentStart: () => undefined } });
  await agent.run('go');
  return [new WeakRef(agent.hooks), new WeakRef(model.hooks), new WeakRef(tool.hooks), new WeakRef(handlers)];
}

describe('lifetime of instance hooks', () => {
  beforeEach(freshHooks);

  it('releases the hooks of an agent, its model and its tool with the instances (component hooks stay)', async () => {
    const off = component('tool').on('onToolStart', () => undefined);
    const refs = await runAndForget();
    for (let i = 0; i < 3; i++) {
      await nextTurn();
      collectGarbage();
    }
    assert.deepEqual(refs.map((r) => r.deref() === undefined), [true, true, true, true]);
    assert.equal(getHookBus().list().length, 1, 'the component registration is still there');
    off();
  });
});
