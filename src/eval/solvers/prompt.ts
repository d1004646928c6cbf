/**
 * Prompt solvers: `systemMessage()`, `userMessage()`, `promptTemplate()` and `chainOfThought()`.
 * Templates see the sample's metadata, the state's store and the solver's params (params win).
 * @module
 */
import { ConfigError } from '../../errors.ts';
import type { ChatMessage, ChatMessageUser, Content } from '../../types/model.ts';
import { textOf } from '../../model/output.ts';
import type { Solver, TaskState } from '../types.ts';
import { defineSolver } from './define.ts';
import { formatTemplate } from './template.ts';

/** Values a solver template can use (see the module documentation). */
export type TemplateParams = Readonly<Record<string, unknown>>;

function templateValues(state: TaskState, params: TemplateParams): Record<string, unknown> {
  return { ...state.metadata, ...state.store, ...params };
}

/** Returns the index of the last user message, or -1. */
export function lastUserIndex(messages: readonly ChatMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === 'user') return i;
  return -1;
}

/** Replaces the text of the last user message (other content parts are kept). Throws when there is none. */
export function setUserPrompt(state: TaskState, text: string, owner: string): void {
  const index = lastUserIndex(state.messages);
  if (index < 0) throw new ConfigError(`${owner}: the conversation has no user message to rewrite. Start the sample with a user message, or use userMessage().`);
  const message = state.messages[index] as ChatMessageUser;
  const content: string | Content[] =
    typeof message.content === 'string' ? text : [...message.content.filter((part) => part.type !== 'text'), { type: 'text', text }];
  state.messages[index] = { ...message, content };
}

/** Returns the text of the last user message (`''` when there is none). */
export function userPrompt(state: TaskState): string {
  const index = lastUserIndex(state.messages);
  return index < 0 ? '' : textOf(state.messages[index]!.content);
}

/**
 * Returns the `system_message` solver: inserts a system message (the formatted template) after
 * the conversation's existing system messages.
 */
export function systemMessage(template: string, params: TemplateParams = {}): Solver {
  return defineSolver('system_message', { template, ...params }, (state) => {
    const content = formatTemplate(template, templateValues(state, params), 'systemMessage()');
    let at = 0;
    while (at < state.messages.length && state.messages[at]!.role === 'system') at++;
    state.messages.splice(at, 0, { role: 'system', content });
    return state;
  });
}

/** Returns the `user_message` solver: appends a user message (the formatted template). */
export function userMessage(template: string, params: TemplateParams = {}): Solver {
  return defineSolver('user_message', { template, ...params }, (state) => {
    state.messages.push({ role: 'user', content: formatTemplate(template, templateValues(state, params), 'userMessage()') });
    return state;
  });
}

/**
 * Returns the `prompt_template` solver: rewrites the last user message with the template, where
 * `{prompt}` is that message's current text.
 */
export function promptTemplate(template: string, params: TemplateParams = {}): Solver {
  return defineSolver('prompt_template', { template, ...params }, (state) => {
    const values = { ...templateValues(state, params), prompt: userPrompt(state) };
    setUserPrompt(state, formatTemplate(template, values, 'promptTemplate()'), 'promptTemplate()');
    return state;
  });
}

/** The default template of {@link chainOfThought}. */
export const DEFAULT_COT_TEMPLATE = `{prompt}

Before answering, reason in a step-by-step manner as to get the right answer. Provide your answer at the end on its own line in the form "ANSWER: $ANSWER" (without quotes) where $ANSWER is the answer to the question.`;

/** Returns the `chain_of_thought` solver: a prompt template asking for step-by-step reasoning and a final `ANSWER:` line. */
export function chainOfThought(template: string = DEFAULT_COT_TEMPLATE): Solver {
  const inner = promptTemplate(template);
  return defineSolver('chain_of_thought', { template }, inner);
}
