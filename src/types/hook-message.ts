/**
 * How a provider recognises a hook's context in the history. The agent records each context
 * string as a user message tagged `metadata.hook = { kind: 'context', event }` (see
 * `agent/hook-text.ts`, which writes and reads the full tag); providers with a developer role
 * send such messages with that role instead.
 * @module
 */

/** Returns whether a history message carries hook context (rather than the user's own words). */
export function isHookContextMessage(message: { readonly metadata?: Record<string, unknown> | undefined }): boolean {
  const tag = message.metadata?.hook;
  return tag !== null && typeof tag === 'object' && (tag as { kind?: unknown }).kind === 'context';
}
