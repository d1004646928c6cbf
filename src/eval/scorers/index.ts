/**
 * Scorers: judge each sample's output against its target.
 * @module
 */
export { choice } from './choice.ts';
export { CORRECT, INCORRECT, NOANSWER, PARTIAL } from './constants.ts';
export { defineScorer } from './define.ts';
export { exact, includes, type IncludesOptions, match, type MatchOptions } from './match.ts';
export {
  chatHistory,
  DEFAULT_GRADE_PATTERN,
  DEFAULT_MODEL_GRADED_FACT_TEMPLATE,
  DEFAULT_MODEL_GRADED_QA_TEMPLATE,
  defaultGradingInstructions,
  modelGradedFact,
  type ModelGradedOptions,
  modelGradedQa,
} from './model-graded.ts';
export { answer, ANSWER_PATTERNS, type AnswerKind, pattern, type PatternOptions } from './pattern.ts';
export type { MatchLocation } from './text.ts';
