/**
 * Payloads of the agent-run events: `onAgentResult` (the agent returned its result, however the
 * run ended) and the step events of the agent loop.
 * @module
 */
import type { ModelUsage } from '../../types/model.ts';
import type { TurnContext } from './agent.ts';

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
