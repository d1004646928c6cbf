import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import { getHookBus } from '../../src/hooks/bus.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import type { PostToolUse, PreToolUse } from '../../src/hooks/payloads/agent.ts';
import { on } from '../../src/hooks/register.ts';
import { getModel, modelOutputForToolCall, modelOutputFromText } from '../../src/model/index.ts';
import { defineTool } from '../../src/tools/index.ts';
import { textOf } from '../fixtures/agent/scripted.ts';
import { calculatorTool, mathModel } from '../fixtures/scoped/calculator.ts';
import { freshHooks, tempDir } from '../helpers.ts';

function agentOptions() {
  const dir = tempDir();
  return { transcriptDir: dir, cwd: dir };
}

describe('instance hooks (promptulate scenarios on mockllm)', () => {
  beforeEach(freshHooks);

  it('prints create, start and result lines of a calculator agent, its tool and its model', async () => {
    const lines: string[] = [];
    const tool = calculatorTool({
      onToolCreate: ({ toolName }) => {
        lines.push(`tool ${toolName} created`);
      },
      onToolStart: ({ toolName, toolInput }) => {
        lines.push(`tool ${toolName} started with ${JSON.stringify(toolInput)}`);
      },
      onToolResult: ({ toolName, toolResponse }) => {
        lines.push(`tool ${toolName} returned ${String(toolResponse)}`);
      },
    });
    const model = mathModel('6 * 7', 'The answer is 42.', {
      hooks: {
        onLlmCreate: ({ component }) => {
          lines.push(`llm ${component.name} created`);
        },
        onLlmStart: ({ input }) => {
          lines.push(`llm started with ${input.length} messages`);
        },
        onLlmResult: ({ output }) => {
          lines.push(`llm returned '${output.completion}'`);
        },
      },
    });
    const agent = new Agent({
      ...agentOptions(),
      name: 'math-agent',
      model,
      tools: [tool],
      hooks: {
        onAgentCreate: ({ component, tools }) => {
          lines.push(`agent ${component.name} created with tools ${tools.join(',')}`);
        },
        onAgentStart: ({ prompt }) => {
          lines.push(`agent started with prompt: ${prompt}`);
        },
        onAgentResult: ({ result, ending }) => {
          lines.push(`agent result (${ending.kind}): ${result}`);
        },
      },
    });
    const run = await agent.run('What is 6 * 7?');
    assert.equal(run.text, 'The answer is 42.');
    assert.deepEqual(lines, [
      'tool calculator created',
      'llm mockllm/model created',
      'agent math-agent created with tools calculator',
      'agent started with prompt: What is 6 * 7?',
      'llm started with 1 messages',
      "llm returned ''",
      'tool calculator started with {"expression":"6 * 7"}',
      'tool calculator returned 42',
      'llm started with 3 messages',
      "llm returned 'The answer is 42.'",
      'agent result (completed): The answer is 42.',
    ]);
  });

  it("gives an agent's hooks its session events and the tool and model events of its sessions", async () => {
    const seen: string[] = [];
    const record = (name: string) => () => {
      seen.push(name);
    };
    const agent = new Agent({
      ...agentOptions(),
      model: mathModel('1 + 1', 'two'),
      tools: [calculatorTool()],
      hooks: {
        onAgentCreate: record('AgentCreate'),
        onSessionStart: record('SessionStart'),
        onUserPromptSubmit: record('UserPromptSubmit'),
        onBeforeModelGenerate: record('BeforeModelGenerate'),
        onModelUsage: record('ModelUsage'),
        onAfterModelGenerate: record('AfterModelGenerate'),
        onPreToolUse: record('PreToolUse'),
        onPostToolUse: record('PostToolUse'),
        onStop: record('Stop'),
        onSessionEnd: record('SessionEnd'),
      },
    });
    await agent.run('add');
    const call = ['BeforeModelGenerate', 'ModelUsage', 'AfterModelGenerate'];
    assert.deepEqual(seen, [
      'AgentCreate', 'SessionStart', 'UserPromptSubmit', ...call, 'PreToolUse', 'PostToolUse', ...call, 'Stop', 'SessionEnd',
    ]);
  });

  it('never fires the hooks of one agent, model or tool for another instance', async () => {
    const seen: string[] = [];
    const tag = (who: string) => (p: { readonly component: { readonly id: string } }) => {
      seen.push(`${who}:${p.component.id}`);
    };
    const toolA = calculatorTool({ onPreToolUse: tag('toolA'), onToolCreate: tag('toolA') });
    const toolB = calculatorTool();
    const modelA = mathModel('2 * 2', 'four', { hooks: { onBeforeModelGenerate: tag('modelA'), onModelCreate: tag('modelA') } });
    const modelB = mathModel('2 * 2', 'four');
    const agentA = new Agent({ ...agentOptions(), model: modelA, tools: [toolA], hooks: { onUserPromptSubmit: tag('agentA'), onPreToolUse: tag('agentA') } });
    const agentB = new Agent({ ...agentOptions(), model: modelB, tools: [toolB] });
    const before = seen.length;
    await agentB.run('go');
    assert.equal(seen.length, before, `nothing fired for the other instances: ${seen.slice(before).join(', ')}`);
    await agentA.run('go');
    assert.deepEqual(seen.slice(before), [
      `agentA:${agentA.component.id}`,
      `modelA:${modelA.component.id}`,
      `agentA:${toolA.component.id}`, // the agent's hook sees the tool call: its payload names the tool
      `toolA:${toolA.component.id}`,
      `modelA:${modelA.component.id}`,
    ]);
  });

  it("keeps an outer agent's hooks out of an inner agent's session run by one of its tools", async () => {
    const seen: string[] = [];
    const watch = (who: string) => ({
      onAgentCreate: () => {
        seen.push(`${who}: AgentCreate`);
      },
      onAgentStart: () => {
        seen.push(`${who}: AgentStart`);
      },
      onToolStart: ({ toolName }: PreToolUse) => {
        seen.push(`${who}: ToolStart ${toolName}`);
      },
    });
    const inner = new Agent({ ...agentOptions(), name: 'inner', model: mathModel('1 + 1', 'two'), tools: [calculatorTool()], hooks: watch('inner') });
    const delegate = defineTool({
      name: 'delegate',
      description: 'Asks the inner agent',
      parameters: { type: 'object', properties: { question: { type: 'string' } }, required: ['question'] },
      execute: async ({ question }: { question: string }) => (await inner.run(question)).text,
    });
    const outerModel = getModel('mockllm/model', {
      customOutputs: [modelOutputForToolCall('mockllm/model', 'delegate', { question: 'what is 1 + 1?' }), modelOutputFromText('mockllm/model', 'it says two')],
    });
    const outer = new Agent({ ...agentOptions(), name: 'outer', model: outerModel, tools: [delegate], hooks: watch('outer') });
    const run = await outer.run('ask the other agent');
    assert.equal(run.text, 'it says two');
    assert.deepEqual(seen, ['inner: AgentCreate', 'outer: AgentCreate', 'outer: AgentStart', 'outer: ToolStart delegate', 'inner: AgentStart', 'inner: ToolStart calculator']);
  });

  it('fires onAgentCreate, onModelCreate and onToolCreate for the hooks given to the constructor', () => {
    const created: string[] = [];
    calculatorTool({ onToolCreate: () => { created.push('tool'); } });
    const model = getModel('mockllm/model', { hooks: { onModelCreate: () => { created.push('model'); } } });
    new Agent({ ...agentOptions(), model, hooks: { onAgentCreate: () => { created.push('agent'); } } });
    assert.deepEqual(created, ['tool', 'model', 'agent']);
  });

  it('keeps instance hooks off the process-wide bus', () => {
    const tool = calculatorTool({ onToolStart: () => undefined });
    const model = getModel('mockllm/model', { hooks: { onLlmStart: () => undefined } });
    const agent = new Agent({ ...agentOptions(), model, tools: [tool], hooks: { onAgentStart: () => undefined } });
    assert.equal(getHookBus().list().length, 0);
    assert.equal(getHookBus().has('onPreToolUse'), false);
    assert.deepEqual([agent.hooks.size, model.hooks.size, tool.hooks.size], [1, 1, 1]);
    assert.deepEqual(agent.hooks.events(), ['onUserPromptSubmit']);
  });
});

