/**
 * Metrics over the reduced per-sample scores of one scorer: `accuracy`, `mean`, `stderr`, `std`,
 * `variance`, and {@link defineMetric} for custom ones. The built-in metrics skip unscored (NaN)
 * values.
 * @module
 */
import type { Metric, ReducedScore } from '../types.ts';
import { valueToFloat } from './value.ts';

/** Computes a metric value from the reduced scores of one scorer. */
export type MetricFn = (scores: readonly ReducedScore[]) => number;

/**
 * Returns a metric named `name` (the key of its value in the results, e.g. `accuracy`).
 * The function receives every reduced score; use {@link scoredValues} to get the numbers.
 */
export function defineMetric(name: string, fn: MetricFn): Metric {
  if (name.trim() === '') throw new TypeError('defineMetric() needs a non-empty name, e.g. defineMetric("accuracy", fn).');
  return Object.assign((scores: readonly ReducedScore[]) => fn(scores), { metricName: name });
}

/** Returns the scores' values as numbers (see `valueToFloat`), leaving out unscored (NaN) ones. */
export function scoredValues(scores: readonly ReducedScore[]): number[] {
  const values: number[] = [];
  for (const { score } of scores) {
    const value = valueToFloat(score.value);
    if (!Number.isNaN(value)) values.push(value);
  }
  return values;
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Sample variance (ddof = 1); 0 with fewer than two values. */
function sampleVariance(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const mean = sum(values) / n;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return squares / (n - 1);
}

/** Returns the `accuracy` metric: the mean of the score values, 0 when nothing was scored. */
export function accuracy(): Metric {
  return defineMetric('accuracy', (scores) => {
    const values = scoredValues(scores);
    return values.length === 0 ? 0 : sum(values) / values.length;
  });
}

/** Returns the `mean` metric: the mean of the score values, NaN when nothing was scored. */
export function mean(): Metric {
  return defineMetric('mean', (scores) => {
    const values = scoredValues(scores);
    return values.length === 0 ? Number.NaN : sum(values) / values.length;
  });
}

/**
 * Returns the `stderr` metric: the standard error of the mean, i.e. the sample standard
 * deviation (ddof = 1) over √n; 0 with fewer than two scored values.
 */
export function stderr(): Metric {
  return defineMetric('stderr', (scores) => {
    const values = scoredValues(scores);
    return values.length < 2 ? 0 : Math.sqrt(sampleVariance(values)) / Math.sqrt(values.length);
  });
}

/** Returns the `std` metric: the sample standard deviation (ddof = 1); 0 with fewer than two values. */
export function std(): Metric {
  return defineMetric('std', (scores) => Math.sqrt(sampleVariance(scoredValues(scores))));
}

/** Returns the `var` metric: the sample variance (ddof = 1); 0 with fewer than two values. */
export function variance(): Metric {
  return defineMetric('var', (scores) => sampleVariance(scoredValues(scores)));
}
