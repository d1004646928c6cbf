import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { Agent, agentSolver } from '../../src/agent/index.ts';
import { evaluate } from '../../src/eval/evaluate.ts';
import { on } from '../../src/hooks/register.ts';
import { defineTool, type Tool } from '../../src/tools/index.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { callTool, say, scripted } from '../fixtures/agent/scripted.ts';
import { mockTask } from '../eval/runtime-helpers.ts';
import { tempDir } from '../helpers.ts';
import { memoryTracing, outline } from './otel-helpers.ts';

function echoTool(): Tool {
  return defineTool({
    name: 'echo',
    description: 'echoes text',
    parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'], additionalProperties: false },
    execute: (args: { text: string }) => `echo: ${args.text}`,
  });
}

describe('OpenTelemetry spans of an agent session', () => {
  beforeEach(resetHooks);

  it('builds session → turn (invoke_agent) → chat / execute_tool / chat', async () => {
    const tracing = memoryTracing();
    const { model } = scripted([callTool('echo', { text: 'hi' }, 'call_42'), say('done')]);
    const dir = tempDir();
    const agent = new Agent({ model, tools: [echoTool()], transcriptDir: dir, cwd: dir, name: 'helper' });
    const session = agent.session();
    const result = await session.send('go');
    await session.end();
    assert.deepEqual(outline(tracing), [
      'agent_session helper',
      '  invoke_agent helper',
      '    chat model',
      '    execute_tool echo',
      '    chat model',
    ]);
    const [sessionSpan] = tracing.named('agent_session helper');
    const [turn] = tracing.named('invoke_agent helper');
    const [tool] = tracing.named('execute_tool echo');
    assert.equal(turn?.attributes['gen_ai.operation.name'], 'invoke_agent');
    assert.equal(turn?.attributes['gen_ai.agent.name'], 'helper');
    assert.equal(turn?.attributes['gen_ai.conversation.id'], session.id);
    assert.equal(turn?.attributes['hookline.turn.id'], result.turnId);
    assert.equal(sessionSpan?.attributes['hookline.session.end_reason'], 'other');
    assert.equal(tool?.attributes['gen_ai.operation.name'], 'execute_tool');
    assert.equal(tool?.attributes['gen_ai.tool.name'], 'echo');
    assert.equal(tool?.attributes['gen_ai.tool.call.id'], 'call_42');
    assert.equal(tool?.attributes['hookline.tool.outcome'], 'result');
    assert.equal(tool?.attributes['gen_ai.tool.call.arguments'], undefined, 'no content unless enabled');
    assert.equal(tool?.kind, SpanKind.INTERNAL);
    const chats = tracing.named('chat model');
    assert.deepEqual(chats.map((c) => c.attributes['gen_ai.response.finish_reasons']), [['tool_calls'], ['stop']]);
    assert.ok(chats.every((c) => c.attributes['hookline.session.id'] === session.id), 'chat spans carry the session id');
    assert.equal(tracing.hooks.tree.size, 0, 'nothing left open');
  });

  it('records tool arguments, results, the prompt and the reply only when content capture is on', async () => {
    const tracing = memoryTracing({ captureContent: true });
    const { model } = scripted([callTool('echo', { text: 'hi' }), say('done')]);
    const dir = tempDir();
    await new Agent({ model, tools: [echoTool()], transcriptDir: dir, cwd: dir }).run('go');
    const [tool] = tracing.named('execute_tool echo');
    assert.equal(tool?.attributes['gen_ai.tool.call.arguments'], '{"text":"hi"}');
    assert.equal(tool?.attributes['gen_ai.tool.call.result'], 'echo: hi');
    const turn = tracing.spans().find((s) => s.name.startsWith('invoke_agent'));
    assert.match(String(turn?.attributes['gen_ai.input.messages']), /"content":"go"/);
    assert.match(String(turn?.attributes['gen_ai.output.messages']), /"content":"done"/);
    const chat = tracing.named('chat model')[1];
    const input = JSON.parse(String(chat?.attributes['gen_ai.input.messages'])) as { role: string; parts: { type: string }[] }[];
    assert.deepEqual(input.map((m) => m.role), ['user', 'assistant', 'tool']);
    assert.equal(input[1]!.parts[0]!.type, 'tool_call');
    assert.equal(input[2]!.parts[0]!.type, 'tool_call_response');
  });

  it('ends a denied tool call (no PostToolUse) when the turn moves on, without an error', async () => {
    const tracing = memoryTracing();
    on('onPreToolUse', () => ({ decision: 'block', reason: 'not allowed' }));
    const { model } = scripted([callTool('echo', { text: 'hi' }), say('ok')]);
    const dir = tempDir();
    await new Agent({ model, tools: [echoTool()], transcriptDir: dir, cwd: dir }).run('go');
    const [tool] = tracing.named('execute_tool echo');
    assert.equal(tool?.attributes['hookline.tool.outcome'], 'no_result');
    assert.equal(tool?.status.code, SpanStatusCode.UNSET);
    assert.equal(tracing.parentOf(tool)?.name, 'invoke_agent agent');
    assert.equal(tracing.hooks.tree.size, 0, 'nothing left open');
  });

  it('gives each turn its own span, ended at its Stop', async () => {
    const tracing = memoryTracing();
    const { model } = scripted([say('one'), say('two')]);
    const dir = tempDir();
    const session = new Agent({ model, transcriptDir: dir, cwd: dir }).session();
    const first = await session.send('a');
    const second = await session.send('b');
    await session.end();
    const turns = tracing.named('invoke_agent agent');
    assert.deepEqual(turns.map((t) => t.attributes['hookline.turn.id']).sort(), [first.turnId, second.turnId].sort());
    for (const turn of turns) assert.equal(tracing.childrenOf(turn).length, 1, 'one chat per turn');
  });

  it('nests an agent solver’s session under the sample attempt', async () => {
    const tracing = memoryTracing();
    const dir = tempDir();
    const { model } = scripted([callTool('echo', { text: 'x' }), say('done')]);
    await evaluate(mockTask({ solver: agentSolver({ model, tools: [echoTool()], transcriptDir: dir, cwd: dir }) }), { banner: false, noLog: true });
    const lines = outline(tracing);
    assert.deepEqual(lines.slice(0, 4), ['eval_run', '  eval_task mock_task', '    eval_sample', '      eval_attempt']);
    assert.equal(lines[4], '        agent_session agent');
    assert.ok(lines.includes('            execute_tool echo'), lines.join('\n'));
    assert.equal(tracing.hooks.tree.size, 0, 'nothing left open');
  });
});
