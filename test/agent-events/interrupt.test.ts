import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { INTERRUPTED_TOOL_TEXT } from '../../src/agent/interrupt.ts';
import { tempDir } from '../helpers.ts';
import { FakeLlmServer, openaiCompletion } from '../fixtures/model/fake-llm-server.ts';
import { startChat, waitFor } from './cli-process.ts';
import { contentText, readJsonLines, script } from './harness.ts';

describe('Ctrl-C in chat', () => {
  let server: FakeLlmServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  async function setup(): Promise<{ dir: string; env: Record<string, string> }> {
    const dir = tempDir();
    mkdirSync(join(dir, '.hookline'), { recursive: true });
    writeFileSync(join(dir, '.hookline', 'hooks.json'), JSON.stringify({ hooks: {
      Interrupt: [{ hooks: [script('append-stdin.sh', join(dir, 'interrupt.jsonl'))] }],
      PostToolUseFailure: [{ hooks: [script('append-stdin.sh', join(dir, 'failure.jsonl'))] }],
    } }));
    server = await FakeLlmServer.start();
    const answers = [
      openaiCompletion({ toolCalls: [{ id: 'call_slow', name: 'Bash', arguments: JSON.stringify({ command: 'touch started && sleep 30' }) }] }),
      openaiCompletion({ content: 'yes, still here' }),
    ];
    server.onRequest(() => ({ body: answers.shift() ?? openaiCompletion({ content: 'no more answers' }) }));
    return { dir, env: { LOCAL_BASE_URL: server.openaiBaseUrl, LOCAL_API_KEY: 'k' } };
  }

  it('interrupts the running turn, fires Interrupt, closes the open tool call, and goes on with the next prompt', async () => {
    const { dir, env } = await setup();
    const chat = startChat(dir, env);
    chat.child.stdin.write('run the slow job\n');
    await waitFor('the slow command started', () => existsSync(join(dir, 'started')));
    chat.child.kill('SIGINT');
    await waitFor('chat reported the interrupt', () => chat.stderr().includes('the turn was interrupted'));
    chat.child.stdin.end('are you there?\n');
    assert.deepEqual(await chat.exited, { code: 0, signal: null }, chat.stderr());

    assert.match(chat.stderr(), /interrupting the turn \(press Ctrl-C again to exit\)/);
    const [interrupt] = readJsonLines(join(dir, 'interrupt.jsonl'));
    assert.equal(interrupt?.hook_event_name, 'Interrupt');
    assert.deepEqual(Object.keys(interrupt), ['session_id', 'turn_id', 'transcript_path', 'cwd', 'hook_event_name', 'model', 'permission_mode']);
    const [failure] = readJsonLines(join(dir, 'failure.jsonl'));
    assert.equal(failure?.is_interrupt, true, 'the killed command got PostToolUseFailure with is_interrupt');
    assert.equal(failure?.tool_use_id, 'call_slow');

    const next = server!.requests[1]!.body!.messages as Record<string, unknown>[];
    const tool = next.find((m) => m.role === 'tool');
    assert.equal(tool?.tool_call_id, 'call_slow');
    assert.ok(contentText(tool).includes(INTERRUPTED_TOOL_TEXT), 'the open tool call got a result, so the request is valid');
    assert.equal(contentText(next.at(-1)), 'are you there?');
  });

  it('exits at once by SIGINT (status 130 in a shell), saying so, on a second Ctrl-C', async () => {
    const { dir, env } = await setup();
    const chat = startChat(dir, env);
    chat.child.stdin.write('run the slow job\n');
    await waitFor('the slow command started', () => existsSync(join(dir, 'started')));
    chat.child.kill('SIGINT');
    await waitFor('the first Ctrl-C was handled', () => chat.stderr().includes('interrupting the turn'));
    chat.child.kill('SIGINT');
    assert.deepEqual(await chat.exited, { code: null, signal: 'SIGINT' });
    assert.match(chat.stderr(), /hookline: Ctrl-C pressed twice; exiting now\./);
  });
});
