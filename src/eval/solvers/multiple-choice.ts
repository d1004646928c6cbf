/**
 * The `multipleChoice()` solver, to be scored with `choice()`.
 * @module
 */
import { ConfigError } from '../../errors.ts';
import type { ChatMessageAssistant } from '../../types/model.ts';
import { createRandom, hashSeed, shuffleInPlace } from '../dataset/random.ts';
import type { Solver, TaskState } from '../types.ts';
import { answerLetter, formatChoices, parseAnswerLetters } from './choices.ts';
import { defineSolver } from './define.ts';
import { setUserPrompt, userPrompt } from './prompt.ts';
import { formatTemplate } from './template.ts';

/** The default template for one correct answer. */
export const SINGLE_ANSWER_TEMPLATE = `Answer the following multiple choice question. The entire content of your response should be of the following format: 'ANSWER: $LETTER' (without quotes) where LETTER is one of {letters}.

{question}

{choices}`;

/** The default template when several answers may be correct. */
export const MULTIPLE_ANSWER_TEMPLATE = `Answer the following multiple choice question where multiple answers may be correct. The entire content of your response should be of the following format: 'ANSWER: $LETTERS' (without quotes) where LETTERS is one or more of {letters}.

{question}

{choices}`;

/** Options of {@link multipleChoice}. */
export interface MultipleChoiceOptions {
  /** A template with `{question}` and `{choices}` (and optionally `{letters}`, e.g. `A,B,C`). */
  readonly template?: string;
  /** Several answers may be correct (chooses the default template; default false). */
  readonly multipleCorrect?: boolean;
  /** Present the choices in a random order (default false); the log shows them unshuffled. */
  readonly shuffle?: boolean;
  /** Seed of the shuffle; each sample and epoch gets its own order derived from it. */
  readonly seed?: number;
}

function prompt(question: string, choices: readonly string[], template: string): string {
  const letters = choices.map((_, i) => answerLetter(i)).join(',');
  return formatTemplate(template, { question, choices: formatChoices(choices), letters }, 'multipleChoice()');
}

/** Makes the conversation read as if the choices had been shown in their original order. */
function unshuffle(state: TaskState, question: string, template: string, order: readonly number[]): void {
  const choices = state.choices!;
  setUserPrompt(state, prompt(question, choices, template), 'multipleChoice()');
  const chosen = parseAnswerLetters(state.output.completion, choices.length);
  if (chosen === undefined) return;
  const original = chosen.map((l) => answerLetter(order[l.charCodeAt(0) - 65]!)).sort();
  const text = `ANSWER: ${original.join(', ')}`;
  const first = state.output.choices[0];
  if (first === undefined) return;
  const message: ChatMessageAssistant = { ...first.message, content: text };
  state.output = { ...state.output, completion: text, choices: [{ ...first, message }, ...state.output.choices.slice(1)] };
  const last = state.messages.length - 1;
  if (state.messages[last]?.role === 'assistant') state.messages[last] = message;
}

/**
 * Returns the `multiple_choice` solver: rewrites the user prompt as a lettered list of the
 * sample's choices (`A) …`, `B) …`) asking for `ANSWER: <letter>`, then generates. Score it with
 * `choice()`.
 */
export function multipleChoice(options: MultipleChoiceOptions = {}): Solver {
  const template = options.template ?? (options.multipleCorrect === true ? MULTIPLE_ANSWER_TEMPLATE : SINGLE_ANSWER_TEMPLATE);
  if (!template.includes('{question}') || !template.includes('{choices}')) {
    throw new ConfigError('multipleChoice(): the template must contain {question} and {choices} placeholders. Add them to the template.');
  }
  const params: Record<string, unknown> = { multipleCorrect: options.multipleCorrect ?? false, shuffle: options.shuffle ?? false };
  if (options.template !== undefined) params.template = options.template;
  if (options.seed !== undefined) params.seed = options.seed;
  return defineSolver('multiple_choice', params, async (state, generate) => {
    const choices = state.choices;
    if (choices === undefined || choices.length === 0) {
      throw new ConfigError(`multipleChoice(): sample ${JSON.stringify(state.sampleId)} has no choices. Give every sample a 'choices' list.`);
    }
    const question = userPrompt(state);
    const order = choices.map((_, i) => i);
    if (options.shuffle === true) {
      const seed = options.seed === undefined ? undefined : hashSeed(`${options.seed}:${String(state.sampleId)}:${state.epoch}`);
      shuffleInPlace(order, createRandom(seed));
    }
    setUserPrompt(state, prompt(question, order.map((i) => choices[i]!), template), 'multipleChoice()');
    const next = await generate(state);
    if (options.shuffle === true) unshuffle(next, question, template, order);
    return next;
  });
}
