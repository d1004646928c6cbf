import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import type { ToolCall } from '../../src/types/model.ts';
import { bashTool, executeToolCall, type ToolCallOutcome } from '../../src/tools/index.ts';
import { textOf } from '../fixtures/agent/scripted.ts';
import { freshHooks, sleep, tempDir } from '../helpers.ts';

function run(command: string, cwd: string, extra: Record<string, unknown> = {}, tool = bashTool()): Promise<ToolCallOutcome> {
  const call: ToolCall = { id: 'b1', function: 'Bash', arguments: { command, ...extra }, type: 'function' };
  return executeToolCall(call, [tool], { cwd, permissionMode: 'default' });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // A killed process that nobody has reaped yet is a zombie: it no longer runs.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function waitUntilDead(pid: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (!alive(pid)) return true;
    await sleep(50);
  }
  return false;
}

describe('Bash tool', () => {
  beforeEach(freshHooks);

  it('runs in the working directory and reports exit code, stdout and stderr', async () => {
    const dir = tempDir();
    const ok = await run('pwd; echo oops >&2', dir);
    assert.equal(ok.message.content, `Exit code: 0\nstdout:\n${dir}\nstderr:\noops`);
    const failed = await run('exit 3', dir);
    assert.equal(failed.message.content, 'Exit code: 3\n(no output)');
    assert.equal(failed.message.error, undefined);
  });

  it('returns Claude Code\'s response object for hooks while the model reads formatted text', async () => {
    const dir = tempDir();
    const outcome = await run('echo out; echo err >&2; exit 4', dir);
    assert.deepEqual(outcome.result, { stdout: 'out\n', stderr: 'err\n', interrupted: false, isImage: false, exitCode: 4 });
    assert.equal(outcome.message.content, 'Exit code: 4\nstdout:\nout\nstderr:\nerr');
  });

  it('kills the whole process group on timeout and tells the model', async () => {
    const dir = tempDir();
    const outcome = await run('echo started; sleep 30 & echo $! > bg.pid; sleep 30', dir, { timeout: 300 });
    assert.equal(outcome.message.error?.type, 'timeout');
    assert.match(textOf(outcome.message), /Command timed out after 0\.3s and was killed/);
    assert.match(textOf(outcome.message), /stdout:\nstarted/);
    const pid = Number(readFileSync(join(dir, 'bg.pid'), 'utf8').trim());
    assert.ok(pid > 0, 'the background pid was written');
    assert.ok(await waitUntilDead(pid), 'the background child was killed with the group');
  });

  it('returns when the shell exits even if a background child holds the pipes', async () => {
    const dir = tempDir();
    const outcome = await run('(sleep 30; echo late) & echo $! > bg.pid; echo done', dir);
    assert.match(textOf(outcome.message), /^Exit code: 0\nstdout:\ndone$/);
    const pid = Number(readFileSync(join(dir, 'bg.pid'), 'utf8').trim());
    assert.ok(await waitUntilDead(pid), 'the background child was killed');
  });

  it('caps long output, keeping its start and its end', async () => {
    const tool = bashTool({ maxOutputChars: 1000 });
    const outcome = await run('seq 1 20000', tempDir(), {}, tool);
    const text = textOf(outcome.message);
    assert.match(text, /^Exit code: 0\nstdout:\n1\n2\n/);
    assert.match(text, /bytes omitted/);
    assert.match(text, /19999\n20000$/);
    assert.ok(text.length < 1200, 'the output is capped');
  });

  it('reports a missing working directory as a tool error', async () => {
    const outcome = await run('echo hi', join(tempDir(), 'missing'));
    assert.equal(outcome.message.error?.type, 'file_not_found');
    assert.match(textOf(outcome.message), /Check that the working directory exists/);
  });

  it('rejects unknown input fields as bad arguments', async () => {
    const outcome = await run('echo hi', tempDir(), { run_in_background: true });
    assert.equal(outcome.message.error?.type, 'parsing');
    assert.match(textOf(outcome.message), /unknown property 'run_in_background'/);
  });
});
