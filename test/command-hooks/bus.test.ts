import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { getHookBus } from '../../src/hooks/bus.ts';
import type { SessionStart, Stop, UserPromptSubmit } from '../../src/hooks/payloads/agent.ts';
import type { SampleEnd } from '../../src/hooks/payloads/eval.ts';
import { on } from '../../src/hooks/register.ts';
import { flushCommandHooks, loadCommandHooks, type LoadedCommandHooks } from '../../src/hooks/sources/command/index.ts';
import { commandHookSpawnCount } from '../../src/hooks/sources/command/runner.ts';
import { freshHooks, recordWarnings, tempDir } from '../helpers.ts';
import { fixture, hooksFor, makeProject, preToolUse, readLines } from './helpers.ts';

const session = {
  sessionId: 'session-1', transcriptPath: '/tmp/t.jsonl', cwd: '/work/repo', model: 'mockllm/model',
  permissionMode: 'default', component: { kind: 'agent', name: 'main', id: 'agent-1' },
} as const;

function prompt(text = 'hello'): UserPromptSubmit {
  return { ...session, turnId: 'turn-1', prompt: text, promptId: 'prompt-1' };
}

function stop(): Stop {
  return { ...session, turnId: 'turn-1', stopHookActive: false, lastAssistantMessage: 'done' };
}

function sessionStart(): SessionStart {
  return { ...session, source: 'startup' };
}

/** Loads user-folder hooks (trusted) from a hooks.json object. */
async function load(userHooks: unknown, projectHooks?: unknown): Promise<LoadedCommandHooks & { projectDir: string }> {
  const { projectDir, userDir } = makeProject(projectHooks, userHooks);
  return loadCommandHooks({ projectDir, userDir, trustProjectHooks: true });
}

