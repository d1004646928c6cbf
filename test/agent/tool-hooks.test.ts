import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import type { PostToolUse, PreToolUse } from '../../src/hooks/payloads/agent.ts';
import { on } from '../../src/hooks/register.ts';
import type { ChatMessage, ChatMessageTool } from '../../src/types/model.ts';
import { bashTool, defineTool, type Tool } from '../../src/tools/index.ts';
import { freshHooks, recordWarnings, tempDir } from '../helpers.ts';
import { callTool, requestText, say, scripted, textOf } from '../fixtures/agent/scripted.ts';

function echoTool(calls: unknown[]): Tool {
  return defineTool({
    name: 'echo',
    description: 'echoes text',
    parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'], additionalProperties: false },
    execute: (args: { text: string }) => {
      calls.push(args);
      return `echo: ${args.text}`;
    },
  });
}

function toolMessage(request: readonly ChatMessage[] | undefined): ChatMessageTool {
  const found = (request ?? []).find((m): m is ChatMessageTool => m.role === 'tool');
  assert.ok(found, 'the request has a tool message');
  return found;
}

describe('PreToolUse and PostToolUse in the agent loop', () => {
  beforeEach(freshHooks);

  it('fills the tool payloads: name, input, tool_use_id, response, turn, transcript, component, agent', async () => {
    const pre: PreToolUse[] = [];
    const post: PostToolUse[] = [];
    on('onPreToolUse', (p) => {
      assert.ok(existsSync(p.transcriptPath!), 'the transcript exists when PreToolUse runs');
      pre.push(p);
    });
    on('onPostToolUse', (p) => {
      post.push(p);
    });
    const calls: unknown[] = [];
    const tool = echoTool(calls);
    const { model } = scripted([callTool('echo', { text: 'hi' }, 'call_42'), say('done')]);
    const dir = tempDir();
    const agent = new Agent({ model, tools: [tool], transcriptDir: dir, cwd: dir });
    const run = await agent.run('go');
    assert.equal(pre.length, 1);
    const p = pre[0]!;
    assert.equal(p.toolName, 'echo');
    assert.deepEqual(p.toolInput, { text: 'hi' });
    assert.equal(p.toolUseId, 'call_42');
    assert.equal(p.turnId, run.turnId);
    assert.equal(p.sessionId, run.sessionId);
    assert.equal(p.transcriptPath, run.transcriptPath);
    assert.equal(p.cwd, dir);
    assert.equal(p.model, 'mockllm/model');
    assert.equal(p.permissionMode, 'default');
    assert.deepEqual(p.component, tool.component);
    assert.deepEqual(p.agent, agent.component);
    assert.equal(post[0]!.toolResponse, 'echo: hi');
    assert.equal(post[0]!.toolUseId, 'call_42');
  });

  it('denies a tool: it does not run and the model reads the reason', async () => {
    on('onPreToolUse', () => ({ decision: 'block', reason: 'not allowed here' }));
    const calls: unknown[] = [];
    const { model, requests } = scripted([callTool('echo', { text: 'x' }), say('ok')]);
    await new Agent({ model, tools: [echoTool(calls)], transcriptDir: tempDir() }).run('go');
    assert.deepEqual(calls, []);
    assert.equal(textOf(toolMessage(requests[1])), 'Tool call blocked by PreToolUse hook: not allowed here. Tool: echo');
  });

  it('denies a Bash command with the command in the message, and the command has no effect (#101)', async () => {
    const dir = tempDir();
    on('onPreToolUse', (p) => (p.toolName === 'Bash' ? { decision: 'block', reason: 'blocked by pre hook' } : undefined));
    const command = 'touch created.txt';
    const { model, requests } = scripted([callTool('Bash', { command }), say('ok')]);
    await new Agent({ model, tools: [bashTool()], cwd: dir, transcriptDir: dir }).run('go');
    assert.equal(textOf(toolMessage(requests[1])), `Command blocked by PreToolUse hook: blocked by pre hook. Command: ${command}`);
    assert.equal(existsSync(join(dir, 'created.txt')), false);
  });

  it('gives the model both the context and the block text when the same hook denies (#103)', async () => {
    on('onPreToolUse', () => ({ decision: 'block', reason: 'nope', additionalContext: 'policy: read-only' }));
    const { model, requests } = scripted([callTool('echo', { text: 'x' }), say('ok')]);
    await new Agent({ model, tools: [echoTool([])], transcriptDir: tempDir() }).run('go');
    const text = requestText(requests[1]);
    assert.match(text, /Tool call blocked by PreToolUse hook: nope/);
    assert.match(text, /<hook_context event="PreToolUse">\npolicy: read-only\n<\/hook_context>/);
    // The context comes after the tool result, so the request stays valid for every provider.
    const roles = requests[1]!.map((m) => m.role);
    assert.deepEqual(roles, ['user', 'assistant', 'tool', 'user']);
  });

  it('rewrites the call with updatedInput, re-validated against the schema', async () => {
    on('onPreToolUse', (p) => (p.toolInput.text === 'bad' ? { updatedInput: { text: 'rewritten' } } : { updatedInput: { text: 42 } }));
    const calls: unknown[] = [];
    const { model, requests } = scripted([callTool('echo', { text: 'bad' }, 'a'), callTool('echo', { text: 'other' }, 'b'), say('ok')]);
    const warnings = recordWarnings();
    try {
      await new Agent({ model, tools: [echoTool(calls)], transcriptDir: tempDir() }).run('go');
    } finally {
      warnings.restore();
    }
    assert.deepEqual(calls, [{ text: 'rewritten' }]);
    assert.equal(textOf(toolMessage(requests[1])), 'echo: rewritten');
    const second = requests[2]!.filter((m): m is ChatMessageTool => m.role === 'tool')[1]!;
    assert.equal(second.error?.type, 'parsing');
    assert.match(textOf(second), /rewrote the input of tool 'echo' into invalid arguments/);
    assert.match(warnings.messages().join('\n'), /rewrote the input/);
  });

  it('replaces the tool output with PostToolUse block feedback (#113)', async () => {
    on('onPostToolUse', () => ({ decision: 'block', reason: 'output withheld: it contains a token' }));
    const { model, requests } = scripted([callTool('echo', { text: 'x' }), say('ok')]);
    const result = await new Agent({ model, tools: [echoTool([])], transcriptDir: tempDir() }).run('go');
    assert.equal(textOf(toolMessage(requests[1])), 'output withheld: it contains a token');
    assert.equal(result.outcome, 'completed');
  });

  it('on PostToolUse continue:false, gives the model the stop reason and ends the turn (#114)', async () => {
    on('onPostToolUse', () => ({ continue: false, stopReason: 'halt now' }));
    const { model, requests } = scripted([callTool('echo', { text: 'x' }), say('never')]);
    const session = new Agent({ model, tools: [echoTool([])], transcriptDir: tempDir() }).session();
    const result = await session.send('go');
    assert.equal(result.outcome, 'stopped');
    assert.equal(result.reason, 'halt now');
    assert.equal(requests.length, 1);
    assert.equal(textOf(session.messages.at(-1)), 'halt now');
    await session.end();
  });

  it('uses the default text when PostToolUse stops without a reason', async () => {
    on('onPostToolUse', () => ({ continue: false }));
    const { model } = scripted([callTool('echo', { text: 'x' })]);
    const session = new Agent({ model, tools: [echoTool([])], transcriptDir: tempDir() }).session();
    await session.send('go');
    assert.equal(textOf(session.messages.at(-1)), 'PostToolUse hook stopped execution');
    await session.end();
  });

  it('injects PostToolUse context into the next request, after the tool output', async () => {
    on('onPostToolUse', () => ({ additionalContext: 'post context' }));
    const { model, requests } = scripted([callTool('echo', { text: 'x' }), say('ok')]);
    await new Agent({ model, tools: [echoTool([])], transcriptDir: tempDir() }).run('go');
    const last = requests[1]!.at(-1)!;
    assert.equal(textOf(last), '<hook_context event="PostToolUse">\npost context\n</hook_context>');
    assert.equal(textOf(toolMessage(requests[1])), 'echo: x');
  });

  it('turns bad arguments, unparsable JSON, unknown tools and thrown errors into tool errors the model sees', async () => {
    const boom = defineTool({ name: 'boom', description: 'fails', parameters: { type: 'object' }, execute: () => { throw new Error('kaboom'); } });
    const pre: string[] = [];
    on('onPreToolUse', (p) => {
      pre.push(p.toolName);
    });
    const bad = callTool('echo', { text: 5 }, 'c1');
    const unparsable = callTool('echo', {}, 'c2');
    unparsable.choices[0]!.message.toolCalls![0]!.parseError = "Could not parse the arguments of tool 'echo' as JSON: Unexpected token }";
    const { model, requests } = scripted([bad, unparsable, callTool('nope', {}, 'c3'), callTool('boom', {}, 'c4'), say('giving up')]);
    const result = await new Agent({ model, tools: [echoTool([]), boom], transcriptDir: tempDir() }).run('go');
    assert.equal(result.text, 'giving up');
    const tools = requests[4]!.filter((m): m is ChatMessageTool => m.role === 'tool');
    assert.deepEqual(tools.map((t) => t.error?.type), ['parsing', 'parsing', 'unknown', 'unknown']);
    assert.match(textOf(tools[0]), /Invalid arguments for tool 'echo': 'text' must be string/);
    assert.equal(textOf(tools[1]), "Could not parse the arguments of tool 'echo' as JSON: Unexpected token }. Send the arguments of 'echo' as one JSON object matching its parameters.");
    assert.match(textOf(tools[2]), /Tool 'nope' does not exist\. Call one of the available tools: echo, boom/);
    assert.match(textOf(tools[3]), /Tool 'boom' failed: kaboom/);
    assert.deepEqual(pre, ['boom']);
  });

  it('answers the remaining calls of a batch after a hook stopped execution', async () => {
    on('onPostToolUse', () => ({ continue: false, stopReason: 'stop' }));
    const calls: unknown[] = [];
    const two = callTool('echo', { text: 'one' }, 'x1');
    two.choices[0]!.message.toolCalls!.push({ id: 'x2', function: 'echo', arguments: { text: 'two' }, type: 'function' });
    const { model } = scripted([two]);
    const session = new Agent({ model, tools: [echoTool(calls)], transcriptDir: tempDir() }).session();
    await session.send('go');
    assert.deepEqual(calls, [{ text: 'one' }]);
    const results = session.messages.filter((m): m is ChatMessageTool => m.role === 'tool');
    assert.deepEqual(results.map((m) => m.toolCallId), ['x1', 'x2']);
    assert.match(textOf(results[1]), /skipped/);
    await session.end();
  });
});