describe('decisions from instance hooks', () => {
  beforeEach(freshHooks);

  it("denies a tool call from the tool's own PreToolUse hook and merges with global decisions", async () => {
    let ran = false;
    on('onPreToolUse', () => ({ additionalContext: 'global context' }));
    const tool = calculatorTool({
      onToolStart: ({ toolInput }: PreToolUse) => (toolInput.expression === '1 / 0' ? { decision: 'block', reason: 'no division by zero' } : undefined),
      onToolResult: () => {
        ran = true;
      },
    });
    const model = mathModel('1 / 0', 'ok');
    const agent = new Agent({ ...agentOptions(), model, tools: [tool] });
    const session = agent.session();
    await session.send('divide');
    await session.end();
    assert.match(textOf(session.messages.find((m) => m.role === 'tool')), /blocked by PreToolUse hook: no division by zero/);
    assert.ok(session.messages.some((m) => textOf(m).includes('global context')), 'the global context is kept');
    assert.equal(ran, false, 'the tool did not run, so PostToolUse did not fire');
  });

  it("blocks a prompt from the agent's UserPromptSubmit hook and keeps going after its Stop hook blocks once", async () => {
    const blocked = new Agent({
      ...agentOptions(),
      model: getModel('mockllm/model'),
      hooks: { onAgentStart: ({ prompt }) => (prompt.includes('secret') ? { decision: 'block', reason: 'no secrets' } : undefined) },
    });
    const result = await blocked.run('tell me the secret');
    assert.deepEqual([result.outcome, result.reason], ['blocked', 'no secrets']);

    const replies = getModel('mockllm/model', { customOutputs: [modelOutputFromText('mockllm/model', 'maybe 3'), modelOutputFromText('mockllm/model', 'two')] });
    const stopOnce = new Agent({
      ...agentOptions(),
      model: replies,
      hooks: { onStop: ({ stopHookActive }) => (stopHookActive ? undefined : { decision: 'block', reason: 'check your answer' }) },
    });
    const turn = await stopOnce.run('what is 3 - 1?');
    assert.deepEqual([turn.outcome, turn.modelCalls, turn.text], ['completed', 2, 'two']);
  });

  it("rewrites a tool's input from the agent's PreToolUse hook", async () => {
    const results: PostToolUse[] = [];
    const tool = calculatorTool({ onPostToolUse: (p) => { results.push(p); } });
    const agent = new Agent({
      ...agentOptions(),
      model: mathModel('2 + 2', 'done'),
      tools: [tool],
      hooks: { onPreToolUse: () => ({ updatedInput: { expression: '2 * 21' } }) },
    });
    await agent.run('go');
    assert.deepEqual(results.map((p) => [p.toolInput, p.toolResponse]), [[{ expression: '2 * 21' }, 42]]);
  });
});

