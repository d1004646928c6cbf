/**
 * `evalRetry()`: finishes an errored, cancelled or killed run from its log, reusing every
 * completed sample and running only the rest. Each retried log is its own run, written to a new
 * log file with the same task id.
 *
 * The retry runs what the log recorded: the same task (loaded from its task file with its
 * arguments, unless `task` is given), model, samples (`limit` / sample ids), epochs and
 * reducers, limits, error handling and generation settings. Options given to `evalRetry()`
 * override the recorded ones.
 * @module
 */
import { dirname, extname } from 'node:path';
import { ConfigError, errorMessage } from '../errors.ts';
import { readEvalLog } from '../log/index.ts';
import type { EvalConfig, EvalLog } from '../types/log.ts';
import type { Model } from '../model/index.ts';
import { warn } from '../runtime/warnings.ts';
import { runEval } from './evaluate.ts';
import { loadTasks } from './load-tasks.ts';
import { resolveReducer } from './metrics/index.ts';
import type { EvalOptions } from './options.ts';
import { resolveTask, type ResolvedTask } from './resolved-task.ts';
import { taskIdentifier } from './spec.ts';
import type { Task } from './task.ts';
import { describeTask } from './task-runner.ts';
import type { Epochs } from './types.ts';

/** Options of {@link evalRetry}: run options that override what the log recorded. */
export interface EvalRetryOptions extends Omit<EvalOptions, 'previousLogs' | 'taskIds' | 'evalSetId' | 'model' | 'logHeaderOnly'> {
  /** The task to run (default: loaded from the log's task file with the log's task arguments). */
  readonly task?: Task;
}

async function taskForLog(log: EvalLog, given: Task | undefined): Promise<Task> {
  if (given !== undefined) return given;
  const file = log.eval.taskFile;
  const where = log.location ?? `the log of task '${log.eval.task}'`;
  if (file === undefined) {
    throw new ConfigError(
      `Cannot retry ${where}: it records no task file (the task was passed as an object, not loaded from a file). ` +
        'Pass the task to run: evalRetry(log, { task }).',
    );
  }
  try {
    const tasks = await loadTasks(`${file}@${log.eval.task}`, log.eval.taskArgs);
    return tasks[0]!;
  } catch (error) {
    throw new ConfigError(`Cannot retry ${where}: ${errorMessage(error)} Or pass the task to run: evalRetry(log, { task }).`, { cause: error });
  }
}

/** The model to retry with: the task's own model object when it is the logged one, else the logged name. */
function modelForLog(log: EvalLog, task: Task): string | Model | undefined {
  const own = task.model;
  const ownName = typeof own === 'string' ? own : own?.name;
  return ownName === log.eval.model ? undefined : log.eval.model;
}

/** Reducer names of the log that resolve to built-in reducers (custom ones come from the task). */
function recordedReducers(names: readonly string[] | undefined): string[] | undefined {
  if (names === undefined || names.length === 0) return undefined;
  try {
    for (const name of names) resolveReducer(name);
    return [...names];
  } catch {
    return undefined;
  }
}

function taskEpochs(task: Task): { count: number; reducer: Epochs['reducer'] } {
  const epochs = task.epochs;
  if (epochs === undefined) return { count: 1, reducer: undefined };
  return typeof epochs === 'number' ? { count: epochs, reducer: undefined } : { count: epochs.epochs, reducer: epochs.reducer };
}

