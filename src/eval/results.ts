/**
 * Task results: scores reduced across epochs first, then metrics over the reduced scores
 * (Inspect's order), plus the per-sample reductions and usage totals.
 * @module
 */
import type { EvalResults, EvalSample, EvalSampleReductions, EvalScore, Score } from '../types/log.ts';
import type { ModelUsage } from '../types/model.ts';
import { thinScore } from '../log/summary.ts';
import { paramsToWire } from '../log/wire.ts';
import { accuracy, stderr, valueToFloat } from './metrics/index.ts';
import type { ResolvedTask } from './resolved-task.ts';
import type { ReducedScore } from './types.ts';

/** What the results need of a logged sample: its ids, whether it failed and its scores (thinned). */
export interface ResultSample {
  readonly id: string | number;
  readonly epoch: number;
  readonly failed: boolean;
  readonly scores: Readonly<Record<string, Score>> | undefined;
}

/**
 * Returns the part of a completed sample that the task's results need, called as it is logged:
 * scores keep their value and at most 1 KB of answer, explanation and metadata (as summaries do),
 * so a task's memory does not grow with its samples' size.
 */
export function toResultSample(sample: EvalSample): ResultSample {
  const scores = sample.scores === undefined ? undefined : Object.fromEntries(Object.entries(sample.scores).map(([name, score]) => [name, thinScore(score)]));
  return { id: sample.id, epoch: sample.epoch, failed: sample.error !== undefined, scores };
}

/** Results and reductions of a task. */
export interface TaskResults {
  readonly results: EvalResults;
  readonly reductions: EvalSampleReductions[];
}

function isUnscored(score: Score): boolean {
  return typeof score.value === 'number' && Number.isNaN(score.value);
}

/**
 * Each completed sample's score for one scorer, by sample id (its epochs together), in order of
 * first appearance. A sample with one epoch holds its score alone: no list per sample.
 */
function scoresBySample(samples: readonly ResultSample[], scorer: string): Map<string | number, Score | Score[]> {
  const bySample = new Map<string | number, Score | Score[]>();
  for (const sample of samples) {
    if (sample.failed) continue;
    const score = sample.scores?.[scorer];
    if (score === undefined) continue;
    const known = bySample.get(sample.id);
    if (known === undefined) bySample.set(sample.id, score);
    else if (Array.isArray(known)) known.push(score);
    else bySample.set(sample.id, [known, score]);
  }
  return bySample;
}

/** Computes the results of a task from its logged samples. */
export function computeResults(task: ResolvedTask, samples: readonly ResultSample[]): TaskResults {
  let completedSamples = 0;
  for (const sample of samples) if (!sample.failed) completedSamples++;
  const scores: EvalScore[] = [];
  const reductions: EvalSampleReductions[] = [];
  const explicitReducer = task.reducers.length > 1 || task.reducers[0]?.reducerName !== 'mean';
  for (const { name, scorer } of task.scorers) {
    const bySample = scoresBySample(samples, name);
    for (const reducer of task.reducers) {
      const reduced: ReducedScore[] = [];
      for (const [sampleId, list] of bySample) reduced.push({ sampleId, score: reducer(Array.isArray(list) ? list : [list]) });
      const scored = reduced.filter((r) => !isUnscored(r.score));
      const metricFns = scorer.metrics ?? [accuracy(), stderr()];
      const metrics: EvalScore['metrics'] = {};
      for (const metric of metricFns) {
        let key = metric.metricName;
        for (let n = 2; key in metrics; n++) key = `${metric.metricName}${n}`;
        metrics[key] = { name: metric.metricName, value: metric(scored), params: {} };
      }
      scores.push({
        name,
        scorer: name,
        ...(explicitReducer ? { reducer: reducer.reducerName } : {}),
        params: paramsToWire(scorer.scorerParams ?? {}),
        metrics,
        scoredSamples: scored.length,
        unscoredSamples: reduced.length - scored.length,
      });
      reductions.push({
        scorer: name,
        ...(explicitReducer ? { reducer: reducer.reducerName } : {}),
        samples: reduced.map((r) => Object.assign({}, r.score, { sampleId: r.sampleId })),
      });
    }
  }
  return {
    results: { totalSamples: task.samples.length * task.epochs, completedSamples, scores },
    reductions,
  };
}

/** Adds one sample's usage per model into `totals` (called as each sample is logged). */
export function addUsage(totals: Record<string, ModelUsage>, usage: Readonly<Record<string, ModelUsage>>): void {
  for (const [model, u] of Object.entries(usage)) {
    const t = (totals[model] ??= { inputTokens: 0, outputTokens: 0, totalTokens: 0 });
    t.inputTokens += u.inputTokens;
    t.outputTokens += u.outputTokens;
    t.totalTokens += u.totalTokens;
    if (u.totalCost !== undefined) t.totalCost = (t.totalCost ?? 0) + u.totalCost;
  }
}

/** The float value of a score (NaN for unscored), for displays. */
export function scoreAsFloat(score: Score): number {
  return valueToFloat(score.value);
}
