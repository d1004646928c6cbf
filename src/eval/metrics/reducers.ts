/**
 * Epoch reducers: combine the per-epoch scores of one sample into one score. Names follow
 * Inspect (`mean`, `median`, `mode`, `max`, `at_least_{k}`, `pass_at_{k}`, `pass_k_{k}`).
 * @module
 */
import type { Score } from '../../types/log.ts';
import type { ScoreReducer } from '../types.ts';
import { type ElementReducer, reduceScores } from './reduce-shape.ts';
import { type ScoreScalar, valueToFloat } from './value.ts';

/** Returns a reducer named `name` (recorded in the log's `reductions` and `epochs_reducer`). */
export function defineReducer(name: string, fn: (scores: readonly Score[]) => Score): ScoreReducer {
  if (name.trim() === '') throw new TypeError('defineReducer() needs a non-empty name, e.g. defineReducer("mean", fn).');
  return Object.assign((scores: readonly Score[]) => fn(scores), { reducerName: name });
}

/** A reducer applying `reduce` to each position's scored values. */
function elementReducer(name: string, reduce: ElementReducer): ScoreReducer {
  return defineReducer(name, (scores) => reduceScores(name, scores, reduce));
}

/** A reducer applying a statistic to each position's values as numbers (NaN ones skipped). */
function statReducer(name: string, statistic: (values: number[]) => number): ScoreReducer {
  return elementReducer(name, (raw) => {
    const values = raw.map(valueToFloat).filter((v) => !Number.isNaN(v));
    return values.length === 0 ? Number.NaN : statistic(values);
  });
}

function checkK(factory: string, k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new TypeError(`${factory}(k) needs a whole number k ≥ 1 (got ${k}).`);
}

/** Returns the `mean` reducer (the default): the mean of the epochs' values, e.g. `C`, `I` → 0.5. */
export function meanScore(): ScoreReducer {
  return statReducer('mean', (values) => values.reduce((a, b) => a + b, 0) / values.length);
}

/** Returns the `median` reducer: the median of the epochs' values. */
export function medianScore(): ScoreReducer {
  return statReducer('median', (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  });
}

function counts(values: readonly ScoreScalar[]): Map<ScoreScalar, number> {
  const map = new Map<ScoreScalar, number>();
  for (const v of values) map.set(v, (map.get(v) ?? 0) + 1);
  return map;
}

/** Returns the `mode` reducer: the most common value as it is (ties go to the first seen). */
export function modeScore(): ScoreReducer {
  return elementReducer('mode', (values) => {
    let best: ScoreScalar = Number.NaN;
    let bestCount = 0;
    for (const [value, count] of counts(values)) {
      if (count > bestCount) [best, bestCount] = [value, count];
    }
    return best;
  });
}

/** Returns the `max` reducer: the value with the highest number, kept as it is (e.g. `C`). */
export function maxScore(): ScoreReducer {
  return elementReducer('max', (values) => {
    let best: ScoreScalar = values[0]!;
    for (const v of values) if (valueToFloat(v) > valueToFloat(best)) best = v;
    return best;
  });
}

/**
 * Returns the `at_least_{k}` reducer: 1 when at least `k` epochs scored `value` (default 1) or
 * more, else 0.
 */
export function atLeast(k: number, value = 1): ScoreReducer {
  checkK('atLeast', k);
  return elementReducer(`at_least_${k}`, (values) => (values.filter((v) => valueToFloat(v) >= value).length >= k ? 1 : 0));
}

/**
 * Returns the `pass_at_{k}` reducer: the unbiased estimate of the chance that at least one of
 * `k` epochs drawn from those run scores `value` (default 1) or more; NaN with fewer than `k`
 * scored epochs.
 */
export function passAtK(k: number, value = 1): ScoreReducer {
  checkK('passAtK', k);
  return statReducer(`pass_at_${k}`, (values) => {
    const total = values.length;
    const correct = values.filter((v) => v >= value).length;
    if (total < k) return Number.NaN;
    if (total - correct < k) return 1;
    let allFail = 1;
    for (let n = total - correct + 1; n <= total; n++) allFail *= 1 - k / n;
    return 1 - allFail;
  });
}

function combinations(n: number, k: number): number {
  if (k > n) return 0;
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

/**
 * Returns the `pass_k_{k}` reducer: the estimated chance that all of `k` epochs drawn from
 * those run score `value` (default 1) or more; NaN with fewer than `k` scored epochs.
 */
export function passK(k: number, value = 1): ScoreReducer {
  checkK('passK', k);
  return statReducer(`pass_k_${k}`, (values) => {
    if (values.length < k) return Number.NaN;
    return combinations(values.filter((v) => v >= value).length, k) / combinations(values.length, k);
  });
}
