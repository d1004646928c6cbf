/**
 * Payloads of the eval-set, run, task and sample events (Inspect AI's data classes, camelCase).
 * Every payload is read-only: the objects nested in it are the runtime's own (the log header,
 * the transcript), and changing them corrupts the log.
 * @module
 */
import type { TranscriptEvent } from '../../types/events.ts';
import type { EvalError, EvalLog, EvalPlan, EvalSample, EvalSampleSummary, EvalSpec } from '../../types/log.ts';

/** An eval set is starting. */
export interface EvalSetStart {
  /** Stable across re-invocations on the same log directory. */
  readonly evalSetId: string;
  readonly logDir: string;
}

/** An eval set finished without raising. */
export interface EvalSetEnd {
  readonly evalSetId: string;
  readonly logDir: string;
}

/** A run (one `evaluate()` call) is starting. */
export interface RunStart {
  readonly evalSetId: string | undefined;
  readonly runId: string;
  /** One entry per resolved task: a task run against two models appears twice. */
  readonly taskNames: readonly string[];
}

/** A run ended, normally or not. */
export interface RunEnd {
  readonly evalSetId: string | undefined;
  readonly runId: string;
  /** The error that ended the run; absent when it completed. */
  readonly exception: unknown;
  /** Every task log of the run (headers only inside an eval set); empty on the exception path. */
  readonly logs: readonly EvalLog[];
}

/** A task attempt is starting. */
export interface TaskStart {
  readonly evalSetId: string | undefined;
  readonly runId: string;
  readonly evalId: string;
  readonly spec: Readonly<EvalSpec>;
  readonly plan: Readonly<EvalPlan>;
}

/** A task finished normally (not on error or cancellation). */
export interface TaskEnd {
  readonly evalSetId: string | undefined;
  readonly runId: string;
  readonly evalId: string;
  readonly log: Readonly<EvalLog>;
}

/** Fields every sample event carries. */
export interface SampleContext {
  readonly evalSetId: string | undefined;
  readonly runId: string;
  readonly evalId: string;
  /** The sample's uuid for this epoch: stable across retries, not the dataset id. */
  readonly sampleId: string;
}

/** A sample (per epoch) is being set up; fires once, before its first attempt. */
export interface SampleInit extends SampleContext {
  readonly summary: Readonly<EvalSampleSummary>;
}

/** A sample (per epoch) is starting; fires once, on its first attempt. */
export interface SampleStart extends SampleContext {
  readonly summary: Readonly<EvalSampleSummary>;
}

/** One attempt of a sample is starting. */
export interface SampleAttemptStart extends SampleContext {
  readonly summary: Readonly<EvalSampleSummary>;
  /** 1-based. */
  readonly attempt: number;
}

/** One attempt of a sample ended. */
export interface SampleAttemptEnd extends SampleContext {
  readonly summary: Readonly<EvalSampleSummary>;
  readonly attempt: number;
  readonly error: EvalError | undefined;
  /** Whether another attempt of this sample follows. */
  readonly willRetry: boolean;
}

/** A transcript event of a sample completed. */
export interface SampleEvent extends SampleContext {
  readonly event: Readonly<TranscriptEvent>;
}

/** The solver finished and scoring is about to begin (fires per attempt, scored or not). */
export type SampleScoring = SampleContext;

/** A sample (per epoch) ended after its final attempt and was logged. */
export interface SampleEnd extends SampleContext {
  readonly sample: Readonly<EvalSample>;
}
