import assert from 'node:assert/strict';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import type { HookEventName } from '../../src/hooks/catalog.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import type { StepAction, StepEnd, StepObservation } from '../../src/hooks/payloads/agent-run.ts';
import { hooks, on } from '../../src/hooks/register.ts';
import { defineTool } from '../../src/tools/define-tool.ts';
import { executeToolCalls } from '../../src/tools/execute.ts';
import { freshHooks, tempDir } from '../helpers.ts';
import { callTool, say, scripted } from '../fixtures/agent/scripted.ts';
import { openaiCompletion } from '../fixtures/model/fake-llm-server.ts';
import { fixture, makeProject, readLines, writeJson, useCommandHooksWithServer } from '../command-hooks/helpers.ts';

const echo = defineTool({
  name: 'echo',
  description: 'Echoes its text.',
  parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  execute: ({ text }: { text: string }) => text,
});

const broken = defineTool({
  name: 'broken',
  description: 'Always throws.',
  parameters: { type: 'object', properties: {} },
  execute: () => {
    throw new Error('disk on fire');
  },
});

const EVENTS: readonly HookEventName[] = [
  'onStepStart', 'onPreToolUse', 'onStepAction', 'onPostToolUse', 'onStepObservation', 'onStepEnd', 'onStop', 'onAgentResult',
];

/** Records `event:detail` lines for the step events and their neighbours. */
function recordOrder(): string[] {
  const lines: string[] = [];
  for (const event of EVENTS) {
    on(event, (p: object) => {
      const record = p as { step?: number; toolName?: string; outcome?: string };
      const detail = record.outcome ?? record.toolName ?? (record.step === undefined ? '' : String(record.step));
      lines.push(`${event.slice(2)}:${detail}`);
    });
  }
  return lines;
}

describe('step hooks', () => {
  beforeEach(freshHooks);

  it('fires start, action, observation and end around each step, in order', async () => {
    const lines = recordOrder();
    const { model } = scripted([callTool('echo', { text: 'hi' }), say('done')]);
    await new Agent({ model, tools: [echo], transcriptDir: tempDir() }).run('go');
    assert.deepEqual(lines, [
      'StepStart:1', 'PreToolUse:echo', 'StepAction:echo', 'PostToolUse:echo', 'StepObservation:echo', 'StepEnd:tool_calls',
      'StepStart:2', 'StepEnd:answer', 'Stop:', 'AgentResult:',
    ]);
  });

  it('gives the action the input PreToolUse rewrote and the observation what the model reads', async () => {
    const actions: StepAction[] = [];
    const observations: StepObservation[] = [];
    on('onPreToolUse', () => ({ updatedInput: { text: 'rewritten' } }));
    on('onPostToolUse', () => ({ decision: 'block', reason: 'feedback replaces the output' }));
    on('onStepAction', (p) => void actions.push(p));
    on('onStepObservation', (p) => void observations.push(p));
    const { model, requests } = scripted([callTool('echo', { text: 'original' }, 'call_9'), say('done')]);
    await new Agent({ model, tools: [echo], transcriptDir: tempDir() }).run('go');
    assert.deepEqual(actions.map((a) => [a.toolInput, a.toolUseId, a.step]), [[{ text: 'rewritten' }, 'call_9', 1]]);
    const observation = observations[0]!;
    assert.deepEqual([observation.observation, observation.isError, observation.toolResponse], ['feedback replaces the output', false, 'rewritten']);
    const toolMessage = requests[1]!.find((m) => m.role === 'tool');
    assert.equal(toolMessage?.content, observation.observation);
  });

  it('fires no action or observation for a denied or invalid call, and an error observation for a throwing tool', async () => {
    const lines = recordOrder();
    const observations: StepObservation[] = [];
    on('onStepObservation', (p) => void observations.push(p));
    on('onPreToolUse', (p) => (p.toolInput.text === 'deny me' ? { decision: 'block', reason: 'no' } : undefined));
    const { model } = scripted([callTool('echo', { text: 'deny me' }), callTool('echo', { wrong: 1 }), callTool('broken', {}), say('done')]);
    await new Agent({ model, tools: [echo, broken], transcriptDir: tempDir() }).run('go');
    assert.equal(lines.filter((l) => l.startsWith('StepAction')).length, 1, lines.join(' '));
    assert.deepEqual(observations.map((o) => [o.toolName, o.isError, o.toolResponse]), [['broken', true, undefined]]);
    assert.match(observations[0]!.observation, /disk on fire/);
  });

  it('ends a failing step with outcome error and its message, and a stopped step with outcome stopped', async () => {
    const ends: StepEnd[] = [];
    on('onStepEnd', (p) => void ends.push(p));
    const failing = scripted([callTool('echo', { text: 'a' })]);
    await assert.rejects(new Agent({ model: failing.model, tools: [echo], transcriptDir: tempDir() }).run('go'));
    assert.deepEqual(ends.map((e) => [e.step, e.outcome]), [[1, 'tool_calls'], [2, 'error']]);
    assert.ok(ends[1]!.error !== undefined && ends[1]!.error.length > 0, 'the error message is carried');

    ends.length = 0;
    const unregister = on('onPostToolUse', () => ({ continue: false, stopReason: 'halt' }));
    await new Agent({ model: scripted([callTool('echo', { text: 'a' })]).model, tools: [echo], transcriptDir: tempDir() }).run('go');
    unregister();
    assert.deepEqual(ends.map((e) => [e.step, e.outcome, e.toolCalls]), [[1, 'stopped', 1]]);
  });

  it("answers promptulate's onAgentAction / onAgentObservation names in class, agent and tool hooks", async () => {
    const seen: string[] = [];
    class StepLogger extends Hooks {
      override onAgentAction({ toolName }: StepAction): void {
        seen.push(`class action ${toolName}`);
      }
    }
    hooks({ name: 'step-logger' }, StepLogger);
    const tool = defineTool({
      name: 'echo',
      description: 'Echoes its text.',
      parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      execute: ({ text }: { text: string }) => text,
      hooks: { onAgentObservation: ({ observation }) => void seen.push(`tool observation ${observation}`) },
    });
    const { model } = scripted([callTool('echo', { text: 'hi' }), say('done')]);
    const agent = new Agent({
      model,
      tools: [tool],
      transcriptDir: tempDir(),
      hooks: { onStepStart: ({ step }) => void seen.push(`agent step ${step}`), onAgentAction: ({ step }) => void seen.push(`agent action in step ${String(step)}`) },
    });
    await agent.run('go');
    assert.deepEqual(seen, ['agent step 1', 'class action echo', 'agent action in step 1', 'tool observation hi', 'agent step 2']);
  });

  it('fires action and observation for tool calls outside an agent, without a step', async () => {
    const actions: StepAction[] = [];
    on('onStepAction', (p) => void actions.push(p));
    await executeToolCalls([{ id: 'c1', type: 'function', function: 'echo', arguments: { text: 'x' } }], [echo], { cwd: tempDir(), permissionMode: 'default' });
    assert.deepEqual(actions.map((a) => [a.toolName, a.step, a.agent]), [['echo', undefined, undefined]]);
  });
});

