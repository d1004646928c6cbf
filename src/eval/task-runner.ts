/**
 * Runs one task attempt: writes its log incrementally, fires `onTaskStart`, runs every sample ×
 * epoch under `maxSamples`, applies `failOnError`, computes results and fires `onTaskEnd` on a
 * normal finish only.
 * @module
 */
import { setMaxListeners } from 'node:events';
import { CancelledError, HooklineError, isCancellation } from '../errors.ts';
import { emitIf } from '../hooks/emit.ts';
import { hookSetRecord } from '../hooks/hook-set.ts';
import { createLogWriter, type LogWriter } from '../log/index.ts';
import type { EvalError, EvalLog, EvalPlan, EvalSample, EvalSpec, EvalStatus } from '../types/log.ts';
import { logHeader } from '../log/log-header.ts';
import { sortSamples } from '../log/names.ts';
import type { ModelUsage } from '../types/model.ts';
import { shortUuid } from '../util/ids.ts';
import { trackOpenRun } from '../util/open-runs.ts';
import { warn } from '../runtime/warnings.ts';
import { toEvalError } from './eval-error.ts';
import type { EvalOptions } from './options.ts';
import type { ResolvedTask } from './resolved-task.ts';
import { addUsage, computeResults, type ResultSample, type TaskResults, toResultSample } from './results.ts';
import { runSample } from './sample-runner.ts';
import { Semaphore } from './semaphore.ts';
import { buildPlan, buildSpec, logTimestamp, taskIdentifier } from './spec.ts';

/** Ids of the run a task belongs to. */
export interface TaskRunIds {
  readonly evalSetId: string | undefined;
  readonly runId: string;
}

/** Default number of samples of one task that run at once (without `maxConnections`). */
export const DEFAULT_MAX_SAMPLES = 25;

/**
 * Without a log file, a task keeps its complete samples in memory for the returned log only up
 * to this many sample runs (unless `keepSamples` says otherwise): beyond it memory would grow
 * with every sample.
 */
export const NO_LOG_KEPT_SAMPLES = 1000;

/**
 * Samples of one task that run at once: `maxSamples`, else the generation config's
 * `maxConnections` (as Inspect does: sample concurrency follows connections), else 25.
 */
export function resolveMaxSamples(task: ResolvedTask, options: EvalOptions): number {
  return options.maxSamples ?? task.config.maxConnections ?? task.model.config.maxConnections ?? DEFAULT_MAX_SAMPLES;
}

/** Thrown (internally) when sample errors exceed `failOnError`. */
class TaskFailedError extends HooklineError {
  constructor(readonly first: EvalError, errors: number) {
    super('PREREQUISITE', `Task failed: ${errors} sample error(s) exceeded fail_on_error. First error: ${first.message}`);
  }
}

/** Whether `errors` sample errors out of `total` exceed the task's `failOnError`. */
export function exceedsFailOnError(failOnError: boolean | number, errors: number, total: number): boolean {
  if (errors === 0 || failOnError === false) return false;
  if (failOnError === true) return true;
  return failOnError < 1 ? errors >= failOnError * total : errors >= failOnError;
}

/** Logs of an earlier attempt whose samples completed without error, keyed by id and epoch. */
function reusableSamples(previous: EvalLog | undefined): Map<string, EvalSample> {
  const reusable = new Map<string, EvalSample>();
  for (const sample of previous?.samples ?? []) {
    if (sample.error === undefined) reusable.set(`${sample.id}\u0000${sample.epoch}`, sample);
  }
  return reusable;
}

/** Returns the header of a task before it runs, with the task identity. */
export function describeTask(task: ResolvedTask, ids: TaskRunIds, options: EvalOptions): { spec: EvalSpec; plan: EvalPlan; identifier: string } {
  const plan = buildPlan(task);
  const draft = buildSpec(task, { ...ids, evalId: '', taskId: '', maxSamples: resolveMaxSamples(task, options), maxTasks: options.maxTasks ?? 1, limit: options.limit, sampleId: options.sampleId });
  return { spec: draft, plan, identifier: taskIdentifier(draft, plan) };
}

