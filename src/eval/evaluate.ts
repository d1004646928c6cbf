/**
 * `evaluate()`: one run over tasks × models, with `onRunStart` once
 * set-up succeeded and `onRunEnd` always — also when set-up failed before the run started.
 * @module
 */
import { dirname } from 'node:path';
import { errorMessage } from '../errors.ts';
import { getHookBus } from '../hooks/bus.ts';
import { emitIf } from '../hooks/emit.ts';
import { writeLogDirManifest } from '../log/manifest.ts';
import { initHooks } from '../hooks/startup.ts';
import type { EvalLog } from '../types/log.ts';
import type { Model } from '../model/index.ts';
import { shortUuid } from '../util/ids.ts';
import { warn } from '../runtime/warnings.ts';
import type { EvalOptions } from './options.ts';
import { resolveTask, type ResolvedTask } from './resolved-task.ts';
import { isTask, type Task } from './task.ts';
import { taskIdentifier } from './spec.ts';
import { describeTask, runTask } from './task-runner.ts';
import { logHeader } from '../log/log-header.ts';

/** What `evaluate()` accepts as tasks. */
export type TaskInput = Task | readonly Task[];

function models(options: EvalOptions): (string | Model | undefined)[] {
  const model = options.model;
  if (model === undefined) return [undefined];
  return Array.isArray(model) ? [...(model as readonly (string | Model)[])] : [model as string | Model];
}

/** Resolves tasks × models (a task run against two models is two resolved tasks). */
export function resolveTasks(tasks: TaskInput, options: EvalOptions): ResolvedTask[] {
  const list = Array.isArray(tasks) ? [...(tasks as readonly Task[])] : [tasks as Task];
  if (list.length === 0) throw new TypeError('No tasks to evaluate: pass at least one task (from task()).');
  for (const t of list) {
    if (!isTask(t)) throw new TypeError(`evaluate(): expected tasks created with task(), got ${typeof t}.`);
  }
  return list.flatMap((t) => models(options).map((m) => resolveTask(t, options, m)));
}

async function runLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}


/** Writes `logs.json` / `listing.json` into each folder the run logged to; a failure is a warning. */
async function writeManifests(logs: readonly EvalLog[]): Promise<void> {
  const dirs = new Set(logs.flatMap((log) => (log.location === undefined ? [] : [dirname(log.location)])));
  for (const dir of dirs) {
    try {
      await writeLogDirManifest(dir, undefined, logs);
    } catch (error) {
      warn(`Could not write the log manifests (logs.json, listing.json) in ${dir}: ${errorMessage(error)}`, 'log');
    }
  }
}

/**
 * Runs tasks and returns one log per task × model, in order. A task that fails or is cancelled
 * still returns its log (status `error` / `cancelled`); set-up errors (no tasks, a bad model
 * name, a required hook missing) reject after `onRunEnd` fired with the exception.
 */
export async function evaluate(tasks: TaskInput, options: EvalOptions = {}): Promise<EvalLog[]> {
  return await runEval(() => resolveTasks(tasks, options), options);
}

/**
 * Runs already resolved tasks as one run (what `evaluate()`, `evalSet()` and `evalRetry()`
 * share). `resolve` runs after start-up, inside the run's error handling.
 */
export async function runEval(resolve: () => ResolvedTask[], options: EvalOptions): Promise<EvalLog[]> {
  const runId = shortUuid();
  const evalSetId = options.evalSetId;
  const bus = getHookBus();
  try {
    await initHooks(options.banner === undefined ? {} : { banner: options.banner });
    const resolved = resolve();
    if (resolved.length === 0) throw new TypeError('No tasks to evaluate: pass at least one task (from task()).');
    const started = emitIf('onRunStart', () => ({ evalSetId, runId, taskNames: resolved.map((t) => t.name) }));
    if (started !== undefined) await started;
    const previous = new Map<ResolvedTask, EvalLog>();
    for (const log of options.previousLogs ?? []) {
      const identifier = taskIdentifier(log.eval, log.plan);
      const match = resolved.find((t) => describeTask(t, { evalSetId, runId }, options).identifier === identifier);
      if (match !== undefined) previous.set(match, log);
    }
    const logs = await runLimited(resolved, options.maxTasks ?? 1, (t) => runTask(t, { evalSetId, runId }, options, previous.get(t)));
    await writeManifests(logs);
    await bus.flush();
    const ended = emitIf('onRunEnd', () => ({ evalSetId, runId, exception: undefined, logs: options.logHeaderOnly === true ? logs.map(logHeader) : logs }));
    if (ended !== undefined) await ended;
    return logs;
  } catch (error) {
    const ended = emitIf('onRunEnd', () => ({ evalSetId, runId, exception: error, logs: [] }));
    if (ended !== undefined) await ended;
    throw error;
  }
}

