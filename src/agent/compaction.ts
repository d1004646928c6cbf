/**
 * Context compaction: the conversation so far is replaced by a summary the model writes, so a
 * long session fits its context again. It happens on `/compact [instructions]` in `chat`
 * ({@link Session.compact}) and automatically before a model request once the history passes
 * the agent's `compactTokens` budget (estimated as characters / 4).
 *
 * Order: PreCompact (a block or `continue: false` keeps the history as it is) → one summarising
 * model request (the history plus {@link COMPACT_PROMPT} and any instructions, no tools) → the
 * history becomes the summary followed by the kept hook context (every SessionStart and
 * UserPromptSubmit context message, unchanged and in order) → the transcript gets a
 * `compact_boundary` line and the new history → PostCompact → SessionStart with source
 * `compact`, whose context is appended like at start-up (text a kept message already carries is
 * not repeated).
 * @module
 */
import { joinReasons } from '../hooks/decision.ts';
import { decideIf, emitIf } from '../hooks/emit.ts';
import type { CompactTrigger } from '../hooks/payloads/agent-events.ts';
import { textOf } from '../model/output.ts';
import { NO_CONTEXT } from '../runtime/context.ts';
import type { ChatMessage, ChatMessageUser } from '../types/model.ts';
import { hookContextMessage, hookTag } from './hook-text.ts';
import { appendContexts, requestMessages, type SessionCore, sessionPayload } from './session-core.ts';

/** What the summarising request asks of the model (instructions from `/compact` are appended). */
export const COMPACT_PROMPT =
  'Summarise the conversation so far so that it can continue from your summary alone: the user\'s requests and goals, ' +
  'what has been done (files read or changed, commands run and their results), decisions and open questions, and what ' +
  'remains to do next. Write the summary only.';

/** The default budget of automatic compaction, in estimated tokens. */
export const DEFAULT_COMPACT_TOKENS = 160_000;

/** What a compaction came to. */
export interface CompactionResult {
  /** Whether the history was replaced. */
  readonly compacted: boolean;
  /** The summary (when compacted). */
  readonly summary: string | undefined;
  /** Why it did not happen (a PreCompact block, an empty summary). */
  readonly reason: string | undefined;
  /** Messages before and after. */
  readonly messagesBefore: number;
  readonly messagesAfter: number;
  /** A SessionStart hook (source `compact`) asked to stop: the pending turn ends. */
  readonly stopped: boolean;
  readonly stopReason: string | undefined;
}

/**
 * Characters of each message seen so far. The budget is checked before every model request over
 * the whole history; messages are not changed once in it, so each is measured once, not once per
 * request (which made a turn quadratic in its tool calls).
 */
const measured = new WeakMap<ChatMessage, number>();

function textLength(message: ChatMessage): number {
  const known = measured.get(message);
  if (known !== undefined) return known;
  const content = message.content;
  let n = typeof content === 'string' ? content.length : content.reduce((sum, part) => sum + (part.type === 'text' ? part.text.length : 0), 0);
  if (message.role === 'assistant' && message.toolCalls !== undefined) {
    for (const call of message.toolCalls) n += call.function.length + JSON.stringify(call.arguments).length;
  }
  measured.set(message, n);
  return n;
}

/** Returns the estimated tokens of the next request: characters / 4, plus 4 per message. */
export function estimateTokens(messages: readonly ChatMessage[]): number {
  let chars = 0;
  for (const message of messages) chars += textLength(message) + 16;
  return Math.ceil(chars / 4);
}

function summaryMessage(summary: string): ChatMessageUser {
  return { role: 'user', content: `<compact_summary>\nThe conversation so far was compacted into this summary:\n\n${summary}\n</compact_summary>`, metadata: { compact: true } };
}

function keptContext(history: readonly ChatMessage[]): ChatMessage[] {
  return history.filter((m) => {
    const tag = hookTag(m);
    return tag?.kind === 'context' && (tag.event === 'SessionStart' || tag.event === 'UserPromptSubmit');
  });
}

