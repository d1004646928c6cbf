/**
 * Multiple-choice helpers shared by the `multipleChoice()` solver and the `choice()` scorer:
 * letters, the `A) …` listing, and reading the chosen letters from `ANSWER: …`.
 * @module
 */

/** Returns the letter of a choice position (0 → `A`). */
export function answerLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

/** Returns the choices as lines `A) first`, `B) second`, … */
export function formatChoices(choices: readonly string[]): string {
  return choices.map((choice, i) => `${answerLetter(i)}) ${choice}`).join('\n');
}

/**
 * Returns the letters a text names (uppercase, sorted, without repeats): single letters
 * separated by spaces or commas (`A`, `a, c`), or a run of capitals (`AC`); other words such as
 * "and" are ignored. With `count`, letters past the last choice are dropped.
 */
export function lettersIn(text: string, count?: number): string[] {
  const letters = new Set<string>();
  for (const token of text.split(/[\s,]+/)) {
    if (/^[A-Za-z]$/.test(token) || /^[A-Z]+$/.test(token)) for (const c of token.toUpperCase()) letters.add(c);
  }
  return [...letters].filter((l) => count === undefined || l.charCodeAt(0) - 65 < count).sort();
}

const ANSWER_LINE = /ANSWER\s*:\s*([A-Za-z ,]+)(?:[^\w]|\n|$)/i;

/**
 * Returns the letters chosen in a completion's `ANSWER: …` (e.g. `ANSWER: A`, `ANSWER: B, C`),
 * or undefined when there is no such answer.
 */
export function parseAnswerLetters(completion: string, count?: number): string[] | undefined {
  const found = ANSWER_LINE.exec(completion);
  return found === null ? undefined : lettersIn(found[1]!, count);
}
