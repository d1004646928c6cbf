/**
 * Runs one sample (per epoch) through its attempts with the exact hook order of Inspect AI
 * (see docs/internals.md): init → start → (attempt start → solvers → scoring → drain → attempt
 * end)+ → sample end. Start and end run in the same async context; the sample uuid is stable
 * across retries; there is never an attempt end without an attempt start.
 * @module
 */
import { isCancellation, isLimitExceededError } from '../errors.ts';
import { emitIf } from '../hooks/emit.ts';
import type { PayloadOf } from '../hooks/catalog.ts';
import type { SampleContext } from '../hooks/payloads/eval.ts';
import type { EvalError, EvalSample, EvalSampleLimit, EvalSampleSummary, Score } from '../types/log.ts';
import { toSampleSummary } from '../log/index.ts';
import { isoTimestamp } from '../util/time.ts';
import { type ActiveContext, NO_CONTEXT, runInContext, type TranscriptRecorder } from '../runtime/context.ts';
import { shortUuid } from '../util/ids.ts';
import { toEvalError } from './eval-error.ts';
import { createGenerate } from './generate.ts';
import { SampleLimits } from './limits.ts';
import type { ResolvedTask } from './resolved-task.ts';
import { SampleEventQueue } from './sample-events.ts';
import { diffState, stateSnapshot } from './state-diff.ts';
import type { Semaphore } from './semaphore.ts';
import { createTaskState } from './state.ts';
import { SampleTranscript } from './transcript.ts';
import type { Sample, TaskState } from './types.ts';
import { linkedController } from '../util/abort-fanout.ts';

/** Ids of the task attempt a sample belongs to. */
export interface SampleRunIds {
  readonly evalSetId: string | undefined;
  readonly runId: string;
  readonly evalId: string;
}

/** What one sample run needs. */
export interface SampleRunInput {
  readonly task: ResolvedTask;
  readonly sample: Sample & { readonly id: string | number };
  readonly epoch: number;
  readonly ids: SampleRunIds;
  readonly semaphore: Semaphore;
  /** Aborted when the task is cancelled (user interrupt, or `failOnError` tripped). */
  readonly signal: AbortSignal;
  /** Called with each completed sample before `onSampleEnd` (the log writer). */
  readonly logSample: (sample: EvalSample) => Promise<void>;
  /** Errors of earlier task attempts or logs (recorded, not counted as attempts). */
  readonly previousErrors?: readonly EvalError[];
}

/** How a sample run ended. */
export interface SampleOutcome {
  readonly sample: EvalSample;
  readonly error: EvalError | undefined;
  readonly cancelled: boolean;
}

/** Forwards transcript writes to the current attempt's transcript (one context per sample). */
class AttemptTranscript implements TranscriptRecorder {
  current: SampleTranscript | undefined;
  record(event: Parameters<TranscriptRecorder['record']>[0]): void {
    this.current?.record(event);
  }
  ready(): Promise<void> | undefined {
    return this.current?.ready();
  }
}

type SampleLifecycleEvent = 'onSampleInit' | 'onSampleStart' | 'onSampleAttemptStart' | 'onSampleScoring' | 'onSampleAttemptEnd' | 'onSampleEnd';

/** Emits a sample event (global and component hooks), building the payload only when someone listens. */
function emitSample<E extends SampleLifecycleEvent>(event: E, build: () => PayloadOf<E>): Promise<void> | undefined {
  return emitIf(event, build, undefined, NO_CONTEXT);
}

function hookSummary(input: SampleRunInput, uuid: string): EvalSampleSummary {
  const { sample, epoch } = input;
  const summary = toSampleSummary({
    id: sample.id, epoch, input: sample.input, target: sample.target ?? '', messages: [], output: { model: input.task.model.name, choices: [], completion: '' },
    metadata: sample.metadata ?? {}, store: {}, events: [], modelUsage: {}, roleUsage: {}, attachments: {}, uuid,
    ...(sample.choices === undefined ? {} : { choices: sample.choices }),
  });
  delete summary.messageCount;
  return { ...summary, completed: false };
}