function notCompacted(core: SessionCore, reason: string): CompactionResult {
  const n = core.history.length;
  return { compacted: false, summary: undefined, reason, messagesBefore: n, messagesAfter: n, stopped: false, stopReason: undefined };
}

/**
 * Compacts the session's history (see the module docs). `turnId` is the running turn for an
 * automatic compaction. Throws only when the summarising request fails (the history is then
 * unchanged).
 */
export async function compactSession(core: SessionCore, trigger: CompactTrigger, instructions: string, turnId: string | undefined, signal: AbortSignal | undefined): Promise<CompactionResult> {
  const handlers = core.agent.hooks.handlers;
  const base = (): ReturnType<typeof sessionPayload> & { turnId: string | undefined } => Object.assign(sessionPayload(core), { turnId });
  if (core.history.length === 0) return notCompacted(core, 'there is nothing to compact yet');
  const pre = decideIf('onPreCompact', () => Object.assign(base(), { trigger, customInstructions: instructions }), handlers, NO_CONTEXT);
  if (pre !== undefined) {
    const decision = await pre;
    if (decision.stopped || decision.blocked) {
      const reason = decision.stopped ? (decision.stopReason ?? joinReasons(decision)) : joinReasons(decision);
      core.writer.write('compact_skipped', { trigger, reason });
      return notCompacted(core, `a PreCompact hook kept the conversation as it is${reason === '' ? '' : `: ${reason}`}`);
    }
  }
  const prompt = instructions.trim() === '' ? COMPACT_PROMPT : `${COMPACT_PROMPT}\n\nAdditional instructions: ${instructions.trim()}`;
  const options: Parameters<SessionCore['agent']['model']['generate']>[1] = {};
  if (core.agent.config !== undefined) options.config = core.agent.config;
  if (signal !== undefined) options.signal = signal;
  const output = await core.agent.model.generate([...requestMessages(core), { role: 'user', content: prompt }], options);
  const summary = textOf(output.choices[0]?.message.content ?? output.completion).trim();
  if (summary === '') return notCompacted(core, 'the model returned an empty summary, so the conversation was kept');

  const before = core.history.length;
  const next = [summaryMessage(summary), ...keptContext(core.history)];
  core.history.length = 0;
  core.history.push(...next);
  core.writer.write('compact_boundary', { trigger, customInstructions: instructions, messagesBefore: before, turnId });
  for (const message of next) core.writer.writeMessage(message, turnId === undefined ? {} : { turnId });

  const post = emitIf('onPostCompact', () => Object.assign(base(), { trigger, compactSummary: summary }), handlers, NO_CONTEXT);
  if (post !== undefined) await post;
  core.writer.write('session_start', { source: 'compact' });
  let stopped = false;
  let stopReason: string | undefined;
  const start = decideIf('onSessionStart', () => Object.assign(sessionPayload(core), { source: 'compact' as const }), handlers, NO_CONTEXT);
  if (start !== undefined) {
    const decision = await start;
    // Context the kept messages already carry (a SessionStart hook saying the same again) is not repeated.
    const kept = new Set(next.map((m) => textOf(m.content)));
    appendContexts(core, 'SessionStart', decision.additionalContext.filter((text) => !kept.has(hookContextMessage('SessionStart', core.fitHookText(text)).content as string)), turnId);
    stopped = decision.stopped;
    stopReason = decision.stopReason;
  }
  return { compacted: true, summary, reason: undefined, messagesBefore: before, messagesAfter: core.history.length, stopped, stopReason };
}

/**
 * Compacts before a model request when the next request would pass the agent's budget
 * (`compactTokens`; 0 turns automatic compaction off). Returns undefined when under budget.
 */
export async function compactIfOverBudget(core: SessionCore, turnId: string, signal: AbortSignal | undefined): Promise<CompactionResult | undefined> {
  const budget = core.agent.compactTokens;
  if (budget <= 0 || estimateTokens(core.history) <= budget) return undefined;
  return compactSession(core, 'auto', '', turnId, signal);
}
