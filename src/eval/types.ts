/**
 * Core eval types: samples, task state, solvers, scorers, metrics and reducers.
 * @module
 */
import type { Score, ScoreValue } from '../types/log.ts';
import type { Model } from '../model/index.ts';
import type { ChatMessage, ChatMessageAssistant, GenerateConfig, ModelOutput, ToolChoice } from '../types/model.ts';
import type { Tool } from '../tools/types.ts';

/** One dataset row: what the model is asked, and what a correct answer looks like. */
export interface Sample {
  /** A prompt, or a conversation. */
  readonly input: string | ChatMessage[];
  /** The expected answer(s); default `''`. */
  readonly target?: string | string[];
  /** Stable id (assigned 1, 2, 3… when absent); must not contain `/` or `_epoch_`. */
  readonly id?: string | number;
  readonly choices?: string[];
  readonly metadata?: Record<string, unknown>;
}

/** A named list of samples. */
export interface Dataset {
  readonly name?: string;
  /** Where the samples came from (a file path), if anywhere. */
  readonly location?: string;
  readonly samples: readonly Sample[];
  /** Whether the samples were shuffled when the dataset was loaded. */
  readonly shuffled?: boolean;
}

/** The expected answer of a sample, with helpers. */
export interface Target {
  /** Every acceptable answer. */
  readonly values: readonly string[];
  /** The answers joined with a space (the single answer when there is one). */
  readonly text: string;
}

/**
 * The state of one sample while solvers run: the conversation so far, the latest output, and
 * data shared between solvers and scorers.
 */
export interface TaskState {
  /** The model the task runs against. */
  readonly model: Model;
  /** The dataset id of the sample. */
  readonly sampleId: string | number;
  /** The sample uuid (stable across retries, new per epoch). */
  readonly uuid: string;
  readonly epoch: number;
  /** The original input. */
  readonly input: string | ChatMessage[];
  /** The input as text (the last user message when the input is a conversation). */
  readonly inputText: string;
  messages: ChatMessage[];
  /** The latest model output (empty until a generate). */
  output: ModelOutput;
  readonly target: Target;
  readonly choices: readonly string[] | undefined;
  metadata: Record<string, unknown>;
  /** Free-form per-sample key/value data (logged as the sample's store). */
  store: Record<string, unknown>;
  /** Tools the model may call during `generate` (see `defineTool`). */
  tools: Tool[];
  toolChoice: ToolChoice | undefined;
  /** Set to stop the remaining solvers. */
  completed: boolean;
  /** Aborted when the sample is cancelled or hits its time limit. */
  readonly signal: AbortSignal;
}

/** Options a solver may pass to `generate`. */
export interface GenerateStateOptions {
  readonly config?: GenerateConfig;
  readonly cache?: boolean;
  /** `'loop'` (default) runs tool calls until the model stops calling tools; `'single'` one round; `'none'` never. */
  readonly toolCalls?: 'loop' | 'single' | 'none';
}

/** Calls the model with the state's messages and appends its reply (and tool results). */
export type Generate = (state: TaskState, options?: GenerateStateOptions) => Promise<TaskState>;

/** A solver step: receives the state and `generate`, returns the (possibly same) state. */
export type SolverFn = (state: TaskState, generate: Generate) => Promise<TaskState> | TaskState;

/** A solver with the name and parameters recorded in the eval plan. */
export interface Solver extends SolverFn {
  readonly solverName?: string;
  readonly solverParams?: Record<string, unknown>;
}

/** Computes a {@link Score} for a finished sample. */
export type ScorerFn = (state: TaskState, target: Target) => Promise<Score> | Score;

/** A metric over reduced scores. */
export interface Metric {
  readonly metricName: string;
  (scores: readonly ReducedScore[]): number;
}

/** A scorer with its name and metrics. */
export interface Scorer extends ScorerFn {
  readonly scorerName?: string;
  readonly scorerParams?: Record<string, unknown>;
  readonly metrics?: readonly Metric[];
}

/** A score reduced across epochs for one sample. */
export interface ReducedScore {
  readonly sampleId: string | number;
  readonly score: Score;
}

/** Combines the per-epoch scores of one sample into one. */
export interface ScoreReducer {
  readonly reducerName: string;
  (scores: readonly Score[]): Score;
}

/** Epochs with an optional reducer (default `mean`). */
export interface Epochs {
  readonly epochs: number;
  readonly reducer?: ScoreReducer | string | readonly (ScoreReducer | string)[];
}

export type { ChatMessageAssistant, Score, ScoreValue };