describe('step hooks from command hooks against a model server', () => {
  const startWithHooks = useCommandHooksWithServer();

  it('runs step scripts with the step payloads, and matches StepAction on the tool name', async () => {
    const log = join(tempDir(), 'stdin.jsonl');
    const record = (tag: string): unknown => ({ type: 'command', command: fixture('record.mjs', log, tag) });
    const { projectDir, userDir } = makeProject();
    writeJson(join(projectDir, '.hookline', 'hooks.json'), {
      hooks: {
        StepStart: [{ hooks: [record('start')] }],
        StepAction: [{ matcher: '^echo$', hooks: [record('action')] }],
        StepObservation: [{ hooks: [record('observation')] }],
        StepEnd: [{ hooks: [record('end')] }],
      },
    });
    const { model } = await startWithHooks(
      { projectDir, userDir },
      { body: openaiCompletion({ toolCalls: [{ id: 'call_a', name: 'echo', arguments: '{"text":"one"}' }, { id: 'call_b', name: 'broken', arguments: '{}' }] }) },
      { body: openaiCompletion({ content: 'finished' }) },
    );
    const result = await new Agent({ model, tools: [echo, broken], cwd: projectDir, transcriptDir: join(projectDir, 'sessions') }).run('go');
    assert.equal(result.text, 'finished');
    const lines = readLines<{ stdin: string; tag: string }>(log).map((l) => ({ tag: l.tag, input: JSON.parse(l.stdin) as Record<string, unknown> }));
    assert.deepEqual(lines.map((l) => `${l.tag}:${String(l.input.hook_event_name)}`), [
      'start:StepStart', 'action:StepAction', 'observation:StepObservation', 'observation:StepObservation', 'end:StepEnd', 'start:StepStart', 'end:StepEnd',
    ]);
    const action = lines[1]!.input;
    assert.deepEqual([action.tool_name, action.tool_input, action.tool_use_id, action.step, action.session_id], ['echo', { text: 'one' }, 'call_a', 1, result.sessionId]);
    const failed = lines[3]!.input;
    assert.deepEqual([failed.tool_name, failed.is_error], ['broken', true]);
    assert.deepEqual([lines[4]!.input.outcome, lines[4]!.input.tool_calls, lines[6]!.input.outcome, lines[6]!.input.text], ['tool_calls', 2, 'answer', 'finished']);
  });
});
