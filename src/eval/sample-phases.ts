/**
 * The phases of one sample attempt, in Inspect AI's hook order (see docs/internals.md):
 * init → start → solve → score → drain → end. Each phase reads and fills the
 * {@link SampleAttempt}; {@link runAttempt} runs them in order.
 * @module
 */
import type { PayloadOf } from '../hooks/catalog.ts';
import { emitIf } from '../hooks/emit.ts';
import { NO_CONTEXT } from '../runtime/context.ts';
import type { EvalError, Score } from '../types/log.ts';
import { isoTimestamp } from '../util/time.ts';
import { createGenerate } from './generate.ts';
import type { SampleAttempt, SampleOutcome } from './sample-attempt.ts';
import { diffState, stateSnapshot } from './state-diff.ts';

/** How an attempt ended: the sample's outcome when it was the final attempt, else the error to retry. */
export type AttemptResult =
  | { readonly final: true; readonly outcome: SampleOutcome }
  | { readonly final: false; readonly error: EvalError };

type SampleLifecycleEvent = 'onSampleInit' | 'onSampleStart' | 'onSampleAttemptStart' | 'onSampleScoring' | 'onSampleAttemptEnd' | 'onSampleEnd';

/** Emits a sample event (global and component hooks), building the payload only when someone listens. */
function emitSample<E extends SampleLifecycleEvent>(event: E, build: () => PayloadOf<E>): Promise<void> | undefined {
  return emitIf(event, build, undefined, NO_CONTEXT);
}

/**
 * Called once per attempt, holding the sample's slot: runs the phases in order and returns
 * whether the sample is done. Failures outside the solvers (`onSampleInit`, `onSampleScoring`,
 * scorers) become the attempt's error; the event queue is drained on every path.
 */
export async function runAttempt(attempt: SampleAttempt): Promise<AttemptResult> {
  const initSpan = attempt.transcript.beginSpan('init', 'init');
  try {
    await init(attempt, initSpan);
    await startAndSolve(attempt);
    await score(attempt);
  } catch (caught) {
    attempt.failed(caught);
  } finally {
    attempt.transcript.endSpan(initSpan);
    attempt.detach();
  }
  await drain(attempt);
  return await end(attempt);
}

/** Init phase: records the sample and fires `onSampleInit` (first attempt only), before any limit applies. */
async function init(attempt: SampleAttempt, initSpan: string): Promise<void> {
  const { transcript, input: { sample } } = attempt;
  transcript.record({
    event: 'sample_init',
    sample: { input: sample.input, target: sample.target ?? '', id: sample.id, ...(sample.choices === undefined ? {} : { choices: sample.choices }), ...(sample.metadata === undefined ? {} : { metadata: sample.metadata }) },
    state: stateSnapshot(attempt.state),
    timestamp: attempt.startedAt,
    workingStart: 0,
  });
  if (attempt.first) {
    const p = emitSample('onSampleInit', () => Object.assign({}, attempt.ids, { summary: attempt.summary() }));
    if (p !== undefined) await p;
  }
  transcript.endSpan(initSpan);
}

/**
 * Start and solve phases, inside the sample's limits: `onSampleStart` (first attempt only),
 * `onSampleAttemptStart`, then the solvers. A limit, cancellation or failure here is recorded on
 * the attempt and scoring still runs.
 */
async function startAndSolve(attempt: SampleAttempt): Promise<void> {
  try {
    await attempt.limits.withTimeLimit(attempt.controller, async () => {
      await start(attempt);
      await solve(attempt);
    });
  } catch (caught) {
    attempt.solverFailed(caught);
  }
}

/** Start phase: `onSampleStart` on the first attempt, then `onSampleAttemptStart`. */
async function start(attempt: SampleAttempt): Promise<void> {
  const { ids } = attempt;
  if (attempt.first) {
    const p = emitSample('onSampleStart', () => Object.assign({}, ids, { summary: attempt.summary() }));
    if (p !== undefined) await p;
  }
  const p = emitSample('onSampleAttemptStart', () => Object.assign({}, ids, { summary: attempt.summary(), attempt: attempt.number }));
  if (p !== undefined) await p;
  attempt.attemptStarted = true;
}

