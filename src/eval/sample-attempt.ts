/**
 * The state of one sample run and of each of its attempts. {@link SampleRun} lives for the
 * whole sample (its uuid, the errors of earlier attempts, the context model and tool calls see);
 * {@link SampleAttempt} is one try at it, created per attempt and read by the phases in
 * `sample-phases.ts`.
 * @module
 */
import { isCancellation, isLimitExceededError } from '../errors.ts';
import type { SampleContext } from '../hooks/payloads/eval.ts';
import { startedSampleSummary } from '../log/summary.ts';
import { type ActiveContext, currentContext, mergeContext } from '../runtime/context.ts';
import type { EvalError, EvalSample, EvalSampleLimit, EvalSampleSummary, Score } from '../types/log.ts';
import { shortUuid } from '../util/ids.ts';
import { isoTimestamp } from '../util/time.ts';
import { toEvalError } from './eval-error.ts';
import { SampleLimits } from './limits.ts';
import type { ResolvedTask } from './resolved-task.ts';
import { SampleEventQueue } from './sample-events.ts';
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

/**
 * One sample (per epoch) across its attempts. Model and tool calls reach the current attempt's
 * transcript, limits and signal through {@link SampleRun.context}, one context per sample.
 */
export class SampleRun {
  /** The sample uuid, stable across retries. */
  readonly uuid = shortUuid();
  /** Errors of the attempts that were retried, oldest first. */
  readonly errorRetries: EvalError[] = [];
  /** Retries left after the current attempt. */
  retriesLeft: number;
  /** The attempt running now (the latest one between attempts). */
  attempt: SampleAttempt | undefined;
  /** Whether the run holds one of the task's sample slots (`semaphore`) now. */
  private holdsSlot = false;

  /** The context the run is started in (the task's), under the sample's own. */
  private readonly parent = currentContext();
  private sampleContext: ActiveContext | undefined;
  private deliveries: ActiveContext | undefined;

  constructor(readonly input: SampleRunInput) {
    this.retriesLeft = input.task.retryOnError;
  }

  /** Called once an attempt has acquired its sample slot. */
  slotAcquired(): void {
    this.holdsSlot = true;
  }

  /**
   * Gives the sample slot back (again: no-op). Called when an attempt ends, and earlier by a
   * final attempt without error as soon as it has nothing left to do but wait for the log
   * write, so that the next sample starts meanwhile.
   */
  releaseSlot(): void {
    if (!this.holdsSlot) return;
    this.holdsSlot = false;
    this.input.semaphore.release();
  }

  /** Called before each attempt: returns the new attempt, which becomes the current one. */
  nextAttempt(): SampleAttempt {
    const attempt = new SampleAttempt(this);
    this.attempt = attempt;
    // The contexts' signal is the current attempt's: a field set here rather than a getter, which
    // would make every sample's context (an object literal with an accessor) several times dearer.
    for (const context of [this.sampleContext, this.deliveries]) {
      if (context !== undefined) (context as { signal?: AbortSignal }).signal = attempt.signal;
    }
    return attempt;
  }

  /** Called when an attempt failed and will be retried: records its error and uses up a retry. */
  retry(error: EvalError): void {
    this.errorRetries.push(error);
    this.retriesLeft--;
  }

  /**
   * Returns the context the sample runs in (made once, over the context the run was made in);
   * its transcript, usage and signal follow the current attempt.
   */
  context(): ActiveContext {
    return (this.sampleContext ??= mergeContext(this.parent, this.fields(false)));
  }

  /**
   * Returns the context `onSampleEvent` hooks run in: the sample's, except that its transcript
   * records what the hooks cause (a model call, a warning) without delivering it to them again,
   * and never asks them to wait for themselves. Made once per sample, over the same parent as the
   * sample's context (over that context, it would make each sample's context a prototype).
   */
  deliveryContext(): ActiveContext {
    return (this.deliveries ??= mergeContext(this.parent, this.fields(true)));
  }

  private fields(delivering: boolean): ActiveContext {
    const { input } = this;
    const current = (): SampleAttempt | undefined => this.attempt;
    return {
      evalSetId: input.ids.evalSetId,
      runId: input.ids.runId,
      evalId: input.ids.evalId,
      sampleId: this.uuid,
      taskName: input.task.name,
      epoch: input.epoch,
      transcript: delivering
        ? { record: (event) => current()?.transcript.recordUndelivered(event), ready: () => undefined }
        : { record: (event) => current()?.transcript.record(event), ready: () => current()?.transcript.ready() },
      recordUsage: (model, usage) => current()?.limits.recordUsage(model, usage),
      // The current attempt's signal (cancellation and time limit), so model and tool calls need
      // no combined signal of their own; `nextAttempt` sets it on every attempt.
      signal: this.attempt?.signal ?? input.signal,
    };
  }
}

