/**
 * Payloads of the agent events around tool failures, permissions, notifications, compaction and
 * interrupts. Field names follow the Claude Code / Codex command-hook protocol (camelCase here,
 * snake_case on the wire).
 * @module
 */
import type { PermissionMode, SessionContext, ToolUseContext, TurnContext } from './agent.ts';
import type { ComponentRef, EvalContextIds } from './model.ts';

/** A tool call failed (its tool threw) or was interrupted. Hooks may add context for the model. */
export interface PostToolUseFailure extends ToolUseContext {
  /** The error text the model reads as the tool's result. */
  readonly error: string;
  /** True when the call was cut short by an interrupt (Ctrl-C, a cancelled session), not by its own failure. */
  readonly isInterrupt: boolean;
}

/**
 * A tool call needs permission (an `ask` rule or a PreToolUse `ask`) and a person would be
 * asked next. Hooks may allow or deny it on the person's behalf.
 */
export interface PermissionRequest extends ToolUseContext {
  /** Why the call needs permission (the rule, or the PreToolUse hooks' reasons); not sent to command hooks. */
  readonly reasons: readonly string[];
  /**
   * The permission updates a person could accept along with a yes ("always allow
   * `Bash(npm test:*)`", "accept edits for this session"), derived from the call; Claude Code's
   * `permission_suggestions`. A hook may hand some back as `updatedPermissions` with its allow.
   */
  readonly permissionSuggestions: readonly PermissionUpdate[];
}

/** Where a permission update is kept: the running session, or a Claude Code settings file. */
export type PermissionUpdateDestination = 'session' | 'localSettings' | 'projectSettings' | 'userSettings';

/** One permission rule in Claude Code's split form: `Bash(npm test:*)` is `{ toolName: 'Bash', ruleContent: 'npm test:*' }`. */
export interface PermissionRuleValue {
  readonly toolName: string;
  /** The specifier inside the parentheses; absent covers every call of the tool. */
  readonly ruleContent?: string | undefined;
}

/** Which list a rule update is about. */
export type PermissionBehavior = 'allow' | 'deny' | 'ask';

/**
 * A change to the permission rules or mode (Claude Code's permission-update entries): add,
 * replace or remove rules of one list, or set the mode. `addDirectories` / `removeDirectories`
 * are part of the protocol, but hookline has no working-directory list to change (see
 * docs/agent-events.md).
 */
export type PermissionUpdate =
  | {
      readonly type: 'addRules' | 'replaceRules' | 'removeRules';
      readonly rules: readonly PermissionRuleValue[];
      readonly behavior: PermissionBehavior;
      readonly destination: PermissionUpdateDestination;
    }
  | { readonly type: 'setMode'; readonly mode: PermissionMode; readonly destination: PermissionUpdateDestination }
  | { readonly type: 'addDirectories' | 'removeDirectories'; readonly directories: readonly string[]; readonly destination: PermissionUpdateDestination };

/**
 * What a notification is about (Claude Code's `notification_type`): `permission_prompt` (a
 * permission question is about to be asked) or `idle_prompt` (the prompt has waited for the
 * person's input since the agent answered, 60 s by default).
 */
export type NotificationType = 'permission_prompt' | 'idle_prompt';

/** hookline waits for the person: a permission question is about to be asked, or the prompt has been idle. */
export interface Notification extends EvalContextIds {
  readonly sessionId: string | undefined;
  readonly transcriptPath: string | undefined;
  readonly cwd: string;
  /** The text shown to the person, e.g. `hookline needs your permission to use Bash` or `hookline is waiting for your input`. */
  readonly message: string;
  /** A short title (`Permission needed`, `Waiting for input`). */
  readonly title: string;
  readonly notificationType: NotificationType;
  /** The agent whose session is waiting, if known. */
  readonly agent: ComponentRef | undefined;
}

/** What started a compaction: `/compact` (`manual`) or the token budget (`auto`). */
export type CompactTrigger = 'manual' | 'auto';

/** The conversation is about to be compacted into a summary. Hooks may block it. */
export interface PreCompact extends SessionContext {
  /** The turn during which an automatic compaction happens (absent for `/compact` between turns). */
  readonly turnId: string | undefined;
  readonly trigger: CompactTrigger;
  /** The text given after `/compact` (`''` for an automatic compaction). */
  readonly customInstructions: string;
}

/** The conversation was compacted: the history is now the summary plus the kept hook context. */
export interface PostCompact extends SessionContext {
  readonly turnId: string | undefined;
  readonly trigger: CompactTrigger;
  /** The summary the model wrote. */
  readonly compactSummary: string;
}

/** The person interrupted the running turn (Ctrl-C in `chat` or `run`); the turn has ended. */
export type Interrupt = TurnContext;
