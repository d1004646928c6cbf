import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { Agent, readTranscript, TranscriptError } from '../../src/agent/index.ts';
import type { SessionEnd, SessionStart } from '../../src/hooks/payloads/agent.ts';
import { on } from '../../src/hooks/register.ts';
import { freshHooks, recordWarnings, tempDir } from '../helpers.ts';
import { requestText, say, scripted, textOf } from '../fixtures/agent/scripted.ts';

describe('SessionStart, clear, end and resume', () => {
  beforeEach(freshHooks);

  it('injects SessionStart context as its own message before the first prompt, in order', async () => {
    on('onSessionStart', () => ({ additionalContext: ['first context', 'second context'] }));
    const { model, requests } = scripted([say('ok')]);
    await new Agent({ model, transcriptDir: tempDir() }).run('the task');
    const [a, b, prompt] = requests[0]!;
    assert.equal(a!.role, 'user');
    assert.equal(textOf(a), '<hook_context event="SessionStart">\nfirst context\n</hook_context>');
    assert.equal(textOf(b), '<hook_context event="SessionStart">\nsecond context\n</hook_context>');
    assert.equal(textOf(prompt), 'the task');
  });

  it('does not run the pending prompt when SessionStart returns continue:false', async () => {
    on('onSessionStart', () => ({ continue: false, stopReason: 'not today', additionalContext: 'kept' }));
    const prompts: string[] = [];
    on('onUserPromptSubmit', (p) => {
      prompts.push(p.prompt);
    });
    const { model, requests } = scripted([say('later')]);
    const session = new Agent({ model, transcriptDir: tempDir() }).session();
    const result = await session.send('do it');
    assert.equal(result.outcome, 'stopped');
    assert.equal(result.reason, 'not today');
    assert.equal(requests.length, 0);
    assert.deepEqual(prompts, []);
    assert.match(textOf(session.messages[0]), /kept/);
    // Only the pending prompt is skipped: the session goes on.
    const next = await session.send('now');
    assert.equal(next.text, 'later');
    await session.end();
  });

  it('clear() ends the session (reason clear) and starts a fresh one (source clear)', async () => {
    const starts: SessionStart[] = [];
    const ends: SessionEnd[] = [];
    on('onSessionStart', (p) => {
      starts.push(p);
    });
    on('onSessionEnd', (p) => {
      ends.push(p);
    });
    const { model, requests } = scripted([say('a'), say('b')]);
    const session = new Agent({ model, transcriptDir: tempDir() }).session();
    await session.send('before');
    const oldId = session.id;
    const oldPath = session.transcriptPath;
    await session.clear();
    assert.notEqual(session.id, oldId);
    assert.notEqual(session.transcriptPath, oldPath);
    assert.ok(existsSync(session.transcriptPath), 'the new transcript exists');
    assert.deepEqual(session.messages, []);
    await session.send('after');
    await session.end('prompt_input_exit');
    assert.deepEqual(starts.map((s) => s.source), ['startup', 'clear']);
    assert.deepEqual(ends.map((e) => [e.reason, e.sessionId]), [['clear', oldId], ['prompt_input_exit', session.id]]);
    assert.deepEqual(requests[1]!.map(textOf), ['after']);
  });

  it('resume() rebuilds the history from the transcript and fires SessionStart with source resume', async () => {
    const dir = tempDir();
    const first = scripted([say('answer one')]);
    const run = await new Agent({ model: first.model, transcriptDir: dir }).run('question one');
    const starts: SessionStart[] = [];
    on('onSessionStart', (p) => {
      starts.push(p);
    });
    const second = scripted([say('answer two')]);
    const session = new Agent({ model: second.model, transcriptDir: dir }).resume(run.transcriptPath);
    assert.equal(session.id, run.sessionId);
    await session.send('question two');
    await session.end();
    assert.deepEqual(second.requests[0]!.map(textOf), ['question one', 'answer one', 'question two']);
    assert.equal(starts[0]!.source, 'resume');
    assert.equal(starts[0]!.transcriptPath, run.transcriptPath);
    // The same file carries on, and can be resumed again with everything.
    assert.equal(readTranscript(run.transcriptPath).messages.length, 4);
  });

  it('keeps a Stop continuation prompt in the history after a resume (#92)', async () => {
    const dir = tempDir();
    const off = on('onStop', (p) => (p.stopHookActive ? undefined : { decision: 'block', reason: 'check the tests' }));
    const first = scripted([say('done?'), say('tests pass')]);
    const run = await new Agent({ model: first.model, transcriptDir: dir }).run('work');
    off();
    const second = scripted([say('next')]);
    const session = new Agent({ model: second.model, transcriptDir: dir }).resume(run.transcriptPath);
    await session.send('more');
    assert.match(requestText(second.requests[0]), /<hook_prompt>check the tests<\/hook_prompt>/);
    await session.end();
  });

  it('reports a broken transcript with its file and line', () => {
    const dir = tempDir();
    const path = join(dir, 'broken.jsonl');
    writeFileSync(path, '{"type":"session_meta","session_id":"s"}\nnot json\n{"type":"user","session_id":"s"}\n');
    assert.throws(() => readTranscript(path), (e: unknown) => e instanceof TranscriptError && /line 2 is not valid JSON/.test(e.message) && e.message.includes(path));
    assert.throws(() => readTranscript(join(dir, 'missing.jsonl')), /Could not read transcript/);
    writeFileSync(path, '{"type":"session_meta","session_id":"s"}\n{"type":"user","session_id":"s","message":{"role":"user","content":"hi"}}\n{"type":"assis');
    const warnings = recordWarnings();
    try {
      assert.equal(readTranscript(path).messages.length, 1);
      assert.match(warnings.messages()[0]!, /incomplete last line/);
    } finally {
      warnings.restore();
    }
  });

  it('writes messages in Claude Code\'s shape with timestamps, and a turn_end with the outcome', async () => {
    const { model } = scripted([say('ok')]);
    const run = await new Agent({ model, transcriptDir: tempDir() }).run('hello');
    const entries = readFileSync(run.transcriptPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const user = entries.find((e) => e.type === 'user')!;
    assert.deepEqual(user.message, { role: 'user', content: [{ type: 'text', text: 'hello' }] });
    assert.equal(user.turnId, run.turnId);
    assert.equal(user.sessionId, run.sessionId);
    assert.match(String(user.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    const assistant = entries.find((e) => e.type === 'assistant')!;
    assert.deepEqual((assistant.message as { content: unknown }).content, [{ type: 'text', text: 'ok' }]);
    const end = entries.find((e) => e.subtype === 'turn_end')!;
    assert.equal(end.type, 'system');
    assert.equal(end.outcome, 'completed');
    assert.equal(end.modelCalls, 1);
  });
});
