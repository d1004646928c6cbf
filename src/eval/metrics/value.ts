/**
 * Converting score values to numbers (Inspect's `value_to_float()`).
 * @module
 */
import type { ScoreValue } from '../../types/log.ts';
import { warn } from '../../runtime/warnings.ts';
import { CORRECT, INCORRECT, NOANSWER, PARTIAL } from '../scorers/constants.ts';

/** A scalar inside a score value (list elements and dict values; `null` only in dicts). */
export type ScoreScalar = string | number | boolean | null;

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * Returns the number a score value stands for: numbers map to themselves (NaN stays NaN,
 * meaning "unscored"); `C` → 1, `P` → 0.5, `I` and `N` → 0; booleans, `yes`/`true` → 1 and
 * `no`/`false` → 0 (any case); numeric strings are parsed. Lists, dicts and other strings map
 * to 0 with a warning (source `metrics`).
 */
export function valueToFloat(value: ScoreValue | ScoreScalar): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    if (value === CORRECT) return 1;
    if (value === PARTIAL) return 0.5;
    if (value === INCORRECT || value === NOANSWER) return 0;
    const text = value.trim().toLowerCase();
    if (text === 'yes' || text === 'true') return 1;
    if (text === 'no' || text === 'false') return 0;
    if (NUMERIC.test(text)) return Number(text);
    if (text === 'nan') return Number.NaN;
  }
  warn(
    `Unable to convert score value ${describe(value)} to a number; counting it as 0. ` +
      'Give the scorer metrics that understand its values, or reduce list and dict values element-wise.',
    'metrics',
  );
  return 0;
}

/** Tells whether a score value is the "unscored" marker (NaN). */
export function isUnscored(value: ScoreValue | ScoreScalar): boolean {
  return typeof value === 'number' && Number.isNaN(value);
}

function describe(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}
