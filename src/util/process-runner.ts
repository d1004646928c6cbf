/**
 * The one process runner: command hooks and the `Bash` tool both run `<shell> -c <command>`
 * through it.
 *
 * Policy (the same for every caller):
 * - The process starts in its own process group (`detached`), so a timeout or a cancellation can
 *   end everything it started, grandchildren included.
 * - Timeout or cancellation: SIGTERM to the group, then SIGKILL after {@link KILL_GRACE_MS}; the
 *   result is returned by then even if a grandchild ignores both and keeps the pipes open.
 * - After the process exited on its own, its pipes get {@link DRAIN_GRACE_MS} to close (a
 *   background grandchild may hold them); then they are closed on our side and the result
 *   returned. With `killGroupOnExit` what the command left running in its group is killed first
 *   (the `Bash` tool: a command's background jobs end with it); without it they are left alone
 *   (command hooks may start a detached logger).
 * - When hookline exits, every process still running is killed with its group.
 * - Output is captured per stream up to a byte limit, as the caller chooses: `head` keeps the
 *   first bytes and appends `[hookline: N more bytes of <stream> discarded]` (command hooks, whose
 *   JSON is at the start); `head-tail` keeps the first and last halves with
 *   `… [N bytes omitted] …` between them (the `Bash` tool, where errors come last). Bytes are
 *   decoded as UTF-8 at the end; invalid sequences become U+FFFD.
 * - It never rejects: a process that could not start, timed out or was cancelled is a result
 *   with an `error`.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

/** How long a timed-out or cancelled group gets between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = 500;
/** How long to keep reading after the process exited while a grandchild still holds its pipes. */
export const DRAIN_GRACE_MS = 250;
/** setTimeout's largest delay (about 24.8 days); longer timeouts are clamped to it. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** How much output to keep per stream, and which part. */
export interface CapturePolicy {
  readonly policy: 'head' | 'head-tail';
  readonly limitBytes: number;
}

/** What to run and how. */
export interface ProcessRunOptions {
  readonly command: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed; without it stdin is not connected. */
  readonly stdin?: string | undefined;
  /** The shell, run as `<shell> -c <command>` (default `/bin/sh`). */
  readonly shell?: string | undefined;
  readonly timeoutMs: number;
  readonly capture: CapturePolicy;
  /** Kill what the command left running in its process group once it exited (default false). */
  readonly killGroupOnExit?: boolean | undefined;
  /** Aborting ends the process group, like a timeout. */
  readonly signal?: AbortSignal | undefined;
  /** What the messages call the process (`hook`, `command`). */
  readonly label: string;
}

/** How a process ended. */
export interface ProcessRunResult {
  /** The exit code, or null when a signal ended the process or it never started. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the runner ended the process (timeout, cancellation) or could not start it. */
  readonly error: { readonly kind: 'spawn' | 'timeout' | 'cancelled'; readonly message: string; readonly code?: string | undefined } | undefined;
  /** Bytes left out of the captured output, per stream. */
  readonly discarded: { readonly stdout: number; readonly stderr: number };
  /** `Date.now()` when the process was started. */
  readonly startedAt: number;
  readonly durationMs: number;
}

const running = new Set<ChildProcess>();
let exitCleanupInstalled = false;

