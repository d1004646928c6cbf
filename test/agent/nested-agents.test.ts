import assert from 'node:assert/strict';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import type { AgentLineage } from '../../src/hooks/payloads/agent.ts';
import { on } from '../../src/hooks/register.ts';
import { defineTool } from '../../src/tools/define-tool.ts';
import type { Tool } from '../../src/tools/types.ts';
import { freshHooks, tempDir } from '../helpers.ts';
import { callTool, say, scripted } from '../fixtures/agent/scripted.ts';
import { openaiCompletion } from '../fixtures/model/fake-llm-server.ts';
import { fixture, hooksFor, makeProject, readLines, useCommandHooksWithServer } from '../command-hooks/helpers.ts';

const echo = defineTool({
  name: 'echo',
  description: 'Echoes its text.',
  parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  execute: ({ text }: { text: string }) => text,
});

/** A tool that runs `agent` on its `question` and returns the answer. */
function askTool(name: string, agent: () => Agent): Tool {
  return defineTool({
    name,
    description: `Asks the ${name} agent.`,
    parameters: { type: 'object', properties: { question: { type: 'string' } }, required: ['question'] },
    execute: async ({ question }: { question: string }) => (await agent().run(question)).text,
  });
}

interface Seen extends AgentLineage {
  readonly event: string;
  readonly sessionId: string | undefined;
}

function recordLineage(): Seen[] {
  const seen: Seen[] = [];
  for (const event of ['onUserPromptSubmit', 'onPreToolUse', 'onStepStart', 'onStop', 'onAgentResult'] as const) {
    on(event, (p: AgentLineage & { sessionId?: string | undefined }) => {
      seen.push({ event: event.slice(2), agentType: p.agentType, agentId: p.agentId, parent: p.parent, sessionId: p.sessionId });
    });
  }
  return seen;
}

