import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { readTranscript, type TranscriptContents } from '../../src/agent/transcript.ts';
import { tempDir } from '../helpers.ts';
import { FakeLlmServer, openaiCompletion, type ScriptedResponse } from '../fixtures/model/fake-llm-server.ts';
import { type CliProcess, startHookline, waitFor } from './cli-process.ts';
import { readJsonLines, script } from './harness.ts';

describe('Ctrl-C in run -p', () => {
  let server: FakeLlmServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  /** A project whose Interrupt and SessionEnd hooks (shell scripts) record their stdin; the model answers with `answer`. */
  async function setup(answer: ScriptedResponse): Promise<{ dir: string; env: Record<string, string> }> {
    const dir = tempDir();
    mkdirSync(join(dir, '.hookline'), { recursive: true });
    writeFileSync(join(dir, '.hookline', 'hooks.json'), JSON.stringify({ hooks: {
      Interrupt: [{ hooks: [script('append-stdin.sh', join(dir, 'interrupt.jsonl'))] }],
      SessionEnd: [{ hooks: [script('append-stdin.sh', join(dir, 'session-end.jsonl'))] }],
    } }));
    server = await FakeLlmServer.start();
    server.onRequest(() => answer);
    return { dir, env: { LOCAL_BASE_URL: server.openaiBaseUrl, LOCAL_API_KEY: 'k' } };
  }

  function startRun(dir: string, env: Record<string, string>): CliProcess {
    return startHookline(dir, ['run', '-p', 'run the slow job', '-m', 'openai-api/local/test-model', '--tools', 'bash', '--trust-project-hooks', '--transcript-dir', join(dir, 's')], env);
  }

  function transcriptOf(dir: string): TranscriptContents {
    const files = readdirSync(join(dir, 's')).filter((f) => f.endsWith('.jsonl'));
    assert.equal(files.length, 1, `one transcript, got ${files.join(', ')}`);
    return readTranscript(join(dir, 's', files[0]!));
  }

  /** Checks what every interrupted run must leave: exit 130 with a message, Interrupt and SessionEnd fired, a consistent transcript. */
  async function checkInterrupted(dir: string, run: CliProcess): Promise<TranscriptContents> {
    assert.deepEqual(await run.exited, { code: 130, signal: null }, run.stderr());
    assert.match(run.stderr(), /hookline: interrupting the turn/);
    assert.match(run.stderr(), /hookline: the turn was interrupted \(Ctrl-C\); the session ended and its transcript is consistent\./);
    assert.equal(run.stdout(), '', 'no answer is printed');

    const transcript = transcriptOf(dir);
    const types = transcript.entries.map((e) => e.type);
    assert.ok(types.includes('turn_interrupted'), `the transcript records the interruption: ${types.join(', ')}`);
    assert.equal(types.at(-1), 'session_end', 'the session ended after the interruption');
    const [interrupt] = readJsonLines(join(dir, 'interrupt.jsonl'));
    assert.equal(interrupt?.hook_event_name, 'Interrupt');
    assert.equal(interrupt.session_id, transcript.sessionId);
    assert.equal(interrupt.transcript_path, transcript.path);
    const ends = readJsonLines(join(dir, 'session-end.jsonl'));
    assert.equal(ends.length, 1, `SessionEnd ran its hook to the end although the turn was cancelled; stderr:\n${run.stderr()}`);
    assert.equal(ends[0]!.reason, 'other');
    assert.equal(ends[0]!.session_id, transcript.sessionId);
    return transcript;
  }

  it('interrupts a slow tool call: Interrupt and SessionEnd fire, every tool call has a result, exit 130', async () => {
    const { dir, env } = await setup({ body: openaiCompletion({ toolCalls: [{ id: 'call_slow', name: 'Bash', arguments: JSON.stringify({ command: 'touch started && sleep 30' }) }] }) });
    const run = startRun(dir, env);
    await waitFor('the slow command started', () => existsSync(join(dir, 'started')));
    run.child.kill('SIGINT');
    const transcript = await checkInterrupted(dir, run);
    const calls = transcript.messages.flatMap((m) => (m.role === 'assistant' ? (m.toolCalls ?? []).map((c) => c.id) : []));
    const answered = transcript.messages.flatMap((m) => (m.role === 'tool' ? [m.toolCallId] : []));
    assert.deepEqual(calls, ['call_slow']);
    assert.deepEqual(answered, ['call_slow'], 'the interrupted call has its result, so the transcript resumes into a valid request');
  });

  it('interrupts a SessionStart hook that is still running: the hook is stopped, the turn ends before its first request', async () => {
    const { dir, env } = await setup({ body: openaiCompletion({ content: 'never asked' }) });
    const hooks = join(dir, '.hookline', 'hooks.json');
    const config = JSON.parse(readFileSync(hooks, 'utf8')) as { hooks: Record<string, unknown> };
    config.hooks.SessionStart = [{ hooks: [{ type: 'command', command: `touch ${JSON.stringify(join(dir, 'started'))} && sleep 30` }] }];
    writeFileSync(hooks, JSON.stringify(config));
    const run = startRun(dir, env);
    await waitFor('the SessionStart hook started', () => existsSync(join(dir, 'started')));
    run.child.kill('SIGINT');
    const transcript = await checkInterrupted(dir, run);
    assert.match(run.stderr(), /SessionStart command hook stopped because the run was cancelled while it ran \(e\.g\. Ctrl-C\); it had no effect\./);
    assert.doesNotMatch(run.stderr(), /fix the script/, 'an interrupted hook is not reported as a broken one');
    assert.equal(server!.requests.length, 0, 'the prompt never reached the model');
    assert.deepEqual(transcript.messages.map((m) => m.role), ['user'], 'the prompt is recorded, nothing else');
  });

  it('interrupts a model request that does not answer', async () => {
    const { dir, env } = await setup({ stall: true });
    const run = startRun(dir, env);
    await waitFor('the model request arrived', () => server!.requests.length > 0);
    run.child.kill('SIGINT');
    const transcript = await checkInterrupted(dir, run);
    assert.deepEqual(transcript.messages.map((m) => m.role), ['user'], 'the prompt is kept; no half answer is recorded');
  });
});
