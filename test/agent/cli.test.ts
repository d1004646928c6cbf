import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { tempDir } from '../helpers.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const hooksDir = join(root, 'test/fixtures/agent/hooks');
const entry = [join(root, 'scripts/hookline-dev.mjs')];

function hookline(args: string[], options: { home: string; input?: string; cwd?: string }) {
  const result = spawnSync(process.execPath, [...entry, ...args], {
    cwd: options.cwd ?? root,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, HOOKLINE_HOME: options.home, HOOKLINE_NO_BANNER: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('hookline run and chat', () => {
  it('run prints the answer of mockllm', () => {
    const home = tempDir();
    const { code, stdout } = hookline(['run', '-p', 'hello', '--model', 'mockllm/model'], { home });
    assert.equal(code, 0);
    assert.equal(stdout, 'Default output from mockllm/model\n');
  });

  it('run --output-format json gives result, session id, transcript path, usage and turns', () => {
    const home = tempDir();
    const { code, stdout, stderr } = hookline(['run', '-p', 'hello', '--output-format', 'json', '--tools', 'read'], { home });
    assert.equal(code, 0, stderr);
    const body = JSON.parse(stdout) as Record<string, unknown>;
    assert.equal(body.result, 'Default output from mockllm/model');
    assert.equal(body.num_turns, 1);
    assert.equal(body.outcome, 'completed');
    assert.ok(typeof body.session_id === 'string', 'session_id is a string');
    assert.ok(String(body.transcript_path).startsWith(join(home, 'sessions')), 'transcripts go to $HOOKLINE_HOME/sessions');
    assert.ok(existsSync(String(body.transcript_path)), 'the transcript exists');
    assert.equal(typeof (body.usage as Record<string, unknown>).total_tokens, 'number');
  });

  it('run loads project command hooks with --trust-project-hooks (and skips them without)', () => {
    const home = tempDir();
    const project = tempDir();
    mkdirSync(join(project, '.hookline'));
    writeFileSync(join(project, '.hookline', 'hooks.json'), JSON.stringify({
      hooks: { UserPromptSubmit: [{ hooks: [{ type: 'command', command: JSON.stringify(join(hooksDir, 'block-prompt.sh')) }] }] },
    }));
    const trusted = hookline(['run', '-p', 'something forbidden', '--cwd', project, '--trust-project-hooks'], { home });
    assert.equal(trusted.code, 1);
    assert.equal(trusted.stdout, '');
    assert.match(trusted.stderr, /prompt blocked by a UserPromptSubmit hook: no forbidden words/);
    const untrusted = hookline(['run', '-p', 'something forbidden', '--cwd', project], { home });
    assert.equal(untrusted.code, 0);
    assert.match(untrusted.stderr, /not trusted and were skipped/);
  });

  it('run rejects a missing prompt and bad options', () => {
    const home = tempDir();
    assert.equal(hookline(['run'], { home }).code, 2);
    const bad = hookline(['run', '-p', 'x', '--tools', 'grep'], { home });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /Unknown built-in tool 'grep'/);
  });

  it('chat answers each line, /clear starts a new session, /exit ends, --resume continues', () => {
    const home = tempDir();
    const log = join(home, 'events.jsonl');
    writeFileSync(join(home, 'hooks.json'), JSON.stringify({
      hooks: Object.fromEntries(['SessionStart', 'SessionEnd'].map((e) => [e, [{ hooks: [{ type: 'command', command: `${JSON.stringify(process.execPath)} ${JSON.stringify(join(hooksDir, 'record.mjs'))} ${JSON.stringify(log)}` }] }]])),
    }));
    const first = hookline(['chat', '--tools', ''], { home, input: 'one\n/clear\ntwo\n/exit\n' });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout.match(/Default output from mockllm\/model/g)?.length, 2);
    const events = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    assert.deepEqual(events.map((e) => `${e.hook_event_name}:${e.source ?? e.reason}`), ['SessionStart:startup', 'SessionEnd:clear', 'SessionStart:clear', 'SessionEnd:prompt_input_exit']);
    const transcript = /transcript (\S+)\n(?![\s\S]*transcript )/.exec(first.stderr)?.[1];
    assert.ok(transcript !== undefined && existsSync(transcript), first.stderr);
    const resumed = hookline(['chat', '--resume', transcript], { home, input: 'three\n' });
    assert.equal(resumed.code, 0, resumed.stderr);
    const lines = readFileSync(transcript, 'utf8');
    assert.match(lines, /"text":"two"[\s\S]*"text":"three"/);
    assert.match(readFileSync(log, 'utf8'), /"source":"resume"/);
  });
});

describe('hookline run and chat read imported Claude Code and Codex hooks', () => {
  function project(): { dir: string; marker: string } {
    const dir = tempDir();
    const marker = join(dir, 'ran.txt');
    const hook = { type: 'command', command: `cat >/dev/null; echo ran >> '${marker}'` };
    mkdirSync(join(dir, '.claude'), { recursive: true });
    writeFileSync(join(dir, '.claude', 'settings.json'), JSON.stringify({ permissions: {}, hooks: { UserPromptSubmit: [{ hooks: [hook] }] } }));
    mkdirSync(join(dir, '.codex'), { recursive: true });
    writeFileSync(join(dir, '.codex', 'hooks.json'), JSON.stringify({ hooks: { UserPromptSubmit: [{ hooks: [hook] }] } }));
    return { dir, marker };
  }

  it('run --import-claude leaves an untrusted .claude/settings.json inactive, and runs it when trusted for the run', () => {
    const home = tempDir();
    const { dir, marker } = project();
    const untrusted = hookline(['run', '-p', 'hi', '--cwd', dir, '--import-claude', '--tools', ''], { home });
    assert.equal(untrusted.code, 0, untrusted.stderr);
    assert.equal(existsSync(marker), false, 'an untrusted imported hook does not run');
    assert.match(untrusted.stderr, /untrusted|trust/i);
    const trusted = hookline(['run', '-p', 'hi', '--cwd', dir, '--import-claude', '--trust-project-hooks', '--tools', ''], { home });
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.equal(readFileSync(marker, 'utf8'), 'ran\n');
  });

  it('chat --import-codex runs .codex/hooks.json once trusted with hooks trust --import-codex', () => {
    const home = tempDir();
    const { dir, marker } = project();
    const trust = hookline(['hooks', 'trust', '--project', dir, '--import-codex'], { home });
    assert.equal(trust.code, 0, trust.stderr);
    const chat = hookline(['chat', '--cwd', dir, '--import-codex', '--tools', ''], { home, input: 'one\n' });
    assert.equal(chat.code, 0, chat.stderr);
    assert.equal(readFileSync(marker, 'utf8'), 'ran\n', 'the Codex hook ran once, for the one prompt');
    const without = hookline(['chat', '--cwd', dir, '--tools', ''], { home, input: 'two\n' });
    assert.equal(without.code, 0, without.stderr);
    assert.equal(readFileSync(marker, 'utf8'), 'ran\n', 'without the flag the imported file is not read');
  });
});
