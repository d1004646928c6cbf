/**
 * The `choice()` scorer for `multipleChoice()`.
 * @module
 */
import { ConfigError } from '../../errors.ts';
import type { Score } from '../../types/log.ts';
import { lettersIn, parseAnswerLetters } from '../solvers/choices.ts';
import type { Scorer } from '../types.ts';
import { CORRECT, INCORRECT } from './constants.ts';
import { defineScorer } from './define.ts';

/**
 * Returns the `choice` scorer: correct when the letters chosen in the model's `ANSWER: …` are
 * exactly the target letters (a target `A`, or `["A", "C"]` when several are correct). An
 * output without an `ANSWER:` is incorrect. Throws for a sample without choices.
 */
export function choice(): Scorer {
  return defineScorer(
    'choice',
    undefined,
    (state, target): Score => {
      const choices = state.choices;
      if (choices === undefined || choices.length === 0) {
        throw new ConfigError(
          `choice(): sample ${JSON.stringify(state.sampleId)} has no choices. Give every sample a 'choices' list and solve it with multipleChoice().`,
        );
      }
      const completion = state.output.completion;
      const chosen = parseAnswerLetters(completion, choices.length);
      if (chosen === undefined) {
        return { value: INCORRECT, explanation: `No 'ANSWER: <letter>' found in the output: ${completion}`, history: [] };
      }
      const expected = lettersIn(target.values.join(' '));
      const correct = chosen.length === expected.length && chosen.every((letter, i) => letter === expected[i]);
      return { value: correct ? CORRECT : INCORRECT, answer: chosen.join(', '), explanation: completion, history: [] };
    },
    {},
  );
}
