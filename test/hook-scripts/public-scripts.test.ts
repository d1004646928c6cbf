/**
 * Hook scripts written the way people publish them for Claude Code and Codex (shell, Python with
 * the standard library, Node), run unchanged as child processes against an agent that talks to the
 * local fake model server through the real OpenAI SDK. Each test checks the effect the script's
 * author expects. The jq variants need jq (`scripts/ci-install-jq.sh`); the same checks run with
 * python3 either way.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import { loadCommandHooks } from '../../src/hooks/sources/command/index.ts';
import { getModel } from '../../src/model/index.ts';
import { builtinTools } from '../../src/tools/index.ts';
import { freshHooks, recordWarnings, tempDir } from '../helpers.ts';
import { FakeLlmServer, openaiCompletion } from '../fixtures/model/fake-llm-server.ts';

const scripts = fileURLToPath(new URL('../fixtures/hook-scripts/', import.meta.url));
const hasJq = spawnSync('sh', ['-c', 'command -v jq'], { encoding: 'utf8' }).status === 0;
const NO_JQ = 'jq is not installed: run scripts/ci-install-jq.sh (the python3 variant of this check still runs)';

function script(name: string, ...args: string[]): { type: 'command'; command: string } {
  const runner = name.endsWith('.mjs') ? `'${process.execPath}' ` : name.endsWith('.py') ? 'python3 ' : '';
  return { type: 'command', command: `${runner}'${join(scripts, name)}'${args.map((a) => ` '${a}'`).join('')}` };
}

function bash(id: string, command: string) {
  return { body: openaiCompletion({ toolCalls: [{ id, name: 'Bash', arguments: JSON.stringify({ command }) }] }) };
}

function answer(text: string) {
  return { body: openaiCompletion({ content: text }) };
}

describe('public-style hook scripts, unchanged, in an agent session', () => {
  let server: FakeLlmServer;
  let project: string;
  let unregister: (() => void) | undefined;

  beforeEach(async () => {
    freshHooks();
    server = await FakeLlmServer.start();
    project = tempDir('hookline-scripts-');
  });
  afterEach(async () => {
    unregister?.();
    unregister = undefined;
    await server.close();
  });

  /** Writes the hooks into the project's `.claude/settings.json` (as Claude Code users have them) and loads them. */
  async function claudeSettings(hooks: Record<string, unknown>): Promise<void> {
    mkdirSync(join(project, '.claude'), { recursive: true });
    writeFileSync(join(project, '.claude', 'settings.json'), JSON.stringify({ permissions: { allow: [] }, hooks }, null, 2));
    const warnings = recordWarnings();
    try {
      const loaded = await loadCommandHooks({ projectDir: project, userDir: tempDir(), trustProjectHooks: true, importClaude: true });
      unregister = () => {
        loaded.unregister();
      };
    } finally {
      warnings.restore();
    }
  }

  function agent(tools: string[] = ['bash', 'write']): Agent {
    const model = getModel('openai/gpt-test', { baseUrl: server.openaiBaseUrl, apiKey: 'sk-test' });
    return new Agent({ model, tools: builtinTools(tools), cwd: project, transcriptDir: join(project, 'sessions') });
  }

  function requestJson(index: number): string {
    return JSON.stringify(server.requests[index]?.body?.messages ?? []);
  }

  it('validators block rm -rf and a credential write, the logger records what ran, the secret guard drops a prompt', async () => {
    const log = join(project, 'events.jsonl');
    await claudeSettings({
      UserPromptSubmit: [{ hooks: [script('secret_guard.py')] }],
      PreToolUse: [
        { matcher: 'Bash', hooks: [script('block-rm-rf.sh')] },
        { matcher: 'Write|Edit', hooks: [script('secret_guard.py')] },
      ],
      PostToolUse: [{ matcher: '*', hooks: [script('logger.mjs', log)] }],
    });
    mkdirSync(join(project, 'build'));
    server.enqueue(
      bash('call_rm', 'rm -rf build'),
      { body: openaiCompletion({ toolCalls: [{ id: 'call_write', name: 'Write', arguments: JSON.stringify({ file_path: 'creds.txt', content: 'aws_key=AKIAABCDEFGHIJKLMNOP' }) }] }) },
      bash('call_echo', 'echo ok'),
      answer('cleaned up'),
    );
    const session = agent().session();
    const result = await session.send('clean the build folder');
    assert.equal(result.text, 'cleaned up');
    assert.ok(existsSync(join(project, 'build')), 'rm -rf did not run');
    assert.equal(existsSync(join(project, 'creds.txt')), false, 'the credential was not written');
    assert.match(requestJson(1), /Command blocked by PreToolUse hook: Blocked: 'rm -rf' is not allowed in this project/);
    assert.match(requestJson(2), /Tool call blocked by PreToolUse hook: Refusing to write a credential to disk/);
    assert.match(requestJson(3), /Exit code: 0\\nstdout:\\nok/);

    const events = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(events.length, 1, 'only the call that ran reached PostToolUse');
    assert.deepEqual([events[0]!.event, events[0]!.tool, events[0]!.stdout], ['PostToolUse', 'Bash', 'ok\n']);
    assert.equal(typeof events[0]!.duration_ms, 'number');
    assert.equal(typeof events[0]!.prompt_id, 'string');

    const requests = server.requests.length;
    const blocked = await session.send('deploy with key sk-abcdefghijklmnopqrstuvwx');
    await session.end();
    assert.equal(blocked.outcome, 'blocked');
    assert.match(blocked.reason ?? '', /looks like a credential/);
    assert.equal(server.requests.length, requests, 'the blocked prompt never reached the model');
    assert.doesNotMatch(readFileSync(session.transcriptPath, 'utf8'), /sk-abcdefghij/);
  });

  it('the jq version of the rm -rf validator denies with permissionDecision', { skip: hasJq ? false : NO_JQ }, async () => {
    await claudeSettings({ PreToolUse: [{ matcher: 'Bash', hooks: [script('block-rm-rf-jq.sh')] }] });
    mkdirSync(join(project, 'dist'));
    server.enqueue(bash('call_rm', 'rm -fr dist'), answer('ok'));
    await agent().run('clean');
    assert.ok(existsSync(join(project, 'dist')), 'rm -fr did not run');
    assert.match(requestJson(1), /Command blocked by PreToolUse hook: rm -rf is blocked by policy: rm -fr dist/);
  });

  it('context injectors reach the model, and a Stop loop keeps it going once', async () => {
    await claudeSettings({
      SessionStart: [{ hooks: [script('branch-context.sh')] }],
      UserPromptSubmit: [{ hooks: [script('prompt-context.mjs')] }],
      Stop: [{ hooks: [script('stop_until_tests.py')] }],
    });
    server.enqueue(answer('fixed the login form'), answer('make test: tests pass'));
    const result = await agent([]).run('fix #42');
    assert.equal(result.text, 'make test: tests pass');
    assert.equal(server.requests.length, 2, 'one continuation, then the hook let it stop');
    const first = requestJson(0);
    assert.match(first, /\[12:00\] ✓ Session ready: working on branch feature\/login/, 'plain SessionStart stdout (even starting with "[") is context');
    assert.match(first, /Ticket #42: login fails with an empty password/);
    assert.match(requestJson(1), /<hook_prompt>Run the tests and report the result before stopping.<\/hook_prompt>/);
  });

  for (const variant of [{ name: 'python3', file: 'stop_needs_command.py', skip: false as const }, { name: 'jq', file: 'stop-needs-command-jq.sh', skip: hasJq ? (false as const) : NO_JQ }]) {
    it(`a Stop hook reading the transcript (${variant.name}) sees Claude Code's shape and holds the agent until it ran a command`, { skip: variant.skip }, async () => {
      await claudeSettings({ Stop: [{ hooks: [script(variant.file)] }] });
      server.enqueue(answer('all done'), bash('call_check', 'echo verified'), answer('verified and done'));
      const result = await agent().run('finish up');
      assert.equal(result.text, 'verified and done');
      assert.equal(server.requests.length, 3);
      assert.match(requestJson(1), /You said &quot;all done&quot; without running a command. Verify with Bash first./);
    });
  }

  it('a bash SessionStart hook under set -u exports settings that later Bash commands see', async () => {
    await claudeSettings({ SessionStart: [{ hooks: [script('env_setup.sh')] }] });
    server.enqueue(bash('call_env', 'echo "$APP_ENV $PROJECT_ROOT"'), answer('done'));
    await agent().run('show the settings');
    assert.match(requestJson(1), new RegExp(`stdout:\\\\ntest ${project}`));
  });
});
