import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import { HookError, InvalidHookError } from '../../src/errors.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import { on } from '../../src/hooks/register.ts';
import { component } from '../../src/hooks/sources/scoped/index.ts';
import { getModel } from '../../src/model/index.ts';
import type { ToolCall } from '../../src/types/model.ts';
import { executeToolCall, type Tool } from '../../src/tools/index.ts';
import { calculatorTool, mathModel } from '../fixtures/scoped/calculator.ts';
import { freshHooks, recordWarnings, tempDir } from '../helpers.ts';

function agentOptions() {
  const dir = tempDir();
  return { transcriptDir: dir, cwd: dir };
}

const call: ToolCall = { id: 'c1', function: 'calculator', arguments: { expression: '3 * 3' }, type: 'function' };

function runCall(tool: Tool) {
  return executeToolCall(call, [tool], { cwd: process.cwd(), permissionMode: 'default' });
}

describe('order of scopes on one emission', () => {
  beforeEach(freshHooks);

  it('runs global, then component, then instance hooks (agent before tool or model), whatever the registration order', async () => {
    const order: string[] = [];
    const push = (label: string) => () => {
      order.push(label);
    };
    const tool = calculatorTool({ onPreToolUse: push('tool instance') });
    const model = mathModel('2 + 2', 'four', { hooks: { onLlmStart: push('model instance') } });
    const agent = new Agent({ ...agentOptions(), model, tools: [tool], hooks: { onToolStart: push('agent instance'), onLlmStart: push('agent instance') } });
    component('agent').on('onPreToolUse', push('agent component'));
    component('tool').on('onToolStart', push('tool component'));
    component('model').on('onBeforeModelGenerate', push('model component'));
    on('onPreToolUse', push('global'));
    on('onLlmStart', push('global'));
    await agent.run('go');
    const modelCall = ['global', 'model component', 'agent instance', 'model instance'];
    assert.deepEqual(order, [...modelCall, 'global', 'agent component', 'tool component', 'agent instance', 'tool instance', ...modelCall]);
  });

  it('merges decisions of every scope in that order', async () => {
    on('onPostToolUse', () => ({ decision: 'block', reason: 'global' }));
    component('tool').on('onToolResult', () => ({ decision: 'block', reason: 'component' }));
    const tool = calculatorTool({ onToolResult: () => ({ decision: 'block', reason: 'instance', additionalContext: 'from the tool' }) });
    const outcome = await runCall(tool);
    assert.equal(outcome.message.content, 'global\n\ncomponent\n\ninstance');
    assert.deepEqual(outcome.contexts, [{ event: 'PostToolUse', text: 'from the tool' }]);
  });
});

describe('unregistering instance hooks', () => {
  beforeEach(freshHooks);

  it('removes a handler with the function on() returned, with off(event, handler) and with off(event)', async () => {
    const seen: string[] = [];
    const tool = calculatorTool();
    const first = () => {
      seen.push('first');
    };
    const second = () => {
      seen.push('second');
    };
    const offFirst = tool.hooks.on('onToolStart', first);
    tool.hooks.on('onPreToolUse', second);
    tool.hooks.on('onPostToolUse', second);
    await runCall(tool);
    assert.deepEqual(seen, ['first', 'second', 'second']);
    offFirst();
    offFirst();
    assert.equal(tool.hooks.unregister('onToolStart', second), true, 'an alias finds the canonical event');
    assert.equal(tool.hooks.unregister('onPreToolUse', second), false, 'already removed');
    await runCall(tool);
    assert.deepEqual(seen, ['first', 'second', 'second', 'second']);
    assert.equal(tool.hooks.unregister('onPostToolUse'), true);
    assert.equal(tool.hooks.size, 0);
  });

  it('detaches exactly what one use() attached, a hooks object by identity, and everything with clear()', async () => {
    const counts = { map: 0, cls: 0 };
    const map = {
      onPreToolUse: () => {
        counts.map++;
      },
    };
    class Counter extends Hooks {
      override onPreToolUse(): void {
        counts.cls++;
      }
    }
    const counter = new Counter();
    const tool = calculatorTool([map, counter]);
    const detachAgain = tool.hooks.use(map);
    await runCall(tool);
    assert.deepEqual(counts, { map: 2, cls: 1 });
    detachAgain();
    await runCall(tool);
    assert.deepEqual(counts, { map: 3, cls: 2 });
    assert.equal(tool.hooks.unregister(counter), true);
    await runCall(tool);
    assert.deepEqual(counts, { map: 4, cls: 2 });
    tool.hooks.clear();
    await runCall(tool);
    assert.deepEqual(counts, { map: 4, cls: 2 });
  });

  it("stops an agent's hooks for later sessions once removed", async () => {
    const prompts: string[] = [];
    const onStart = ({ prompt }: { prompt: string }) => {
      prompts.push(prompt);
    };
    const agent = new Agent({ ...agentOptions(), model: getModel('mockllm/model'), hooks: { onAgentStart: onStart } });
    await agent.run('one');
    assert.equal(agent.hooks.unregister('onAgentStart', onStart), true);
    await agent.run('two');
    assert.deepEqual(prompts, ['one']);
  });
});

