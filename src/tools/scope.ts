/**
 * Where a tool call happens: the session, turn and agent it belongs to, as hook payloads need it.
 * @module
 */
import type { ComponentRef } from '../hooks/payloads/model.ts';
import type { PermissionMode } from '../hooks/payloads/agent.ts';
import type { PermissionUpdate } from '../hooks/payloads/agent-events.ts';
import type { PermissionRules } from './permissions/rules.ts';

/** The event names whose hooks can hand text to the model. */
export type HookContextEvent = 'SessionStart' | 'UserPromptSubmit' | 'PreToolUse' | 'PostToolUse' | 'Stop' | 'PostToolUseFailure' | 'SubagentStart' | 'SubagentStop';

/** One piece of hook text for the model (an `additionalContext`, or plain context). */
export interface HookContextText {
  readonly event: HookContextEvent;
  readonly text: string;
}

/** The surroundings of a tool call, copied into the PreToolUse / PostToolUse payloads. */
export interface ToolCallScope {
  /** Working directory of the call (absolute). */
  readonly cwd: string;
  readonly permissionMode: PermissionMode;
  /** The allow / ask / deny rules of the session (none: only the mode and hooks decide). */
  readonly permissionRules?: PermissionRules | undefined;
  readonly sessionId?: string | undefined;
  readonly transcriptPath?: string | undefined;
  /** The model in use, as `provider/name`. */
  readonly model?: string | undefined;
  readonly turnId?: string | undefined;
  /** The step of the agent run that made the call (see the step events). */
  readonly step?: number | undefined;
  /** The id of the user prompt the calls belong to (`prompt_id`). */
  readonly promptId?: string | undefined;
  /** Variables the session adds to tool processes (from `CLAUDE_ENV_FILE`). */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /** The agent whose session made the call. */
  readonly agent?: ComponentRef | undefined;
  readonly signal?: AbortSignal | undefined;
  /**
   * Makes a model-visible hook text fit (spills long text to a file, spec C.8). Default: the
   * text unchanged.
   */
  readonly fitHookText?: ((text: string) => string) | undefined;
  /**
   * Applies the permission updates a PermissionRequest hook sent with its allow (the session's
   * rules and mode, settings files). Absent outside agent sessions: such updates are warned
   * about and not applied.
   */
  readonly applyPermissionUpdates?: ((updates: readonly PermissionUpdate[]) => Promise<void>) | undefined;
}
