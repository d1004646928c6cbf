/**
 * Payloads of the subagent events (Claude Code / Codex `SubagentStart`, `SubagentStop`). They
 * belong to the parent's turn: `sessionId`, `transcriptPath` and `turnId` are the parent's, while
 * `agentId` and `agentType` name the subagent, as the protocol defines.
 * @module
 */
import type { TurnContext } from './agent.ts';

/** A subagent is about to run its task. Hooks may add context for the subagent (they cannot block). */
export interface SubagentStart extends TurnContext {
  /** The subagent's id (also on every event fired inside it). */
  readonly agentId: string;
  /** The subagent's type: its definition's name. */
  readonly agentType: string;
}

/** A subagent finished its reply. Blocking keeps the subagent going with the reason, as Stop does. */
export interface SubagentStop extends SubagentStart {
  /** True when the subagent already continues because a SubagentStop hook blocked. */
  readonly stopHookActive: boolean;
  /** The subagent's own transcript. */
  readonly agentTranscriptPath: string;
  readonly lastAssistantMessage: string | null;
}