interface AttemptResult {
  readonly final: boolean;
  readonly error: EvalError | undefined;
  readonly outcome: SampleOutcome | undefined;
}

/**
 * Runs a sample until its final attempt. Returns undefined when the task was cancelled before
 * the sample started (no hooks fire then).
 */
export async function runSample(input: SampleRunInput): Promise<SampleOutcome | undefined> {
  const uuid = shortUuid();
  const transcript = new AttemptTranscript();
  const limits: { current: SampleLimits | undefined } = { current: undefined };
  const attemptSignal: { current: AbortSignal } = { current: input.signal };
  const context: ActiveContext = {
    evalSetId: input.ids.evalSetId,
    runId: input.ids.runId,
    evalId: input.ids.evalId,
    sampleId: uuid,
    taskName: input.task.name,
    epoch: input.epoch,
    transcript,
    recordUsage: (model, usage) => limits.current?.recordUsage(model, usage),
    // The current attempt's signal (cancellation and time limit), so model and tool calls
    // need no combined signal of their own.
    get signal(): AbortSignal {
      return attemptSignal.current;
    },
  };
  return runInContext(context, async () => {
    const errorRetries: EvalError[] = [];
    let retriesLeft = input.task.retryOnError;
    for (;;) {
      try {
        const acquiring = input.semaphore.acquire(input.signal);
        if (acquiring !== undefined) await acquiring;
      } catch {
        return undefined; // cancelled before it started: no hooks at all
      }
      let result: AttemptResult;
      try {
        result = await runAttempt(input, uuid, errorRetries, retriesLeft, transcript, limits, attemptSignal);
      } finally {
        input.semaphore.release();
      }
      if (result.final) return result.outcome;
      errorRetries.push(result.error!);
      retriesLeft--;
    }
  });
}

