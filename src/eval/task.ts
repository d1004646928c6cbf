/**
 * Tasks: a dataset, the solvers that answer it, the scorers that grade the answers, and the
 * options of the run.
 * @module
 */
import { HooklineError } from '../errors.ts';
import type { Model } from '../model/index.ts';
import type { GenerateConfig } from '../types/model.ts';
import type { Dataset, Epochs, Sample, Scorer, Solver } from './types.ts';

/** What {@link task} takes. */
export interface TaskOptions {
  /** The task's name (default: the function or file it comes from, else `task`). */
  readonly name?: string;
  readonly displayName?: string;
  /** Samples, or a dataset built with `jsonDataset()`, `csvDataset()`, `memoryDataset()`. */
  readonly dataset: Dataset | readonly Sample[];
  /** Solvers run before `solver`, listed first in the plan. */
  readonly setup?: Solver | readonly Solver[];
  /** Default: a single `generate()`. */
  readonly solver?: Solver | readonly Solver[];
  readonly scorer?: Scorer | readonly Scorer[];
  /** The model of this task (default: the run's `model`). */
  readonly model?: string | Model;
  /** Generation settings of every call of this task. */
  readonly config?: GenerateConfig;
  /** Repeat every sample (default 1), combining the epochs' scores with a reducer (default `mean`). */
  readonly epochs?: number | Epochs;
  /** Stop a sample after this many messages (a limit, not an error). */
  readonly messageLimit?: number;
  /** Stop a sample after this many tokens in total (a limit, not an error). */
  readonly tokenLimit?: number;
  /** Stop a sample after this many seconds (a limit, not an error). */
  readonly timeLimit?: number;
  /**
   * When sample errors fail the task: `true` (default) on the first error, `false` never, a
   * number `< 1` once that share of samples errored, a number `≥ 1` once that many errored.
   */
  readonly failOnError?: boolean | number;
  /** Keep running after `failOnError` trips, and mark the log `error` at the end. */
  readonly continueOnFail?: boolean;
  /** Run an errored sample again up to this many times (a run option overrides it). */
  readonly retryOnError?: number;
  /** Score samples that errored too. */
  readonly scoreOnError?: boolean;
  readonly version?: number | string;
  readonly metadata?: Record<string, unknown>;
  readonly tags?: readonly string[];
}

/** A task, ready to run. */
export interface Task extends TaskOptions {
  readonly name: string;
  readonly dataset: Dataset;
  /** Marks task objects (works across copies of the library). */
  readonly kind: 'hookline.task';
  /** The file the task was loaded from, when known. */
  readonly file?: string;
  /** The task function's arguments (from `-T key=value`). */
  readonly args?: Record<string, unknown>;
}

/** A task definition error (bad options). */
export class TaskError extends HooklineError {
  constructor(message: string) {
    super('CONFIG_INVALID', message);
  }
}

/** Returns how many times an `epochs` option runs each sample (a count, or `{ epochs, reducer }`). */
export function epochCount(epochs: number | Epochs): number {
  return typeof epochs === 'number' ? epochs : epochs.epochs;
}

/** Returns a task from its options (an identity-style helper that checks and normalises them). */
export function task(options: TaskOptions): Task {
  const dataset: Dataset = Array.isArray(options.dataset)
    ? { samples: options.dataset as readonly Sample[] }
    : (options.dataset as Dataset);
  if (dataset === undefined || !Array.isArray(dataset.samples)) {
    throw new TaskError(`Task '${options.name ?? 'task'}': dataset must be an array of samples or a Dataset (from jsonDataset(), csvDataset() or memoryDataset()).`);
  }
  const epochs = options.epochs === undefined ? undefined : epochCount(options.epochs);
  if (epochs !== undefined && (!Number.isInteger(epochs) || epochs < 1)) {
    throw new TaskError(`Task '${options.name ?? 'task'}': epochs must be a positive integer, got ${String(epochs)}.`);
  }
  return { ...options, name: options.name ?? dataset.name ?? 'task', dataset, kind: 'hookline.task' };
}

/** Tells whether a value is a task object. */
export function isTask(value: unknown): value is Task {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'hookline.task';
}

/** Returns a copy of a task with some options replaced. */
export function withTaskOptions(base: Task, options: Partial<TaskOptions> & { file?: string; args?: Record<string, unknown> }): Task {
  return { ...base, ...options, name: options.name ?? base.name, dataset: base.dataset, kind: 'hookline.task' };
}
