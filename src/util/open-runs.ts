/**
 * Runs in progress that can be ended early: a task writing its log registers how to finish it
 * as an error, so that a process about to end mid-run (work that will never settle, an uncaught
 * exception) still leaves a finished log with every completed sample.
 * @module
 */

/** Finishes one open run as an error; receives what went wrong. */
export type FinishAsError = (error: Error) => Promise<unknown>;

const open = new Set<FinishAsError>();

/**
 * Registers a run in progress; returns the function to call when it ends normally. Called by the
 * task runner once its log is started.
 */
export function trackOpenRun(finishAsError: FinishAsError): () => void {
  open.add(finishAsError);
  return () => {
    open.delete(finishAsError);
  };
}

/** Returns how many runs are in progress. */
export function openRunCount(): number {
  return open.size;
}

/**
 * Finishes every open run as an error (each at most once) and returns how many were finished.
 * Called when the process is about to end with runs unfinished; a run whose finishing fails is
 * counted as not finished.
 */
export async function finishOpenRuns(error: Error): Promise<number> {
  const runs = [...open];
  open.clear();
  const results = await Promise.allSettled(runs.map((finish) => finish(error)));
  return results.filter((r) => r.status === 'fulfilled').length;
}
