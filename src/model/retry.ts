/**
 * Back-off between retries: exponential with jitter, as in Inspect (initial 3 s, cap 1800 s,
 * jitter up to 3 s). Tests shrink it with `GetModelOptions.retryBackoff` or the
 * `HOOKLINE_RETRY_BASE_MS` environment variable.
 * @module
 */
import { ConfigError } from '../errors.ts';
import { describeFailure, type Failure, redact } from './failure.ts';

/** Back-off settings, in milliseconds. */
export interface RetryBackoff {
  /** Wait before the first retry (doubles on each further retry). */
  readonly initialMs: number;
  /** Upper bound of one wait. */
  readonly maxMs: number;
  /** Up to this much random time is added to each wait. */
  readonly jitterMs: number;
}

/**
 * Returns the back-off settings: explicit options first, then `HOOKLINE_RETRY_BASE_MS` (which
 * scales all three like Inspect's 3 s / 1800 s / 3 s), then Inspect's defaults.
 */
export function resolveBackoff(options?: Partial<RetryBackoff>): RetryBackoff {
  const env = process.env['HOOKLINE_RETRY_BASE_MS'];
  let base = 3000;
  if (env !== undefined && env !== '') {
    base = Number(env);
    if (!Number.isFinite(base) || base < 0) {
      throw new ConfigError(`HOOKLINE_RETRY_BASE_MS must be a non-negative number of milliseconds, got '${env}'. Fix or unset it.`);
    }
  }
  return {
    initialMs: options?.initialMs ?? base,
    maxMs: options?.maxMs ?? base * 600,
    jitterMs: options?.jitterMs ?? base,
  };
}

/** Milliseconds to wait after failed attempt number `attempt` (1 = first failure). */
export function backoffDelayMs(backoff: RetryBackoff, attempt: number): number {
  const exponential = backoff.initialMs * 2 ** (attempt - 1) + Math.random() * backoff.jitterMs;
  return Math.max(0, Math.min(exponential, backoff.maxMs));
}

/**
 * Milliseconds to wait before retry number `retry` (1 = the first): the server's own
 * `Retry-After` when it sent one (capped at `maxMs`), else the exponential back-off.
 */
export function retryDelayMs(backoff: RetryBackoff, retry: number, serverAskedMs: number | undefined): number {
  return serverAskedMs === undefined ? backoffDelayMs(backoff, retry) : Math.min(serverAskedMs, backoff.maxMs);
}

/** A retry about to happen, as shown to the user. */
export interface RetryNotice {
  readonly model: string;
  /** 1 for the first retry of the call. */
  readonly retry: number;
  /** What failed: status, error type and the server's message (secrets redacted). */
  readonly error: string;
  /** Seconds until the retry. */
  readonly waitSeconds: number;
}

/** Receives every retry notice. */
export type RetryListener = (notice: RetryNotice) => void;

let retryListeners: readonly RetryListener[] = [];

/**
 * Subscribes to retry notices (the CLI's displays do); returns the unsubscribe function. Without
 * a listener, retries are still visible to hooks as `onModelRetry`.
 */
export function onRetryNotice(listener: RetryListener): () => void {
  retryListeners = [...retryListeners, listener];
  return () => {
    retryListeners = retryListeners.filter((l) => l !== listener);
  };
}

/** Tells every listener a retry is about to happen; called by the retry loop before it waits. */
export function announceRetry(model: string, retry: number, failure: Failure, waitMs: number, secrets: readonly string[]): void {
  if (retryListeners.length === 0) return;
  const notice: RetryNotice = { model, retry, error: redact(describeFailure(failure), secrets), waitSeconds: waitMs / 1000 };
  for (const listener of retryListeners) {
    try {
      listener(notice);
    } catch {
      // A display that fails must not fail the call.
    }
  }
}

/** Returns the one-line text of a retry notice: `model: retrying (2) after …, next in 3.1s`. */
export function formatRetryNotice(notice: RetryNotice): string {
  const wait = notice.waitSeconds < 10 ? notice.waitSeconds.toFixed(1) : Math.round(notice.waitSeconds).toString();
  return `${notice.model}: retrying (${notice.retry}) after ${notice.error}, next in ${wait}s`;
}
