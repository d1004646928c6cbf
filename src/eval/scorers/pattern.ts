/**
 * Scorers that extract the answer with a regular expression: `pattern()` and `answer()`.
 * @module
 */
import { ConfigError } from '../../errors.ts';
import type { Score } from '../../types/log.ts';
import type { Scorer, Target } from '../types.ts';
import { CORRECT, INCORRECT } from './constants.ts';
import { defineScorer } from './define.ts';
import { captureGroupCount, toRegExp } from './regex.ts';

/** Options of {@link pattern}. */
export interface PatternOptions {
  /** Match the pattern and compare the extracted text with the targets case-insensitively (default true). */
  readonly ignoreCase?: boolean;
  /** With several capture groups, every captured value must be a target (default: any one). */
  readonly matchAll?: boolean;
}

function isTarget(text: string, target: Target, ignoreCase: boolean): boolean {
  return ignoreCase ? target.values.some((t) => t.toLowerCase() === text.toLowerCase()) : target.values.includes(text);
}

function patternScorer(name: string, params: Record<string, unknown>, regex: string | RegExp, options: PatternOptions): Scorer {
  const ignoreCase = options.ignoreCase ?? true;
  const matchAll = options.matchAll ?? false;
  const re = toRegExp(regex, { ignoreCase, owner: `${name}()` });
  if (captureGroupCount(re) === 0) {
    throw new ConfigError(`${name}(): the pattern ${String(re)} has no capture group. Wrap the answer part in parentheses, e.g. /ANSWER: (\\w+)/.`);
  }
  return defineScorer(
    name,
    undefined,
    (state, target): Score => {
      const completion = state.output.completion;
      const found = re.exec(completion);
      if (found === null) return { value: INCORRECT, explanation: `Scoring pattern not matched in output: ${completion}`, history: [] };
      const groups = found.slice(1).filter((g): g is string => g !== undefined);
      let answer: string | undefined;
      let correct: boolean;
      if (matchAll) {
        correct = groups.length > 0 && groups.every((g) => isTarget(g, target, ignoreCase));
        answer = correct ? target.text : undefined;
      } else {
        answer = groups.find((g) => isTarget(g, target, ignoreCase));
        correct = answer !== undefined;
        // With one group, the wrong answer it captured is worth showing.
        if (!correct && groups.length === 1) answer = groups[0];
      }
      const score: Score = { value: correct ? CORRECT : INCORRECT, explanation: completion, history: [] };
      if (answer !== undefined) score.answer = answer;
      return score;
    },
    params,
  );
}

/**
 * Returns the `pattern` scorer: extracts the answer with a regular expression's capture
 * group(s) and compares it with the targets. A string pattern may use Python syntax such as a
 * leading `(?i)`.
 */
export function pattern(regex: string | RegExp, options: PatternOptions = {}): Scorer {
  const params = { pattern: typeof regex === 'string' ? regex : regex.source, ignoreCase: options.ignoreCase ?? true, matchAll: options.matchAll ?? false };
  return patternScorer('pattern', params, regex, options);
}

/** The kinds of answer {@link answer} extracts. */
export type AnswerKind = 'letter' | 'word' | 'line';

/** Patterns matching the last `ANSWER:` of the output (models sometimes correct themselves). */
export const ANSWER_PATTERNS: Readonly<Record<AnswerKind, RegExp>> = {
  letter: /ANSWER\s*:\s*([A-Za-z])(?:[^\w]|\n|$)(?![\s\S]*ANSWER\s*:)/i,
  word: /ANSWER\s*:\s*(\S+?)(?=[.,;:!?]?\s*(?:\n|$))(?![\s\S]*ANSWER\s*:)/i,
  line: /ANSWER\s*:\s*([^\n]+?)\s*$/i,
};

/**
 * Returns the `answer` scorer: reads the model's last `ANSWER: …` and compares a single letter
 * (`letter`, for multiple choice), the next word (`word`, e.g. yes/no) or the rest of the final
 * line (`line`) with the targets, ignoring case.
 */
export function answer(kind: AnswerKind): Scorer {
  const re = ANSWER_PATTERNS[kind] as RegExp | undefined;
  if (re === undefined) throw new ConfigError(`answer(): unknown kind ${JSON.stringify(kind)}. Use 'letter', 'word' or 'line'.`);
  return patternScorer('answer', { pattern: kind }, re, {});
}