async function runAttempt(
  input: SampleRunInput,
  uuid: string,
  errorRetries: readonly EvalError[],
  retriesLeft: number,
  forward: AttemptTranscript,
  limitsRef: { current: SampleLimits | undefined },
  signalRef: { current: AbortSignal },
): Promise<AttemptResult> {
  const { task, sample, epoch } = input;
  const attempt = errorRetries.length + 1;
  const first = attempt === 1;
  const ids: SampleContext = { ...input.ids, sampleId: uuid };
  const transcript = new SampleTranscript();
  forward.current = transcript;
  const queue = new SampleEventQueue(ids);
  transcript.subscribe(queue);
  const limits = new SampleLimits(task.limits);
  limitsRef.current = limits;
  // Only a time limit needs a signal of the attempt's own; otherwise the task's signal serves.
  const linked = task.limits.timeLimit === undefined ? undefined : linkedController(input.signal);
  const signal = linked?.controller.signal ?? input.signal;
  signalRef.current = signal;
  const state = createTaskState({ model: task.model, sample, epoch, uuid, signal });
  let cachedSummary: EvalSampleSummary | undefined;
  const summary = (): EvalSampleSummary => (cachedSummary ??= hookSummary(input, uuid));
  const startedAt = isoTimestamp();
  const started = performance.now();
  let error: EvalError | undefined;
  let limit: EvalSampleLimit | undefined;
  let cancelled = false;
  let attemptStarted = false;
  let scores: Record<string, Score> | undefined;

  const initSpan = transcript.beginSpan('init', 'init');
  transcript.record({
    event: 'sample_init',
    sample: { input: sample.input, target: sample.target ?? '', id: sample.id, ...(sample.choices === undefined ? {} : { choices: sample.choices }), ...(sample.metadata === undefined ? {} : { metadata: sample.metadata }) },
    state: stateSnapshot(state),
    timestamp: startedAt,
    workingStart: 0,
  });
  try {
    if (first) {
      const p = emitSample('onSampleInit', () => ({ ...ids, summary: summary() }));
      if (p !== undefined) await p;
    }
    transcript.endSpan(initSpan);
    try {
      await limits.withTimeLimit(linked?.controller, async () => {
        if (first) {
          const p = emitSample('onSampleStart', () => ({ ...ids, summary: summary() }));
          if (p !== undefined) await p;
        }
        const p = emitSample('onSampleAttemptStart', () => ({ ...ids, summary: summary(), attempt }));
        if (p !== undefined) await p;
        attemptStarted = true;
        await solve(task, state, transcript, limits);
      });
    } catch (caught) {
      if (isLimitExceededError(caught)) {
        limit = { type: caught.type, limit: caught.limit };
        transcript.record({ event: 'sample_limit', type: caught.type, message: caught.message, limit: caught.limit, timestamp: isoTimestamp(), workingStart: transcript.workingTime() });
      } else if (input.signal.aborted || isCancellation(caught)) {
        cancelled = true;
        error = toEvalError(input.signal.aborted ? new Error(`Sample cancelled: ${describeReason(input.signal.reason)}`) : caught);
      } else {
        error = toEvalError(caught);
        transcript.record({ event: 'error', error, timestamp: isoTimestamp(), workingStart: transcript.workingTime() });
      }
    }
    state.completed = true;
    const p = emitSample('onSampleScoring', () => ids);
    if (p !== undefined) await p;
    if (error === undefined || (task.scoreOnError && retriesLeft === 0 && !cancelled)) {
      scores = await score(task, state, transcript);
    }
  } catch (caught) {
    // Failures outside the solver (onSampleInit, onSampleScoring, scorers) are sample errors.
    error = toEvalError(caught);
    transcript.record({ event: 'error', error, timestamp: isoTimestamp(), workingStart: transcript.workingTime() });
  } finally {
    transcript.endSpan(initSpan);
    linked?.unlink();
  }
  await queue.flush();
  transcript.subscribe(undefined);

  const final = error === undefined || retriesLeft <= 0 || cancelled;
  if (!final) {
    if (attemptStarted) {
      const p = emitSample('onSampleAttemptEnd', () => ({ ...ids, summary: summary(), attempt, error, willRetry: true }));
      if (p !== undefined) await p;
    }
    return { final: false, error, outcome: undefined };
  }
  const allRetries = [...(input.previousErrors ?? []), ...errorRetries];
  const logged: EvalSample = {
    id: sample.id,
    epoch,
    input: sample.input,
    target: sample.target ?? '',
    messages: state.messages,
    output: state.output,
    metadata: state.metadata,
    store: state.store,
    events: transcript.events,
    modelUsage: limits.modelUsage,
    roleUsage: {},
    startedAt,
    completedAt: isoTimestamp(),
    totalTime: (performance.now() - started) / 1000,
    workingTime: transcript.workingTime(),
    uuid,
    attachments: {},
    ...(sample.choices === undefined ? {} : { choices: sample.choices }),
    ...(scores === undefined ? {} : { scores }),
    ...(error === undefined ? {} : { error }),
    ...(allRetries.length === 0 ? {} : { errorRetries: allRetries }),
    ...(limit === undefined ? {} : { limit }),
  };
  await input.logSample(logged);
  if (attemptStarted) {
    const p = emitSample('onSampleAttemptEnd', () => ({ ...ids, summary: summary(), attempt, error, willRetry: false }));
    if (p !== undefined) await p;
  }
  const p = emitSample('onSampleEnd', () => ({ ...ids, sample: logged }));
  if (p !== undefined) await p;
  return { final: true, error, outcome: { sample: logged, error, cancelled } };
}

function describeReason(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' ? reason : 'the task was cancelled';
}

async function solve(task: ResolvedTask, state: TaskState, transcript: SampleTranscript, limits: SampleLimits): Promise<void> {
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

/** Checks a scorer's result and fills the fields the log requires. */
function normalizeScore(scorer: string, result: unknown): Score {
  if (result === null || typeof result !== 'object' || !('value' in result)) {
    throw new TypeError(`Scorer '${scorer}' returned ${JSON.stringify(result) ?? String(result)}; a scorer must return a Score: { value, answer?, explanation? }.`);
  }
  const score = result as Score;
  return Array.isArray(score.history) ? score : { ...score, history: [] };
}

async function score(task: ResolvedTask, state: TaskState, transcript: SampleTranscript): Promise<Record<string, Score> | undefined> {
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
