import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type ProcessRunOptions, runProcess } from '../../src/util/process-runner.ts';
import { sleep, tempDir } from '../helpers.ts';

function options(command: string, extra: Partial<ProcessRunOptions> = {}): ProcessRunOptions {
  return { command, cwd: tempDir(), env: process.env, timeoutMs: 30_000, capture: { policy: 'head', limitBytes: 1024 }, label: 'command', ...extra };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function deadSoon(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await sleep(50);
  return !alive(pid);
}

describe('the shared process runner', () => {
  it('head capture keeps the first bytes and says how many were discarded', async () => {
    const result = await runProcess(options('head -c 3000 /dev/zero | tr "\\0" a'));
    assert.equal(result.stdout, `${'a'.repeat(1024)}\n[hookline: 1976 more bytes of stdout discarded]`);
    assert.deepEqual(result.discarded, { stdout: 1976, stderr: 0 });
  });

  it('head-tail capture keeps the start and the end with the size of the gap', async () => {
    const result = await runProcess(options('seq 1 2000', { capture: { policy: 'head-tail', limitBytes: 100 } }));
    assert.match(result.stdout, /^1\n2\n3\n[\s\S]*\n… \[\d+ bytes omitted\] …\n[\s\S]*1999\n2000\n$/);
    const omitted = Number(/\[(\d+) bytes omitted\]/.exec(result.stdout)![1]);
    assert.equal(omitted + 100, Buffer.byteLength(Array.from({ length: 2000 }, (_, i) => `${i + 1}\n`).join('')), 'kept plus omitted is the whole output');
  });

  it('writes stdin when given and leaves it unconnected otherwise', async () => {
    assert.equal((await runProcess(options('cat', { stdin: '{"a":1}\n' }))).stdout, '{"a":1}\n');
    assert.equal((await runProcess(options('cat'))).stdout, '');
  });

  it('killGroupOnExit ends what the command left in the background; without it the job survives', async () => {
    const dir = tempDir();
    await runProcess(options(`sleep 30 & echo $! > '${join(dir, 'killed')}'`, { killGroupOnExit: true }));
    await runProcess(options(`sleep 30 & echo $! > '${join(dir, 'kept')}'`));
    const killed = Number(readFileSync(join(dir, 'killed'), 'utf8'));
    const kept = Number(readFileSync(join(dir, 'kept'), 'utf8'));
    assert.ok(await deadSoon(killed), 'the background job of a killGroupOnExit run was killed');
    assert.ok(alive(kept), 'the background job of a plain run is left alone');
    process.kill(kept, 'SIGKILL');
  });

  it('a cancelled signal never starts the process; a missing folder is a spawn error with its code', async () => {
    const controller = new AbortController();
    controller.abort();
    const dir = tempDir();
    const cancelled = await runProcess(options(`touch '${join(dir, 'ran')}'`, { signal: controller.signal }));
    assert.deepEqual(cancelled.error, { kind: 'cancelled', message: 'command cancelled' });
    assert.throws(() => readFileSync(join(dir, 'ran')), /ENOENT/);
    const missing = await runProcess(options('true', { cwd: join(dir, 'missing') }));
    assert.equal(missing.error?.kind, 'spawn');
    assert.equal(missing.error?.code, 'ENOENT');
  });
});
