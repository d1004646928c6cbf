/**
 * PostToolUseFailure: fired when a tool call that started failed (its tool threw) or was
 * interrupted. Its hooks may add context for the model (and, like every decide event, stop the
 * turn); a `decision: 'block'` reason (or a command hook's exit-2 stderr) is feedback the model
 * reads after the error, as Claude Code shows it.
 *
 * When the call was interrupted, the run's signal has already fired, so the hooks run with their
 * own signal instead: at most {@link INTERRUPT_HOOK_BUDGET_MS} (Codex caps its Interrupt hooks at
 * 3 s too), after which command hooks are killed and the interrupt goes on.
 * @module
 */
import type { MergedDecision } from '../hooks/decision.ts';
import { decideIf, type ScopedHandlers } from '../hooks/emit.ts';
import type { PostToolUseFailure } from '../hooks/payloads/agent-events.ts';
import { type ActiveContext, runInContext } from '../runtime/context.ts';

/** Milliseconds the hooks fired by an interrupt may take before command hooks are killed. */
export const INTERRUPT_HOOK_BUDGET_MS = 3_000;

/**
 * Fires PostToolUseFailure when anyone listens and returns the merged decision (undefined when
 * nobody listens). Called by the tool executor when `execute` threw.
 */
export async function firePostToolUseFailure(
  context: ActiveContext,
  own: ScopedHandlers | undefined,
  build: () => PostToolUseFailure,
  interrupted: boolean,
): Promise<MergedDecision | undefined> {
  if (!interrupted) return decideIf('onPostToolUseFailure', build, own, context);
  return runInContext({ signal: AbortSignal.timeout(INTERRUPT_HOOK_BUDGET_MS) }, () => decideIf('onPostToolUseFailure', build, own, context));
}