/** One attempt at a sample: what it runs with and what it has found so far. */
export class SampleAttempt {
  readonly input: SampleRunInput;
  /** 1 for the first attempt. */
  readonly number: number;
  readonly first: boolean;
  readonly ids: SampleContext;
  readonly transcript = new SampleTranscript();
  readonly events: SampleEventQueue;
  readonly limits: SampleLimits;
  /**
   * Aborted by the task's signal and by the time limit; made only under a time limit (otherwise
   * the task's signal serves, with no listener per attempt on it).
   */
  readonly controller: AbortController | undefined;
  /** The attempt's signal: the controller's, else the task's. */
  readonly signal: AbortSignal;
  private readonly unlink: (() => void) | undefined;
  readonly state: TaskState;
  readonly startedAt = isoTimestamp();
  private readonly started = performance.now();
  error: EvalError | undefined;
  limit: EvalSampleLimit | undefined;
  cancelled = false;
  /** Whether `onSampleAttemptStart` fired (there is never an attempt end without it). */
  attemptStarted = false;
  scores: Record<string, Score> | undefined;
  private cachedSummary: EvalSampleSummary | undefined;

  constructor(readonly run: SampleRun) {
    const { input } = run;
    this.input = input;
    this.number = run.errorRetries.length + 1;
    this.first = this.number === 1;
    this.ids = Object.assign({}, input.ids, { sampleId: run.uuid });
    this.events = new SampleEventQueue(this.ids, () => run.deliveryContext());
    this.transcript.subscribe(this.events);
    this.limits = new SampleLimits(input.task.limits);
    const linked = input.task.limits.timeLimit === undefined ? undefined : linkedController(input.signal);
    this.controller = linked?.controller;
    this.unlink = linked?.unlink;
    this.signal = linked?.controller.signal ?? input.signal;
    this.state = createTaskState({ model: input.task.model, sample: input.sample, epoch: input.epoch, uuid: run.uuid, signal: this.signal });
  }

  /** Whether this attempt is the sample's last: it succeeded, was cancelled, or no retry is left. */
  get final(): boolean {
    return this.error === undefined || this.run.retriesLeft <= 0 || this.cancelled;
  }

  /** Whether the scorers run: always after success, after an error only on the last try with `scoreOnError`. */
  get shouldScore(): boolean {
    return this.error === undefined || (this.input.task.scoreOnError && this.run.retriesLeft === 0 && !this.cancelled);
  }

  /** Returns the summary the sample hooks receive (built once, on first use). */
  summary(): EvalSampleSummary {
    return (this.cachedSummary ??= hookSummary(this.input, this.run.uuid));
  }

  /** Called when the solvers (or the start hooks) stop with an error: a limit, a cancellation or a failure. */
  solverFailed(caught: unknown): void {
    const { signal } = this.input;
    if (isLimitExceededError(caught)) {
      this.limit = { type: caught.type, limit: caught.limit };
      this.transcript.record({ event: 'sample_limit', type: caught.type, message: caught.message, limit: caught.limit, timestamp: isoTimestamp(), workingStart: this.transcript.workingTime() });
    } else if (signal.aborted || isCancellation(caught)) {
      this.cancelled = true;
      this.error = toEvalError(signal.aborted ? new Error(`Sample cancelled: ${describeReason(signal.reason)}`) : caught);
    } else {
      this.failed(caught);
    }
  }

  /** Called when the attempt fails with an error; records it as the attempt's error. */
  failed(caught: unknown): void {
    this.error = toEvalError(caught);
    this.transcript.record({ event: 'error', error: this.error, timestamp: isoTimestamp(), workingStart: this.transcript.workingTime() });
  }

  /** Called once the attempt's work is over: stops following the task's signal. */
  detach(): void {
    this.unlink?.();
  }

  /** Returns the sample as the log records it (called for the final attempt). */
  toEvalSample(): EvalSample {
    const { sample, epoch, previousErrors } = this.input;
    const { state, transcript, scores, error, limit } = this;
    const allRetries = [...(previousErrors ?? []), ...this.run.errorRetries];
    return {
      id: sample.id,
      epoch,
      input: sample.input,
      target: sample.target ?? '',
      messages: state.messages,
      output: state.output,
      metadata: state.metadata,
      store: state.store,
      events: transcript.events,
      modelUsage: this.limits.modelUsage,
      roleUsage: {},
      startedAt: this.startedAt,
      completedAt: isoTimestamp(),
      totalTime: (performance.now() - this.started) / 1000,
      workingTime: transcript.workingTime(),
      uuid: this.run.uuid,
      attachments: {},
      ...(sample.choices === undefined ? {} : { choices: sample.choices }),
      ...(scores === undefined ? {} : { scores }),
      ...(error === undefined ? {} : { error }),
      ...(allRetries.length === 0 ? {} : { errorRetries: allRetries }),
      ...(limit === undefined ? {} : { limit }),
    };
  }
}

function hookSummary(input: SampleRunInput, uuid: string): EvalSampleSummary {
  const { sample, epoch } = input;
  return startedSampleSummary({ id: sample.id, epoch, input: sample.input, target: sample.target ?? '', metadata: sample.metadata ?? {}, choices: sample.choices, uuid });
}

function describeReason(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' ? reason : 'the task was cancelled';
}
