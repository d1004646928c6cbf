/**
 * Payloads of the agent and tool events. Field names follow the Codex / Claude Code command-hook
 * protocol (camelCase here, snake_case on the wire) so a command hook receives exactly what the
 * protocol defines.
 * @module
 */
import type { ComponentRef, EvalContextIds } from './model.ts';
import type { AgentLineage } from '../../runtime/agent-lineage.ts';

export type { AgentLineage, AgentParent } from '../../runtime/agent-lineage.ts';

/** Fields every agent-session event carries. */
export interface SessionContext extends EvalContextIds, AgentLineage {
  readonly sessionId: string;
  /** The session's JSONL transcript; it exists before any hook runs. */
  readonly transcriptPath: string;
  readonly cwd: string;
  /** The model in use, as `provider/name`. */
  readonly model: string;
  readonly permissionMode: PermissionMode;
  /** The agent that owns the session. */
  readonly component: ComponentRef;
}

/** Permission modes of the protocol. */
export type PermissionMode = 'default' | 'acceptEdits' | 'plan' | 'dontAsk' | 'bypassPermissions';

/** Fields of events that belong to one user turn. */
export interface TurnContext extends SessionContext {
  readonly turnId: string;
}

/** An agent was constructed. */
export interface AgentCreate {
  readonly component: ComponentRef;
  readonly model: string;
  readonly tools: readonly string[];
  readonly system: string | undefined;
}

/** A session started, resumed, or was cleared. Hooks may add context or stop it. */
export interface SessionStart extends SessionContext {
  readonly source: 'startup' | 'resume' | 'clear' | 'compact';
}

/** A session ended. */
export interface SessionEnd extends SessionContext {
  readonly reason: 'clear' | 'resume' | 'logout' | 'prompt_input_exit' | 'other';
}

/** The user submitted a prompt; it has not reached the model yet. */
export interface UserPromptSubmit extends TurnContext {
  readonly prompt: string;
  /** This prompt's id (`prompt_id`, as in Claude Code); the tool events it leads to carry it too. */
  readonly promptId: string;
}

/** The agent finished its reply. Blocking keeps it going with the reason as the next instruction. */
export interface Stop extends TurnContext {
  /** True when the turn already continues because a Stop hook blocked. */
  readonly stopHookActive: boolean;
  readonly lastAssistantMessage: string | null;
}

/** A tool was defined. */
export interface ToolCreate {
  readonly component: ComponentRef;
  readonly toolName: string;
  readonly description: string;
}

/** Fields of the tool-use events. */
export interface ToolUseContext extends EvalContextIds, AgentLineage {
  readonly sessionId: string | undefined;
  readonly transcriptPath: string | undefined;
  readonly cwd: string;
  readonly model: string | undefined;
  readonly permissionMode: PermissionMode;
  readonly turnId: string | undefined;
  readonly toolName: string;
  readonly toolInput: Readonly<Record<string, unknown>>;
  readonly toolUseId: string;
  /** The id of the user prompt whose turn made the call (undefined outside a prompted turn). */
  readonly promptId?: string | undefined;
  /** The tool instance. */
  readonly component: ComponentRef;
  /** The agent whose session called the tool, if any. */
  readonly agent: ComponentRef | undefined;
}

/** The model asked for a tool call; it has not run yet. Hooks may deny or rewrite it. */
export type PreToolUse = ToolUseContext;

/** A tool call produced its result. Hooks may give the model feedback. */
export interface PostToolUse extends ToolUseContext {
  /**
   * What the tool returned, as the tool built it. The `Bash` tool returns Claude Code's object
   * (`stdout`, `stderr`, `interrupted`, `isImage`, plus `exitCode`), not the text the model reads.
   */
  readonly toolResponse: unknown;
  /** How long the tool's own run took, in milliseconds (Claude Code's `duration_ms`). */
  readonly durationMs: number;
}
