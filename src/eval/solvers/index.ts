/**
 * Solvers: the steps that build the conversation and call the model.
 * @module
 */
export { chain, chainSteps, type ChainSolver, isChain, planSteps } from './chain.ts';
export { defineSolver, solverNameOf } from './define.ts';
export { generate } from './generate.ts';
export { MULTIPLE_ANSWER_TEMPLATE, multipleChoice, type MultipleChoiceOptions, SINGLE_ANSWER_TEMPLATE } from './multiple-choice.ts';
export {
  chainOfThought,
  DEFAULT_COT_TEMPLATE,
  promptTemplate,
  setUserPrompt,
  systemMessage,
  type TemplateParams,
  userMessage,
  userPrompt,
} from './prompt.ts';
export { formatTemplate } from './template.ts';
