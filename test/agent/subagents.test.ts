import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import type { AgentDefinition } from '../../src/agent/subagent-tool.ts';
import { loadAgentDefinitions } from '../../src/agent/agent-files.ts';
import { ConfigError } from '../../src/errors.ts';
import { writeFileSync, mkdirSync } from 'node:fs';
import type { AgentResult } from '../../src/hooks/payloads/agent-run.ts';
import type { PreToolUse } from '../../src/hooks/payloads/agent.ts';
import type { SubagentStart, SubagentStop } from '../../src/hooks/payloads/subagent.ts';
import { on } from '../../src/hooks/register.ts';
import { defineTool } from '../../src/tools/define-tool.ts';
import type { ChatMessageTool } from '../../src/types/model.ts';
import { freshHooks, recordWarnings, tempDir } from '../helpers.ts';
import { callTool, requestText, say, scripted, textOf } from '../fixtures/agent/scripted.ts';
import { openaiCompletion } from '../fixtures/model/fake-llm-server.ts';
import { makeProject, readLines, writeJson, useCommandHooksWithServer } from '../command-hooks/helpers.ts';

const scripts = fileURLToPath(new URL('../fixtures/subagents/', import.meta.url));

const echo = defineTool({
  name: 'echo',
  description: 'Echoes its text.',
  parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  execute: ({ text }: { text: string }) => text,
});

const reviewer: AgentDefinition = { name: 'reviewer', description: 'Reviews code.', system: 'You review code.', tools: ['echo'] };

function task(prompt: string, type = 'reviewer', id = 'call_task'): ReturnType<typeof callTool> {
  return callTool('Task', { description: 'review', prompt, subagent_type: type }, id);
}

