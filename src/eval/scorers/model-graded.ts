/**
 * Model-graded scorers: `modelGradedQa()` and `modelGradedFact()` ask a grader model whether the
 * answer meets the target and read its `GRADE: C|P|I`.
 * @module
 */
import type { Score } from '../../types/log.ts';
import { getModel, type Model } from '../../model/index.ts';
import type { ChatMessage } from '../../types/model.ts';
import { formatTemplate } from '../solvers/template.ts';
import { textOf } from '../../model/output.ts';
import type { Scorer, TaskState } from '../types.ts';
import { INCORRECT } from './constants.ts';
import { defineScorer } from './define.ts';
import { toRegExp } from './regex.ts';

/** The default grading template (`question`, `answer`, `criterion`, `instructions`, and metadata keys). */
export const DEFAULT_MODEL_GRADED_QA_TEMPLATE = `
You are assessing a submitted answer on a given task based on a criterion. Here is the data:

[BEGIN DATA]
***
[Task]: {question}
***
[Submission]: {answer}
***
[Criterion]: {criterion}
***
[END DATA]

Does the submission meet the criterion?

{instructions}
`;

/** The grading template of {@link modelGradedFact}. */
export const DEFAULT_MODEL_GRADED_FACT_TEMPLATE = `
You are comparing a submitted answer to an expert answer on a given question. Here is the data:

[BEGIN DATA]
************
[Question]: {question}
************
[Expert]: {criterion}
************
[Submission]: {answer}
************
[END DATA]

Compare the factual content of the submitted answer with the expert answer. Ignore any differences in style, grammar, or punctuation.

Does the submission contain the content in the expert answer?

{instructions}
`;

/** Returns the default grading instructions (asking for `GRADE: C` / `GRADE: I`, and `P` with partial credit). */
export function defaultGradingInstructions(partialCredit: boolean): string {
  const letters = partialCredit ? 'CPI' : 'CI';
  const partial = partialCredit ? '"P" for partially correct answers, ' : '';
  return `
After assessing the submitted answer, reply with 'GRADE: $LETTER' (without quotes) where LETTER is one of ${letters}.  Please choose ONE option for the grade: either "C" for correct answers, ${partial}or "I" for incorrect answers.

For example, after reviewing a correct answer you might write 'GRADE: C' or after reviewing an incorrect answer you might write 'GRADE: I'.

First, write out in a step by step manner your reasoning about the criterion to be sure that your conclusion is correct. Avoid simply stating the correct answers at the outset. Then, end with your answer formatted as 'GRADE: $LETTER' (without quotes) where LETTER is one of ${letters}.
`;
}

/** The default grade pattern: the last `GRADE: C`, `GRADE: P` or `GRADE: I` of the grader's reply. */
export const DEFAULT_GRADE_PATTERN = /GRADE\s*:\s*([CPI])(?![\s\S]*GRADE\s*:)/i;

/** Options of {@link modelGradedQa}. */
export interface ModelGradedOptions {
  /** The grader: a model or a model name (default: the model being evaluated). */
  readonly model?: string | Model;
  /** The grading prompt template (see {@link DEFAULT_MODEL_GRADED_QA_TEMPLATE}). */
  readonly template?: string;
  /** Grading instructions (default: {@link defaultGradingInstructions}). */
  readonly instructions?: string;
  /** Extracts the grade (its first capture group) from the reply (default {@link DEFAULT_GRADE_PATTERN}). */
  readonly gradePattern?: string | RegExp;
  /** Let the default instructions allow `P` (partly correct; default false). */
  readonly partialCredit?: boolean;
  /** Show the whole conversation as the question (default: only the input), or a function presenting it. */
  readonly includeHistory?: boolean | ((state: TaskState) => string);
}

