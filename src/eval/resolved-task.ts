/**
 * A task resolved against a model and the run's options: everything the runners need, with
 * defaults applied once.
 * @module
 */
import { paramsToWire } from '../log/wire.ts';
import { getModel, type CachePolicy, type Model } from '../model/index.ts';
import type { GenerateConfig } from '../types/model.ts';
import type { EvalOptions } from './options.ts';
import type { SampleLimitOptions } from './limits.ts';
import { epochCount, type Task, TaskError } from './task.ts';
import type { Sample, Scorer, ScoreReducer, Solver } from './types.ts';
import { chainSteps, generate } from './solvers/index.ts';
import { resolveReducer } from './metrics/index.ts';

/** A solver step of the plan. */
export interface PlanStep {
  readonly name: string;
  readonly params: Record<string, unknown>;
  readonly solver: Solver;
}

/** A scorer with its unique name in the task. */
export interface NamedScorer {
  readonly name: string;
  readonly scorer: Scorer;
}

/** A task ready to run against one model. */
export interface ResolvedTask {
  readonly task: Task;
  readonly name: string;
  readonly model: Model;
  readonly config: GenerateConfig;
  readonly solvers: readonly PlanStep[];
  readonly scorers: readonly NamedScorer[];
  readonly epochs: number;
  readonly reducers: readonly ScoreReducer[];
  readonly limits: SampleLimitOptions;
  readonly retryOnError: number;
  readonly scoreOnError: boolean;
  readonly failOnError: boolean | number;
  readonly continueOnFail: boolean;
  readonly cache: boolean | CachePolicy | undefined;
  readonly cwd: string;
  /** The samples to run (after `limit` / `sampleId`), ids assigned. */
  readonly samples: readonly (Sample & { readonly id: string | number })[];
}

function asList<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

/** The name a solver is recorded under in the plan. */
export function solverName(solver: Solver): string {
  return solver.solverName ?? (solver.name !== '' ? solver.name : 'solver');
}

/** Expands chains into their steps (a chain records its inner solvers in the plan). */
function planSteps(solvers: readonly Solver[]): PlanStep[] {
  return chainSteps([...solvers]).map((solver) => ({ name: solverName(solver), params: paramsToWire(solver.solverParams ?? {}), solver }));
}

function uniqueScorers(scorers: readonly Scorer[]): NamedScorer[] {
  const seen = new Map<string, number>();
  return scorers.map((scorer) => {
    const base = scorer.scorerName ?? (scorer.name !== '' ? scorer.name : 'scorer');
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return { name: count === 1 ? base : `${base}${count}`, scorer };
  });
}

function selectSamples(task: Task, options: EvalOptions): (Sample & { id: string | number })[] {
  let samples = task.dataset.samples.map((s, i) => ({ ...s, id: s.id ?? i + 1 }));
  if (options.sampleId !== undefined) {
    const wanted = new Set(asList(options.sampleId).map(String));
    samples = samples.filter((s) => wanted.has(String(s.id)));
  }
  const limit = options.limit;
  if (typeof limit === 'number') samples = samples.slice(0, limit);
  else if (Array.isArray(limit)) samples = samples.slice(Math.max(0, limit[0] - 1), limit[1]);
  return samples;
}

function resolveModel(task: Task, options: EvalOptions, fallback: string | Model | undefined): Model {
  const chosen = fallback ?? task.model ?? process.env.HOOKLINE_MODEL ?? 'mockllm/model';
  return typeof chosen === 'string' ? getModel(chosen, options.modelOptions ?? {}) : chosen;
}

/** Resolves a task against a model (the task's own, the given one, or `mockllm/model`). */
export function resolveTask(task: Task, options: EvalOptions, model?: string | Model): ResolvedTask {
  const epochsOption = options.epochs ?? task.epochs ?? 1;
  const epochs = epochCount(epochsOption);
  if (!Number.isInteger(epochs) || epochs < 1) throw new TaskError(`Task '${task.name}': epochs must be a positive integer, got ${String(epochs)}.`);
  const reducerSpec = (typeof epochsOption === 'number' ? undefined : epochsOption.reducer) ?? options.epochsReducer ?? 'mean';
  const solvers = asList(task.setup).concat(task.solver === undefined ? [generate()] : asList(task.solver));
  return {
    task,
    name: task.name,
    model: resolveModel(task, options, model),
    config: { ...task.config, ...options.config },
    solvers: planSteps(solvers),
    scorers: uniqueScorers(asList(task.scorer)),
    epochs,
    reducers: asList(reducerSpec).map((r) => resolveReducer(r)),
    limits: {
      messageLimit: options.messageLimit ?? task.messageLimit,
      tokenLimit: options.tokenLimit ?? task.tokenLimit,
      timeLimit: options.timeLimit ?? task.timeLimit,
    },
    retryOnError: options.retryOnError ?? task.retryOnError ?? 0,
    scoreOnError: options.scoreOnError ?? task.scoreOnError ?? false,
    failOnError: options.failOnError ?? task.failOnError ?? true,
    continueOnFail: options.continueOnFail ?? task.continueOnFail ?? false,
    cache: options.cache,
    cwd: options.cwd ?? process.cwd(),
    samples: selectSamples(task, options),
  };
}
