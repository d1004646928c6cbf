import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import { InvalidHookError } from '../../src/errors.ts';
import { getHookBus } from '../../src/hooks/bus.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import { describeHooks } from '../../src/hooks/listing.ts';
import type { PostToolUse, PreToolUse, UserPromptSubmit } from '../../src/hooks/payloads/agent.ts';
import { component, componentHooks } from '../../src/hooks/sources/scoped/index.ts';
import { getModel, modelOutputForToolCall, modelOutputFromText } from '../../src/model/index.ts';
import { executeToolCall } from '../../src/tools/index.ts';
import { calculatorTool, mathModel } from '../fixtures/scoped/calculator.ts';
import { freshHooks, tempDir } from '../helpers.ts';

function agentOptions() {
  const dir = tempDir();
  return { transcriptDir: dir, cwd: dir };
}

/** A model that calls `calculator`, then `adder`, then answers. */
function twoToolModel() {
  return getModel('mockllm/model', {
    customOutputs: [
      modelOutputForToolCall('mockllm/model', 'calculator', { expression: '6 * 7' }),
      modelOutputForToolCall('mockllm/model', 'adder', { expression: '40 + 2' }),
      modelOutputFromText('mockllm/model', 'both say 42'),
    ],
  });
}

describe('component hooks', () => {
  beforeEach(freshHooks);

  it("sees every tool of an agent with two tools, under promptulate's names", async () => {
    const lines: string[] = [];
    component('tool').on('onToolCreate', ({ toolName }) => {
      lines.push(`created ${toolName}`);
    });
    component('tool').on('onToolStart', ({ toolName, toolInput }) => {
      lines.push(`${toolName} started with ${String(toolInput.expression)}`);
    });
    component('tool').on('onToolResult', ({ toolName, toolResponse }) => {
      lines.push(`${toolName} returned ${String(toolResponse)}`);
    });
    const agent = new Agent({ ...agentOptions(), model: twoToolModel(), tools: [calculatorTool(), calculatorTool(undefined, 'adder')] });
    await agent.run('compute twice');
    assert.deepEqual(lines, [
      'created calculator',
      'created adder',
      'calculator started with 6 * 7',
      'calculator returned 42',
      'adder started with 40 + 2',
      'adder returned 42',
    ]);
  });

  it('registers a Hooks subclass with the decorator form, and unregisters it by name', async () => {
    @componentHooks('tool', { name: 'tool-printer', description: 'Prints tool calls' })
    class ToolPrinter extends Hooks {
      static readonly lines: string[] = [];
      override onToolStart(p: PreToolUse): void {
        ToolPrinter.lines.push(`start ${p.toolName}`);
      }
      override onToolResult(p: PostToolUse): void {
        ToolPrinter.lines.push(`result ${p.toolName}: ${String(p.toolResponse)}`);
      }
      override onAgentStart(): void {
        ToolPrinter.lines.push('never: tools do not emit agent events');
      }
    }
    const tool = calculatorTool();
    const call = { id: 'c1', function: 'calculator', arguments: { expression: '2 + 3' }, type: 'function' as const };
    await executeToolCall(call, [tool], { cwd: process.cwd(), permissionMode: 'default' });
    assert.deepEqual(ToolPrinter.lines, ['start calculator', 'result calculator: 5']);

    assert.equal(component('agent').unregister('tool-printer'), false, 'names are per kind');
    assert.equal(component('tool').unregister('tool-printer'), true);
    await executeToolCall(call, [tool], { cwd: process.cwd(), permissionMode: 'default' });
    assert.equal(ToolPrinter.lines.length, 2);
  });

  it('registers a hook object for several kinds, each receiving only its own events', async () => {
    class Printer extends Hooks {
      readonly lines: string[] = [];
      override onAgentStart(p: UserPromptSubmit): void {
        this.lines.push(`agent ${p.component.name} started: ${p.prompt}`);
      }
      override onToolCreate(): void {
        this.lines.push('tool created');
      }
      override onLlmResult(): void {
        this.lines.push('llm result');
      }
    }
    const forTools = new Printer();
    const forModels = new Printer();
    const forAgents = new Printer();
    component('tool').use(forTools, { name: 'printer' });
    component('model').use(forModels, { name: 'printer' });
    component('agent').use(forAgents, { name: 'printer' });
    const agent = new Agent({ ...agentOptions(), name: 'calc', model: mathModel('1 + 1', 'two'), tools: [calculatorTool()] });
    await agent.run('go');
    assert.deepEqual(forTools.lines, ['tool created']);
    assert.deepEqual(forModels.lines, ['llm result', 'llm result']);
    assert.deepEqual(forAgents.lines, ['agent calc started: go', 'llm result', 'llm result']);
  });

  it("gives component('agent') tool and model events only from agent sessions", async () => {
    const seen: string[] = [];
    component('agent').on('onPreToolUse', ({ agent }) => {
      seen.push(`tool call in ${agent?.name ?? 'no agent'}`);
    });
    component('agent').on('onBeforeModelGenerate', ({ sessionId }) => {
      seen.push(sessionId === undefined ? 'model call outside a session' : 'model call in a session');
    });
    const tool = calculatorTool();
    await executeToolCall({ id: 'c', function: 'calculator', arguments: { expression: '1 + 1' }, type: 'function' }, [tool], { cwd: process.cwd(), permissionMode: 'default' });
    await getModel('mockllm/model').generate('hello');
    assert.deepEqual(seen, []);
    await new Agent({ ...agentOptions(), name: 'a1', model: mathModel('1 + 1', 'two'), tools: [tool] }).run('go');
    assert.deepEqual(seen, ['model call in a session', 'tool call in a1', 'model call in a session']);
  });

  it('unregisters with the returned function, and replaces a registration of the same name', async () => {
    const seen: string[] = [];
    const off = component('model').on('onLlmStart', () => {
      seen.push('first');
    });
    component('model').on('onLlmStart', () => {
      seen.push('named');
    }, { name: 'starter' });
    component('model').on('onLlmStart', () => {
      seen.push('replacement');
    }, { name: 'starter' });
    await getModel('mockllm/model').generate('x');
    assert.deepEqual(seen, ['first', 'replacement']);
    off();
    off();
    assert.equal(component('model').unregister('starter'), true);
    await getModel('mockllm/model').generate('x');
    assert.deepEqual(seen, ['first', 'replacement']);
    assert.equal(getHookBus().list().length, 0);
  });

  it('shows up in the hook listing with source component and its kind', () => {
    component('tool').use({ onToolStart: () => undefined }, { name: 'audit', description: 'Audits tool calls' });
    component('agent').on('onStop', function watchStops() {
      return undefined;
    });
    const rows = describeHooks(getHookBus().list());
    assert.deepEqual(rows.map((r) => [r.name, r.source, r.description, r.events, r.details]), [
      ['tool:audit', 'component', 'Audits tool calls', ['onPreToolUse'], ['component kind: tool (every tool)']],
      [rows[1]!.name, 'component', undefined, ['onStop'], ['component kind: agent (every agent, with the tool calls and model calls of its sessions)']],
    ]);
    assert.match(rows[1]!.name, /^agent:onStop:watchStops#\d+$/);
  });

  it('rejects unknown kinds, events a kind never emits, and missing names with clear errors', () => {
    assert.throws(() => component('llm' as 'model'), (e: unknown) => e instanceof InvalidHookError && /'llm' is 'model' here/.test(e.message));
    assert.throws(
      // @ts-expect-error -- tools never emit onSessionStart
      () => component('tool').on('onSessionStart', () => undefined),
      (e: unknown) => e instanceof InvalidHookError && /a tool's hooks never receive 'onSessionStart'.*Attach it to an agent/.test(e.message),
    );
    assert.throws(
      // @ts-expect-error -- a name is required
      () => component('tool').use({ onToolStart: () => undefined }, {}),
      /a name is required/,
    );
    assert.throws(() => component('tool').use({ onToolStart: () => undefined }, { name: 'x', policy: { background: true } as never }), /background delivery is not available/);
    assert.equal(getHookBus().list().length, 0, 'nothing was registered');
  });
});
