/**
 * Text-matching scorers: `match()`, `includes()` and `exact()`.
 * @module
 */
import type { Score } from '../../types/log.ts';
import { mean, stderr } from '../metrics/metrics.ts';
import type { Scorer } from '../types.ts';
import { CORRECT, INCORRECT } from './constants.ts';
import { defineScorer } from './define.ts';
import { type MatchLocation, matchText, parseNumber } from './text.ts';

type Check = (completion: string, target: string) => [answer: string, matched: boolean];

/** A scorer that is correct when `check` matches the completion against any target value. */
function textScorer(name: string, params: Record<string, unknown>, check: Check): Scorer {
  return defineScorer(
    name,
    undefined,
    (state, target): Score => {
      const completion = state.output.completion;
      let answer: string | undefined;
      for (const value of target.values) {
        const [found, matched] = check(completion, value);
        answer = found;
        if (matched) return { value: CORRECT, answer, explanation: completion, history: [] };
      }
      const score: Score = { value: INCORRECT, explanation: completion, history: [] };
      if (answer !== undefined) score.answer = answer;
      return score;
    },
    params,
  );
}

/** Options of {@link match}. */
export interface MatchOptions {
  /** Where the target must appear: `begin`, `end` (default), `any`, or `exact`. */
  readonly location?: MatchLocation;
  /** Compare case-insensitively (default true). */
  readonly ignoreCase?: boolean;
  /**
   * Compare numbers by value (default false): currency signs, thousands separators and
   * formatting marks are ignored, so "The answer is $1,000." matches 1000. `60%` is not 60.
   */
  readonly numeric?: boolean;
}

/**
 * Returns the `match` scorer: correct when a target appears at the start, the end (default),
 * anywhere, or as the whole of the completion, ignoring surrounding whitespace and punctuation.
 */
export function match(options: MatchOptions = {}): Scorer {
  const resolved = { location: options.location ?? 'end', ignoreCase: options.ignoreCase ?? true, numeric: options.numeric ?? false };
  return textScorer('match', { ...resolved }, (completion, target) => matchText(completion, target, resolved));
}

/** Options of {@link includes}. */
export interface IncludesOptions {
  /** Compare case-insensitively (default true). */
  readonly ignoreCase?: boolean;
}

/** Returns the `includes` scorer: correct when the completion contains any target. */
export function includes(options: IncludesOptions = {}): Scorer {
  const ignoreCase = options.ignoreCase ?? true;
  return textScorer('includes', { ignoreCase }, (completion, target) => {
    const found = ignoreCase ? completion.toLowerCase().includes(target.toLowerCase()) : completion.includes(target);
    return [completion, found];
  });
}

const ARTICLES = /\b(?:a|an|the)\b/g;
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

function normalizeToken(token: string): string {
  let t = token.toLowerCase();
  const n = parseNumber(t);
  if (n === undefined) t = t.replace(PUNCTUATION, '');
  else t = String(n);
  return t.replace(ARTICLES, ' ').split(/\s+/).filter(Boolean).join(' ');
}

/** The set of normalised words of a text (case, punctuation, articles and number spelling ignored). */
export function normalizedWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const token of text.split(/[ -]/)) {
    for (const word of normalizeToken(token).split(' ')) if (word !== '') words.add(word);
  }
  return words;
}

function sameWords(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const word of a) if (!b.has(word)) return false;
  return true;
}

/**
 * Returns the `exact` scorer (metrics `mean`, `stderr`): correct when the completion and a
 * non-empty target have the same normalised words (case, punctuation, articles `a`/`an`/`the`
 * and number spelling ignored; as in Inspect, word order and repeats are ignored too).
 */
export function exact(): Scorer {
  return defineScorer(
    'exact',
    [mean(), stderr()],
    (state, target): Score => {
      const answer = state.output.completion;
      const words = normalizedWords(answer);
      const hit = target.values.some((t) => t.trim() !== '' && sameWords(words, normalizedWords(t)));
      return { value: hit ? CORRECT : INCORRECT, answer, history: [] };
    },
    {},
  );
}
