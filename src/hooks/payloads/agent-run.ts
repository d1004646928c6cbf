/**
 * Payloads of the agent-run events: `onAgentResult` (the agent returned its result, however the
 * run ended) and the step events of the agent loop (`onStepStart`, `onStepAction`,
 * `onStepObservation`, `onStepEnd`).
 * @module
 */
import type { ModelUsage } from '../../types/model.ts';
import type { ToolUseContext, TurnContext } from './agent.ts';

/** The hook events whose `continue: false` can end an agent run. */
export type StoppingEvent = 'SessionStart' | 'UserPromptSubmit' | 'PreToolUse' | 'PostToolUse' | 'Stop' | 'SubagentStop';

/**
 * How an agent run ended, as a union on `kind`:
 *
 * - `completed`: the model answered without tool calls and no Stop hook kept it going;
 * - `blocked`: a UserPromptSubmit hook blocked the prompt (the model never saw it);
 * - `stopped`: a hook of event `by` returned `continue: false`;
 * - `max_turns`: the run made `limit` model requests (the agent's `maxTurns`);
 * - `stop_hook_cap`: Stop hooks blocked `limit` times in a row and the last block was overridden;
 * - `cancelled`: the run's signal was aborted;
 * - `error`: a model call, a tool or a hook threw; the error propagates to the caller after the event.
 */
export type AgentEnding =
  | { readonly kind: 'completed' }
  | { readonly kind: 'blocked'; readonly reason: string | undefined }
  | { readonly kind: 'stopped'; readonly by: StoppingEvent; readonly reason: string | undefined }
  | { readonly kind: 'max_turns'; readonly limit: number }
  | { readonly kind: 'stop_hook_cap'; readonly limit: number; readonly reason: string | undefined }
  | { readonly kind: 'cancelled'; readonly reason: string }
  | { readonly kind: 'error'; readonly error: string; readonly errorName: string };

/** The agent returned its result: once per `send()` / `continue()` / `run()`, on every ending. */
export interface AgentResult extends TurnContext {
  /** The text of the last assistant message ('' when there is none: a blocked prompt, an early error). */
  readonly result: string;
  /** How the run ended. */
  readonly ending: AgentEnding;
  /** Model requests made in this run. */
  readonly modelCalls: number;
  /** Usage summed over this run's model requests. */
  readonly usage: ModelUsage | undefined;
}

/** Fields of the step events: one step is one model request and the tool calls it asked for. */
export interface StepContext extends TurnContext {
  /** 1-based number of the step within the run (the model request it makes). */
  readonly step: number;
}

/** A step starts: the model request of the step is about to be made. */
export type StepStart = StepContext;

/** How a step ended: it ran tool calls, answered without any, a tool hook stopped the run, or it threw. */
export type StepOutcome = 'tool_calls' | 'answer' | 'stopped' | 'error';

/** A step ended: its model request returned and the tool calls it asked for have run. */
export interface StepEnd extends StepContext {
  readonly outcome: StepOutcome;
  /** The text of the step's assistant message ('' when there is none, or when the request failed). */
  readonly text: string;
  /** Tool calls the model asked for in this step (0 for an answer). */
  readonly toolCalls: number;
  /** The error message, when `outcome` is `error`. */
  readonly error: string | undefined;
}

/** A tool call is about to run: PreToolUse allowed it; `toolInput` is the input it runs with. */
export interface StepAction extends ToolUseContext {
  /** The step of the agent run that made the call (undefined outside an agent, e.g. in an eval solver). */
  readonly step: number | undefined;
}

/** A tool call that ran (or threw) produced what the model reads next. */
export interface StepObservation extends StepAction {
  /** The text the model reads: the tool output, a PostToolUse replacement, or the error text. */
  readonly observation: string;
  /** True when the tool threw (the observation is the error text). */
  readonly isError: boolean;
  /** What the tool returned (undefined when it threw). */
  readonly toolResponse: unknown;
}