describe('Hooks classes as instance hooks', () => {
  beforeEach(freshHooks);

  class PrintHooks extends Hooks {
    readonly lines: string[] = [];
    override onToolCreate(): void {
      this.lines.push('ToolCreate');
    }
    override onAgentStart(): void {
      this.lines.push('AgentStart');
    }
    override onToolStart(p: PreToolUse): void {
      this.lines.push(`ToolStart ${p.component.kind}`);
    }
    override onLlmStart(): void {
      this.lines.push('LlmStart');
    }
  }

  it("attaches the methods for the events each kind emits and leaves the others out", async () => {
    const forTool = new PrintHooks();
    const forModel = new PrintHooks();
    const forAgent = new PrintHooks();
    const tool = calculatorTool(forTool);
    const model = mathModel('5 + 5', 'ten', { hooks: forModel });
    const agent = new Agent({ ...agentOptions(), model, tools: [tool], hooks: forAgent });
    assert.deepEqual(tool.hooks.events(), ['onToolCreate', 'onPreToolUse']);
    assert.deepEqual(model.hooks.events(), ['onBeforeModelGenerate']);
    assert.deepEqual(agent.hooks.events(), ['onUserPromptSubmit', 'onPreToolUse', 'onBeforeModelGenerate']);
    await agent.run('go');
    assert.deepEqual(forTool.lines, ['ToolCreate', 'ToolStart tool']);
    assert.deepEqual(forModel.lines, ['LlmStart', 'LlmStart']);
    assert.deepEqual(forAgent.lines, ['AgentStart', 'LlmStart', 'ToolStart tool', 'LlmStart']);
  });

  it('runs the same object once per scope it is attached to, and honours enabled()', async () => {
    class Toggle extends Hooks {
      on = true;
      count = 0;
      override enabled(): boolean {
        return this.on;
      }
      override onPreToolUse(): void {
        this.count++;
      }
    }
    const shared = new Toggle();
    const tool = calculatorTool(shared);
    const agent = new Agent({ ...agentOptions(), model: mathModel('1 + 2', 'three'), tools: [tool], hooks: shared });
    await agent.run('go');
    assert.equal(shared.count, 2, 'once as the agent’s hook and once as the tool’s');
    shared.on = false;
    const again = new Agent({ ...agentOptions(), model: mathModel('1 + 2', 'three'), tools: [tool], hooks: shared });
    await again.run('go');
    assert.equal(shared.count, 2);
  });
});
