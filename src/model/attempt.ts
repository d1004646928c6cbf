/**
 * One HTTP attempt: waits for a connection slot, then calls the provider under the attempt
 * timeout, the whole-call deadline and the caller's cancellation signals.
 * @module
 */
import { CancelledError } from '../errors.ts';
import type { Semaphore } from './concurrency.ts';
import { ModelError } from './errors.ts';
import type { ModelProvider, ProviderRequest, ProviderResult } from './provider.ts';

/** Limits of one attempt. */
export interface AttemptLimits {
  /** Milliseconds before this attempt is abandoned (config.attemptTimeout). */
  readonly attemptMs: number | undefined;
  /** Epoch milliseconds when the whole call must end (config.timeout). */
  readonly deadline: number | undefined;
  /** The caller's and the context's cancellation signals. */
  readonly signals: readonly AbortSignal[];
  readonly semaphore: Semaphore | undefined;
}

/** Thrown when the whole-call deadline (config.timeout) ends an attempt. */
export class DeadlineReachedError extends Error {
  override readonly name = 'DeadlineReachedError';
}

function aborted(signals: readonly AbortSignal[]): AbortSignal | undefined {
  for (const s of signals) if (s.aborted) return s;
  return undefined;
}

/** Throws a CancelledError if any signal has fired. */
export function throwIfCancelled(signals: readonly AbortSignal[]): void {
  const fired = aborted(signals);
  if (fired !== undefined) throw new CancelledError('The model call was cancelled.', { cause: fired.reason });
}

/** Sleeps, unless a signal fires first (then rejects with CancelledError). */
export function sleep(ms: number, signals: readonly AbortSignal[]): Promise<void> {
  if (signals.length === 0) return new Promise((resolve) => setTimeout(resolve, ms));
  if (aborted(signals) !== undefined) return Promise.reject(new CancelledError('The model call was cancelled.'));
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      done();
      reject(new CancelledError('The model call was cancelled.'));
    };
    const timer = setTimeout(() => {
      done();
      resolve();
    }, ms);
    for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
  });
}

/** Makes one attempt. The request's `signal` is replaced by one that honours the limits. */
export function runAttempt(provider: ModelProvider, request: ProviderRequest, limits: AttemptLimits): Promise<ProviderResult> {
  // The common offline case (no limits, no signals) adds no promise of its own.
  if (limits.semaphore === undefined && limits.attemptMs === undefined && limits.deadline === undefined && limits.signals.length === 0) {
    return provider.generate(request);
  }
  return limitedAttempt(provider, request, limits);
}

async function limitedAttempt(provider: ModelProvider, request: ProviderRequest, limits: AttemptLimits): Promise<ProviderResult> {
  throwIfCancelled(limits.signals);
  const { semaphore } = limits;
  if (semaphore !== undefined && !semaphore.tryAcquire()) {
    await semaphore.acquire(limits.signals[0]).catch((error: unknown) => {
      throw new CancelledError('The model call was cancelled while waiting for a connection.', { cause: error });
    });
  }
  try {
    const remaining = limits.deadline === undefined ? undefined : limits.deadline - Date.now();
    if (remaining !== undefined && remaining <= 0) throw new DeadlineReachedError('no time left');
    const ms = remaining === undefined ? limits.attemptMs : limits.attemptMs === undefined ? remaining : Math.min(limits.attemptMs, remaining);
    if (ms === undefined && limits.signals.length === 0) return await provider.generate(request);
    return await guarded(provider, request, limits, ms, ms !== undefined && ms === remaining);
  } finally {
    semaphore?.release();
  }
}

async function guarded(
  provider: ModelProvider,
  request: ProviderRequest,
  limits: AttemptLimits,
  ms: number | undefined,
  timerIsDeadline: boolean,
): Promise<ProviderResult> {
  const controller = new AbortController();
  let reason: 'timeout' | 'deadline' | 'cancelled' | undefined;
  let rejectStop: ((error: Error) => void) | undefined;
  // Providers that ignore the signal (a scripted function) are still abandoned on time.
  const stopped = new Promise<never>((_, reject) => {
    rejectStop = reject;
  });
  const stop = (why: 'timeout' | 'deadline' | 'cancelled'): void => {
    reason ??= why;
    controller.abort();
    rejectStop?.(new Error(why));
  };
  const onAbort = (): void => {
    stop('cancelled');
  };
  for (const s of limits.signals) s.addEventListener('abort', onAbort, { once: true });
  const timer = ms === undefined ? undefined : setTimeout(() => {
    stop(timerIsDeadline ? 'deadline' : 'timeout');
  }, ms);
  try {
    const call = provider.generate({ ...request, signal: controller.signal });
    return await Promise.race([call, stopped]);
  } catch (error) {
    if (reason === 'cancelled') throw new CancelledError('The model call was cancelled.', { cause: error });
    if (reason === 'deadline') throw new DeadlineReachedError('the call ran out of time', { cause: error });
    if (reason === 'timeout') {
      throw new ModelError(`The attempt took longer than config.attemptTimeout (${(limits.attemptMs ?? 0) / 1000}s) and was abandoned.`, {
        provider: provider.api,
        retryable: true,
        exceptionType: 'TimeoutError',
        cause: error,
      });
    }
    throw error;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    for (const s of limits.signals) s.removeEventListener('abort', onAbort);
  }
}