describe('subagents', () => {
  beforeEach(freshHooks);

  it("runs the subagent in its own session and gives its final text to the parent as the tool result", async () => {
    const names: string[] = [];
    for (const event of ['onSessionStart', 'onUserPromptSubmit', 'onSubagentStart', 'onPreToolUse', 'onSubagentStop', 'onStop', 'onAgentResult', 'onSessionEnd'] as const) {
      on(event, (p: { agentType?: string | undefined }) => void names.push(`${event.slice(2)}:${p.agentType ?? '-'}`));
    }
    const starts: SubagentStart[] = [];
    const stops: SubagentStop[] = [];
    const pres: PreToolUse[] = [];
    const results: AgentResult[] = [];
    on('onSubagentStart', (p) => void starts.push(p));
    on('onSubagentStop', (p) => void stops.push(p));
    on('onPreToolUse', (p) => void pres.push(p));
    on('onAgentResult', (p) => void results.push(p));
    const { model, requests } = scripted([task('review src/'), callTool('echo', { text: 'looked' }), say('looks fine'), say('the reviewer says: looks fine')]);
    const dir = tempDir();
    const result = await new Agent({ name: 'lead', model, tools: [echo], agents: [reviewer], transcriptDir: dir }).run('get a review');

    assert.equal(result.text, 'the reviewer says: looks fine');
    assert.deepEqual(names, [
      'SessionStart:lead', 'UserPromptSubmit:lead', 'PreToolUse:lead', 'SubagentStart:reviewer', 'PreToolUse:reviewer',
      'SubagentStop:reviewer', 'AgentResult:reviewer', 'Stop:lead', 'AgentResult:lead', 'SessionEnd:lead',
    ]);
    const toolResult = requests[3]!.find((m): m is ChatMessageTool => m.role === 'tool');
    assert.equal(textOf(toolResult), 'looks fine');
    assert.equal(requests[1]![0]!.content, 'You review code.', 'the subagent gets its own system prompt');
    assert.equal(textOf(requests[1]!.at(-1)), 'review src/');

    const start = starts[0]!;
    const stop = stops[0]!;
    assert.deepEqual([start.sessionId, start.transcriptPath, start.turnId], [result.sessionId, result.transcriptPath, result.turnId]);
    assert.equal(stop.agentId, start.agentId);
    assert.deepEqual([stop.sessionId, stop.transcriptPath, stop.agentType, stop.lastAssistantMessage, stop.stopHookActive], [result.sessionId, result.transcriptPath, 'reviewer', 'looks fine', false]);
    assert.equal(dirname(stop.agentTranscriptPath), join(dir, 'subagents'));
    assert.ok(existsSync(stop.agentTranscriptPath), 'the subagent has its own transcript');
    assert.match(readFileSync(stop.agentTranscriptPath, 'utf8'), /looks fine/);

    const inner = pres.find((p) => p.toolName === 'echo')!;
    assert.deepEqual([inner.agentId, inner.agentType, inner.parent], [start.agentId, 'reviewer', { agentType: 'lead', agentId: undefined, sessionId: result.sessionId }]);
    assert.notEqual(inner.sessionId, result.sessionId, 'the subagent runs in its own session');
    assert.deepEqual(results.map((r) => [r.agentType, r.result]), [['reviewer', 'looks fine'], ['lead', 'the reviewer says: looks fine']]);
  });

  it('keeps the subagent going when SubagentStop blocks, up to stopHookBlockCap', async () => {
    const active: boolean[] = [];
    on('onSubagentStop', (p) => {
      active.push(p.stopHookActive);
      return { decision: 'block', reason: 'check the tests too' };
    });
    const { model, requests } = scripted([task('review'), say('draft'), say('with tests'), say('parent done')]);
    const warnings = recordWarnings();
    try {
      const result = await new Agent({ model, agents: [reviewer], stopHookBlockCap: 1, transcriptDir: tempDir() }).run('go');
      assert.equal(result.text, 'parent done');
    } finally {
      warnings.restore();
    }
    assert.deepEqual(active, [false, true]);
    assert.match(requestText(requests[2]), /<hook_prompt>check the tests too<\/hook_prompt>/);
    assert.equal(textOf(requests[3]!.find((m) => m.role === 'tool')), 'with tests');
    assert.match(warnings.messages().join('\n'), /stopHookBlockCap = 1/);
  });

  it("gives SubagentStart context to the subagent's first request, and the parent's instance hooks see both events", async () => {
    on('onSubagentStart', () => ({ additionalContext: 'Use the style guide.' }));
    const seen: string[] = [];
    const { model, requests } = scripted([task('review'), say('ok'), say('done')]);
    const agent = new Agent({
      model,
      agents: [reviewer],
      transcriptDir: tempDir(),
      hooks: { onSubagentStart: ({ agentType }) => void seen.push(`start ${agentType}`), onSubagentStop: ({ agentType }) => void seen.push(`stop ${agentType}`) },
    });
    await agent.run('go');
    assert.match(requestText(requests[1]), /Use the style guide\.[\s\S]*user: review$/);
    assert.deepEqual(seen, ['start reviewer', 'stop reviewer']);
  });

  it('offers the subagent only its own tools, never the Task tool, and tells the model about an unknown type', async () => {
    const other = defineTool({ name: 'other', description: 'Another tool.', parameters: { type: 'object', properties: {} }, execute: () => 'x' });
    const { model, requests } = scripted([task('review', 'nobody', 'call_bad'), task('review'), say('ok'), say('done')]);
    const calls = new Map<number, readonly string[]>();
    on('onBeforeModelGenerate', (p) => void calls.set(calls.size, (p.tools ?? []).map((t) => t.name)));
    await new Agent({ model, tools: [echo, other], agents: [reviewer], transcriptDir: tempDir() }).run('go');
    const bad = requests[1]!.find((m): m is ChatMessageTool => m.role === 'tool');
    assert.match(textOf(bad), /Unknown subagent_type 'nobody'\. Use one of: reviewer\./);
    assert.deepEqual(calls.get(0), ['echo', 'other', 'Task']);
    assert.deepEqual(calls.get(2), ['echo'], 'the subagent request offers only its tools');
  });
});

