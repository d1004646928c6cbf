/**
 * Connection limits: one semaphore per provider/model/base URL/limit, shared by every sample,
 * agent and model instance that talks to the same endpoint.
 * @module
 */

import { onAbort } from '../util/abort-fanout.ts';

/** A counting semaphore with FIFO waiters. */
export class Semaphore {
  private active = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /** Takes a slot if one is free right now (no promise is created). */
  tryAcquire(): boolean {
    if (this.active >= this.limit) return false;
    this.active++;
    return true;
  }

  /** Waits for a slot. Rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = (): void => {
        forget?.();
        resolve();
      };
      const forget = signal === undefined ? undefined : onAbort(signal, () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      });
      if (signal?.aborted !== true) this.waiters.push(waiter);
    });
  }

  /** Frees a slot (handing it to the first waiter, if any). */
  release(): void {
    const next = this.waiters.shift();
    if (next !== undefined) next();
    else this.active--;
  }

  /** Slots in use. */
  get inUse(): number {
    return this.active;
  }
}

const semaphores = new Map<string, Semaphore>();

/** Returns the semaphore shared by every caller of the same endpoint with the same limit. */
export function connectionSemaphore(model: string, baseUrl: string | undefined, limit: number): Semaphore {
  const key = `${model}\u0000${baseUrl ?? ''}\u0000${limit}`;
  let semaphore = semaphores.get(key);
  if (semaphore === undefined) {
    semaphore = new Semaphore(limit);
    semaphores.set(key, semaphore);
  }
  return semaphore;
}
