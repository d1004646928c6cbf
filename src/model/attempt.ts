/**
 * One HTTP attempt: waits for a connection slot, then calls the provider under the attempt
 * timeout, the whole-call deadline and the caller's cancellation signal.
 * @module
 */
import { CancelledError } from '../errors.ts';
import type { Semaphore } from './concurrency.ts';
import { ModelError } from './errors.ts';
import { onAbort } from '../util/abort-fanout.ts';
import type { ModelProvider, ProviderRequest, ProviderResult } from './provider.ts';

/** Limits of one attempt. */
export interface AttemptLimits {
  /** Milliseconds before this attempt is abandoned (config.attemptTimeout). */
  readonly attemptMs: number | undefined;
  /** Epoch milliseconds when the whole call must end (config.timeout). */
  readonly deadline: number | undefined;
  /** Cancels the call (the caller's and the context's signals combined). */
  readonly signal: AbortSignal | undefined;
  readonly semaphore: Semaphore | undefined;
}

/** Thrown when the whole-call deadline (config.timeout) ends an attempt. */
export class DeadlineReachedError extends Error {
  override readonly name = 'DeadlineReachedError';
}

/** Throws a CancelledError if the signal has fired. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new CancelledError('The model call was cancelled.', { cause: signal.reason });
}

/** Sleeps, unless the signal fires first (then rejects with CancelledError). */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return new Promise((resolve) => setTimeout(resolve, ms));
  if (signal.aborted) return Promise.reject(new CancelledError('The model call was cancelled.', { cause: signal.reason }));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CancelledError('The model call was cancelled.', { cause: signal.reason }));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Makes one attempt. The request's `signal` is replaced by one that honours the limits. */
export function runAttempt(provider: ModelProvider, request: ProviderRequest, limits: AttemptLimits): Promise<ProviderResult> {
  // The common offline case (no limits, no signals) adds no promise of its own.
  if (limits.semaphore === undefined && limits.attemptMs === undefined && limits.deadline === undefined && limits.signal === undefined) {
    return provider.generate(request);
  }
  return limitedAttempt(provider, request, limits);
}

async function limitedAttempt(provider: ModelProvider, request: ProviderRequest, limits: AttemptLimits): Promise<ProviderResult> {
  throwIfCancelled(limits.signal);
  const { semaphore } = limits;
  if (semaphore !== undefined && !semaphore.tryAcquire()) {
    await semaphore.acquire(limits.signal).catch((error: unknown) => {
      throw new CancelledError('The model call was cancelled while waiting for a connection.', { cause: error });
    });
  }
  try {
    const remaining = limits.deadline === undefined ? undefined : limits.deadline - Date.now();
    if (remaining !== undefined && remaining <= 0) throw new DeadlineReachedError('no time left');
    const ms = remaining === undefined ? limits.attemptMs : limits.attemptMs === undefined ? remaining : Math.min(limits.attemptMs, remaining);
    if (ms === undefined && limits.signal === undefined) return await provider.generate(request);
    if (ms === undefined) return await cancellable(provider, request, limits.signal!);
    return await guarded(provider, request, limits, ms, ms === remaining);
  } finally {
    semaphore?.release();
  }
}

/**
 * An attempt with a cancellation signal and no time limit (every call inside an eval). An
 * offline provider gets the caller's signal itself; an HTTP provider a signal of its own
 * (linked without a listener per call on the shared signal). Providers that ignore the signal
 * (a scripted function) are still abandoned when it fires.
 */
async function cancellable(provider: ModelProvider, request: ProviderRequest, signal: AbortSignal): Promise<ProviderResult> {
  let cancel: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    cancel = (): void => reject(new CancelledError('The model call was cancelled.', { cause: signal.reason }));
  });
  const own = provider.offline ? undefined : new AbortController();
  const forget = onAbort(signal, () => {
    own?.abort(signal.reason);
    cancel!();
  });
  try {
    return await Promise.race([provider.generate(Object.assign({}, request, { signal: own?.signal ?? signal })), stopped]);
  } catch (error) {
    if (signal.aborted && !(error instanceof CancelledError)) throw new CancelledError('The model call was cancelled.', { cause: error });
    throw error;
  } finally {
    forget();
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
  const forget = limits.signal === undefined ? undefined : onAbort(limits.signal, () => stop('cancelled'));
  const timer = ms === undefined ? undefined : setTimeout(() => {
    stop(timerIsDeadline ? 'deadline' : 'timeout');
  }, ms);
  try {
    const call = provider.generate(Object.assign({}, request, { signal: controller.signal }));
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
    forget?.();
  }
}
