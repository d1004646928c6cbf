/**
 * Runs one command hook as a child process: `sh -c <command>` in its own process group, the
 * stdin JSON written asynchronously then closed, stdout and stderr captured up to a cap, and a
 * timeout that kills the whole group and stops waiting for pipes that orphaned grandchildren
 * still hold open.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

/** Default cap on captured bytes, per stream. */
export const DEFAULT_OUTPUT_LIMIT = 1024 * 1024;

/** How long a timed-out group gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 500;
/** How long to keep reading after the hook exited while a grandchild still holds its pipes. */
const DRAIN_GRACE_MS = 250;
/** setTimeout's largest delay (about 24.8 days); longer timeouts are clamped to it. */
const MAX_TIMER_MS = 2 ** 31 - 1;

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
export interface CommandRunResult {
  /** The exit code, or null when the process was killed by a signal or never started. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when hookline ended the run (timeout, cancellation) or could not start it. */
  readonly error: { readonly kind: 'spawn' | 'timeout' | 'cancelled'; readonly message: string } | undefined;
  /** Bytes discarded beyond the output cap. */
  readonly discarded: { readonly stdout: number; readonly stderr: number };
  /** `Date.now()` when the process was started. */
  readonly startedAt: number;
  readonly durationMs: number;
}

let spawnCount = 0;
/** Hooks still running. Their own process groups do not get the terminal's signals. */
const running = new Set<ChildProcess>();
let exitCleanupInstalled = false;

/** When hookline exits (normally or through process.exit()), running hook groups go with it. */
function killRunningOnExit(): void {
  if (exitCleanupInstalled) return;
  exitCleanupInstalled = true;
  process.on('exit', () => {
    for (const child of running) killGroup(child, 'SIGKILL');
  });
}

/** Returns how many hook processes this module has started (benchmarks prove "no spawn" with it). */
export function commandHookSpawnCount(): number {
  return spawnCount;
}

class Capture {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  discarded = 0;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer): void {
    const room = this.limit - this.kept;
    if (room <= 0) {
      this.discarded += chunk.length;
      return;
    }
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.chunks.push(part);
    this.kept += part.length;
    this.discarded += chunk.length - part.length;
  }

  text(stream: string): string {
    // Buffer#toString replaces invalid UTF-8 sequences with U+FFFD.
    const text = Buffer.concat(this.chunks, this.kept).toString('utf8');
    return this.discarded === 0 ? text : `${text}\n[hookline: ${this.discarded} more bytes of ${stream} discarded]`;
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Runs one hook command and resolves when it finished (it never rejects). */
export function runCommand(options: RunCommandOptions): Promise<CommandRunResult> {
  const startedAt = Date.now();
  const started = performance.now();
  const limit = options.outputLimit ?? DEFAULT_OUTPUT_LIMIT;
  const out = new Capture(limit);
  const err = new Capture(limit);
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      spawnCount++;
      child = spawn('/bin/sh', ['-c', options.command], { cwd: options.cwd, env: options.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
      running.add(child);
      killRunningOnExit();
    } catch (error) {
      resolve(result(null, null, { kind: 'spawn', message: error instanceof Error ? error.message : String(error) }));
      return;
    }
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let exited = false;
    let open = 2;
    let ended: CommandRunResult['error'];
    let done = false;
    const timers: NodeJS.Timeout[] = [];

    function result(code: number | null, signal: NodeJS.Signals | null, error: CommandRunResult['error']): CommandRunResult {
      return {
        exitCode: code,
        signal,
        stdout: out.text('stdout'),
        stderr: err.text('stderr'),
        error,
        discarded: { stdout: out.discarded, stderr: err.discarded },
        startedAt,
        durationMs: performance.now() - started,
      };
    }

    function finish(): void {
      if (done) return;
      done = true;
      running.delete(child);
      for (const t of timers) clearTimeout(t);
      options.signal?.removeEventListener('abort', onAbort);
      // Our ends of the pipes: a grandchild that still holds them must not keep us waiting.
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.stdin?.destroy();
      resolve(result(exitCode, exitSignal, ended));
    }

    function stop(kind: 'timeout' | 'cancelled', message: string): void {
      // Once the hook exited its status stands; only the drain of its pipes may still be pending.
      if (done || ended !== undefined || exited) return;
      ended = { kind, message };
      killGroup(child, 'SIGTERM');
      child.stdin?.destroy();
      timers.push(setTimeout(() => {
        killGroup(child, 'SIGKILL');
        finish();
      }, KILL_GRACE_MS));
    }

    function onAbort(): void {
      stop('cancelled', 'hook cancelled');
    }

    const track = (stream: Readable | null, capture: Capture): void => {
      if (stream === null) {
        open--;
        return;
      }
      stream.on('data', (chunk: Buffer) => { capture.add(chunk); });
      stream.on('error', () => { /* reported through the exit status */ });
      stream.on('close', () => {
        open--;
        if (exited && open === 0) finish();
      });
    };
    track(child.stdout, out);
    track(child.stderr, err);

    child.on('error', (error) => {
      // After a successful spawn, errors come from kill(); the exit status tells the story.
      if (child.pid !== undefined) return;
      ended ??= { kind: 'spawn', message: error.message };
      exited = true;
      finish();
    });
    child.on('exit', (code, signal) => {
      exited = true;
      exitCode = code;
      exitSignal = signal;
      if (ended !== undefined) {
        // Timed out or cancelled: finish the leftovers of the group now.
        killGroup(child, 'SIGKILL');
        finish();
        return;
      }
      if (open === 0) finish();
      else timers.push(setTimeout(finish, DRAIN_GRACE_MS));
    });

    if (child.stdin !== null) {
      // EPIPE (a hook that exits without reading its stdin) is not a failure by itself.
      child.stdin.on('error', () => { /* ignored; the exit status decides */ });
      child.stdin.end(options.stdin);
    }
    const seconds = Number((options.timeoutMs / 1000).toFixed(3));
    timers.push(setTimeout(() => { stop('timeout', `hook timed out after ${seconds}s`); }, Math.min(options.timeoutMs, MAX_TIMER_MS)));
    if (options.signal !== undefined) {
      if (options.signal.aborted) onAbort();
      else options.signal.addEventListener('abort', onAbort, { once: true });
    }
  });
}
