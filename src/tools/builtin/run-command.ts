/**
 * Runs a shell command in its own process group, with a timeout that kills the whole group and
 * output capped in memory (head and tail kept).
 * @module
 */
import { spawn } from 'node:child_process';
import { CancelledError } from '../../errors.ts';

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  readonly cwd: string;
  readonly timeoutMs: number;
  /** Characters kept per stream (half from the start, half from the end). */
  readonly maxChars: number;
  readonly signal?: AbortSignal | undefined;
  readonly shell?: string | undefined;
  readonly env?: NodeJS.ProcessEnv | undefined;
}

/** What a command came to. */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  /** Null when the process was killed by a signal. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
}

/** Keeps the first and last `max / 2` characters of a stream. */
class CappedText {
  private head = '';
  private tail = '';
  private total = 0;

  constructor(private readonly max: number) {}

  add(chunk: string): void {
    this.total += chunk.length;
    const half = Math.floor(this.max / 2);
    if (this.head.length < half) {
      const room = half - this.head.length;
      this.head += chunk.slice(0, room);
      chunk = chunk.slice(room);
    }
    if (chunk === '') return;
    this.tail += chunk;
    if (this.tail.length > this.max) this.tail = this.tail.slice(-(this.max - half));
  }

  text(): string {
    const kept = this.head.length + this.tail.length;
    if (this.total <= this.max || kept >= this.total) return this.head + this.tail;
    const tail = this.tail.slice(-(this.max - this.head.length));
    return `${this.head}\n… [${this.total - this.head.length - tail.length} characters omitted] …\n${tail}`;
  }
}

/** How long to wait for the pipes to close after the shell exited (a background child may hold them). */
const PIPE_GRACE_MS = 200;

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

/**
 * Runs `command` with `sh -c` in a new process group. On timeout or abort the whole group is
 * killed (so grandchildren cannot keep the call alive) and the pipes are closed.
 */
export function runCommand(command: string, options: RunCommandOptions): Promise<CommandResult> {
  return new Promise((resolvePromise, reject) => {
    if (options.signal?.aborted === true) {
      reject(new CancelledError());
      return;
    }
    const child = spawn(options.shell ?? 'sh', ['-c', command], {
      cwd: options.cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    });
    const stdout = new CappedText(options.maxChars);
    const stderr = new CappedText(options.maxChars);
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout.add(c);
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr.add(c);
    });
    let timedOut = false;
    let settled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let grace: NodeJS.Timeout | undefined;

    const cleanup = (): void => {
      clearTimeout(timer);
      if (grace !== undefined) clearTimeout(grace);
      options.signal?.removeEventListener('abort', onAbort);
      child.stdout.destroy();
      child.stderr.destroy();
    };
    const done = (): void => {
      if (settled) return;
      settled = true;
      cleanup();
      if (options.signal?.aborted === true && !timedOut) {
        reject(new CancelledError());
        return;
      }
      resolvePromise({ stdout: stdout.text(), stderr: stderr.text(), exitCode: exit?.code ?? null, signal: exit?.signal ?? null, timedOut });
    };
    const onAbort = (): void => {
      killGroup(child.pid);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(error);
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Kill what the shell left behind in its group; then give the pipes a moment to drain.
      killGroup(child.pid);
      grace = setTimeout(done, PIPE_GRACE_MS);
    });
    child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      exit ??= { code, signal };
      done();
    });
  });
}
