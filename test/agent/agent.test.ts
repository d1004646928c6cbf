import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import { on } from '../../src/hooks/register.ts';
import type { AgentCreate, SessionEnd, SessionStart, UserPromptSubmit } from '../../src/hooks/payloads/agent.ts';
import { ConfigError } from '../../src/errors.ts';
import { defineTool } from '../../src/tools/index.ts';
import { freshHooks, recordWarnings, tempDir } from '../helpers.ts';
import { callTool, say, scripted, textOf } from '../fixtures/agent/scripted.ts';

function lines(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('Agent', () => {
  beforeEach(freshHooks);

  it('runs one prompt and returns the answer with the session id and transcript', async () => {
    const { model, requests } = scripted([say('hello there')]);
    const agent = new Agent({ model, system: 'Be brief.', transcriptDir: tempDir() });
    const result = await agent.run('hi');
    assert.equal(result.text, 'hello there');
    assert.equal(result.outcome, 'completed');
    assert.equal(result.modelCalls, 1);
    assert.deepEqual(requests[0]!.map((m) => [m.role, textOf(m)]), [['system', 'Be brief.'], ['user', 'hi']]);
    const raw = lines(result.transcriptPath);
    assert.deepEqual(raw.map((l) => l.subtype ?? l.type), ['session_meta', 'session_start', 'turn_start', 'user', 'assistant', 'turn_end', 'session_end']);
    assert.ok(raw.every((l) => l.sessionId === result.sessionId && typeof l.timestamp === 'string' && typeof l.uuid === 'string'), 'every line has the session id, a uuid and a timestamp');
    assert.ok(raw.every((l, i) => l.parentUuid === (i === 0 ? null : raw[i - 1]!.uuid)), 'each line names the one before as its parent');
  });

  it('fires onAgentCreate with the model, tool names and system prompt', async () => {
    const seen: AgentCreate[] = [];
    on('onAgentCreate', (p) => {
      seen.push(p);
    });
    const tool = defineTool({ name: 'noop', description: 'does nothing', parameters: { type: 'object' }, execute: () => 'ok' });
    const agent = new Agent({ model: scripted([]).model, tools: [tool], system: 'S', name: 'helper' });
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0], { component: agent.component, model: 'mockllm/model', tools: ['noop'], system: 'S' });
    assert.deepEqual(agent.component.kind, 'agent');
    assert.equal(agent.component.name, 'helper');
  });

  it('creates the transcript before the first hook runs, and fills every session payload', async () => {
    const dir = tempDir();
    const starts: SessionStart[] = [];
    const prompts: UserPromptSubmit[] = [];
    const ends: SessionEnd[] = [];
    let existedAtStart = false;
    on('onSessionStart', (p) => {
      existedAtStart = existsSync(p.transcriptPath) && readFileSync(p.transcriptPath, 'utf8').includes('"session_start"');
      starts.push(p);
    });
    on('onUserPromptSubmit', (p) => {
      prompts.push(p);
    });
    on('onSessionEnd', (p) => {
      ends.push(p);
    });
    const modelSessions: (string | undefined)[] = [];
    on('onBeforeModelGenerate', (p) => {
      modelSessions.push(p.sessionId);
    });
    const { model } = scripted([say('ok')]);
    const agent = new Agent({ model, transcriptDir: dir, cwd: dir, permissionMode: 'acceptEdits' });
    const result = await agent.run('go');
    assert.deepEqual(modelSessions, [result.sessionId]);
    assert.ok(existedAtStart, 'the transcript existed when SessionStart ran');
    const start = starts[0]!;
    assert.equal(start.source, 'startup');
    assert.equal(start.sessionId, result.sessionId);
    assert.equal(start.transcriptPath, result.transcriptPath);
    assert.equal(start.cwd, dir);
    assert.equal(start.model, 'mockllm/model');
    assert.equal(start.permissionMode, 'acceptEdits');
    assert.deepEqual(start.component, agent.component);
    assert.equal(prompts[0]!.prompt, 'go');
    assert.equal(prompts[0]!.turnId, result.turnId);
    assert.ok(result.turnId.length > 0, 'the turn has an id');
    assert.equal(ends.length, 1);
    assert.equal(ends[0]!.reason, 'other');
    assert.equal(ends[0]!.sessionId, result.sessionId);
  });

  it('keeps the history across the turns of one session', async () => {
    const { model, requests } = scripted([say('first answer'), say('second answer')]);
    const session = new Agent({ model, transcriptDir: tempDir() }).session();
    await session.send('one');
    const second = await session.send('two');
    assert.equal(second.text, 'second answer');
    assert.deepEqual(requests[1]!.map(textOf), ['one', 'first answer', 'two']);
    assert.equal(session.messages.length, 4);
    await session.end();
    await assert.rejects(session.send('three'), /has ended/);
  });

  it('runs tool calls until the model stops calling tools', async () => {
    const calls: unknown[] = [];
    const add = defineTool({
      name: 'add',
      description: 'adds',
      parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
      execute: (args: { a: number; b: number }) => {
        calls.push(args);
        return args.a + args.b;
      },
    });
    const { model, requests, tools } = scripted([callTool('add', { a: 2, b: 3 }, 'call_1'), say('5')]);
    const result = await new Agent({ model, tools: [add], transcriptDir: tempDir() }).run('add 2 and 3');
    assert.deepEqual(calls, [{ a: 2, b: 3 }]);
    assert.equal(result.text, '5');
    assert.equal(result.modelCalls, 2);
    assert.equal(tools[0]![0]!.name, 'add');
    const toolMessage = requests[1]!.at(-1)!;
    assert.equal(toolMessage.role, 'tool');
    assert.equal(textOf(toolMessage), '5');
    assert.equal(toolMessage.role === 'tool' ? toolMessage.toolCallId : '', 'call_1');
  });

  it('ends a turn at maxTurns model requests with a warning', async () => {
    const loop = defineTool({ name: 'loop', description: 'again', parameters: { type: 'object' }, execute: () => 'again' });
    const { model } = scripted([callTool('loop', {}, 'a'), callTool('loop', {}, 'b'), callTool('loop', {}, 'c')]);
    const warnings = recordWarnings();
    try {
      const result = await new Agent({ model, tools: [loop], maxTurns: 2, transcriptDir: tempDir() }).run('go');
      assert.equal(result.outcome, 'max_turns');
      assert.equal(result.modelCalls, 2);
      assert.match(warnings.messages().join('\n'), /maxTurns \(2/);
    } finally {
      warnings.restore();
    }
  });

  it('rejects bad options with a clear error', () => {
    assert.throws(() => new Agent({} as never), ConfigError);
    assert.throws(() => new Agent({ model: scripted([]).model, maxTurns: -1 }), /maxTurns must be a whole number/);
    const t = defineTool({ name: 'x', description: '', parameters: { type: 'object' }, execute: () => '' });
    assert.throws(() => new Agent({ model: scripted([]).model, tools: [t, t] }), /two tools are named 'x'/);
  });

  it('records a failed turn in the transcript and keeps the session usable', async () => {
    let calls = 0;
    const { model } = scripted([
      () => {
        calls++;
        throw new Error('provider down');
      },
      say('back'),
    ]);
    const session = new Agent({ model, transcriptDir: tempDir() }).session();
    await assert.rejects(session.send('first'), /provider down/);
    const ok = await session.send('second');
    await session.end();
    assert.equal(calls, 1);
    assert.equal(ok.text, 'back');
    const ends = lines(session.transcriptPath).filter((l) => l.subtype === 'turn_end');
    assert.deepEqual(ends.map((l) => l.outcome), ['error', 'completed']);
    assert.match(String(ends[0]!.error), /provider down/);
  });
});
