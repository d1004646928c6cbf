/**
 * Turning reducer names (as Inspect writes them: `mean`, `at_least_2`, `pass_at_3`) into
 * reducers.
 * @module
 */
import { ConfigError } from '../../errors.ts';
import type { Epochs, ScoreReducer } from '../types.ts';
import { atLeast, maxScore, meanScore, medianScore, modeScore, passAtK, passK } from './reducers.ts';

const PLAIN: Readonly<Record<string, () => ScoreReducer>> = {
  mean: meanScore,
  median: medianScore,
  mode: modeScore,
  max: maxScore,
};

const WITH_K: Readonly<Record<string, (k: number) => ScoreReducer>> = {
  at_least: atLeast,
  pass_at: passAtK,
  pass_k: passK,
};

/**
 * Returns the reducer for a name (`mean`, `median`, `mode`, `max`, `at_least_{k}`,
 * `pass_at_{k}`, `pass_k_{k}`), or the reducer itself. Throws a `ConfigError` naming the known
 * reducers for an unknown name.
 */
export function resolveReducer(reducer: string | ScoreReducer): ScoreReducer {
  if (typeof reducer === 'function') return reducer;
  const plain = PLAIN[reducer];
  if (plain !== undefined) return plain();
  const match = /^(.*?)_(\d+)$/.exec(reducer);
  const withK = match === null ? undefined : WITH_K[match[1]!];
  if (withK !== undefined && Number(match![2]) >= 1) return withK(Number(match![2]));
  throw new ConfigError(
    `Unknown score reducer '${reducer}'. Use one of mean, median, mode, max, at_least_<k>, pass_at_<k>, pass_k_<k> ` +
      '(k a whole number ≥ 1, e.g. at_least_2), or pass a reducer made with defineReducer().',
  );
}

/** Returns the reducers of an epochs setting (`mean` alone when none is given). */
export function resolveReducers(reducer: Epochs['reducer']): ScoreReducer[] {
  if (reducer === undefined) return [meanScore()];
  const list: readonly (string | ScoreReducer)[] = typeof reducer === 'string' || typeof reducer === 'function' ? [reducer] : reducer;
  if (list.length === 0) return [meanScore()];
  return list.map(resolveReducer);
}
