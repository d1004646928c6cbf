import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { Agent, agentSolver } from '../../src/agent/index.ts';
import type { SolverFn } from '../../src/eval/types.ts';
import type { PreToolUse } from '../../src/hooks/payloads/agent.ts';
import { on } from '../../src/hooks/register.ts';
import type { TranscriptEvent } from '../../src/types/events.ts';
import type { ChatMessage, ModelOutput } from '../../src/types/model.ts';
import { defineTool } from '../../src/tools/index.ts';
import { runInContext } from '../../src/runtime/context.ts';
import { freshHooks, tempDir } from '../helpers.ts';
import { callTool, say, scripted, textOf } from '../fixtures/agent/scripted.ts';

interface State {
  messages: ChatMessage[];
  output: ModelOutput;
  completed: boolean;
  metadata: Record<string, unknown>;
  tools: unknown[];
}

const lookup = defineTool({ name: 'lookup', description: 'looks up', parameters: { type: 'object', properties: { key: { type: 'string' } }, required: ['key'] }, execute: (a: { key: string }) => `value of ${a.key}` });

function state(messages: ChatMessage[]): State {
  return { messages, output: { model: 'none', choices: [], completion: '' }, completed: false, metadata: {}, tools: [] };
}

describe('agentSolver', () => {
  beforeEach(freshHooks);

  it('runs the agent loop on the sample messages, firing tool hooks and recording ToolEvents', async () => {
    const pre: PreToolUse[] = [];
    on('onPreToolUse', (p) => {
      pre.push(p);
    });
    const { model, requests } = scripted([callTool('lookup', { key: 'k' }, 't1'), say('k is known')]);
    const solve = agentSolver(new Agent({ model, tools: [lookup], transcriptDir: tempDir() }));
    const events: TranscriptEvent[] = [];
    const input = state([{ role: 'system', content: 'sample system' }, { role: 'user', content: 'what is k?' }]);
    const result = await runInContext({ sampleId: 'sample-1', evalId: 'eval-1', transcript: { record: (e) => events.push(e) } }, () => solve(input, undefined));
    assert.equal(result, input);
    assert.equal(result.output.completion, 'k is known');
    assert.deepEqual(result.messages.map((m) => m.role), ['system', 'user', 'assistant', 'tool', 'assistant']);
    assert.deepEqual(requests[0]!.map(textOf), ['sample system', 'what is k?']);
    assert.equal(pre[0]!.sampleId, 'sample-1');
    assert.equal(pre[0]!.evalId, 'eval-1');
    assert.ok(pre[0]!.sessionId !== undefined && pre[0]!.transcriptPath !== undefined, 'tool payloads carry the session');
    const tool = events.find((e) => e.event === 'tool');
    assert.equal(tool?.event === 'tool' ? tool.result : undefined, 'value of k');
    assert.equal(result.completed, false);
  });

  it('uses the task tools when the agent options have none, and marks a blocked prompt completed', async () => {
    on('onUserPromptSubmit', (p) => (p.prompt === 'forbidden' ? { decision: 'block', reason: 'no' } : undefined));
    const { model, tools } = scripted([say('ok')]);
    const solve = agentSolver({ model, transcriptDir: tempDir() });
    const withTools = state([{ role: 'user', content: 'allowed' }]);
    withTools.tools = [lookup, { name: 'not a tool' }];
    await solve(withTools);
    assert.deepEqual(tools[0]!.map((t) => t.name), ['lookup']);
    const blocked = await solve(state([{ role: 'user', content: 'forbidden' }]));
    assert.equal(blocked.completed, true);
    assert.deepEqual(blocked.messages, [{ role: 'user', content: 'forbidden' }]);
  });

  it('takes the model and tools from the task state when the options have none, and fits the eval Solver type', async () => {
    const { model, requests, tools } = scripted([callTool('lookup', { key: 'z' }, 'l1'), say('z found')]);
    const solve: SolverFn = agentSolver({ system: 'agent system', transcriptDir: tempDir() });
    const input = { ...state([{ role: 'user', content: 'find z' }]), model, tools: [lookup] };
    const result = await agentSolver({ system: 'agent system', transcriptDir: tempDir() })(input);
    assert.equal(typeof solve, 'function');
    assert.equal(result.output.completion, 'z found');
    assert.deepEqual(tools[0]!.map((t) => t.name), ['lookup']);
    assert.deepEqual(requests[0]!.map(textOf), ['agent system', 'find z']);
    await assert.rejects(agentSolver({ transcriptDir: tempDir() })(state([{ role: 'user', content: 'x' }])), /agentSolver\(\): no model/);
  });
});