/** Solve phase: runs the task's solvers in a span each, recording the state's changes after every step. */
async function solve(attempt: SampleAttempt): Promise<void> {
  const { input: { task }, state, transcript, limits } = attempt;
  const generate = createGenerate({ limits, config: task.config, cache: task.cache, cwd: task.cwd });
  let before = stateSnapshot(state);
  await transcript.withSpan('solvers', 'solvers', async () => {
    for (const step of task.solvers) {
      if (state.completed) break;
      await transcript.withSpan(step.name, 'solver', async () => {
        try {
          await step.solver(state, generate);
        } finally {
          // The state's changes are recorded also when the solver stops on an error or limit.
          const after = stateSnapshot(state);
          const changes = diffState(before, after);
          if (changes.length > 0) transcript.record({ event: 'state', changes, timestamp: isoTimestamp(), workingStart: transcript.workingTime() });
          before = after;
        }
      });
    }
  });
}

/** Score phase: marks the state completed, fires `onSampleScoring`, then runs the scorers when they should run. */
async function score(attempt: SampleAttempt): Promise<void> {
  attempt.state.completed = true;
  const p = emitSample('onSampleScoring', () => attempt.ids);
  if (p !== undefined) await p;
  if (attempt.shouldScore) attempt.scores = await runScorers(attempt);
}

async function runScorers(attempt: SampleAttempt): Promise<Record<string, Score> | undefined> {
  const { input: { task }, state, transcript } = attempt;
  if (task.scorers.length === 0) return undefined;
  const scores: Record<string, Score> = {};
  await transcript.withSpan('scorers', 'scorers', async () => {
    for (const { name, scorer } of task.scorers) {
      await transcript.withSpan(name, 'scorer', async () => {
        const result = normalizeScore(name, await scorer(state, state.target));
        scores[name] = result;
        transcript.record({ event: 'score', score: result, target: [...state.target.values], intermediate: false, scorer: name, timestamp: isoTimestamp(), workingStart: transcript.workingTime() });
      });
    }
  });
  return scores;
}

/** Checks a scorer's result and fills the fields the log requires. */
function normalizeScore(scorer: string, result: unknown): Score {
  if (result === null || typeof result !== 'object' || !('value' in result)) {
    throw new TypeError(`Scorer '${scorer}' returned ${JSON.stringify(result) ?? String(result)}; a scorer must return a Score: { value, answer?, explanation? }.`);
  }
  const score = result as Score;
  return Array.isArray(score.history) ? score : Object.assign({}, score, { history: [] });
}

/** Drain phase: waits until every `onSampleEvent` of the attempt is delivered, then stops queueing. */
async function drain(attempt: SampleAttempt): Promise<void> {
  await attempt.events.flush();
  attempt.transcript.subscribe(undefined);
}

/**
 * End phase. An attempt that will be retried fires `onSampleAttemptEnd` (`willRetry: true`);
 * the final one writes the sample to the log, then fires `onSampleAttemptEnd` and `onSampleEnd`.
 */
async function end(attempt: SampleAttempt): Promise<AttemptResult> {
  const { ids, error } = attempt;
  if (!attempt.final) {
    if (attempt.attemptStarted) {
      const p = emitSample('onSampleAttemptEnd', () => Object.assign({}, ids, { summary: attempt.summary(), attempt: attempt.number, error, willRetry: true }));
      if (p !== undefined) await p;
    }
    // A non-final attempt always has an error (`final` is true without one).
    return { final: false, error: error! };
  }
  const logged = attempt.toEvalSample();
  // A sample that ran to the end only waits for the log from here: its slot goes to the next
  // sample (an errored one keeps it, so that failOnError stops the task as early as before).
  if (error === undefined) attempt.run.releaseSlot();
  await attempt.input.logSample(logged);
  if (attempt.attemptStarted) {
    const p = emitSample('onSampleAttemptEnd', () => Object.assign({}, ids, { summary: attempt.summary(), attempt: attempt.number, error, willRetry: false }));
    if (p !== undefined) await p;
  }
  const p = emitSample('onSampleEnd', () => Object.assign({}, ids, { sample: logged }));
  if (p !== undefined) await p;
  return { final: true, outcome: { sample: logged, error, cancelled: attempt.cancelled } };
}
