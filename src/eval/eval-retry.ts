/**
 * `evalRetry()`: finishes an errored, cancelled or killed run from its log, reusing every
 * completed sample and running only the rest. Each retried log is its own run.
 * @module
 */
import { dirname } from 'node:path';
import { ConfigError } from '../errors.ts';
import { readEvalLog } from '../log/index.ts';
import type { EvalLog } from '../log/types.ts';
import { runEval } from './evaluate.ts';
import { loadTasks } from './load-tasks.ts';
import type { EvalOptions } from './options.ts';
import { resolveTask } from './resolved-task.ts';
import { taskIdentifier } from './spec.ts';
import type { Task } from './task.ts';

/** Options of {@link evalRetry}. */
export interface EvalRetryOptions extends Omit<EvalOptions, 'previousLogs' | 'taskIds' | 'evalSetId' | 'model'> {
  /** The task to run (default: loaded from the log's task file). */
  readonly task?: Task;
}

async function taskForLog(log: EvalLog, given: Task | undefined): Promise<Task> {
  if (given !== undefined) return given;
  const file = log.eval.taskFile;
  if (file === undefined) {
    throw new ConfigError(`Cannot retry ${log.location ?? 'the log'}: it names no task file. Pass the task: evalRetry(log, { task }).`);
  }
  const tasks = await loadTasks(`${file}@${log.eval.task}`, log.eval.taskArgs);
  return tasks[0]!;
}

/** Retries each log (a path or a log read with its samples); returns the new logs in order. */
export async function evalRetry(logs: string | EvalLog | readonly (string | EvalLog)[], options: EvalRetryOptions = {}): Promise<EvalLog[]> {
  const list = Array.isArray(logs) ? [...(logs as readonly (string | EvalLog)[])] : [logs as string | EvalLog];
  const results: EvalLog[] = [];
  for (const entry of list) {
    const log = typeof entry === 'string' ? await readEvalLog(entry) : entry;
    const task = await taskForLog(log, options.task);
    const runOptions: EvalOptions = {
      ...options,
      logDir: options.logDir ?? (log.location === undefined ? undefined : dirname(log.location)) ?? './logs',
      previousLogs: [log],
      taskIds: new Map([[taskIdentifier(log.eval, log.plan), log.eval.taskId]]),
    };
    const [retried] = await runEval(() => [resolveTask(task, runOptions, log.eval.model)], runOptions);
    results.push(retried!);
  }
  return results;
}
