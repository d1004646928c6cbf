/**
 * Spans of the eval hierarchy: eval set → run → task → sample (per epoch) → attempt. Each
 * function handles one hook event; every end event also ends whatever its span still has open.
 * @module
 */
import { type Attributes, SpanKind } from '@opentelemetry/api';
import type {
  EvalSetEnd,
  EvalSetStart,
  RunEnd,
  RunStart,
  SampleAttemptEnd,
  SampleAttemptStart,
  SampleEnd,
  SampleInit,
  SampleScoring,
  TaskEnd,
  TaskStart,
} from '../../hooks/payloads/eval.ts';
import type { EvalLog, Score } from '../../types/log.ts';
import { HL } from './attributes.ts';
import type { SpanNode, SpanOutcome, SpanTree } from './span-tree.ts';

function ids(p: { evalSetId: string | undefined; runId: string; evalId?: string }): Attributes {
  const out: Attributes = { [HL.runId]: p.runId };
  if (p.evalSetId !== undefined) out[HL.evalSetId] = p.evalSetId;
  if (p.evalId !== undefined) out[HL.evalId] = p.evalId;
  return out;
}

/** EvalSetStart: a root span (or a child of the caller's active span). */
export function evalSetStart(tree: SpanTree, p: EvalSetStart): void {
  tree.open('evalSet', p.evalSetId, 'eval_set', undefined, { [HL.evalSetId]: p.evalSetId, 'hookline.log_dir': p.logDir }, SpanKind.INTERNAL);
}

/** EvalSetEnd: ends the eval set and anything left open in it. */
export function evalSetEnd(tree: SpanTree, p: EvalSetEnd): void {
  tree.closeKey('evalSet', p.evalSetId);
}

/** RunStart: a child of its eval set, if any. */
export function runStart(tree: SpanTree, p: RunStart): void {
  tree.open('run', p.runId, 'eval_run', tree.get('evalSet', p.evalSetId), { ...ids(p), 'hookline.run.tasks': [...p.taskNames] }, SpanKind.INTERNAL);
}

/** The end of a task span from its log: ERROR unless the log says success. */
function taskOutcome(log: Readonly<EvalLog>): SpanOutcome {
  const attributes: Attributes = { 'hookline.task.status': log.status };
  for (const score of log.results?.scores ?? []) {
    for (const metric of Object.values(score.metrics)) attributes[`hookline.metric.${score.name}.${metric.name}`] = metric.value;
  }
  if (log.results !== undefined) attributes['hookline.task.completed_samples'] = log.results.completedSamples;
  if (log.status === 'success' || log.status === 'started') return { attributes };
  if (log.error !== undefined) return { attributes, exception: log.error, error: `task ${log.status}: ${log.error.message}` };
  return { attributes, error: `task ${log.status}` };
}

/**
 * RunEnd: ends the tasks that never got a TaskEnd (error, cancelled) with their log's status,
 * then the run, with the run's exception as an ERROR. A run whose set-up failed before RunStart
 * still gets a span, so the failure is visible.
 */
export function runEnd(tree: SpanTree, p: RunEnd): void {
  for (const log of p.logs) {
    const node = tree.get('task', log.eval.evalId);
    if (node !== undefined) tree.close(node, taskOutcome(log));
  }
  const node = tree.get('run', p.runId) ?? tree.open('run', p.runId, 'eval_run', tree.get('evalSet', p.evalSetId), ids(p), SpanKind.INTERNAL);
  tree.close(node, p.exception === undefined ? {} : { exception: p.exception });
}

/** TaskStart: a child of its run. */
export function taskStart(tree: SpanTree, p: TaskStart): void {
  const attributes: Attributes = {
    ...ids(p),
    [HL.taskName]: p.spec.task,
    'hookline.task.id': p.spec.taskId,
    [HL.model]: p.spec.model,
  };
  if (p.spec.dataset.samples !== undefined) attributes['hookline.task.dataset_samples'] = p.spec.dataset.samples;
  tree.open('task', p.evalId, `eval_task ${p.spec.task}`, tree.get('run', p.runId), attributes, SpanKind.INTERNAL, p.spec.task);
}

/** TaskEnd: ends the task with its log's status and metrics. */
export function taskEnd(tree: SpanTree, p: TaskEnd): void {
  tree.closeKey('task', p.evalId, taskOutcome(p.log));
}

function sampleAttributes(p: SampleInit, task: SpanNode | undefined): Attributes {
  const attributes = ids(p);
  attributes[HL.sampleUuid] = p.sampleId;
  attributes[HL.sampleId] = String(p.summary.id);
  attributes[HL.epoch] = p.summary.epoch;
  if (task !== undefined) attributes[HL.taskName] = task.label;
  return attributes;
}

/** SampleInit: the sample span (one per sample and epoch), a child of its task. */
export function sampleInit(tree: SpanTree, p: SampleInit): void {
  const task = tree.get('task', p.evalId);
  tree.open('sample', p.sampleId, 'eval_sample', task, sampleAttributes(p, task), SpanKind.INTERNAL);
}

/** SampleAttemptStart: the attempt span, a child of its sample. */
export function attemptStart(tree: SpanTree, p: SampleAttemptStart): void {
  const sample = tree.get('sample', p.sampleId);
  const attributes = sampleAttributes(p, tree.get('task', p.evalId));
  attributes[HL.attempt] = p.attempt;
  tree.open('attempt', p.sampleId, 'eval_attempt', sample, attributes, SpanKind.INTERNAL);
}

/** SampleScoring: an event on the attempt span. */
export function sampleScoring(tree: SpanTree, p: SampleScoring): void {
  tree.get('attempt', p.sampleId)?.span.addEvent('hookline.scoring');
}

/**
 * SampleAttemptEnd: ends the attempt (ERROR with the exception when it failed). Model and tool
 * calls still open in it never completed (a model call whose retries ran out, a failed tool):
 * they end first, as ERROR, naming the attempt's error.
 */
export function attemptEnd(tree: SpanTree, p: SampleAttemptEnd): void {
  const node = tree.get('attempt', p.sampleId);
  if (node === undefined) return;
  const reason = p.error === undefined ? '' : `: ${p.error.message}`;
  const incomplete = { 'hookline.span.incomplete': true };
  tree.closeChildren(node, 'model', { error: `the model call did not complete${reason}`, attributes: incomplete });
  tree.closeChildren(node, 'tool', { error: `the tool call did not complete${reason}`, attributes: incomplete });
  const attributes: Attributes = { 'hookline.attempt.will_retry': p.willRetry };
  tree.close(node, p.error === undefined ? { attributes } : { attributes, exception: p.error });
}

function scoreAttributes(scores: Readonly<Record<string, Score>> | undefined): Attributes {
  const out: Attributes = {};
  for (const [name, score] of Object.entries(scores ?? {})) {
    const value = score.value;
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') out[`hookline.score.${name}`] = value;
  }
  return out;
}

/** SampleEnd: ends the sample with its scores, limit and error (cancelled samples carry one). */
export function sampleEnd(tree: SpanTree, p: SampleEnd): void {
  const attributes = scoreAttributes(p.sample.scores);
  if (p.sample.limit !== undefined) attributes['hookline.sample.limit'] = p.sample.limit.type;
  if (p.sample.errorRetries !== undefined) attributes['hookline.sample.error_retries'] = p.sample.errorRetries.length;
  tree.closeKey('sample', p.sampleId, p.sample.error === undefined ? { attributes } : { attributes, exception: p.sample.error });
}
