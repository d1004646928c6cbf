/**
 * `evalSet()`: runs tasks into a dedicated log folder until every one has a successful log.
 * The eval-set id is stable per folder (`.eval-set-id`); `eval-set.json` lists every task;
 * completed tasks are not run again; failed ones are retried (in this invocation, up to
 * `retryAttempts` more runs, and in later ones) with the same task id, reusing their completed
 * samples; a task's superseded logs are removed.
 * @module
 */
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CancelledError, ConfigError, errorMessage } from '../errors.ts';
import { emitIf } from '../hooks/emit.ts';
import { initHooks } from '../hooks/startup.ts';
import { listEvalLogs, readEvalLog, resolveEvalSetId, writeEvalSetManifest } from '../log/index.ts';
import type { EvalLog } from '../types/log.ts';
import { warn } from '../runtime/warnings.ts';
import { resolveTasks, runEval, type TaskInput } from './evaluate.ts';
import type { EvalOptions } from './options.ts';
import { taskIdentifier } from './spec.ts';
import { describeTask } from './task-runner.ts';
import { logHeader } from '../log/log-header.ts';

/** Options of {@link evalSet}. */
export interface EvalSetOptions extends Omit<EvalOptions, 'evalSetId' | 'previousLogs' | 'taskIds' | 'logDir' | 'logHeaderOnly'> {
  /** The eval set's own log folder (required). */
  readonly logDir: string;
  /** An explicit eval-set id (must match the folder's, if it has one). */
  readonly id?: string;
  /** How many more runs a failing task gets (default 10). */
  readonly retryAttempts?: number;
  /**
   * Delete a task's older logs once a newer one exists (default true, like Inspect's retry
   * cleanup): its completed samples live on in the newer log. Logs still `started` are kept.
   */
  readonly retryCleanup?: boolean;
}

/** What {@link evalSet} returns. */
export interface EvalSetResult {
  readonly evalSetId: string;
  /** Whether every task has a successful log. */
  readonly success: boolean;
  /** The newest log of every task (headers only), in task order. */
  readonly logs: EvalLog[];
}

function isComplete(log: EvalLog, expectedSamples: number): boolean {
  return log.status === 'success' && !log.invalidated && (log.results?.totalSamples ?? 0) >= expectedSamples;
}

async function newestLogs(logDir: string): Promise<Map<string, EvalLog>> {
  const byIdentity = new Map<string, EvalLog>();
  for (const file of await listEvalLogs(logDir)) {
    try {
      const header = await readEvalLog(file, { headerOnly: true });
      const identity = taskIdentifier(header.eval, header.plan);
      if (!byIdentity.has(identity)) byIdentity.set(identity, header); // newest first
    } catch (error) {
      warn(`Skipping unreadable log ${file}: ${errorMessage(error)}`, 'eval-set');
    }
  }
  return byIdentity;
}

/**
 * Runs an eval set and returns the newest log header of every task: `onEvalSetStart`, then as
 * many runs as needed (none when every task already succeeded), then `onEvalSetEnd`. Inside the
 * set, `RunEnd.logs` and `TaskEnd.log` are headers only. Throws (without `onEvalSetEnd`) on a
 * set-up error, a `PrerequisiteError` when `id` differs from the folder's, and a
 * `CancelledError` when `signal` aborts (run it again to continue).
 */
