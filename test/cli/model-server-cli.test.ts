/**
 * The real CLI against a local model server: retries (visible, bounded, configurable), and a
 * PreToolUse ask answered on the terminal in chat.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { FakeLlmServer, openaiCompletion } from '../fixtures/model/fake-llm-server.ts';
import { tempDir } from '../helpers.ts';
import { hookline, root } from './run-cli.ts';

let server: FakeLlmServer;
before(async () => {
  server = await FakeLlmServer.start();
});
after(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
});

function env(): Record<string, string> {
  return { OPENAI_BASE_URL: server.openaiBaseUrl, OPENAI_API_KEY: 'sk-test-key-123456', HOOKLINE_RETRY_BASE_MS: '2' };
}

function runPrompt(extra: string[]) {
  const cwd = tempDir();
  return hookline(['run', '-p', 'hello', '--model', 'openai/gpt-test', '--tools', '', '--transcript-dir', join(cwd, 'sessions'), ...extra], { cwd, env: env(), killAfterMs: 60_000 });
}

describe('model retries in the CLI', () => {
  it('run -p prints every retry and gives up at its bounded default of 5 retries', async () => {
    server.onRequest(() => ({ status: 500, body: { error: { message: 'server on fire' } } }));
    const run = await runPrompt([]);
    assert.equal(run.code, 1, run.stderr);
    for (let n = 1; n <= 5; n++) {
      assert.match(run.stderr, new RegExp(`openai/gpt-test: retrying \\(${n}\\) after status 500 InternalServerError: server on fire, next in \\d+\\.\\ds`));
    }
    assert.doesNotMatch(run.stderr, /retrying \(6\)/);
    assert.match(run.stderr, /request failed after 5 retries with status 500/);
    assert.equal(server.requests.length, 6);
  });

  it('run -p takes --max-retries', async () => {
    server.onRequest(() => ({ status: 503, body: { error: { message: 'busy' } } }));
    const run = await runPrompt(['--max-retries', '1']);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(server.requests.length, 2);
    assert.match(run.stderr, /retrying \(1\) after status 503/);
  });

  it('run -p ends a call at --timeout with a message naming the flag', async () => {
    server.onRequest(() => ({ status: 429, headers: { 'retry-after': '30' }, body: { error: { message: 'slow down' } } }));
    const run = await runPrompt(['--timeout', '5', '--max-retries', '100']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /gave up after config\.timeout \(5s\) with \d+ retr/);
    assert.match(run.stderr, /--timeout/);
  });

  it('run -p abandons a request to a server that never answers at --attempt-timeout, retries visibly, then gives up', async () => {
    server.onRequest(() => ({ stall: true }));
    const run = await runPrompt(['--attempt-timeout', '0.5', '--max-retries', '1']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /retrying \(1\) after .*config\.attemptTimeout \(0\.5s\)/);
    assert.match(run.stderr, /request failed after 1 retry/);
  });

  it('rejects a --timeout that is not a positive number, naming the option', async () => {
    const run = await runPrompt(['--timeout', 'soon']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--timeout must be a number > 0, got 'soon'/);
  });

  it('eval shows retries in its progress output', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after-ms': '10' }, body: { error: { message: 'rate limited' } } });
    const cwd = tempDir();
    const run = await hookline(['eval', join(root, 'test/fixtures/eval-tasks/counting.ts'), '--model', 'openai/gpt-test', '--limit', '1', '--log-dir', join(cwd, 'logs')], { cwd, env: env(), killAfterMs: 60_000 });
    assert.match(run.stderr, /hookline: openai\/gpt-test: retrying \(1\) after status 429 RateLimitError: rate limited, next in 0\.0s/);
  });
});

describe('a PreToolUse ask in hookline chat', () => {
  it('asks the person on the terminal and runs the command when they answer y', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, '.hookline'));
    writeFileSync(join(cwd, '.hookline', 'hooks.json'), JSON.stringify({
      hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: join(root, 'test/fixtures/command-hooks/ask.sh') }] }] },
    }));
    server.enqueue(
      { body: openaiCompletion({ toolCalls: [{ id: 'call_1', name: 'Bash', arguments: JSON.stringify({ command: 'echo ran > marker.txt' }) }] }) },
      { body: openaiCompletion({ content: 'done' }) },
    );
    const run = await hookline(['chat', '--model', 'openai/gpt-test', '--tools', 'bash', '--trust-project-hooks', '--transcript-dir', join(cwd, 'sessions')], {
      cwd, env: env(), input: 'make a marker\ny\n', killAfterMs: 60_000,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /A hook asks for your permission to run Bash \{"command":"echo ran > marker\.txt"\}\n {2}why: this needs a human\nAllow\? \[y\/N\]/);
    assert.equal(existsSync(join(cwd, 'marker.txt')), true, 'the command ran after the yes');
    assert.match(run.stdout, /done/);
  });
});