describe('subagent definitions from files', () => {
  it('reads Claude-Code-style agent files from .hookline/agents (and .claude/agents on request), .hookline winning', () => {
    const project = tempDir();
    mkdirSync(join(project, '.hookline', 'agents'), { recursive: true });
    mkdirSync(join(project, '.claude', 'agents'), { recursive: true });
    writeFileSync(join(project, '.hookline', 'agents', 'reviewer.md'), '---\nname: reviewer\ndescription: "Reviews a change."\ntools: Read, Bash\nmaxTurns: 5\n---\nYou review code.\n');
    writeFileSync(join(project, '.claude', 'agents', 'reviewer.md'), '---\nname: reviewer\ndescription: old one\n---\nOld.\n');
    writeFileSync(join(project, '.claude', 'agents', 'planner.md'), '---\nname: planner\ndescription: Plans.\n---\n');
    assert.deepEqual(loadAgentDefinitions(project), [{ name: 'reviewer', description: 'Reviews a change.', system: 'You review code.', tools: ['Read', 'Bash'], maxTurns: 5 }]);
    assert.deepEqual(loadAgentDefinitions(project, { importClaude: true }).map((d) => [d.name, d.description]), [['planner', 'Plans.'], ['reviewer', 'Reviews a change.']]);
    assert.deepEqual(loadAgentDefinitions(tempDir()), []);
  });

  it('names the file and the problem for a bad agent file', () => {
    const project = tempDir();
    mkdirSync(join(project, '.hookline', 'agents'), { recursive: true });
    const file = join(project, '.hookline', 'agents', 'broken.md');
    writeFileSync(file, '---\nname: has spaces\ndescription: x\n---\n');
    assert.throws(() => loadAgentDefinitions(project), (e: unknown) => e instanceof ConfigError && e.message.includes(file) && /name must be letters/.test(e.message));
    writeFileSync(file, 'no front matter');
    assert.throws(() => loadAgentDefinitions(project), /no front matter/);
  });
});

describe('subagent command hooks (shell, Python, Node) against a model server', () => {
  const startWithHooks = useCommandHooksWithServer();

  it('injects context, guards subagent tools and sends the subagent back once, as their authors intend', async () => {
    const log = join(tempDir(), 'stop.jsonl');
    const { projectDir, userDir } = makeProject();
    const command = (file: string, ...args: string[]): unknown => ({ type: 'command', command: [join(scripts, file), ...args].map((a) => `'${a}'`).join(' ') });
    writeJson(join(projectDir, '.hookline', 'hooks.json'), {
      hooks: {
        SubagentStart: [{ matcher: 'reviewer', hooks: [command('subagent-context.sh')] }],
        PreToolUse: [{ matcher: 'echo', hooks: [command('subagent-guard.mjs')] }],
        SubagentStop: [{ matcher: 'reviewer', hooks: [command('subagent-stop-once.py', log)] }],
      },
    });
    const { server, model } = await startWithHooks(
      { projectDir, userDir },
      { body: openaiCompletion({ toolCalls: [{ id: 'call_task', name: 'Task', arguments: JSON.stringify({ description: 'review', prompt: 'review src/', subagent_type: 'reviewer' }) }] }) },
      { body: openaiCompletion({ toolCalls: [{ id: 'call_echo', name: 'echo', arguments: '{"text":"hi"}' }] }) },
      { body: openaiCompletion({ content: 'draft review' }) },
      { body: openaiCompletion({ content: 'final review with tests' }) },
      { body: openaiCompletion({ content: 'lead: final review with tests' }) },
    );
    const agent = new Agent({ name: 'lead', model, tools: [echo], agents: [reviewer], cwd: projectDir, transcriptDir: join(projectDir, 'sessions') });
    const result = await agent.run('get a review');

    assert.equal(result.text, 'lead: final review with tests');
    const bodies = server.requests.map((r) => JSON.stringify(r.body));
    assert.match(bodies[1]!, /Checklist: tests, names, error messages\./);
    assert.match(bodies[2]!, /reviewer subagents may not echo/);
    assert.match(bodies[3]!, /Check the tests too\./);
    assert.match(bodies[4]!, /final review with tests/);
    const stops = readLines(log);
    assert.deepEqual(stops.map((s) => [s.hook_event_name, s.agent_type, s.stop_hook_active, s.last_assistant_message]), [
      ['SubagentStop', 'reviewer', false, 'draft review'],
      ['SubagentStop', 'reviewer', true, 'final review with tests'],
    ]);
    assert.equal(stops[0]!.session_id, result.sessionId);
    assert.equal(stops[0]!.transcript_path, result.transcriptPath);
    assert.ok(typeof stops[0]!.agent_transcript_path === 'string' && existsSync(stops[0]!.agent_transcript_path), 'agent_transcript_path names the subagent transcript');
    assert.deepEqual(Object.keys(stops[0]!), ['session_id', 'turn_id', 'transcript_path', 'agent_transcript_path', 'cwd', 'hook_event_name', 'model', 'permission_mode', 'stop_hook_active', 'agent_id', 'agent_type', 'last_assistant_message']);
  });
});