describe('bad instance hooks', () => {
  beforeEach(freshHooks);

  it('rejects events the kind never emits, naming the component, and creates nothing', () => {
    let created = 0;
    on('onToolCreate', () => {
      created++;
    });
    assert.throws(
      // @ts-expect-error -- tools never emit onSessionStart
      () => calculatorTool({ onSessionStart: () => undefined }),
      (e: unknown) => e instanceof InvalidHookError && /^hooks of tool 'calculator': a tool's hooks never receive 'onSessionStart'\. They receive onToolCreate, onPreToolUse \(onToolStart\), onPostToolUse \(onToolResult\), onPostToolUseFailure, onPermissionRequest, onStepAction \(onAgentAction\), onStepObservation \(onAgentObservation\)\. Attach it to an agent/.test(e.message),
    );
    assert.equal(created, 0);
    assert.throws(
      // @ts-expect-error -- models never emit onAgentStart
      () => getModel('mockllm/model', { hooks: { onAgentStart: () => undefined } }),
      /hooks of model 'mockllm\/model': a model's hooks never receive 'onAgentStart' \(onUserPromptSubmit\)/,
    );
  });

  it('rejects unknown names, non-functions, classes and plain values with clear errors', () => {
    const model = getModel('mockllm/model');
    // @ts-expect-error -- not an event
    assert.throws(() => new Agent({ model, hooks: { onSomething: () => undefined } }), /'onSomething' is not a hook event or alias/);
    // @ts-expect-error -- not a function
    assert.throws(() => new Agent({ model, hooks: { onAgentStart: 'print' } }), /the handler of 'onAgentStart' must be a function, got string/);
    class Printer extends Hooks {
      override onAgentStart(): void {}
    }
    // @ts-expect-error -- a class, not an instance
    assert.throws(() => new Agent({ model, hooks: Printer }), /got the class Printer; pass an instance \(new Printer\(\)\)/);
    // @ts-expect-error -- not a hooks value
    assert.throws(() => new Agent({ model, hooks: 42 }), /expected a Hooks instance or a map of event → handler, got number/);
    class ModelOnly extends Hooks {
      override onModelCreate(): void {}
    }
    assert.throws(() => calculatorTool(new ModelOnly()), /'ModelOnly' implements none of the events these hooks receive/);
    assert.throws(() => model.hooks.on('onLlmStart', () => undefined, { background: true } as never), /background delivery is not available/);
    assert.equal(model.hooks.size, 0);
  });

  it('applies the error policy: a failing handler warns by default, or reaches the caller with onError throw', async () => {
    const tool = calculatorTool();
    tool.hooks.on('onToolStart', () => {
      throw new Error('boom');
    });
    const warnings = recordWarnings();
    try {
      const outcome = await runCall(tool);
      assert.equal(outcome.message.content, '9');
    } finally {
      warnings.restore();
    }
    assert.deepEqual(warnings.messages(), ["Exception calling hook 'onPreToolUse handler of tool 'calculator'' on onPreToolUse: boom"]);
    tool.hooks.clear();
    tool.hooks.on('onToolStart', function strict() {
      throw new Error('stop');
    }, { onError: 'throw' });
    await assert.rejects(runCall(tool), (e: unknown) => e instanceof HookError && /Hook 'strict' failed on onPreToolUse: stop/.test(e.message));
  });
});