function killRunningOnExit(): void {
  if (exitCleanupInstalled) return;
  exitCleanupInstalled = true;
  process.on('exit', () => {
    for (const child of running) killGroup(child, 'SIGKILL');
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Keeps the bytes of one stream the capture policy asks for. */
class Capture {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  discarded = 0;
  private readonly headLimit: number;
  private readonly tailLimit: number;

  constructor(policy: CapturePolicy) {
    this.headLimit = policy.policy === 'head' ? policy.limitBytes : Math.ceil(policy.limitBytes / 2);
    this.tailLimit = policy.limitBytes - this.headLimit;
  }

  add(chunk: Buffer): void {
    const room = this.headLimit - this.headBytes;
    if (room > 0) {
      const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
      this.head.push(part);
      this.headBytes += part.length;
      if (part.length === chunk.length) return;
      chunk = chunk.subarray(part.length);
    }
    if (this.tailLimit === 0) {
      this.discarded += chunk.length;
      return;
    }
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tailBytes - (this.tail[0]?.length ?? 0) >= this.tailLimit) {
      const dropped = this.tail.shift()!;
      this.tailBytes -= dropped.length;
      this.discarded += dropped.length;
    }
  }

  text(stream: string): string {
    const head = Buffer.concat(this.head, this.headBytes).toString('utf8');
    if (this.tailLimit === 0) return this.discarded === 0 ? head : `${head}\n[hookline: ${this.discarded} more bytes of ${stream} discarded]`;
    let tail = Buffer.concat(this.tail, this.tailBytes);
    const excess = tail.length - this.tailLimit;
    if (excess > 0) tail = tail.subarray(excess);
    const omitted = this.discarded + Math.max(0, excess);
    return omitted === 0 ? head + tail.toString('utf8') : `${head}\n… [${omitted} bytes omitted] …\n${tail.toString('utf8')}`;
  }

  get omitted(): number {
    return this.discarded + Math.max(0, this.tailBytes - this.tailLimit);
  }
}

/** Runs one shell command and resolves when it finished (it never rejects; see the module docs). */
export function runProcess(options: ProcessRunOptions): Promise<ProcessRunResult> {
  const startedAt = Date.now();
  const started = performance.now();
  const out = new Capture(options.capture);
  const err = new Capture(options.capture);
  const result = (code: number | null, signal: NodeJS.Signals | null, error: ProcessRunResult['error']): ProcessRunResult => ({
    exitCode: code, signal, stdout: out.text('stdout'), stderr: err.text('stderr'), error,
    discarded: { stdout: out.omitted, stderr: err.omitted }, startedAt, durationMs: performance.now() - started,
  });
  if (options.signal?.aborted === true) return Promise.resolve(result(null, null, { kind: 'cancelled', message: `${options.label} cancelled` }));
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      const stdin = options.stdin === undefined ? 'ignore' : 'pipe';
      child = spawn(options.shell ?? '/bin/sh', ['-c', options.command], { cwd: options.cwd, env: options.env, detached: true, stdio: [stdin, 'pipe', 'pipe'] });
      running.add(child);
      killRunningOnExit();
    } catch (error) {
      resolve(result(null, null, { kind: 'spawn', message: error instanceof Error ? error.message : String(error), code: (error as { code?: string }).code }));
      return;
    }
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let exited = false;
    let open = 2;
    let ended: ProcessRunResult['error'];
    let done = false;
    const timers: NodeJS.Timeout[] = [];

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
      // Once the process exited its status stands; only the drain of its pipes may still be pending.
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
      stop('cancelled', `${options.label} cancelled`);
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

    child.on('error', (error: NodeJS.ErrnoException) => {
      // After a successful spawn, errors come from kill(); the exit status tells the story.
      if (child.pid !== undefined) return;
      ended ??= { kind: 'spawn', message: error.message, code: error.code };
      exited = true;
      finish();
    });
    child.on('exit', (code, signal) => {
      exited = true;
      exitCode = code;
      exitSignal = signal;
      if (ended !== undefined || options.killGroupOnExit === true) killGroup(child, 'SIGKILL');
      if (ended !== undefined || open === 0) finish();
      else timers.push(setTimeout(finish, DRAIN_GRACE_MS));
    });

    if (child.stdin !== null) {
      // EPIPE (a process that exits without reading its stdin) is not a failure by itself.
      child.stdin.on('error', () => { /* ignored; the exit status decides */ });
      child.stdin.end(options.stdin);
    }
    const seconds = Number((options.timeoutMs / 1000).toFixed(3));
    timers.push(setTimeout(() => { stop('timeout', `${options.label} timed out after ${seconds}s`); }, Math.min(options.timeoutMs, MAX_TIMER_MS)));
    if (options.signal !== undefined) options.signal.addEventListener('abort', onAbort, { once: true });
  });
}
