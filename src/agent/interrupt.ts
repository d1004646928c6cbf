/**
 * Interrupts: when the person cancels a running turn (Ctrl-C in `chat` or `run`), the history is
 * made consistent again — every tool call of the last assistant message gets a result, so the
 * next request is valid for every provider — the transcript records the interruption, and the
 * Interrupt event (Codex) fires. Its hooks get a fresh budget of 3 seconds (the run's own signal
 * has fired), like Codex, which caps Interrupt hooks at 3 s.
 * @module
 */
import { isCancellation } from '../errors.ts';
import { emitIf } from '../hooks/emit.ts';
import { NO_CONTEXT, runInContext } from '../runtime/context.ts';
import { INTERRUPT_HOOK_BUDGET_MS } from '../tools/failure-hooks.ts';
import type { ChatMessageTool } from '../types/model.ts';
import { appendMessage, type SessionCore, turnPayload } from './session-core.ts';

/** What the model reads for a tool call the interrupt left without a result. */
export const INTERRUPTED_TOOL_TEXT = 'Tool call interrupted by the user before it finished.';

/** Appends a result for every tool call of the last assistant message that has none. */
function closeOpenToolCalls(core: SessionCore, turnId: string): number {
  const history = core.history;
  let index = history.length - 1;
  while (index >= 0 && history[index]!.role === 'tool') index--;
  const last = history[index];
  if (last?.role !== 'assistant' || last.toolCalls === undefined) return 0;
  const answered = new Set(history.slice(index + 1).map((m) => (m as ChatMessageTool).toolCallId));
  let closed = 0;
  for (const call of last.toolCalls) {
    if (answered.has(call.id)) continue;
    appendMessage(core, { role: 'tool', content: INTERRUPTED_TOOL_TEXT, toolCallId: call.id, function: call.function, error: { type: 'approval', message: INTERRUPTED_TOOL_TEXT } }, turnId);
    closed++;
  }
  return closed;
}

/**
 * Called when a turn threw: for a cancellation, repairs the history, records `turn_interrupted`
 * and fires Interrupt; then rethrows the error either way.
 */
export async function settleInterrupt(core: SessionCore, turnId: string, error: unknown): Promise<never> {
  if (!isCancellation(error)) throw error;
  const closed = closeOpenToolCalls(core, turnId);
  core.writer.write('turn_interrupted', { turnId, closedToolCalls: closed });
  await runInContext({ signal: AbortSignal.timeout(INTERRUPT_HOOK_BUDGET_MS) }, async () => {
    const pending = emitIf('onInterrupt', () => turnPayload(core, turnId), core.agent.hooks.handlers, NO_CONTEXT);
    if (pending !== undefined) await pending;
  });
  throw error;
}
