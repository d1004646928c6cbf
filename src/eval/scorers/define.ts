/**
 * {@link defineScorer}: names a scoring function and attaches its metrics.
 * @module
 */
import { accuracy, stderr } from '../metrics/metrics.ts';
import type { Metric, Scorer, ScorerFn, TaskState, Target } from '../types.ts';

/**
 * Returns a scorer: `fn` with the name and parameters recorded in the log header and the
 * metrics computed over its scores (default `[accuracy(), stderr()]`). `fn` itself is left
 * untouched, so one function may back several scorers.
 */
export function defineScorer(
  name: string,
  metrics: readonly Metric[] | undefined,
  fn: ScorerFn,
  params: Record<string, unknown> = {},
): Scorer {
  if (name.trim() === '') throw new TypeError('defineScorer() needs a non-empty name, e.g. defineScorer("match", metrics, fn).');
  const scorer = (state: TaskState, target: Target) => fn(state, target);
  Object.defineProperty(scorer, 'name', { value: name });
  return Object.assign(scorer, { scorerName: name, scorerParams: params, metrics: metrics ?? [accuracy(), stderr()] });
}