/** The run options a log recorded (sample selection, epochs, limits, error handling, settings). */
function recordedOptions(log: EvalLog, task: Task, given: EvalRetryOptions): EvalOptions {
  const c: EvalConfig = log.eval.config;
  const recorded: Record<string, unknown> = {
    failOnError: c.failOnError,
    continueOnFail: c.continueOnFail,
    retryOnError: c.retryOnError,
    scoreOnError: c.scoreOnError,
    messageLimit: c.messageLimit,
    tokenLimit: c.tokenLimit,
    timeLimit: c.timeLimit,
    maxSamples: c.maxSamples,
    maxTasks: c.maxTasks,
  };
  if (given.limit === undefined && given.sampleId === undefined) {
    const ids = log.eval.dataset.sampleIds;
    if (c.limit !== undefined) recorded.limit = c.limit;
    else if (c.sampleId !== undefined) recorded.sampleId = c.sampleId;
    else if (ids !== undefined && log.eval.dataset.samples !== undefined && ids.length < log.eval.dataset.samples) recorded.sampleId = ids;
  }
  if (given.epochs === undefined && c.epochs !== undefined) {
    const own = taskEpochs(task);
    const reducer = given.epochsReducer === undefined ? (recordedReducers(c.epochsReducer) ?? own.reducer) : undefined;
    recorded.epochs = reducer === undefined ? { epochs: c.epochs } : { epochs: c.epochs, reducer };
  }
  const config = { ...log.plan.config, ...given.config };
  if (Object.keys(config).length > 0) recorded.config = config;
  if (given.logFormat === undefined && log.location !== undefined) {
    const extension = extname(log.location);
    if (extension === '.json' || extension === '.eval') recorded.logFormat = extension.slice(1);
  }
  if (given.logDir === undefined && log.location !== undefined) recorded.logDir = dirname(log.location);
  const defined = Object.fromEntries(Object.entries(recorded).filter(([, v]) => v !== undefined));
  const { task: _task, ...rest } = given;
  const overrides = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return { ...defined, ...overrides };
}

/** The log as the source of reusable samples for `resolved` (whose identity is `identifier`). */
function reusable(log: EvalLog, resolved: ResolvedTask, options: EvalOptions, identifier: string): EvalLog {
  if (identifier === taskIdentifier(log.eval, log.plan)) return log;
  warn(
    `The task of ${log.location ?? `'${log.eval.task}'`} changed since the log was written (its file, arguments, model, plan, ` +
      'generation settings or limits differ); its completed samples are reused as they are. Run a fresh eval to run them again.',
    'eval-retry',
  );
  // Reuse is matched by task identity: present the old samples under the new identity.
  const described = describeTask(resolved, { evalSetId: undefined, runId: '' }, options);
  return { ...log, eval: { ...described.spec, taskId: log.eval.taskId }, plan: described.plan };
}

async function readFull(entry: string | EvalLog): Promise<EvalLog> {
  if (typeof entry === 'string') return await readEvalLog(entry);
  // A header (from a listing or a hook payload) has no samples to reuse: read the whole log.
  if (entry.samples === undefined && entry.location !== undefined) return await readEvalLog(entry.location);
  return entry;
}

/**
 * Retries each log (a path, or a log read with its samples) as its own run and returns the new
 * logs in order. Completed samples are copied into the new log without running (no sample hooks
 * fire for them); errored and missing samples run again with new sample uuids. Throws a
 * `ConfigError` when a log names no task file and no `task` is given.
 */
export async function evalRetry(logs: string | EvalLog | readonly (string | EvalLog)[], options: EvalRetryOptions = {}): Promise<EvalLog[]> {
  const list = Array.isArray(logs) ? [...(logs as readonly (string | EvalLog)[])] : [logs as string | EvalLog];
  const results: EvalLog[] = [];
  for (const entry of list) {
    const log = await readFull(entry);
    const task = await taskForLog(log, options.task);
    const base = recordedOptions(log, task, options);
    const model = modelForLog(log, task);
    // The task is resolved inside the run (after start-up, so a bad model still ends the run with
    // onRunEnd); the reuse keys depend on it, so they are filled in there, before runEval reads them.
    const runOptions: { -readonly [K in keyof EvalOptions]: EvalOptions[K] } = { ...base };
    const [retried] = await runEval(() => {
      const resolved = resolveTask(task, base, model);
      const identifier = describeTask(resolved, { evalSetId: undefined, runId: '' }, base).identifier;
      runOptions.previousLogs = [reusable(log, resolved, base, identifier)];
      runOptions.taskIds = new Map([[identifier, log.eval.taskId]]);
      return [resolved];
    }, runOptions);
    results.push(retried!);
  }
  return results;
}
