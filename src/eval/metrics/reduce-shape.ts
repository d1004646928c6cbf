/**
 * The shape-aware core of score reducers: scalar values reduce directly, list values index by
 * index and dict values key by key; unscored (NaN) values are skipped.
 * @module
 */
import { ConfigError } from '../../errors.ts';
import type { Score, ScoreValue } from '../../types/log.ts';
import { isUnscored, type ScoreScalar } from './value.ts';

/** Reduces the scored (non-NaN) values found at one position across epochs; never called empty. */
export type ElementReducer = (values: readonly ScoreScalar[]) => ScoreScalar;

type ScoreDict = Record<string, ScoreScalar>;

function isDict(value: ScoreValue): value is ScoreDict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns the score carrying `value`, keeping answer and explanation only when every epoch agrees. */
export function reducedScore(value: ScoreValue, scores: readonly Score[]): Score {
  const score: Score = { value, history: [] };
  const first = scores[0];
  if (first === undefined) return score;
  if (first.answer !== undefined && scores.every((s) => s.answer === first.answer)) score.answer = first.answer;
  if (first.explanation !== undefined && scores.every((s) => s.explanation === first.explanation)) score.explanation = first.explanation;
  if (first.metadata !== undefined) score.metadata = first.metadata;
  return score;
}

function reduceOne(values: ScoreScalar[], reduce: ElementReducer): ScoreScalar {
  const scored = values.filter((v) => !isUnscored(v));
  return scored.length === 0 ? Number.NaN : reduce(scored);
}

function shapeError(reducer: string, detail: string): ConfigError {
  return new ConfigError(
    `Cannot reduce scores with ${reducer}: ${detail}. Every epoch of a sample must score the same shape ` +
      '(all scalars, lists of one length, or dicts with the same keys); return NaN to mark an epoch unscored.',
  );
}

function reduceDicts(reducer: string, scores: readonly Score[], reduce: ElementReducer): ScoreValue {
  const dicts: ScoreDict[] = [];
  for (const { value } of scores) {
    if (isDict(value)) dicts.push(value);
    else if (!isUnscored(value)) throw shapeError(reducer, `a dict score next to ${JSON.stringify(value)}`);
  }
  const keys = Object.keys(dicts[0]!);
  const keyList = [...keys].sort().join(',');
  for (const dict of dicts) {
    if (Object.keys(dict).sort().join(',') !== keyList) throw shapeError(reducer, `dict keys [${keyList}] vs [${Object.keys(dict).sort().join(',')}]`);
  }
  const result: ScoreDict = {};
  for (const key of keys) result[key] = reduceOne(dicts.map((d) => d[key]!), reduce);
  return result;
}

function reduceLists(reducer: string, scores: readonly Score[], reduce: ElementReducer): ScoreValue {
  const lists: ScoreScalar[][] = [];
  for (const { value } of scores) {
    if (Array.isArray(value)) lists.push(value);
    else if (!isUnscored(value)) throw shapeError(reducer, `a list score next to ${JSON.stringify(value)}`);
  }
  const length = lists[0]!.length;
  for (const list of lists) {
    if (list.length !== length) throw shapeError(reducer, `list lengths ${length} vs ${list.length}`);
  }
  const result: ScoreScalar[] = [];
  for (let i = 0; i < length; i++) result.push(reduceOne(lists.map((l) => l[i]!), reduce));
  // Lists hold no nulls: every reducer returns a scalar, NaN when nothing was scored.
  return result as (string | number | boolean)[];
}

/**
 * Reduces the per-epoch scores of one sample with `reduce` applied element-wise (the shape is
 * taken from the first scored epoch). No scored epoch at all gives a NaN score.
 */
export function reduceScores(reducer: string, scores: readonly Score[], reduce: ElementReducer): Score {
  const representative = scores.find((s) => !isUnscored(s.value));
  if (representative === undefined) return reducedScore(Number.NaN, scores);
  const shape = representative.value;
  if (isDict(shape)) return reducedScore(reduceDicts(reducer, scores, reduce), scores);
  if (Array.isArray(shape)) return reducedScore(reduceLists(reducer, scores, reduce), scores);
  const scalars: ScoreScalar[] = [];
  for (const { value } of scores) {
    if (typeof value === 'object') throw shapeError(reducer, `a scalar score next to ${JSON.stringify(value)}`);
    scalars.push(value);
  }
  return reducedScore(reduceOne(scalars, reduce) ?? Number.NaN, scores);
}
