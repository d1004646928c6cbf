import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { Agent, readTranscript } from '../../src/agent/index.ts';
import { on } from '../../src/hooks/register.ts';
import { builtinTools } from '../../src/tools/index.ts';
import type { ChatMessage } from '../../src/types/model.ts';
import { fromClaudeLine, toClaudeLine } from '../../src/agent/transcript-lines.ts';
import { freshHooks, tempDir } from '../helpers.ts';
import { callTool, say, scripted } from '../fixtures/agent/scripted.ts';

const hasJq = spawnSync('sh', ['-c', 'command -v jq'], { encoding: 'utf8' }).status === 0;

/** Runs one session with a Bash call, hook context and a Stop continuation; returns its transcript. */
async function recordedSession(): Promise<{ path: string; history: readonly ChatMessage[] }> {
  const dir = tempDir();
  on('onUserPromptSubmit', () => ({ additionalContext: 'the repo uses tabs' }));
  on('onStop', (p) => (p.stopHookActive ? undefined : { decision: 'block', reason: 'Run the tests.' }));
  const { model } = scripted([callTool('Bash', { command: 'echo hi' }, 'toolu_1'), say('said hi'), say('tests pass')]);
  const session = new Agent({ model, tools: builtinTools(['bash']), cwd: dir, transcriptDir: dir }).session();
  await session.send('greet');
  const history = [...session.messages];
  await session.end();
  return { path: session.transcriptPath, history };
}

function parse(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('transcripts in Claude Code\'s JSONL shape', () => {
  beforeEach(freshHooks);

  it('writes tool_use and tool_result blocks where Claude Code does', async () => {
    const { path } = await recordedSession();
    const lines = parse(path);
    const assistant = lines.find((l) => l.type === 'assistant')!;
    assert.deepEqual((assistant.message as { content: unknown[] }).content, [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'echo hi' } }]);
    const result = lines.find((l) => l.type === 'user' && JSON.stringify(l.message).includes('tool_result'))!;
    assert.deepEqual((result.message as { content: unknown[] }).content, [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'Exit code: 0\nstdout:\nhi', is_error: false }]);
    const meta = lines.filter((l) => l.isMeta === true);
    assert.equal(meta.length, 2, 'the hook context and the Stop prompt are meta user lines');
    assert.ok(lines.every((l) => typeof l.uuid === 'string' && typeof l.sessionId === 'string' && typeof l.timestamp === 'string'), 'every line has uuid, sessionId and timestamp');
  });

  it('reads back into the same history (resume replays exactly what was sent)', async () => {
    const { path, history } = await recordedSession();
    assert.deepEqual(readTranscript(path).messages, history);
  });

  it('round-trips reasoning, images, tool errors and metadata', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image', image: 'https://example.test/a.png', detail: 'low' }], source: 'input' },
      { role: 'assistant', content: [{ type: 'reasoning', reasoning: 'hmm', signature: 'sig' }, { type: 'text', text: 'calling' }], toolCalls: [{ id: 'c1', function: 'Read', arguments: {}, type: 'function', parseError: 'bad json' }], model: 'm' },
      { role: 'tool', content: 'not found', toolCallId: 'c1', function: 'Read', error: { type: 'file_not_found', message: 'not found' } },
      { role: 'user', content: [{ type: 'text', text: 'one part' }], metadata: { k: 1 } },
    ];
    for (const message of messages) {
      const line = JSON.parse(JSON.stringify(toClaudeLine(message))) as Parameters<typeof fromClaudeLine>[0];
      assert.deepEqual(fromClaudeLine(line), message);
    }
  });

  it('still reads a transcript written in the earlier snake_case shape', () => {
    const path = join(tempDir(), 'old.jsonl');
    writeFileSync(path, '{"type":"session_meta","session_id":"s1","timestamp":"t"}\n{"type":"user","session_id":"s1","message":{"role":"user","content":"hi"}}\n');
    const contents = readTranscript(path);
    assert.equal(contents.sessionId, 's1');
    assert.deepEqual(contents.messages, [{ role: 'user', content: 'hi' }]);
  });

  it('a jq script written for Claude Code transcripts reads the last assistant text and the Bash commands', { skip: hasJq ? false : 'jq is not installed (scripts/ci-install-jq.sh installs it)' }, async () => {
    const { path } = await recordedSession();
    const last = execFileSync('jq', ['-rs', '[.[] | select(.type == "assistant") | .message.content[] | select(.type == "text") | .text] | last', path], { encoding: 'utf8' });
    assert.equal(last.trim(), 'tests pass');
    const commands = execFileSync('jq', ['-r', 'select(.type == "assistant") | .message.content[] | select(.type == "tool_use" and .name == "Bash") | .input.command', path], { encoding: 'utf8' });
    assert.equal(commands.trim(), 'echo hi');
    const prompts = execFileSync('jq', ['-r', 'select(.type == "user" and (.isMeta | not)) | .message.content[] | select(.type == "text") | .text', path], { encoding: 'utf8' });
    assert.equal(prompts.trim(), 'greet', 'the user\'s own prompts, without hook text or tool results');
  });

  it('python3 (standard library) reads the same shape', async () => {
    const { path } = await recordedSession();
    const script = 'import json,sys\nlines=[json.loads(l) for l in open(sys.argv[1])]\nprint([b["name"] for l in lines if l["type"]=="assistant" for b in l["message"]["content"] if b["type"]=="tool_use"])';
    const out = execFileSync('python3', ['-c', script, path], { encoding: 'utf8' });
    assert.equal(out.trim(), "['Bash']");
  });
});
