/**
 * Timeouts of in-process hooks. Every async handler runs under a deadline: its registration's
 * `timeoutMs`, or the process-wide default (60 s; `HOOKLINE_HOOK_TIMEOUT` in seconds, or
 * {@link setDefaultHookTimeout}). `0` turns the deadline off.
 *
 * One shared, coarse timer checks the deadlines instead of a timer per call (a timer per hook
 * call cost about 700 ns); the calls in flight sit in an intrusive linked list. What remains
 * is one wrapping promise and a clock read per async handler call (~150 ns, see BENCHMARKS.md).
 * @module
 */
import { ConfigError, errorMessage, HookError } from '../errors.ts';
import type { HandlerEntry } from './handler.ts';

/** The default deadline of an in-process hook call, in milliseconds (60 s). */
export const DEFAULT_HOOK_TIMEOUT_MS = 60_000;

/** The environment variable holding the default deadline, in seconds (`0` turns it off). */
export const HOOK_TIMEOUT_ENV = 'HOOKLINE_HOOK_TIMEOUT';

let defaultMs: number | undefined;

function parseSeconds(raw: string): number {
  const seconds = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
    throw new ConfigError(`${HOOK_TIMEOUT_ENV}='${raw}' is not a number of seconds: set it to e.g. 30 or 0.5, or 0 for no timeout.`);
  }
  return Math.round(seconds * 1000);
}

/**
 * Returns the default deadline of in-process hook calls in milliseconds (`0`: none): the value
 * given to {@link setDefaultHookTimeout}, else `HOOKLINE_HOOK_TIMEOUT`, else 60 s.
 */
export function defaultHookTimeoutMs(): number {
  if (defaultMs === undefined) {
    const raw = process.env[HOOK_TIMEOUT_ENV];
    defaultMs = raw === undefined ? DEFAULT_HOOK_TIMEOUT_MS : parseSeconds(raw);
  }
  return defaultMs;
}

/**
 * Sets the default deadline of in-process hook calls, in milliseconds (`0`: none); `undefined`
 * goes back to `HOOKLINE_HOOK_TIMEOUT` or 60 s. A registration's own `timeoutMs` still wins.
 */
export function setDefaultHookTimeout(ms: number | undefined): void {
  if (ms !== undefined && (!Number.isFinite(ms) || ms < 0)) {
    throw new RangeError(`setDefaultHookTimeout(${ms}): give a number of milliseconds >= 0 (0 turns the timeout off).`);
  }
  defaultMs = ms;
}

/** Returns the deadline that applies to one handler, in milliseconds (`0`: none). */
export function timeoutOf(entry: HandlerEntry): number {
  return entry.timeoutMs ?? defaultHookTimeoutMs();
}

/** A hook call that passed its deadline and was abandoned. */
export class HookTimeoutError extends HookError {
  /** The deadline that passed, in milliseconds. */
  readonly timeoutMs: number;

  constructor(entry: HandlerEntry, timeoutMs: number) {
    super(entry.label, entry.event, new Error(`timed out after ${timeoutMs}ms and was abandoned`), 'HOOK_TIMEOUT');
    this.timeoutMs = timeoutMs;
  }
}

interface Deadline {
  readonly at: number;
  readonly entry: HandlerEntry;
  readonly timeoutMs: number;
  readonly reject: (error: Error) => void;
  prev: Deadline | undefined;
  next: Deadline | undefined;
  watched: boolean;
}

// An intrusive doubly linked list: adding and removing a call is O(1) and allocation-free
// (a Set of fresh objects cost ~600 ns per call, most of an async emission).
let first: Deadline | undefined;
let last: Deadline | undefined;
let timer: ReturnType<typeof setInterval> | undefined;
let tickMs = 0;

function watch(deadline: Deadline): void {
  deadline.prev = last;
  if (last === undefined) first = deadline;
  else last.next = deadline;
  last = deadline;
  deadline.watched = true;
}

function unwatch(deadline: Deadline): void {
  if (!deadline.watched) return;
  deadline.watched = false;
  if (deadline.prev === undefined) first = deadline.next;
  else deadline.prev.next = deadline.next;
  if (deadline.next === undefined) last = deadline.prev;
  else deadline.next.prev = deadline.prev;
  deadline.prev = undefined;
  deadline.next = undefined;
}

function tick(): void {
  const now = Date.now();
  for (let deadline = first; deadline !== undefined; ) {
    const next = deadline.next;
    if (now >= deadline.at) {
      unwatch(deadline);
      deadline.reject(new HookTimeoutError(deadline.entry, deadline.timeoutMs));
    }
    deadline = next;
  }
  if (first === undefined && timer !== undefined) {
    clearInterval(timer);
    timer = undefined;
  }
}

function ensureTimer(timeoutMs: number): void {
  // A tenth of the deadline, between 5 ms and 1 s: late by at most that much.
  const wanted = Math.min(1000, Math.max(5, Math.floor(timeoutMs / 10)));
  if (timer !== undefined && tickMs <= wanted) return;
  if (timer !== undefined) clearInterval(timer);
  tickMs = wanted;
  // Kept referenced on purpose: a hook that never settles must not let the process end before
  // its deadline abandons it.
  timer = setInterval(tick, wanted);
}

/**
 * Returns a promise that settles like `pending`, or rejects with a {@link HookTimeoutError} when
 * the handler's deadline passes first. Called by the dispatch loops for every async handler.
 */
export function withDeadline(pending: PromiseLike<unknown>, entry: HandlerEntry): PromiseLike<unknown> {
  const timeoutMs = timeoutOf(entry);
  if (timeoutMs <= 0) return pending;
  return new Promise((resolve, reject) => {
    const deadline: Deadline = { at: Date.now() + timeoutMs, entry, timeoutMs, reject, prev: undefined, next: undefined, watched: false };
    watch(deadline);
    ensureTimer(timeoutMs);
    pending.then(
      (value) => {
        unwatch(deadline);
        resolve(value);
      },
      (error: unknown) => {
        unwatch(deadline);
        reject(error instanceof Error ? error : new Error(errorMessage(error)));
      },
    );
  });
}
