/**
 * Back-off between retries: exponential with jitter, as in Inspect (initial 3 s, cap 1800 s,
 * jitter up to 3 s). Tests shrink it with `GetModelOptions.retryBackoff` or the
 * `HOOKLINE_RETRY_BASE_MS` environment variable.
 * @module
 */
import { ConfigError } from '../errors.ts';

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
