/**
 * A FIFO counting semaphore: waiters are served in arrival order, so a retried sample that
 * re-acquires joins the back of the queue.
 * @module
 */
import { CancelledError } from '../errors.ts';

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  readonly signal: AbortSignal | undefined;
}

/** Limits how many holders run at once. */
export class Semaphore {
  private available: number;
  private readonly waiters: Waiter[] = [];
  // One abort listener per signal (not per waiter): a task's samples all share one signal.
  private readonly watched = new Set<AbortSignal>();

  constructor(permits: number) {
    this.available = Math.max(1, permits);
  }

  /** Waits for a permit; rejects with a CancelledError if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<void> | undefined {
    if (signal?.aborted === true) return Promise.reject(new CancelledError('Cancelled before it started.', { cause: signal.reason }));
    if (this.available > 0 && this.waiters.length === 0) {
      this.available--;
      return undefined;
    }
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject, signal });
      if (signal !== undefined && !this.watched.has(signal)) {
        this.watched.add(signal);
        signal.addEventListener('abort', () => this.cancelWaiters(signal), { once: true });
      }
    });
  }

  private cancelWaiters(signal: AbortSignal): void {
    this.watched.delete(signal);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i]!;
      if (waiter.signal !== signal) continue;
      this.waiters.splice(i, 1);
      waiter.reject(new CancelledError('Cancelled before it started.', { cause: signal.reason }));
    }
  }

  /** Returns a permit, waking the longest waiter. */
  release(): void {
    const next = this.waiters.shift();
    if (next !== undefined) next.resolve();
    else this.available++;
  }
}
