/**
 * The caller's side of a generate call: input checks and Inspect's tool preparation, done once
 * per call before any hook sees the request.
 * @module
 */
import { ConfigError } from '../errors.ts';
import type { ToolChoice, ToolInfo } from '../types/model.ts';

const ROLES: ReadonlySet<unknown> = new Set(['system', 'user', 'assistant', 'tool']);

/** Checks the caller's input so that no message is silently dropped by a provider's conversion. */
export function checkInput(model: string, input: unknown): void {
  if (typeof input === 'string') return;
  if (!Array.isArray(input)) {
    throw new ConfigError(`${model}.generate(): input must be a string or an array of chat messages, got ${input === null ? 'null' : typeof input}.`);
  }
  for (let i = 0; i < input.length; i++) {
    const m = input[i] as { role?: unknown; content?: unknown } | null;
    if (m === null || typeof m !== 'object' || !ROLES.has(m.role)) {
      throw new ConfigError(`${model}.generate(): input[${i}] is not a chat message (role must be 'system', 'user', 'assistant' or 'tool', got ${JSON.stringify(m?.role)}).`);
    }
    if (typeof m.content !== 'string' && !Array.isArray(m.content)) {
      throw new ConfigError(`${model}.generate(): input[${i}].content must be a string or an array of content parts.`);
    }
  }
}

/** Applies Inspect's tool preparation: a named tool choice keeps only that tool; no tools means `none`. */
export function prepareTools(tools: ToolInfo[] | undefined, choice: ToolChoice | undefined): [ToolInfo[], ToolChoice] {
  let list = tools ?? [];
  const toolChoice = choice ?? 'auto';
  if (typeof toolChoice === 'object') list = list.filter((t) => t.name === toolChoice.name);
  if (toolChoice === 'none' || list.length === 0) return [[], 'none'];
  return [list, toolChoice];
}
