import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import type { AgentDefinition } from '../../src/agent/subagent-tool.ts';
import type { PreToolUse } from '../../src/hooks/payloads/agent.ts';
import { defineTool } from '../../src/tools/define-tool.ts';
import type { ChatMessageTool } from '../../src/types/model.ts';
import { freshHooks, tempDir } from '../helpers.ts';
import { callTool, say, scripted, textOf } from '../fixtures/agent/scripted.ts';

const ran: string[] = [];
const echo = defineTool({
  name: 'echo',
  description: 'Echoes its text.',
  parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  execute: ({ text }: { text: string }) => {
    ran.push(text);
    return text;
  },
});

const reviewer: AgentDefinition = { name: 'reviewer', description: 'Reviews code.', system: 'You review code.', tools: ['echo'] };

function task(prompt: string): ReturnType<typeof callTool> {
  return callTool('Task', { description: 'review', prompt, subagent_type: 'reviewer' }, 'call_task');
}

describe("the parent agent's instance hooks inside its subagents", () => {
  beforeEach(() => {
    freshHooks();
    ran.length = 0;
  });

  it("receive the subagent's tool, step and result events, whose agentId, agentType and parent tell the runs apart", async () => {
    const seen: string[] = [];
    const pres: PreToolUse[] = [];
    const { model } = scripted([callTool('echo', { text: 'parent call' }), task('review src/'), callTool('echo', { text: 'child call' }), say('looks fine'), say('done')]);
    const lead = new Agent({
      name: 'lead', model, tools: [echo], agents: [reviewer], transcriptDir: tempDir(),
      hooks: {
        onPreToolUse: (p) => {
          pres.push(p);
          seen.push(`PreToolUse ${p.toolName} by ${p.agentType ?? '-'}`);
        },
        onPostToolUse: (p) => void seen.push(`PostToolUse ${p.toolName} by ${p.agentType ?? '-'}`),
        onStepAction: (p) => void seen.push(`StepAction ${p.toolName} by ${p.agentType ?? '-'}`),
        onAgentResult: (p) => void seen.push(`AgentResult by ${p.agentType ?? '-'}`),
      },
    });
    const result = await lead.run('get a review');
    assert.equal(result.text, 'done');
    assert.deepEqual(seen, [
      'PreToolUse echo by lead', 'StepAction echo by lead', 'PostToolUse echo by lead',
      'PreToolUse Task by lead', 'StepAction Task by lead',
      'PreToolUse echo by reviewer', 'StepAction echo by reviewer', 'PostToolUse echo by reviewer', 'AgentResult by reviewer',
      'PostToolUse Task by lead', 'AgentResult by lead',
    ], 'each event reaches the parent agent\'s hooks once, the subagent\'s included');
    const [parentCall, , childCall] = pres;
    assert.deepEqual([parentCall!.agentId, parentCall!.parent], [undefined, undefined], 'a top-level call has no agentId or parent');
    assert.match(childCall!.agentId ?? '', /^agent-/);
    assert.deepEqual(childCall!.parent, { agentType: 'lead', agentId: undefined, sessionId: result.sessionId });
    assert.notEqual(childCall!.sessionId, result.sessionId, 'the subagent reports its own session');
  });

  it("let the parent's PreToolUse hook deny a subagent's tool call, and nothing else of the subagent's", async () => {
    const { model, requests } = scripted([task('review'), callTool('echo', { text: 'rm -rf /' }), callTool('echo', { text: 'ls' }), say('reviewed'), say('done')]);
    const lead = new Agent({
      model, tools: [echo], agents: [reviewer], transcriptDir: tempDir(),
      hooks: { onPreToolUse: (p) => (p.agentId !== undefined && JSON.stringify(p.toolInput).includes('rm -rf') ? { decision: 'block', reason: 'no deletions in a review' } : undefined) },
    });
    await lead.run('review it');
    assert.deepEqual(ran, ['ls'], 'the denied call never ran; the next one did');
    const denied = requests[2]!.find((m): m is ChatMessageTool => m.role === 'tool');
    assert.match(textOf(denied), /no deletions in a review/);
  });

  it("do not reach another agent's subagents", async () => {
    const seen: string[] = [];
    const bystander = new Agent({ model: scripted([say('idle')]).model, transcriptDir: tempDir(), hooks: { onPreToolUse: (p) => void seen.push(p.toolName) } });
    const { model } = scripted([task('review'), callTool('echo', { text: 'x' }), say('ok'), say('done')]);
    await new Agent({ model, tools: [echo], agents: [reviewer], transcriptDir: tempDir() }).run('go');
    await bystander.run('hello');
    assert.deepEqual(seen, [], 'instance hooks stay with their own agent and its subagents');
  });
});