/** Runs a task attempt to its end and returns its log (status success, error or cancelled). */
export async function runTask(task: ResolvedTask, ids: TaskRunIds, options: EvalOptions, previous?: EvalLog): Promise<EvalLog> {
  const described = describeTask(task, ids, options);
  const evalId = shortUuid();
  const taskId = options.taskIds?.get(described.identifier) ?? previous?.eval.taskId ?? shortUuid();
  // Which hooks shaped this result, so a log can be audited later.
  const metadata = { ...described.spec.metadata, hookline_hooks: hookSetRecord() };
  const spec: EvalSpec = { ...described.spec, evalId, taskId, created: logTimestamp(), metadata };
  const plan = described.plan;
  const writer: LogWriter | undefined = options.noLog === true ? undefined : createLogWriter({
    logDir: options.logDir ?? process.env.HOOKLINE_LOG_DIR ?? './logs',
    format: options.logFormat ?? (process.env.HOOKLINE_LOG_FORMAT === 'json' ? 'json' : 'eval'),
    spec,
    plan,
  });
  const startedAt = logTimestamp();
  const total = task.samples.length * task.epochs;
  // What stays of a logged sample: its scores (thinned) for the results, its usage in the totals.
  const scored: ResultSample[] = [];
  const usage: Record<string, ModelUsage> = {};
  const kept = writer === undefined && (options.keepSamples ?? total <= NO_LOG_KEPT_SAMPLES) ? ([] as EvalSample[]) : undefined;
  if (writer === undefined && kept === undefined && options.keepSamples === undefined) {
    warn(`Task '${task.name}' runs ${total} samples without a log: the returned log has their results but not the samples (kept only up to ${NO_LOG_KEPT_SAMPLES}). Write a log, or pass keepSamples: true to keep them in memory.`, 'eval');
  }
  const logSample = async (sample: EvalSample): Promise<void> => {
    scored.push(toResultSample(sample));
    addUsage(usage, sample.modelUsage);
    kept?.push(sample);
    await writer?.logSample(sample);
  };
  let finished = false;
  let computed: TaskResults | undefined;
  const finish = async (status: EvalStatus, error?: EvalError): Promise<EvalLog> => {
    finished = true;
    // Computed once; what the samples left for the results is released before the log's finish.
    computed ??= computeResults(task, scored);
    scored.length = 0;
    const { results, reductions } = computed;
    const stats = { startedAt, completedAt: logTimestamp(), modelUsage: usage, roleUsage: {}, connectionLimitHistory: [] };
    const finishing = { status, stats, results, reductions, ...(error === undefined ? {} : { error }) };
    if (writer !== undefined) return await writer.finish(finishing);
    return { version: 2, eval: spec, plan, invalidated: false, tags: spec.tags ?? [], metadata: spec.metadata ?? {}, ...(kept === undefined ? {} : { samples: sortSamples(kept) }), ...finishing };
  };

  await writer?.start();
  // A process ending mid-run still finishes this log as an error, completed samples kept.
  const untrack = trackOpenRun(async (error) => (finished ? undefined : await finish('error', toEvalError(error))));
  const controller = new AbortController();
  // Every running sample listens for cancellation.
  setMaxListeners(0, controller.signal);
  const onRunAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onRunAbort, { once: true });
  options.progress?.taskStart?.({ task: task.name, model: task.model.name, total, log: writer?.location });
  try {
    const started = emitIf('onTaskStart', () => ({ evalSetId: ids.evalSetId, runId: ids.runId, evalId, spec, plan }));
    if (started !== undefined) await started;
    const maxSamples = resolveMaxSamples(task, options);
    const semaphore = new Semaphore(maxSamples);
    const reusable = reusableSamples(previous);
    let errors = 0;
    let failure: TaskFailedError | undefined;
    const runOne = async (sample: ResolvedTask['samples'][number], epoch: number): Promise<void> => {
      const reused = reusable.get(`${sample.id}\u0000${epoch}`);
      if (reused !== undefined) {
        // Completed in an earlier attempt: copied into this log, no hooks fire for it.
        await logSample(reused);
        options.progress?.sampleEnd?.({ task: task.name, model: task.model.name, error: false, tokens: Object.values(reused.modelUsage).reduce((n, u) => n + u.totalTokens, 0) });
        return;
      }
      // The earlier attempt's failures, its final error included, stay in the sample's history.
      const prior = previous?.samples?.find((s) => s.id === sample.id && s.epoch === epoch);
      const previousErrors = prior === undefined ? undefined : [...(prior.errorRetries ?? []), ...(prior.error === undefined ? [] : [prior.error])];
      const outcome = await runSample({ task, sample, epoch, ids: Object.assign({}, ids, { evalId }), semaphore, signal: controller.signal, logSample, ...(previousErrors === undefined ? {} : { previousErrors }) });
      if (outcome === undefined) return;
      const failed = outcome.error !== undefined && !outcome.cancelled;
      options.progress?.sampleEnd?.({ task: task.name, model: task.model.name, error: failed, tokens: Object.values(outcome.sample.modelUsage).reduce((n, u) => n + u.totalTokens, 0) });
      if (!failed) return;
      errors++;
      if (failure === undefined && exceedsFailOnError(task.failOnError, errors, total)) {
        failure = new TaskFailedError(outcome.error, errors);
        if (!task.continueOnFail) controller.abort(failure);
      }
    };
    // Twice as many workers as samples may run at once, each taking the next sample × epoch: a
    // sample that ran to the end gives its slot to the next one while it waits for the log write,
    // so up to maxSamples more samples wait for the log. A sample that has not started holds no
    // memory, and a logged one is released at once.
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < total) {
        const index = next++;
        await runOne(task.samples[index % task.samples.length]!, Math.floor(index / task.samples.length) + 1);
      }
    };
    const runs = Array.from({ length: Math.max(1, Math.min(2 * maxSamples, total)) }, worker);
    await Promise.all(runs);
    if (options.signal?.aborted === true) throw new CancelledError('The run was cancelled.', { cause: options.signal.reason });
    if (failure !== undefined && !task.continueOnFail) throw failure;
    const log = await finish(failure === undefined ? 'success' : 'error', failure?.first);
    const ended = emitIf('onTaskEnd', () => ({ evalSetId: ids.evalSetId, runId: ids.runId, evalId, log: options.logHeaderOnly === true ? logHeader(log) : log }));
    if (ended !== undefined) await ended;
    options.progress?.taskEnd?.({ task: task.name, model: task.model.name, log });
    return log;
  } catch (error) {
    // Task errors and cancellations end this task's log; the run goes on (no onTaskEnd).
    const status: EvalStatus = isCancellation(error) ? 'cancelled' : 'error';
    const log = await finish(status, error instanceof TaskFailedError ? error.first : toEvalError(error));
    options.progress?.taskEnd?.({ task: task.name, model: task.model.name, log });
    return log;
  } finally {
    untrack();
    options.signal?.removeEventListener('abort', onRunAbort);
  }
}
