/**
 * Runs one command hook as a child process through the shared process runner
 * (`util/process-runner.ts`: own process group, a timeout that kills the group, bounded output):
 * `/bin/sh -c <command>`, the stdin JSON written then closed, the first {@link DEFAULT_OUTPUT_LIMIT}
 * bytes of each stream kept (a hook's JSON answer is at the start), and what a hook leaves running
 * in the background after it exited left alone.
 * @module
 */
import { type ProcessRunResult, runProcess } from '../../../util/process-runner.ts';

/** Default cap on captured bytes, per stream. */
export const DEFAULT_OUTPUT_LIMIT = 1024 * 1024;

/** What to run. */
export interface RunCommandOptions {
  readonly command: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: string;
  readonly timeoutMs: number;
  /** Cap on captured bytes per stream (default 1 MiB); the excess is discarded with a marker. */
  readonly outputLimit?: number | undefined;
  /** Aborting kills the process group, like a timeout. */
  readonly signal?: AbortSignal | undefined;
}

/** How a hook process ended. */
export type CommandRunResult = ProcessRunResult;

let spawnCount = 0;

/** Returns how many hook processes this module has started (benchmarks prove "no spawn" with it). */
export function commandHookSpawnCount(): number {
  return spawnCount;
}

/** Runs one hook command and resolves when it finished (it never rejects). */
export function runCommand(options: RunCommandOptions): Promise<CommandRunResult> {
  spawnCount++;
  return runProcess({
    command: options.command,
    cwd: options.cwd,
    env: options.env,
    stdin: options.stdin,
    timeoutMs: options.timeoutMs,
    capture: { policy: 'head', limitBytes: options.outputLimit ?? DEFAULT_OUTPUT_LIMIT },
    signal: options.signal,
    label: 'hook',
  });
}
