/**
 * The step events of the agent loop. A step is one model request and the tool calls it asked
 * for: StepStart, the request, StepAction / StepObservation per tool call that runs (fired by the
 * tool executor), StepEnd. Each StepStart is followed by exactly one StepEnd, also when the step
 * throws.
 * @module
 */
import { errorMessage } from '../errors.ts';
import { emitIf } from '../hooks/emit.ts';
import type { StepOutcome } from '../hooks/payloads/agent-run.ts';
import { NO_CONTEXT } from '../runtime/context.ts';
import { warn } from '../runtime/warnings.ts';
import { type SessionCore, turnPayload } from './session-core.ts';

/** The step bookkeeping of one run. */
export interface StepState {
  readonly turnId: string;
  readonly modelCalls: number;
  /** The step in progress (0 before the first). */
  step: number;
  /** Whether StepStart fired and StepEnd has not yet. */
  stepOpen: boolean;
}

/**
 * Starts the next step: numbers it, tells the tool-call scope, and fires StepStart. Returns a
 * promise only when a handler returned one.
 */
export function beginStep(core: SessionCore, turn: StepState, scope: { step: number | undefined }): Promise<void> | undefined {
  turn.step = turn.modelCalls + 1;
  turn.stepOpen = true;
  scope.step = turn.step;
  const step = turn.step;
  return emitIf('onStepStart', () => Object.assign(turnPayload(core, turn.turnId), { step }), core.agent.hooks.handlers, NO_CONTEXT);
}

/** Ends the open step with `outcome` and fires StepEnd (a promise only when a handler returned one). */
export function endStep(core: SessionCore, turn: StepState, outcome: StepOutcome, text: string, toolCalls: number, error?: string): Promise<void> | undefined {
  if (!turn.stepOpen) return undefined;
  turn.stepOpen = false;
  const step = turn.step;
  return emitIf('onStepEnd', () => Object.assign(turnPayload(core, turn.turnId), { step, outcome, text, toolCalls, error }), core.agent.hooks.handlers, NO_CONTEXT);
}

/**
 * Ends a step that threw `error` (StepEnd with outcome `error`), if one is open. A StepEnd hook
 * that fails here is a warning: the step's own error is what the caller must see.
 */
export async function failStep(core: SessionCore, turn: StepState, error: unknown): Promise<void> {
  try {
    const pending = endStep(core, turn, 'error', '', 0, errorMessage(error));
    if (pending !== undefined) await pending;
  } catch (hookError) {
    warn(`An onStepEnd hook failed while reporting a failed step: ${errorMessage(hookError)}`, 'agent', hookError);
  }
}
