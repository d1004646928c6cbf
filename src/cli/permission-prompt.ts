/**
 * The permission question of `hookline chat`: when a PreToolUse hook answers `ask`, the person
 * at the terminal types y or n. No answer within the timeout (60 s, `HOOKLINE_ASK_TIMEOUT` in
 * seconds), end of input, or anything but yes denies the call.
 * @module
 */
import { ConfigError } from '../errors.ts';
import type { PermissionAsker, PermissionRequest } from '../runtime/context.ts';

/** Seconds a permission question waits for an answer before the call is denied. */
export const DEFAULT_ASK_TIMEOUT_SECONDS = 60;

/** Returns the permission-question timeout in milliseconds (`HOOKLINE_ASK_TIMEOUT`, else 60 s). */
export function askTimeoutMs(): number {
  const raw = process.env.HOOKLINE_ASK_TIMEOUT;
  if (raw === undefined || raw.trim() === '') return DEFAULT_ASK_TIMEOUT_SECONDS * 1000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new ConfigError(`HOOKLINE_ASK_TIMEOUT must be a number of seconds > 0, got '${raw}'. Fix or unset it.`);
  return seconds * 1000;
}

/**
 * Lines of the chat's input, shared by the prompt loop and the permission question: a line that
 * arrives after a question timed out is kept for the next prompt, not lost.
 */
export class LineReader {
  private pending: Promise<IteratorResult<string>> | undefined;

  constructor(private readonly lines: AsyncIterator<string>) {}

  /** Resolves with the next line (or the end of input). */
  next(): Promise<IteratorResult<string>> {
    const next = this.pending ?? this.lines.next();
    this.pending = undefined;
    return next;
  }

  /** Resolves with the next line, or `'timeout'` after `ms` (the line is then kept for {@link next}). */
  async nextWithin(ms: number): Promise<IteratorResult<string> | 'timeout'> {
    const next = (this.pending ??= this.lines.next());
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ms);
    });
    const result = await Promise.race([next, timeout]);
    clearTimeout(timer);
    if (result !== 'timeout') this.pending = undefined;
    return result;
  }
}

function describeRequest(request: PermissionRequest): string {
  const input = JSON.stringify(request.input);
  const shown = input.length > 200 ? `${input.slice(0, 200)}…` : input;
  const reasons = request.reasons.length === 0 ? '' : `\n  why: ${request.reasons.join('; ')}`;
  const who = request.origin === 'rule' ? 'A permission rule needs' : 'A hook asks for';
  return `${who} your permission to run ${request.toolName} ${shown}${reasons}`;
}

/** Returns the asker `hookline chat` gives its agent: it asks on `write` and reads the answer from `reader`. */
export function terminalAsker(reader: LineReader, write: (text: string) => void, timeoutMs: number = askTimeoutMs()): PermissionAsker {
  return async (request) => {
    write(`${describeRequest(request)}\nAllow? [y/N] (denied in ${Math.round(timeoutMs / 1000)}s without an answer) `);
    const answer = await reader.nextWithin(timeoutMs);
    if (answer === 'timeout') {
      write('\nno answer: denied\n');
      return false;
    }
    if (answer.done === true) {
      write('\nend of input: denied\n');
      return false;
    }
    const yes = /^\s*(y|yes)\s*$/i.test(answer.value);
    write(yes ? 'allowed\n' : 'denied\n');
    return yes;
  };
}
