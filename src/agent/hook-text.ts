/**
 * How hook output reaches the model: context messages, Stop continuation prompts, and the
 * spilling of long texts to a file (spec C.8).
 *
 * Additional context (Codex: one developer message per string) is recorded as one **user**
 * message per string, wrapped in `<hook_context event="…">…</hook_context>` so the model can tell
 * it from the user's own words, and tagged in `metadata.hook`. Providers with a developer role
 * send it with that role: `openai/…` sends a `developer` message, as Codex does. Elsewhere
 * (OpenAI-compatible servers, Anthropic, mockllm) it stays the tagged user message: a
 * mid-conversation `system` message is rejected or moved to the top by several of them. The text
 * inside the wrapper is unchanged.
 *
 * Context reaches the model in the next request, in the order the hooks produced it: SessionStart
 * context before the first prompt, UserPromptSubmit context right after the prompt (or alone when
 * the prompt was blocked), PreToolUse and PostToolUse context after the tool results of the same
 * assistant message (a message between a tool call and its result would be invalid for OpenAI
 * and Anthropic), Stop context before the continuation prompt.
 *
 * A blocked Stop becomes one user message whose parts are
 * `<hook_prompt>{xml-escaped reason}</hook_prompt>`, one part per blocking hook (Codex's format,
 * without its `hook_run_id` attribute: in-process hooks have no run id).
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { ChatMessageUser, ContentText } from '../types/model.ts';
import type { HookContextEvent } from '../tools/scope.ts';

/** Model-visible hook text longer than this many characters is spilled to a file. */
export const HOOK_TEXT_LIMIT = 10_000;

/** Characters of a spilled text kept at its start and at its end in the preview. */
const PREVIEW_SIDE = 1_000;

/** What kind of hook message a history entry is (kept in `message.metadata.hook`). */
export interface HookMessageTag {
  readonly kind: 'context' | 'prompt';
  readonly event: HookContextEvent;
}

/** Escapes `&`, `<` and `>` (and quotes) for XML text. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Returns the user message that carries one hook context string to the model. */
export function hookContextMessage(event: HookContextEvent, text: string): ChatMessageUser {
  const tag: HookMessageTag = { kind: 'context', event };
  return { role: 'user', content: `<hook_context event="${event}">\n${text}\n</hook_context>`, metadata: { hook: tag } };
}

/** Returns the user message that makes the agent continue after Stop hooks blocked. */
export function hookPromptMessage(reasons: readonly string[]): ChatMessageUser {
  const tag: HookMessageTag = { kind: 'prompt', event: 'Stop' };
  const content: ContentText[] = reasons.map((reason) => ({ type: 'text', text: `<hook_prompt>${escapeXml(reason)}</hook_prompt>` }));
  return { role: 'user', content, metadata: { hook: tag } };
}

/** Returns the hook tag of a message, if it is a hook message. */
export function hookTag(message: { metadata?: Record<string, unknown> }): HookMessageTag | undefined {
  const tag = message.metadata?.hook;
  if (tag === null || typeof tag !== 'object') return undefined;
  const { kind, event } = tag as Partial<HookMessageTag>;
  return (kind === 'context' || kind === 'prompt') && typeof event === 'string' ? { kind, event } : undefined;
}

/**
 * Returns `text` unchanged when it is at most {@link HOOK_TEXT_LIMIT} characters; otherwise writes
 * it in full to `<dir>/<uuid>.txt` and returns a head/tail preview with `tokens truncated` and
 * the footer `Full hook output saved to: <path>` (Codex's observable strings).
 */
export function spillHookText(text: string, dir: string): string {
  if (text.length <= HOOK_TEXT_LIMIT) return text;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${randomUUID()}.txt`);
  writeFileSync(path, text, 'utf8');
  const omitted = text.length - 2 * PREVIEW_SIDE;
  const tokens = Math.ceil(omitted / 4);
  return `${text.slice(0, PREVIEW_SIDE)}\n…${tokens} tokens truncated…\n${text.slice(-PREVIEW_SIDE)}\n\nFull hook output saved to: ${path}`;
}
