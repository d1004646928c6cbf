import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.ts';
import { loadCommandHooks } from '../../src/hooks/sources/command/index.ts';
import type { ChatMessageTool } from '../../src/types/model.ts';
import { builtinTools } from '../../src/tools/index.ts';
import { freshHooks, recordWarnings, tempDir } from '../helpers.ts';
import { callTool, say, scripted, textOf } from '../fixtures/agent/scripted.ts';

const hooksDir = fileURLToPath(new URL('../fixtures/agent/hooks/', import.meta.url));

function command(script: string, ...args: string[]): { type: 'command'; command: string } {
  const runner = script.endsWith('.mjs') ? `${JSON.stringify(process.execPath)} ` : '';
  return { type: 'command', command: `${runner}${JSON.stringify(join(hooksDir, script))}${args.map((a) => ` ${JSON.stringify(a)}`).join('')}` };
}

function writeProjectHooks(project: string, hooks: Record<string, unknown>): void {
  mkdirSync(join(project, '.hookline'), { recursive: true });
  writeFileSync(join(project, '.hookline', 'hooks.json'), JSON.stringify({ hooks }, null, 2));
}

describe('Claude-Code-style command hooks driving the agent', () => {
  let unregister: (() => void) | undefined;
  beforeEach(freshHooks);
  afterEach(() => {
    unregister?.();
  });

  it('deny a Bash command, keep the agent going once, and see every payload on stdin', async () => {
    const project = tempDir();
    const log = join(project, 'stdin.jsonl');
    const record = [{ hooks: [command('record.mjs', log)] }];
    writeProjectHooks(project, {
      SessionStart: record,
      UserPromptSubmit: record,
      PreToolUse: [{ matcher: 'Bash', hooks: [command('deny-rm.mjs'), command('record.mjs', log)] }],
      PostToolUse: [{ matcher: 'Bash', hooks: [command('record.mjs', log)] }],
      Stop: [{ hooks: [command('stop-once.mjs'), command('record.mjs', log)] }],
      SessionEnd: record,
    });
    const warnings = recordWarnings();
    try {
      const loaded = await loadCommandHooks({ projectDir: project, userDir: tempDir(), trustProjectHooks: true });
      unregister = () => {
        loaded.unregister();
      };
    } finally {
      warnings.restore();
    }
    writeFileSync(join(project, 'keep.txt'), 'keep');
    const { model, requests } = scripted([
      callTool('Bash', { command: 'rm keep.txt' }, 'call_rm'),
      callTool('Bash', { command: 'echo hello' }, 'call_echo'),
      say('done'),
      say('tests pass'),
    ]);
    const agent = new Agent({ model, tools: builtinTools(['bash']), cwd: project, transcriptDir: join(project, 'sessions') });
    const result = await agent.run('clean up');

    assert.equal(result.text, 'tests pass');
    assert.ok(existsSync(join(project, 'keep.txt')), 'the denied rm did not run');
    const tools = requests[2]!.filter((m): m is ChatMessageTool => m.role === 'tool');
    assert.equal(textOf(tools[0]), 'Command blocked by PreToolUse hook: rm is not allowed. Command: rm keep.txt');
    assert.equal(textOf(tools[1]), 'Exit code: 0\nstdout:\nhello');
    assert.equal(textOf(requests[3]!.at(-1)), '<hook_prompt>Run the tests before stopping.</hook_prompt>');

    const inputs = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(inputs.map((i) => i.hook_event_name), ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PreToolUse', 'PostToolUse', 'Stop', 'Stop', 'SessionEnd']);
    for (const input of inputs) {
      assert.equal(input.session_id, result.sessionId);
      assert.equal(input.transcript_path, result.transcriptPath);
    }
    const pre = inputs[3]!;
    assert.equal(pre.tool_name, 'Bash');
    assert.deepEqual(pre.tool_input, { command: 'echo hello' });
    assert.equal(pre.tool_use_id, 'call_echo');
    assert.equal(pre.turn_id, result.turnId);
    assert.equal(pre.cwd, project);
    assert.equal(pre.model, 'mockllm/model');
    const post = inputs[4]!;
    assert.deepEqual(post.tool_response, { stdout: 'hello\n', stderr: '', interrupted: false, isImage: false, exitCode: 0 }, 'the Bash response is Claude Code\'s object, not the text the model reads');
    assert.equal(typeof post.duration_ms, 'number', 'PostToolUse carries duration_ms');
    assert.ok((post.duration_ms as number) >= 0, 'duration_ms is not negative');
    const promptIds = inputs.filter((i) => ['UserPromptSubmit', 'PreToolUse', 'PostToolUse'].includes(i.hook_event_name as string)).map((i) => i.prompt_id);
    assert.equal(typeof promptIds[0], 'string', 'UserPromptSubmit carries prompt_id');
    assert.ok(promptIds.every((id) => id === promptIds[0]), 'the tool events of the prompt carry its prompt_id');
    assert.deepEqual(inputs.filter((i) => i.hook_event_name === 'Stop').map((i) => i.stop_hook_active), [false, true]);
    assert.equal(inputs[0]!.source, 'startup');
    assert.equal(inputs[1]!.prompt, 'clean up');
  });

  it('a blocking UserPromptSubmit script keeps the prompt from the model', async () => {
    const project = tempDir();
    writeProjectHooks(project, { UserPromptSubmit: [{ hooks: [command('block-prompt.sh')] }] });
    const loaded = await loadCommandHooks({ projectDir: project, userDir: tempDir(), trustProjectHooks: true });
    unregister = () => {
      loaded.unregister();
    };
    const { model, requests } = scripted([]);
    const result = await new Agent({ model, cwd: project, transcriptDir: project }).run('a forbidden prompt');
    assert.equal(result.outcome, 'blocked');
    assert.equal(result.reason, 'no forbidden words');
    assert.equal(requests.length, 0);
    assert.doesNotMatch(readFileSync(result.transcriptPath, 'utf8'), /forbidden prompt/);
  });
});
