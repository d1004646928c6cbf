/**
 * The AgentResult event: fired once when an agent run (one `send()`, `continue()` or `run()`)
 * returns its result, on every ending, including a failure, before the error propagates.
 * @module
 */
import { errorMessage, isCancellation } from '../errors.ts';
import { emitIf } from '../hooks/emit.ts';
import type { AgentEnding, StoppingEvent } from '../hooks/payloads/agent-run.ts';
import { NO_CONTEXT } from '../runtime/context.ts';
import { warn } from '../runtime/warnings.ts';
import type { ModelUsage } from '../types/model.ts';
import { type AgentSettings, type SessionCore, turnPayload } from './session-core.ts';
import type { TurnOutcome, TurnResult } from './types.ts';

/** What a run has produced so far (read when it fails). */
export interface TurnProgress {
  readonly turnId: string;
  readonly modelCalls: number;
  readonly usage: ModelUsage | undefined;
  readonly text: string;
}

/** Returns the typed ending of a turn that returned with `outcome`. */
export function endingOf(settings: AgentSettings, outcome: TurnOutcome, reason: string | undefined, by: StoppingEvent | undefined): AgentEnding {
  switch (outcome) {
    case 'completed':
      return { kind: 'completed' };
    case 'blocked':
      return { kind: 'blocked', reason };
    case 'stopped':
      return { kind: 'stopped', by: by ?? 'Stop', reason };
    case 'max_turns':
      return { kind: 'max_turns', limit: settings.maxTurns };
    case 'stop_hook_cap':
      return { kind: 'stop_hook_cap', limit: settings.stopHookBlockCap, reason };
  }
}

/** Returns the ending of a run that threw `error`. */
export function failureEnding(error: unknown): AgentEnding {
  if (isCancellation(error)) return { kind: 'cancelled', reason: errorMessage(error) };
  return { kind: 'error', error: errorMessage(error), errorName: error instanceof Error ? error.name : typeof error };
}

function emitResult(core: SessionCore, progress: TurnProgress, ending: AgentEnding): Promise<void> | undefined {
  // Agent events take the agent's own instance hooks (not an enclosing agent's).
  return emitIf('onAgentResult', () => Object.assign(turnPayload(core, progress.turnId), {
    result: progress.text,
    ending,
    modelCalls: progress.modelCalls,
    usage: progress.usage,
  }), core.agent.hooks.handlers, NO_CONTEXT);
}

/**
 * Runs one agent run and fires AgentResult once when it returns or throws. A failing run's error is rethrown unchanged, even when an
 * AgentResult hook throws too (that failure is a warning then).
 */
export async function withAgentResult(core: SessionCore, progress: TurnProgress, run: () => Promise<TurnResult>): Promise<TurnResult> {
  let result: TurnResult;
  try {
    result = await run();
  } catch (error) {
    try {
      const pending = emitResult(core, progress, failureEnding(error));
      if (pending !== undefined) await pending;
    } catch (hookError) {
      warn(`An onAgentResult hook failed while reporting a failed run: ${errorMessage(hookError)}`, 'agent', hookError);
    }
    throw error;
  }
  const pending = emitResult(core, { ...progress, turnId: result.turnId, text: result.text, modelCalls: result.modelCalls, usage: result.usage }, result.ending);
  if (pending !== undefined) await pending;
  return result;
}
