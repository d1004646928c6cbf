/**
 * The log header of a task attempt: its EvalSpec and EvalPlan, and the task identity that eval
 * sets and retries use to match logs to tasks.
 * @module
 */
import { createHash } from 'node:crypto';
import type { EvalConfig, EvalPlan, EvalSpec } from '../types/log.ts';
import type { GenerateConfig } from '../types/model.ts';
import { paramsToWire } from '../log/wire.ts';
import { VERSION } from '../version.ts';
import type { ResolvedTask } from './resolved-task.ts';

/** Now, in the log's header format: UTC, seconds precision, `+00:00`. */
export function logTimestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

/** The eval plan of a task: every solver step in order. */
export function buildPlan(task: ResolvedTask): EvalPlan {
  return {
    name: 'plan',
    steps: task.solvers.map((s) => ({ solver: s.name, params: s.params, paramsPassed: s.params })),
    config: task.config,
  };
}

function evalConfig(task: ResolvedTask, options: Pick<SpecIds, 'maxSamples' | 'maxTasks' | 'limit' | 'sampleId'>): EvalConfig {
  const config: EvalConfig = {
    epochs: task.epochs,
    epochsReducer: task.reducers.map((r) => r.reducerName),
    failOnError: task.failOnError,
    continueOnFail: task.continueOnFail,
    retryOnError: task.retryOnError,
    scoreOnError: task.scoreOnError,
    maxSamples: options.maxSamples,
    maxTasks: options.maxTasks,
    logSamples: true,
    logRealtime: true,
    logImages: true,
    scoreDisplay: true,
  };
  if (task.limits.messageLimit !== undefined) config.messageLimit = task.limits.messageLimit;
  if (task.limits.tokenLimit !== undefined) config.tokenLimit = task.limits.tokenLimit;
  if (task.limits.timeLimit !== undefined) config.timeLimit = task.limits.timeLimit;
  if (options.sampleId !== undefined) config.sampleId = typeof options.sampleId === 'object' ? [...options.sampleId] : options.sampleId;
  if (options.limit !== undefined) config.limit = typeof options.limit === 'number' ? options.limit : [options.limit[0], options.limit[1]];
  return config;
}

/** Ids and options that go into a spec besides the task itself. */
export interface SpecIds {
  readonly evalSetId: string | undefined;
  readonly runId: string;
  readonly evalId: string;
  readonly taskId: string;
  readonly maxSamples: number;
  readonly maxTasks: number;
  readonly limit?: number | readonly [number, number] | undefined;
  readonly sampleId?: string | number | readonly (string | number)[] | undefined;
}

/** Builds the EvalSpec of a task attempt. */
export function buildSpec(task: ResolvedTask, ids: SpecIds): EvalSpec {
  const t = task.task;
  const spec: EvalSpec = {
    evalId: ids.evalId,
    runId: ids.runId,
    created: logTimestamp(),
    task: task.name,
    taskId: ids.taskId,
    taskVersion: t.version ?? 0,
    taskAttribs: {},
    taskArgs: t.args ?? {},
    taskArgsPassed: t.args ?? {},
    taskRegistryName: task.name,
    dataset: {
      ...(t.dataset.name === undefined ? {} : { name: t.dataset.name }),
      ...(t.dataset.location === undefined ? {} : { location: t.dataset.location }),
      samples: t.dataset.samples.length,
      sampleIds: task.samples.map((s) => s.id),
      shuffled: t.dataset.shuffled ?? false,
    },
    model: task.model.name,
    modelGenerateConfig: task.model.config,
    modelArgs: {},
    config: evalConfig(task, ids),
    packages: { hookline: VERSION },
    scorers: task.scorers.map(({ name, scorer }) => ({
      name,
      options: paramsToWire(scorer.scorerParams ?? {}),
      metrics: (scorer.metrics ?? []).map((m) => ({ name: m.metricName, options: {} })),
      metadata: {},
    })),
  };
  if (ids.evalSetId !== undefined) spec.evalSetId = ids.evalSetId;
  if (t.file !== undefined) spec.taskFile = t.file;
  // Inspect always records a display name: the task's own, else its name.
  spec.taskDisplayName = t.displayName ?? task.name;
  if (t.metadata !== undefined) spec.metadata = t.metadata;
  if (t.tags !== undefined) spec.tags = [...t.tags];
  return spec;
}

/** JSON with object keys sorted, so equal values always hash alike. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

const RUNTIME_KEYS: readonly (keyof GenerateConfig)[] = ['maxRetries', 'timeout', 'attemptTimeout', 'maxConnections'];

/**
 * A stable identity of "the same task": file, name, arguments, model, version, plan, generation
 * settings (runtime keys excluded) and limits. Computed the same way from a task and from a log.
 */
export function taskIdentifier(spec: EvalSpec, plan: EvalPlan): string {
  const config = Object.fromEntries(
    Object.entries({ ...spec.modelGenerateConfig, ...plan.config }).filter(([key]) => !RUNTIME_KEYS.includes(key as keyof GenerateConfig)),
  );
  const identity = {
    file: spec.taskFile ?? '',
    task: spec.task,
    args: spec.taskArgs,
    model: spec.model,
    version: spec.taskVersion,
    plan: plan.steps.map((s) => [s.solver, s.paramsPassed]),
    config,
    limits: [spec.config.epochs ?? 1, spec.config.messageLimit, spec.config.tokenLimit, spec.config.timeLimit],
  };
  const hash = createHash('sha256').update(stableJson(identity)).digest('hex').slice(0, 16);
  return `${spec.taskFile ?? ''}@${spec.task}/${spec.model}/${hash}`;
}