describe('nested agents', () => {
  beforeEach(freshHooks);

  it('names the top-level agent in every agent and tool event, with no id and no parent', async () => {
    const seen = recordLineage();
    const { model } = scripted([callTool('echo', { text: 'x' }), say('done')]);
    await new Agent({ name: 'planner', model, tools: [echo], transcriptDir: tempDir() }).run('go');
    assert.ok(seen.length >= 5, 'every recorded event fired');
    for (const s of seen) assert.deepEqual([s.event, s.agentType, s.agentId, s.parent], [s.event, 'planner', undefined, undefined]);
  });

  it("gives an agent run inside another agent's tool its own id and the parent agent and session", async () => {
    const seen = recordLineage();
    const inner = scripted([callTool('echo', { text: 'inner' }), say('42')]);
    const researcher = (): Agent => new Agent({ name: 'researcher', model: inner.model, tools: [echo], transcriptDir: tempDir() });
    const outer = scripted([callTool('ask', { question: 'what is it?' }), say('it is 42')]);
    const result = await new Agent({ name: 'lead', model: outer.model, tools: [askTool('ask', researcher)], transcriptDir: tempDir() }).run('find out');
    assert.equal(result.text, 'it is 42');

    const child = seen.filter((s) => s.agentType === 'researcher');
    assert.deepEqual(child.map((s) => s.event), ['UserPromptSubmit', 'StepStart', 'PreToolUse', 'StepStart', 'Stop', 'AgentResult']);
    const agentId = child[0]!.agentId;
    assert.match(agentId ?? '', /^agent-/);
    for (const s of child) {
      assert.equal(s.agentId, agentId, `${s.event} carries the child's id`);
      assert.deepEqual(s.parent, { agentType: 'lead', agentId: undefined, sessionId: result.sessionId });
      assert.notEqual(s.sessionId, result.sessionId, 'the child has its own session');
    }
    const parentEvents = seen.filter((s) => s.agentType === 'lead');
    assert.deepEqual(parentEvents.map((s) => s.event), ['UserPromptSubmit', 'StepStart', 'PreToolUse', 'StepStart', 'Stop', 'AgentResult']);
    assert.ok(parentEvents.every((s) => s.parent === undefined && s.agentId === undefined), 'the parent is restored after the child returns');
  });

  it('chains the lineage through three levels', async () => {
    const seen = recordLineage();
    const leaf = (): Agent => new Agent({ name: 'leaf', model: scripted([say('leaf answer')]).model, transcriptDir: tempDir() });
    const middle = (): Agent => new Agent({ name: 'middle', model: scripted([callTool('ask-leaf', { question: 'q' }), say('middle answer')]).model, tools: [askTool('ask-leaf', leaf)], transcriptDir: tempDir() });
    const top = new Agent({ name: 'top', model: scripted([callTool('ask-middle', { question: 'q' }), say('top answer')]).model, tools: [askTool('ask-middle', middle)], transcriptDir: tempDir() });
    await top.run('go');
    const middleId = seen.find((s) => s.agentType === 'middle')?.agentId;
    const leafSeen = seen.find((s) => s.agentType === 'leaf');
    assert.ok(middleId !== undefined, 'the middle agent has an id');
    assert.equal(leafSeen?.parent?.agentType, 'middle');
    assert.equal(leafSeen.parent.agentId, middleId);
    assert.notEqual(leafSeen.agentId, middleId);
  });

  it('keeps concurrent top-level runs apart', async () => {
    const seen = recordLineage();
    const run = (name: string): Promise<unknown> => {
      const child = (): Agent => new Agent({ name: `${name}-child`, model: scripted([say('ok')]).model, transcriptDir: tempDir() });
      return new Agent({ name, model: scripted([callTool('ask', { question: 'q' }), say('done')]).model, tools: [askTool('ask', child)], transcriptDir: tempDir() }).run('go');
    };
    await Promise.all([run('alpha'), run('beta')]);
    for (const name of ['alpha', 'beta']) {
      const children = seen.filter((s) => s.agentType === `${name}-child`);
      assert.ok(children.length > 0 && children.every((s) => s.parent?.agentType === name), `${name}'s child names ${name} as its parent`);
    }
  });
});

describe('nested agents in command hooks against a model server', () => {
  const startWithHooks = useCommandHooksWithServer();

  it('sends agent_id and agent_type only for events of the nested agent, as Claude Code does inside a subagent', async () => {
    const log = join(tempDir(), 'stdin.jsonl');
    const { projectDir, userDir } = makeProject(hooksFor('PreToolUse', { commands: [fixture('record.mjs', log)] }));
    const { model } = await startWithHooks(
      { projectDir, userDir },
      { body: openaiCompletion({ toolCalls: [{ id: 'call_ask', name: 'ask', arguments: '{"question":"size?"}' }] }) },
      { body: openaiCompletion({ content: 'the answer is big' }) },
    );
    const child = (): Agent => new Agent({ name: 'measurer', model: scripted([callTool('echo', { text: 'big' }), say('big')]).model, tools: [echo], cwd: projectDir, transcriptDir: tempDir() });
    const result = await new Agent({ name: 'lead', model, tools: [askTool('ask', child)], cwd: projectDir, transcriptDir: tempDir() }).run('how big?');
    assert.equal(result.text, 'the answer is big');
    const inputs = readLines<{ stdin: string }>(log).map((l) => JSON.parse(l.stdin) as Record<string, unknown>);
    assert.deepEqual(inputs.map((i) => i.tool_name), ['ask', 'echo']);
    const [outer, inner] = inputs as [Record<string, unknown>, Record<string, unknown>];
    assert.ok(!('agent_id' in outer) && !('agent_type' in outer), 'the top-level agent sends neither field');
    assert.equal(inner.agent_type, 'measurer');
    assert.match(String(inner.agent_id), /^agent-/);
    assert.deepEqual(Object.keys(inner).slice(0, 4), ['session_id', 'turn_id', 'agent_id', 'agent_type']);
  });
});