describe('command hooks on the bus', () => {
  let warnings: ReturnType<typeof recordWarnings>;
  beforeEach(() => {
    freshHooks();
    warnings = recordWarnings();
  });
  afterEach(() => { warnings.restore(); });

  it('registers one registration per event, named command:<Wire>, with its handlers as details', async () => {
    const loaded = await load({ hooks: { ...(hooksFor('Stop', { commands: [fixture('allow.sh')] }) as { hooks: object }).hooks, ...(hooksFor('PreToolUse', { matcher: 'Bash', commands: [fixture('allow.sh'), fixture('deny.sh')] }) as { hooks: object }).hooks } });
    const names = getHookBus().list().map((r) => [r.name, r.source, r.entries.length, r.details?.length]);
    assert.deepEqual(names, [['command:Stop', 'command', 1, 1], ['command:PreToolUse', 'command', 1, 2]]);
    loaded.unregister();
    assert.deepEqual(getHookBus().list(), []);
  });

  it('an allowing hook (exit 0, no output) has no opinion', async () => {
    await load(hooksFor('PreToolUse', { commands: [fixture('allow.sh')] }));
    const d = await getHookBus().decide('onPreToolUse', preToolUse());
    assert.deepEqual([d.blocked, d.reasons, d.additionalContext, d.updatedInput, d.stopped], [false, [], [], undefined, false]);
    assert.deepEqual(warnings.messages(), []);
  });

  it('blocks by exit 2 with the stderr reason, and by a JSON decision', async () => {
    await load(hooksFor('Stop', { commands: [fixture('block-exit2.sh', 'not yet'), fixture('block-json.sh', 'Run the tests.')] }));
    const d = await getHookBus().decide('onStop', stop());
    assert.deepEqual([d.blocked, d.reasons], [true, ['not yet', 'Run the tests.']]);
  });

  it('PreToolUse deny blocks with its reason and context; allow + updatedInput rewrites the input', async () => {
    await load(hooksFor('PreToolUse', { matcher: '^Bash$', commands: [fixture('deny.sh')] }, { matcher: 'Write', commands: [fixture('rewrite.mjs')] }));
    const denied = await getHookBus().decide('onPreToolUse', preToolUse());
    assert.deepEqual([denied.blocked, denied.reasons, denied.additionalContext], [true, ['rm -rf is not allowed'], ['policy: no deletions']]);
    const rewritten = await getHookBus().decide('onPreToolUse', preToolUse({ toolName: 'Write', toolInput: { command: 'cat x', path: 'a.txt' } }));
    assert.deepEqual([rewritten.blocked, rewritten.updatedInput], [false, { command: 'echo rewritten', path: 'a.txt', original: 'cat x' }]);
  });

  it('adds context from JSON and from plain stdout on UserPromptSubmit and SessionStart', async () => {
    await load({ hooks: {
      UserPromptSubmit: [{ hooks: [{ type: 'command', command: fixture('context-json.sh', 'from json') }, { type: 'command', command: fixture('context-plain.sh', 'from plain') }] }],
      SessionStart: [{ matcher: 'startup', hooks: [{ type: 'command', command: fixture('context-plain.sh', 'hello from hook') }] }],
    } });
    assert.deepEqual((await getHookBus().decide('onUserPromptSubmit', prompt())).additionalContext, ['from json', 'from plain']);
    assert.deepEqual((await getHookBus().decide('onSessionStart', sessionStart())).additionalContext, ['hello from hook']);
  });

  it('continue:false stops with the stop reason, beats a block and keeps the context', async () => {
    await load(hooksFor('UserPromptSubmit', { commands: [fixture('stop.sh'), fixture('block-json.sh', 'blocked too')] }));
    const d = await getHookBus().decide('onUserPromptSubmit', prompt());
    assert.deepEqual([d.stopped, d.stopReason, d.blocked, d.additionalContext], [true, 'halted by hook', false, ['kept context']]);
  });

  it('exit 1, a signal and malformed JSON are warned (event, command, file, cause) and never block', async () => {
    const loaded = await load(hooksFor('PreToolUse', { commands: [fixture('exit1.sh'), `exec ${fixture('crash.sh')}`, fixture('malformed.sh')] }));
    const d = await getHookBus().decide('onPreToolUse', preToolUse());
    assert.equal(d.blocked, false);
    const messages = warnings.messages();
    assert.equal(messages.length, 3);
    const file = loaded.handlers[0]!.file;
    assert.match(messages[0]!, /^PreToolUse command hook failed: hook exited with code 1\..*exit1\.sh.*something went wrong/);
    assert.match(messages[1]!, /hook exited without a status code \(killed by SIGKILL\).*crash\.sh/);
    assert.match(messages[2]!, /hook returned invalid pre-tool-use JSON output.*malformed\.sh/);
    for (const m of messages) assert.ok(m.includes(file), m);
  });

  it('sends the protocol\'s stdin fields exactly, in order, with the project folder in env and cwd', async () => {
    const out = join(tempDir(), 'stdin.jsonl');
    const loaded = await load(hooksFor('PreToolUse', { commands: [fixture('record.mjs', out)] }));
    await getHookBus().decide('onPreToolUse', preToolUse());
    const [line] = readLines<{ stdin: string; cwd: string; hooklineProjectDir: string; claudeProjectDir: string }>(out);
    const input = JSON.parse(line!.stdin) as Record<string, unknown>;
    assert.deepEqual(Object.keys(input), ['session_id', 'turn_id', 'transcript_path', 'cwd', 'hook_event_name', 'model', 'permission_mode', 'tool_name', 'tool_input', 'tool_use_id']);
    assert.deepEqual(input, {
      session_id: 'session-1', turn_id: 'turn-1', transcript_path: '/tmp/transcript.jsonl', cwd: '/work/repo', hook_event_name: 'PreToolUse',
      model: 'mockllm/model', permission_mode: 'default', tool_name: 'Bash', tool_input: { command: 'ls -la' }, tool_use_id: 'call_1',
    });
    assert.equal(line!.stdin.endsWith('}\n'), true, 'the stdin JSON ends with one newline, as Claude Code writes it');
    assert.deepEqual([line!.cwd, line!.hooklineProjectDir, line!.claudeProjectDir], [loaded.projectDir, loaded.projectDir, loaded.projectDir]);
  });

  it('a script reading one line of stdin with `read -r` gets the whole JSON (trailing newline)', async () => {
    const out = join(tempDir(), 'line.json');
    await load(hooksFor('PreToolUse', { commands: [`IFS= read -r line && printf '%s' "$line" > '${out}'`] }));
    await getHookBus().decide('onPreToolUse', preToolUse({ promptId: 'prompt-7' }));
    const input = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    assert.equal(input.tool_use_id, 'call_1');
    assert.equal(input.prompt_id, 'prompt-7');
  });

  it('keeps user data verbatim and sends null for unknown common fields', async () => {
    const out = join(tempDir(), 'stdin.jsonl');
    await load(hooksFor('PostToolUse', { commands: [fixture('record.mjs', out)] }));
    await getHookBus().decide('onPostToolUse', { ...preToolUse({ sessionId: undefined, transcriptPath: undefined, turnId: undefined, toolInput: { camelKey: 1, snake_key: 2 } }), toolResponse: { exitCode: 0 }, durationMs: 3 });
    const input = JSON.parse(readLines<{ stdin: string }>(out)[0]!.stdin) as Record<string, unknown>;
    assert.deepEqual([input.session_id, input.transcript_path, 'turn_id' in input], [null, null, false]);
    assert.deepEqual([input.tool_input, input.tool_response], [{ camelKey: 1, snake_key: 2 }, { exitCode: 0 }]);
  });

  it('delivers an eval event (SampleEnd) in snake_case, and waits for it', async () => {
    const out = join(tempDir(), 'stdin.jsonl');
    await load(hooksFor('SampleEnd', { commands: [fixture('record.mjs', out)] }));
    const payload: SampleEnd = {
      evalSetId: undefined, runId: 'run-1', evalId: 'eval-1', sampleId: 'uuid-1',
      sample: {
        id: 1, epoch: 1, input: 'hi', target: 'x', messages: [], output: { model: 'm', choices: [], completion: '' }, metadata: { keepMe: 1 },
        store: {}, events: [], modelUsage: { 'mockllm/model': { inputTokens: 1, outputTokens: 2, totalTokens: 3 } }, roleUsage: {}, attachments: {},
      },
    };
    const pending = getHookBus().emit('onSampleEnd', payload);
    assert.ok(pending instanceof Promise, 'emit returns a promise while a command hook runs');
    await pending;
    const input = JSON.parse(readLines<{ stdin: string }>(out)[0]!.stdin) as Record<string, Record<string, unknown>>;
    assert.equal(input.hook_event_name, 'SampleEnd');
    assert.deepEqual([input.run_id, input.eval_id, input.sample_id, 'eval_set_id' in input], ['run-1', 'eval-1', 'uuid-1', false]);
    assert.deepEqual(input.sample!.model_usage, { 'mockllm/model': { input_tokens: 1, output_tokens: 2, total_tokens: 3 } });
    assert.deepEqual(input.sample!.metadata, { keepMe: 1 });
  });

  it('runs handlers concurrently: two 1-second sleepers overlap', async () => {
    const out = join(tempDir(), 'stamps.jsonl');
    await load(hooksFor('Stop', { commands: [fixture('sleep-stamp.mjs', out, 'a'), fixture('sleep-stamp.mjs', out, 'b')] }));
    await getHookBus().decide('onStop', stop());
    const stamps = readLines<{ tag: string; start: number; end: number }>(out);
    assert.equal(stamps.length, 2);
    const [a, b] = [stamps.find((s) => s.tag === 'a')!, stamps.find((s) => s.tag === 'b')!];
    assert.ok(a.start < b.end && b.start < a.end, `intervals overlap: ${JSON.stringify(stamps)}`);
  });

  it('runs an identical command configured in the user and the project folder once', async () => {
    const out = join(tempDir(), 'stdin.jsonl');
    const command = fixture('record.mjs', out);
    await load(hooksFor('Stop', { commands: [command] }), hooksFor('Stop', { commands: [command] }));
    await getHookBus().decide('onStop', stop());
    assert.equal(readLines(out).length, 1);
  });

  it('folds results in configured order, whatever order they finish in', async () => {
    await load(hooksFor('Stop', { commands: [
      'cat >/dev/null; sleep 0.3; echo first >&2; exit 2',
      { command: 'cat >/dev/null; echo \'{"decision":"block","reason":"second"}\'' },
      'cat >/dev/null; sleep 0.1; echo third >&2; exit 2',
    ] }));
    assert.deepEqual((await getHookBus().decide('onStop', stop())).reasons, ['first', 'second', 'third']);
  });

  it('merges with in-process handlers in registration order', async () => {
    on('onPreToolUse', () => ({ additionalContext: 'in-process before' }));
    await load(hooksFor('PreToolUse', { commands: [fixture('deny.sh')] }));
    on('onPreToolUse', () => ({ additionalContext: 'in-process after' }));
    const d = await getHookBus().decide('onPreToolUse', preToolUse());
    assert.deepEqual([d.blocked, d.additionalContext], [true, ['in-process before', 'policy: no deletions', 'in-process after']]);
  });

  it('spawns nothing and stays synchronous when no matcher selects the payload', async () => {
    await load(hooksFor('PreToolUse', { matcher: '^Write$', commands: [fixture('deny.sh')] }));
    const before = commandHookSpawnCount();
    const d = getHookBus().decide('onPreToolUse', preToolUse());
    assert.equal(d instanceof Promise, false);
    assert.equal(commandHookSpawnCount(), before);
  });

  it('an async:true hook runs in the background and never blocks', async () => {
    const out = join(tempDir(), 'stdin.jsonl');
    await load(hooksFor('PreToolUse', { commands: [{ command: `${fixture('record.mjs', out)}; exit 2`, async: true }] }));
    const d = await getHookBus().decide('onPreToolUse', preToolUse());
    assert.equal(d.blocked, false);
    await flushCommandHooks();
    assert.equal(readLines(out).length, 1);
    assert.match(warnings.messages().join('\n'), /Async PreToolUse command hook failed/);
  });

  it('a timed-out hook does not block; the whole group is killed and we return', { timeout: 20_000 }, async () => {
    const dir = tempDir();
    const [pidFile, lateFile] = [join(dir, 'pid'), join(dir, 'late')];
    await load(hooksFor('PreToolUse', { commands: [{ command: fixture('timeout.sh', pidFile, lateFile), timeout: 1 }] }));
    const d = await getHookBus().decide('onPreToolUse', preToolUse());
    assert.equal(d.blocked, false);
    assert.match(warnings.messages().join('\n'), /hook timed out after 1s/);
    assert.equal(existsSync(lateFile), false);
  });
});