export async function evalSet(tasks: TaskInput, options: EvalSetOptions): Promise<EvalSetResult> {
  if (typeof options.logDir !== 'string' || options.logDir === '') {
    throw new TypeError('evalSet() needs a log folder of its own: evalSet(tasks, { logDir: "logs/my-set" }).');
  }
  const logDir = resolve(options.logDir);
  await initHooks(options.banner === undefined ? {} : { banner: options.banner });
  // Tasks and models are resolved first (as Inspect's eval_init does): a bad task or model name
  // fails the call before the folder is touched and without eval-set events.
  const resolved = resolveTasks(tasks, { ...options, logDir });
  const identities = resolved.map((t) => describeTask(t, { evalSetId: undefined, runId: '' }, { ...options, logDir }).identifier);
  const duplicate = identities.findIndex((id, i) => identities.indexOf(id) !== i);
  if (duplicate >= 0) {
    throw new ConfigError(`Task '${resolved[duplicate]!.name}' is in the eval set twice with the same model and settings. Pass each task once.`);
  }
  const evalSetId = await resolveEvalSetId(logDir, options.id);
  const runOptions: EvalOptions = { ...options, logDir, evalSetId, logHeaderOnly: true };
  const started = emitIf('onEvalSetStart', () => ({ evalSetId, logDir }));
  if (started !== undefined) await started;
  const existing = await newestLogs(logDir);
  const taskIds = new Map<string, string>();
  for (const identity of identities) {
    const log = existing.get(identity);
    if (log !== undefined) taskIds.set(identity, log.eval.taskId);
  }
  const pendingTasks = (): number[] =>
    resolved.map((t, i) => i).filter((i) => {
      const log = existing.get(identities[i]!);
      return log === undefined || !isComplete(log, resolved[i]!.samples.length * resolved[i]!.epochs);
    });
  let pending = pendingTasks();
  for (let attempt = 0; pending.length > 0 && attempt <= (options.retryAttempts ?? 10); attempt++) {
    const previousLogs: EvalLog[] = [];
    for (const i of pending) {
      const header = existing.get(identities[i]!);
      if (header?.location !== undefined) previousLogs.push(await readEvalLog(header.location));
    }
    const batch = pending.map((i) => resolved[i]!);
    await writeManifest(logDir, evalSetId, resolved, identities, taskIds);
    const logs = await runEval(() => batch, { ...runOptions, previousLogs, taskIds });
    for (const log of logs) {
      const identity = taskIdentifier(log.eval, log.plan);
      taskIds.set(identity, log.eval.taskId);
      existing.set(identity, logHeader(log));
    }
    pending = pendingTasks();
    if (options.retryCleanup !== false) await removeSuperseded(logDir, existing);
    if (options.signal?.aborted === true) {
      // As in Inspect, a cancelled set raises: no more attempts, and no onEvalSetEnd.
      await writeManifest(logDir, evalSetId, resolved, identities, taskIds);
      throw new CancelledError(`The eval set ${evalSetId} was cancelled. Run it again with the same log folder to continue; completed samples are reused.`, { cause: options.signal.reason });
    }
  }
  await writeManifest(logDir, evalSetId, resolved, identities, taskIds);
  const logs = identities.map((id) => existing.get(id)).filter((l): l is EvalLog => l !== undefined);
  const ended = emitIf('onEvalSetEnd', () => ({ evalSetId, logDir }));
  if (ended !== undefined) await ended;
  return { evalSetId, success: pending.length === 0, logs };
}

/** Deletes finished logs of a task that a newer log (the one in `newest`) supersedes. */
async function removeSuperseded(logDir: string, newest: ReadonlyMap<string, EvalLog>): Promise<void> {
  for (const file of await listEvalLogs(logDir)) {
    let header: EvalLog;
    try {
      header = await readEvalLog(file, { headerOnly: true });
    } catch {
      continue; // unreadable logs were reported when the set started; never delete them
    }
    if (header.status === 'started') continue;
    const kept = newest.get(taskIdentifier(header.eval, header.plan));
    if (kept?.location === undefined || kept.location === file) continue;
    try {
      await rm(file, { force: true });
    } catch (error) {
      warn(`Could not remove the superseded log ${file}: ${errorMessage(error)}`, 'eval-set');
    }
  }
}

async function writeManifest(
  logDir: string,
  evalSetId: string,
  resolved: ReturnType<typeof resolveTasks>,
  identities: readonly string[],
  taskIds: ReadonlyMap<string, string>,
): Promise<void> {
  await writeEvalSetManifest(logDir, {
    evalSetId,
    tasks: resolved.map((t, i) => ({
      name: t.name,
      taskId: taskIds.get(identities[i]!) ?? identities[i]!,
      ...(t.task.file === undefined ? {} : { taskFile: t.task.file }),
      taskArgs: t.task.args ?? {},
      model: t.model.name,
      modelArgs: {},
      sequence: i,
    })),
  });
}
