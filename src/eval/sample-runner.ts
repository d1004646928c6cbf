/**
 * Runs one sample (per epoch) through its attempts with the exact hook order of Inspect AI
 * (see docs/internals.md): init → start → (attempt start → solvers → scoring → drain → attempt
 * end)+ → sample end. Start and end run in the same async context; the sample uuid is stable
 * across retries; there is never an attempt end without an attempt start. The state of a run and
 * of each attempt is in `sample-attempt.ts`, the phases of an attempt in `sample-phases.ts`.
 * @module
 */
import { runInMergedContext } from '../runtime/context.ts';
import { SampleRun, type SampleOutcome, type SampleRunInput } from './sample-attempt.ts';
import { type AttemptResult, runAttempt } from './sample-phases.ts';

export type { SampleOutcome, SampleRunIds, SampleRunInput } from './sample-attempt.ts';

/**
 * Runs a sample until its final attempt. Returns undefined when the task was cancelled before
 * the sample started (no hooks fire then).
 */
export async function runSample(input: SampleRunInput): Promise<SampleOutcome | undefined> {
  const run = new SampleRun(input);
  return runInMergedContext(run.context(), async () => {
    for (;;) {
      try {
        const acquiring = input.semaphore.acquire(input.signal);
        if (acquiring !== undefined) await acquiring;
      } catch {
        return undefined; // cancelled before it started: no hooks at all
      }
      run.slotAcquired();
      let result: AttemptResult;
      try {
        result = await runAttempt(run.nextAttempt());
      } finally {
        run.releaseSlot();
      }
      if (result.final) return result.outcome;
      run.retry(result.error);
    }
  });
}
