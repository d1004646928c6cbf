/**
 * Text and number normalisation behind `match()` (Inspect's `match_str`): trimming, case,
 * punctuation at the ends, and numbers compared by value.
 * @module
 */

const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
/** Punctuation that often sticks to a number in prose ("(42)", "42!"); `%` is not one: 60% is not 60. */
const TOKEN_PUNCTUATION = new Set('!?:;()[]{}\'"`~<=>@#^&|');
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** Where in the completion `match()` looks for the target. */
export type MatchLocation = 'begin' | 'end' | 'any' | 'exact';

function stripChars(s: string, chars: ReadonlySet<string>, whitespace: boolean): string {
  let start = 0;
  let end = s.length;
  const strip = (c: string): boolean => chars.has(c) || (whitespace && /\s/.test(c));
  while (start < end && strip(s[start]!)) start++;
  while (end > start && strip(s[end - 1]!)) end--;
  return s.slice(start, end);
}

/** Returns `s` without whitespace and ASCII punctuation at either end. */
export function stripPunctuation(s: string): string {
  return stripChars(s, PUNCTUATION, true);
}

/** Removes currency signs, thousands separators, formatting marks and sentence-ending dots. */
export function stripNumericPunctuation(s: string): string {
  return s.replace(/[$,£€*_]/g, '').replace(/\.(?=\s|$|\D)/g, '');
}

/** Returns the finite number `s` spells (allowing a Unicode minus), or undefined. */
export function parseNumber(s: string): number | undefined {
  const text = s.trim().replace(/^\u2212/, '-');
  if (!NUMBER.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Formats a number like Python's `format(n, ".5g")` (5 significant digits, no trailing zeros). */
export function formatSignificant(n: number, precision = 5): string {
  if (n === 0) return '0';
  const [mantissa, exponentText] = n.toExponential(precision - 1).split('e') as [string, string];
  const exponent = Number(exponentText);
  const trim = (x: string): string => (x.includes('.') ? x.replace(/0+$/, '').replace(/\.$/, '') : x);
  if (exponent < -4 || exponent >= precision) {
    return `${trim(mantissa)}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return trim(n.toFixed(precision - 1 - exponent));
}

/** Returns the canonical text of a number (5 significant digits), or `s` itself when not a number. */
export function normalizeNumber(s: string): string {
  const n = parseNumber(s);
  return n === undefined ? s : formatSignificant(n);
}

function numberToken(word: string): string | undefined {
  if (parseNumber(word) !== undefined) return normalizeNumber(word);
  const stripped = stripChars(word, TOKEN_PUNCTUATION, false);
  return stripped !== word && parseNumber(stripped) !== undefined ? normalizeNumber(stripped) : undefined;
}

function numbersIn(text: string): string[] {
  const numbers: string[] = [];
  for (const word of text.split(/\s+/)) {
    const n = numberToken(word);
    if (n !== undefined) numbers.push(n);
  }
  return numbers;
}

/** Options of {@link matchText}. */
export interface MatchTextOptions {
  readonly location: MatchLocation;
  readonly ignoreCase: boolean;
  readonly numeric: boolean;
}

/**
 * Compares a completion with one target; returns the answer found and whether it matches.
 * Text: trimmed, optionally case-folded, punctuation-insensitive at the ends, then compared at
 * the location. Numeric (when the target is a number): the first (`begin`), last (`end`), any,
 * or the whole (`exact`) number of the completion must equal the target's value.
 */
export function matchText(value: string, target: string, options: MatchTextOptions): [answer: string, matched: boolean] {
  let v = value.trim();
  let t = target.trim();
  let answer = v;
  if (options.ignoreCase) {
    v = v.toLowerCase();
    t = t.toLowerCase();
  }
  if (options.numeric) t = stripNumericPunctuation(t);
  if (options.numeric && parseNumber(t) !== undefined) {
    // A numeric target is only compared as a number: "25" ends with "5", but 25 is not 5.
    v = stripNumericPunctuation(v);
    t = normalizeNumber(t);
    const numbers = numbersIn(v);
    if (options.location === 'any') {
      const hit = numbers.find((n) => n === t);
      return hit === undefined ? [answer, false] : [hit, true];
    }
    v = options.location === 'begin' ? (numbers[0] ?? '') : options.location === 'end' ? (numbers.at(-1) ?? '') : normalizeNumber(v);
    answer = v;
    return [answer, v === t];
  }
  v = stripPunctuation(v);
  t = stripPunctuation(t);
  switch (options.location) {
    case 'begin':
      return [answer, v.startsWith(t)];
    case 'end':
      return [answer, v.endsWith(t)];
    case 'exact':
      return [answer, v === t];
    case 'any':
      return [answer, v.includes(t)];
  }
}
