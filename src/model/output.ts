/**
 * Builders of {@link ModelOutput} values, for providers, scripted models and tests.
 * @module
 */
import { shortUuid } from '../util/ids.ts';
import type { ChatMessage, ChatMessageAssistant, ModelOutput, ModelUsage, StopReason, ToolCall } from '../types/model.ts';

/** Options of {@link modelOutputFromText}. */
export interface ModelOutputFromTextOptions {
  readonly stopReason?: StopReason;
  readonly usage?: ModelUsage;
}

/** Returns an output with one assistant choice holding `text` (stop reason `stop` by default). */
export function modelOutputFromText(model: string, text: string, options?: ModelOutputFromTextOptions): ModelOutput {
  const message: ChatMessageAssistant = { id: shortUuid(), role: 'assistant', content: text, source: 'generate', model };
  const output: ModelOutput = { model, choices: [{ message, stopReason: options?.stopReason ?? 'stop' }], completion: text };
  if (options?.usage !== undefined) output.usage = options.usage;
  return output;
}

/** Options of {@link modelOutputForToolCall}. */
export interface ModelOutputForToolCallOptions {
  /** The tool call id (default: a generated `for_tool_call_…` id). */
  readonly id?: string;
  /** Text content next to the tool call (default empty). */
  readonly content?: string;
}

/** Returns an output whose assistant message asks for one tool call (stop reason `tool_calls`). */
export function modelOutputForToolCall(
  model: string,
  toolName: string,
  args: Record<string, unknown>,
  options?: ModelOutputForToolCallOptions,
): ModelOutput {
  const content = options?.content ?? '';
  const call: ToolCall = { id: options?.id ?? `for_tool_call_${shortUuid()}`, function: toolName, arguments: args, type: 'function' };
  const message: ChatMessageAssistant = { id: shortUuid(), role: 'assistant', content, source: 'generate', model, toolCalls: [call] };
  return { model, choices: [{ message, stopReason: 'tool_calls' }], completion: content };
}

/**
 * Returns `output` with an id on every choice's message (copying only what changes), so that
 * outputs handed back twice (a scripted list reusing an object, a cache hit) get fresh ids.
 */
export function withFreshMessageIds(output: ModelOutput): ModelOutput {
  return {
    ...output,
    choices: output.choices.map((choice) => ({ ...choice, message: { ...choice.message, id: shortUuid() } })),
  };
}

/** The text of a message's content: the string itself, or its text parts joined. */
export function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of content) if (part.type === 'text') text += part.text;
  return text;
}
