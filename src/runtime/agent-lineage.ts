/**
 * The agent lineage carried by the run context: which agent is running, and the agent whose tool
 * started it. A session puts its frame into the context for everything its turns do (hooks,
 * model requests, tool calls); an agent started inside one of those tool calls finds the frame
 * there and becomes its child.
 * @module
 */

/** The agent that started a nested agent (promptulate's `_from`). */
export interface AgentParent {
  /** The parent's agent type. */
  readonly agentType: string;
  /** The parent's own nested-agent id (undefined when the parent is a top-level agent). */
  readonly agentId: string | undefined;
  /** The parent's session. */
  readonly sessionId: string;
}

/**
 * The lineage fields every agent and tool event carries (hookline always sets them; optional so
 * that hand-built payloads in tests need not).
 */
export interface AgentLineage {
  /**
   * Which agent fired the event (promptulate's `agent_type`): a subagent's type, else the agent's
   * name. Undefined for a tool call outside any agent.
   */
  readonly agentType?: string | undefined;
  /**
   * The id of this agent run when it runs inside another agent's tool (Claude Code's
   * `agent_id`); undefined for a top-level agent.
   */
  readonly agentId?: string | undefined;
  /** The agent whose tool call runs this agent, when it is nested (promptulate's `_from`). */
  readonly parent?: AgentParent | undefined;
}

/** One running agent session in the context. */
export interface AgentFrame extends AgentParent {
  /** The frame of the agent whose tool call started this one. */
  readonly parentFrame: AgentFrame | undefined;
  /** The payload fields of this frame, built once. */
  readonly lineage: AgentLineage;
  /**
   * The running session and turn, for code of the agent layer that starts a child agent (the
   * subagent tool). Opaque here: this layer sits below the agent layer.
   */
  readonly owner: unknown;
}

/** The lineage of code outside any agent. */
export const NO_LINEAGE: AgentLineage = Object.freeze({ agentType: undefined, agentId: undefined, parent: undefined });

/**
 * Returns the frame of an agent session started under `parentFrame` (the context's frame where
 * the session runs, undefined at top level). `agentId` is used only when there is a parent.
 */
export function agentFrame(agentType: string, agentId: string, sessionId: string, parentFrame: AgentFrame | undefined, owner?: unknown): AgentFrame {
  const nestedId = parentFrame === undefined ? undefined : agentId;
  const parent: AgentParent | undefined = parentFrame === undefined
    ? undefined
    : Object.freeze({ agentType: parentFrame.agentType, agentId: parentFrame.agentId, sessionId: parentFrame.sessionId });
  return Object.freeze({
    agentType,
    agentId: nestedId,
    sessionId,
    parentFrame,
    owner,
    lineage: Object.freeze({ agentType, agentId: nestedId, parent }),
  });
}

/** Returns the lineage fields of a frame (all undefined outside an agent). */
export function lineageOf(frame: AgentFrame | undefined): AgentLineage {
  return frame === undefined ? NO_LINEAGE : frame.lineage;
}
