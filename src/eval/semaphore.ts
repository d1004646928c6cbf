/**
 * A FIFO counting semaphore: waiters are served in arrival order, so a retried sample that
 * re-acquires joins the back of the queue.
 * @module
 */
import { CancelledError } from '../errors.ts';

/** Limits how many holders run at once. */
export class Semaphore {
  private available: number;
  private readonly waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];

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
      const waiter = { resolve, reject };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) {
          this.waiters.splice(index, 1);
          reject(new CancelledError('Cancelled before it started.', { cause: signal.reason }));
        }
      }, { once: true });
    });
  }

  /** Returns a permit, waking the longest waiter. */
  release(): void {
    const next = this.waiters.shift();
    if (next !== undefined) next.resolve();
    else this.available++;
  }
}
