/**
 * Runs the `hookline` command from the sources (scripts/hookline-dev.mjs) as a child process, for
 * CLI tests.
 * @module
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

/** What a CLI run gave back. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node scripts/hookline-dev.mjs …` in `cwd` (a temp folder), without a terminal, with
 * HOOKLINE_HOME inside `cwd`; killed after `killAfterMs` (default 120 s) so a hang fails the test.
 */
export function hookline(args: string[], options: { cwd: string; env?: Record<string, string>; input?: string; killAfterMs?: number }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts/hookline-dev.mjs'), ...args], {
      cwd: options.cwd,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, HOOKLINE_NO_BANNER: '1', HOOKLINE_HOME: join(options.cwd, '.home'), ...options.env },
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The log paths printed by the eval commands (`log: PATH` lines of the summary, or the start line). */
export function logPaths(output: string): string[] {
  const found = [...output.matchAll(/^log: (.+)$/gm), ...output.matchAll(/sample\(s\), log (\S+)$/gm)].map((m) => m[1]!);
  return [...new Set(found)];
}
