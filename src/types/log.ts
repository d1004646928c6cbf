/**
 * Eval log types with Inspect AI's shapes: camelCase here, snake_case on disk
 * (see `src/log/wire.ts`). Optional fields are absent rather than null, as Inspect writes them.
 * @module
 */
import type { ChatMessage, GenerateConfig, ModelOutput, ModelUsage } from './model.ts';
import type { TranscriptEvent } from './events.ts';

/** A score value: a scalar, a list of scalars or a map of scalars. NaN means "unscored". */
export type ScoreValue =
  | string
  | number
  | boolean
  | (string | number | boolean)[]
  | Record<string, string | number | boolean | null>;

/** One scorer's verdict on one sample. */
export interface Score {
  value: ScoreValue;
  answer?: string;
  explanation?: string;
  metadata?: Record<string, unknown>;
  history: unknown[];
}

/** A score reduced across epochs, tagged with its sample id. */
export interface EvalSampleScore extends Score {
  sampleId?: string | number;
}

/** An error recorded in a log. */
export interface EvalError {
  message: string;
  traceback: string;
  tracebackAnsi: string;
}

/** A failed sample attempt kept in `EvalSample.errorRetries`. */
export type EvalErrorRetry = EvalError;

/** Which limit stopped a sample. */
export type LimitType = 'context' | 'time' | 'working' | 'message' | 'token' | 'turn' | 'cost' | 'operator' | 'custom';

/** The limit that stopped a sample. */
export interface EvalSampleLimit {
  type: LimitType;
  limit: number;
}

/** Dataset description in the log header. */
export interface EvalDataset {
  name?: string;
  location?: string;
  samples?: number;
  sampleIds?: (string | number)[];
  shuffled?: boolean;
}

/** Run options recorded in `EvalSpec.config`. */
export interface EvalConfig {
  limit?: number | [number, number];
  sampleId?: string | number | (string | number)[];
  epochs?: number;
  epochsReducer?: string[];
  failOnError?: boolean | number;
  continueOnFail?: boolean;
  retryOnError?: number;
  messageLimit?: number;
  tokenLimit?: number;
  timeLimit?: number;
  workingLimit?: number;
  maxSamples?: number;
  maxTasks?: number;
  logSamples?: boolean;
  logRealtime?: boolean;
  logImages?: boolean;
  scoreDisplay?: boolean;
  scoreOnError?: boolean;
}

/** A scorer and its metrics as recorded in the header. */
export interface EvalScorer {
  name: string;
  options?: Record<string, unknown>;
  metrics?: { name: string; options?: Record<string, unknown> }[];
  metadata?: Record<string, unknown>;
}

/** The task's specification: who ran what, with which model and options. */
export interface EvalSpec {
  evalSetId?: string;
  evalId: string;
  runId: string;
  /** UTC, seconds precision, `+00:00` suffix. */
  created: string;
  task: string;
  taskId: string;
  taskVersion: number | string;
  taskFile?: string;
  taskDisplayName?: string;
  taskRegistryName?: string;
  taskAttribs: Record<string, unknown>;
  taskArgs: Record<string, unknown>;
  taskArgsPassed: Record<string, unknown>;
  solver?: string;
  tags?: string[];
  dataset: EvalDataset;
  model: string;
  modelGenerateConfig: GenerateConfig;
  modelBaseUrl?: string;
  modelArgs: Record<string, unknown>;
  config: EvalConfig;
  packages: Record<string, string>;
  metadata?: Record<string, unknown>;
  scorers?: EvalScorer[];
}

/** One solver step of the plan. */
export interface EvalPlanStep {
  solver: string;
  params: Record<string, unknown>;
  paramsPassed: Record<string, unknown>;
}

/** Every solver that will run, in order. */
export interface EvalPlan {
  name: 'plan';
  steps: EvalPlanStep[];
  finish?: EvalPlanStep;
  config: GenerateConfig;
}

/** One metric's value. */
export interface EvalMetric {
  name: string;
  value: number;
  params: Record<string, unknown>;
}

/** One scorer's results. */
export interface EvalScore {
  name: string;
  scorer: string;
  reducer?: string;
  params: Record<string, unknown>;
  metrics: Record<string, EvalMetric>;
  scoredSamples?: number;
  unscoredSamples?: number;
}

/** Aggregate results of a task. */
export interface EvalResults {
  totalSamples: number;
  completedSamples: number;
  scores: EvalScore[];
}

/** Timing and usage of a task. */
export interface EvalStats {
  startedAt: string;
  completedAt: string;
  modelUsage: Record<string, ModelUsage>;
  roleUsage: Record<string, ModelUsage>;
  connectionLimitHistory: unknown[];
}

/** One sample's complete record as logged. */
export interface EvalSample {
  id: string | number;
  epoch: number;
  input: string | ChatMessage[];
  choices?: string[];
  target: string | string[];
  messages: ChatMessage[];
  output: ModelOutput;
  scores?: Record<string, Score>;
  metadata: Record<string, unknown>;
  store: Record<string, unknown>;
  events: TranscriptEvent[];
  modelUsage: Record<string, ModelUsage>;
  roleUsage: Record<string, ModelUsage>;
  startedAt?: string;
  completedAt?: string;
  totalTime?: number;
  workingTime?: number;
  uuid?: string;
  error?: EvalError;
  errorRetries?: EvalErrorRetry[];
  attachments: Record<string, string>;
  limit?: EvalSampleLimit;
}

/** A thin view of a sample (the header's list, and what sample hooks receive). */
export interface EvalSampleSummary {
  id: string | number;
  epoch: number;
  input: string | ChatMessage[];
  choices?: string[];
  target: string | string[];
  metadata: Record<string, unknown>;
  scores?: Record<string, Score>;
  modelUsage: Record<string, ModelUsage>;
  roleUsage: Record<string, ModelUsage>;
  startedAt?: string;
  completedAt?: string;
  totalTime?: number;
  workingTime?: number;
  uuid?: string;
  error?: string;
  limit?: string;
  retries?: number;
  completed: boolean;
  messageCount?: number;
}

/** Per-scorer reduced scores. */
export interface EvalSampleReductions {
  scorer: string;
  reducer?: string;
  samples: EvalSampleScore[];
}

/** Status of a task log. */
export type EvalStatus = 'started' | 'success' | 'cancelled' | 'error';

/** A complete eval log (samples absent in header-only form). */
export interface EvalLog {
  version: 2;
  status: EvalStatus;
  eval: EvalSpec;
  plan: EvalPlan;
  results?: EvalResults;
  stats: EvalStats;
  error?: EvalError;
  invalidated: boolean;
  tags: string[];
  metadata: Record<string, unknown>;
  samples?: EvalSample[];
  reductions?: EvalSampleReductions[];
  /** Where the log was read from or written to (never serialised). */
  location?: string;
}

/** One task of an eval set, as listed in `eval-set.json`. */
export interface EvalSetTask {
  name?: string;
  taskId: string;
  taskFile?: string;
  taskArgs: Record<string, unknown>;
  model: string;
  modelArgs: Record<string, unknown>;
  modelRoles?: Record<string, string>;
  /** Position of the task in the eval set (0-based). */
  sequence: number;
}

/** The `eval-set.json` of a log folder: every task of the set, run or not yet. */
export interface EvalSetManifest {
  evalSetId: string;
  tasks: EvalSetTask[];
}
