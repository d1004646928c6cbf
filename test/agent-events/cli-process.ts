/**
 * `hookline chat` and `hookline run` as real child processes (from the sources) for the tests that
 * drive them through stdin and signals, and a bounded wait for what they write.
 * @module
 */
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { root } from '../cli/run-cli.ts';
import { sleep } from '../helpers.ts';

/** A running `hookline` command. */
export interface CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Settles when the process has exited (it is killed after 60 s so a hang fails the test). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `hookline <args>` in `dir` (HOOKLINE_HOME inside it, no banner) with `env` added. */
export function startHookline(dir: string, args: readonly string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [join(root, 'scripts/hookline-dev.mjs'), ...args], {
    cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, HOOKLINE_NO_BANNER: '1', HOOKLINE_HOME: join(dir, '.home'), ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => {
    clearTimeout(killer);
    resolve({ code, signal });
  }));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Starts `hookline chat` against the local model `openai-api/local/test-model` with the Bash tool and the project's hooks trusted. */
export function startChat(dir: string, env: Record<string, string>, extraArgs: readonly string[] = []): CliProcess {
  return startHookline(dir, ['chat', '-m', 'openai-api/local/test-model', '--tools', 'bash', '--trust-project-hooks', '--transcript-dir', join(dir, 's'), ...extraArgs], env);
}

/** Waits (at most 30 s, polling) until `ready()` holds; fails the test with `what` otherwise. */
export async function waitFor(what: string, ready: () => boolean): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (ready()) return;
    await sleep(50);
  }
  assert.fail(`timed out waiting until ${what}`);
}
