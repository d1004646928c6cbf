import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type CommandRunResult, DEFAULT_OUTPUT_LIMIT, runCommand, type RunCommandOptions } from '../../src/hooks/sources/command/runner.ts';
import { sleep, tempDir } from '../helpers.ts';
import { FIXTURES, fixture, isAlive } from './helpers.ts';

function run(command: string, options: Partial<RunCommandOptions> = {}): Promise<CommandRunResult> {
  return runCommand({ command, cwd: tempDir(), env: process.env, stdin: '{}', timeoutMs: 30_000, ...options });
}

async function waitUntilDead(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(50);
  return !isAlive(pid);
}

describe('the command runner', () => {
  it('kills the whole process group on timeout and does not wait for a grandchild holding stdout', { timeout: 20_000 }, async () => {
    const dir = tempDir();
    const [pidFile, lateFile] = [join(dir, 'pid'), join(dir, 'late')];
    const result = await run(fixture('timeout.sh', pidFile, lateFile), { timeoutMs: 1000 });
    assert.deepEqual([result.exitCode, result.error], [null, { kind: 'timeout', message: 'hook timed out after 1s' }]);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    assert.equal(await waitUntilDead(grandchild), true, `grandchild ${grandchild} was killed`);
    assert.equal(existsSync(lateFile), false);
  });

  it('escalates to SIGKILL when the hook ignores SIGTERM', { timeout: 20_000 }, async () => {
    const result = await run("trap '' TERM; cat >/dev/null; sleep 30", { timeoutMs: 1000 });
    assert.equal(result.error?.kind, 'timeout');
  });

  it('stops waiting for pipes a background grandchild keeps open after the hook exited', { timeout: 20_000 }, async () => {
    const dir = tempDir();
    const result = await run(`cat >/dev/null; (sleep 30; echo late > '${join(dir, 'late')}') & echo $! > '${join(dir, 'pid')}'; echo done`);
    assert.deepEqual([result.exitCode, result.stdout.trim(), result.error], [0, 'done', undefined]);
    process.kill(Number(readFileSync(join(dir, 'pid'), 'utf8')), 'SIGKILL');
  });

  it('reports a death by signal without an exit code', async () => {
    const result = await run(`exec ${fixture('crash.sh')}`);
    assert.deepEqual([result.exitCode, result.signal], [null, 'SIGKILL']);
  });

  it('caps a flood of output per stream and marks what it discarded', { timeout: 60_000 }, async () => {
    const result = await run(fixture('huge-output.sh'));
    assert.equal(result.exitCode, 0);
    assert.deepEqual(result.discarded, { stdout: 40_000_000 - DEFAULT_OUTPUT_LIMIT, stderr: 20_000_000 - DEFAULT_OUTPUT_LIMIT });
    assert.ok(result.stdout.startsWith('x'.repeat(DEFAULT_OUTPUT_LIMIT)), 'the first MiB is kept');
    assert.match(result.stdout, /\[hookline: 38951424 more bytes of stdout discarded\]$/);
    assert.ok(result.stdout.length < DEFAULT_OUTPUT_LIMIT + 100, 'stdout is capped');
    assert.ok(result.stderr.length < DEFAULT_OUTPUT_LIMIT + 100, 'stderr is capped');
  });

  it('treats a hook that exits without reading a large stdin as a plain exit', async () => {
    const result = await run(fixture('no-stdin.sh'), { stdin: JSON.stringify({ tool_input: { content: 'z'.repeat(8_000_000) } }) });
    assert.deepEqual([result.exitCode, result.error], [0, undefined]);
  });

  it('decodes output as UTF-8, replacing invalid bytes', async () => {
    const result = await run("printf 'caf\\303\\251 \\377!'");
    assert.equal(result.stdout, 'café \uFFFD!');
  });

  it('reports a spawn failure (missing working directory) as an error', async () => {
    const result = await run('true', { cwd: join(tempDir(), 'missing') });
    assert.equal(result.error?.kind, 'spawn');
    assert.match(result.error.message, /ENOENT/);
  });

  it('kills the group when the emission is cancelled', { timeout: 20_000 }, async () => {
    const controller = new AbortController();
    setTimeout(() => { controller.abort(); }, 100);
    const result = await run('cat >/dev/null; sleep 30', { signal: controller.signal });
    assert.equal(result.error?.kind, 'cancelled');
  });

  it('kills running hook groups when hookline exits', { timeout: 20_000 }, async () => {
    const pidFile = join(tempDir(), 'pid');
    execFileSync(process.execPath, ['--import', 'tsx', join(FIXTURES, 'exit-while-running.mjs'), pidFile], { timeout: 15_000 });
    assert.equal(await waitUntilDead(Number(readFileSync(pidFile, 'utf8'))), true);
  });
});