/** The conversation as text: system messages left out, the final answer and what follows it too. */
export function chatHistory(state: TaskState): string {
  const messages = state.messages.filter((m) => m.role !== 'system');
  let lastAssistant = messages.length - 1;
  while (lastAssistant >= 0 && messages[lastAssistant]!.role !== 'assistant') lastAssistant--;
  const shown: ChatMessage[] = lastAssistant < 0 ? messages : messages.slice(0, lastAssistant);
  return shown
    .map((message, i) => {
      const text = textOf(message.content);
      if (i === 0) return text;
      if (message.role === 'user') return `User: ${text}`;
      if (message.role === 'assistant') {
        const calls = (message.toolCalls ?? []).map((c) => `${c.function}(${JSON.stringify(c.arguments)})`);
        return `Assistant: ${[...(text === '' ? [] : [text]), ...calls].join('\n\n')}`;
      }
      return `Tool (${message.role === 'tool' ? (message.function ?? '') : ''}): ${message.role === 'tool' && message.error !== undefined ? message.error.message : ''}${text}`;
    })
    .join('\n\n');
}

const TEMPLATE_KEYS = ['question', 'answer', 'criterion', 'instructions'];

function gradedScorer(name: string, defaultTemplate: string, options: ModelGradedOptions): Scorer {
  const template = options.template ?? defaultTemplate;
  const instructions = options.instructions ?? defaultGradingInstructions(options.partialCredit ?? false);
  const gradePattern = options.gradePattern === undefined ? DEFAULT_GRADE_PATTERN : toRegExp(options.gradePattern, { ignoreCase: false, owner: `${name}()` });
  let grader = typeof options.model === 'object' ? options.model : undefined;
  const params: Record<string, unknown> = { partialCredit: options.partialCredit ?? false, includeHistory: options.includeHistory === true };
  if (options.model !== undefined) params.model = typeof options.model === 'string' ? options.model : options.model.name;
  if (options.template !== undefined) params.template = options.template;
  if (options.instructions !== undefined) params.instructions = options.instructions;
  if (options.gradePattern !== undefined) params.gradePattern = String(options.gradePattern);

  return defineScorer(
    name,
    undefined,
    async (state, target): Promise<Score> => {
      if (typeof options.model === 'string') grader ??= getModel(options.model);
      const model = grader ?? state.model;
      const metadata = Object.fromEntries(Object.entries(state.metadata).filter(([key]) => !TEMPLATE_KEYS.includes(key)));
      const include = options.includeHistory;
      const question = include === true ? chatHistory(state) : typeof include === 'function' ? include(state) : state.inputText;
      const answer = state.output.completion;
      const prompt = formatTemplate(template, { ...metadata, question, answer, criterion: target.text, instructions }, `${name}()`);
      const result = await model.generate(prompt);
      const found = gradePattern.exec(result.completion);
      if (found?.[1] === undefined) {
        return { value: INCORRECT, explanation: `Grade not found in model output: ${result.completion}`, history: [] };
      }
      const grade = /^[cpi]$/i.test(found[1]) ? found[1].toUpperCase() : found[1];
      const grading: ChatMessage[] = [{ role: 'user', content: prompt }];
      if (result.choices[0] !== undefined) grading.push(result.choices[0].message);
      return { value: grade, answer, explanation: result.completion, metadata: { grading }, history: [] };
    },
    params,
  );
}

/**
 * Returns the `model_graded_qa` scorer: asks a grader model (default: the evaluated model)
 * whether the answer meets the target, and scores its `GRADE:` (`C`, `P` or `I`; a reply without
 * a grade is incorrect). The grading conversation goes to the score's metadata; model errors
 * propagate.
 */
export function modelGradedQa(options: ModelGradedOptions = {}): Scorer {
  return gradedScorer('model_graded_qa', DEFAULT_MODEL_GRADED_QA_TEMPLATE, options);
}

/** Returns the `model_graded_fact` scorer: {@link modelGradedQa} comparing the answer's facts with an expert answer. */
export function modelGradedFact(options: ModelGradedOptions = {}): Scorer {
  return gradedScorer('model_graded_fact', DEFAULT_MODEL_GRADED_FACT_TEMPLATE, options);
}
