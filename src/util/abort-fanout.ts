/**
 * Abort listeners for signals that many waiters share (a task's signal, watched by every
 * running sample and every model call in it). Node's `EventTarget.addEventListener` compares a
 * new listener with every one already registered, so N waiters on one signal cost O(N²); here a
 * signal gets one listener of its own, and the waiters are kept in a `Set` (O(1) to add and to
 * remove).
 * @module
 */

const waiters = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `listener` once when `signal` aborts (at once if it already has) and returns the function
 * that forgets it; called when a waiter starts watching a shared signal.
 */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  if (signal.aborted) {
    listener();
    return forgetNothing;
  }
  let set = waiters.get(signal);
  if (set === undefined) {
    const created = new Set<() => void>();
    set = created;
    waiters.set(signal, created);
    signal.addEventListener('abort', () => {
      waiters.delete(signal);
      for (const waiter of created) waiter();
      created.clear();
    }, { once: true });
  }
  set.add(listener);
  const owner = set;
  return () => void owner.delete(listener);
}

function forgetNothing(): void {}

/**
 * Returns a controller that aborts (with the same reason) when `signal` does, and the function
 * that unlinks it; called for work that needs a signal of its own under a shared one.
 */
export function linkedController(signal: AbortSignal): { controller: AbortController; unlink: () => void } {
  const controller = new AbortController();
  const unlink = onAbort(signal, () => controller.abort(signal.reason));
  return { controller, unlink };
}
