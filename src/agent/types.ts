/**
 * Options and results of agents and sessions.
 * @module
 */
import type { PermissionAsker } from '../runtime/context.ts';
import type { PermissionMode } from '../hooks/payloads/agent.ts';
import type { AgentEnding } from '../hooks/payloads/agent-run.ts';
import type { PermissionSettings } from '../tools/permissions/rules.ts';
import type { ScopedHooksInput } from '../hooks/sources/scoped/kinds.ts';
import type { Model } from '../model/index.ts';
import type { ChatMessage, GenerateConfig, ModelOutput, ModelUsage } from '../types/model.ts';
import type { Tool } from '../tools/types.ts';

/**
 * The model an agent runs: a `Model` from `getModel()`, or any object with the same shape (a
 * test double). Its `name` is `provider/name`, as hook payloads report it.
 */
export type AgentModel = Pick<Model, 'name' | 'component' | 'generate'>;

/** Options of `new Agent()`. */
export interface AgentOptions {
  readonly model: AgentModel;
  readonly tools?: readonly Tool[];
  /** The system prompt, sent first in every request (not stored as a history message). */
  readonly system?: string;
  /** Display name (default `agent`). */
  readonly name?: string;
  /** Working directory of tools (default: the process's). */
  readonly cwd?: string;
  /** Folder of session transcripts (default `~/.hookline/sessions`, or `$HOOKLINE_HOME/sessions`). */
  readonly transcriptDir?: string;
  /** Model requests allowed per user turn (default 100); the turn ends with outcome `max_turns`. */
  readonly maxTurns?: number;
  /**
   * Consecutive Stop-hook continuations (blocks, or `additionalContext` that keeps the turn going)
   * honoured in one turn before the turn ends anyway (default 8).
   */
  readonly stopHookBlockCap?: number;
  /**
   * How tool calls are permitted (reported to hooks as `permission_mode`; default `default`):
   * `plan` runs only read-only tools, `acceptEdits` runs edits without asking, `dontAsk` denies
   * whatever needs permission, `bypassPermissions` runs everything but what a deny rule forbids.
   * See docs/agent-events.md.
   */
  readonly permissionMode?: PermissionMode;
  /**
   * Tool permission rules in Claude Code's syntax (`Bash(npm test:*)`, `Read`, `Edit(src/**)`):
   * `deny` never runs, `ask` needs a PermissionRequest hook's or a person's yes, `allow` runs.
   */
  readonly permissions?: PermissionSettings;
  /**
   * Compact the conversation automatically before a model request once the history passes this
   * many estimated tokens (characters / 4; default 160,000; 0 turns it off). See
   * docs/agent-events.md.
   */
  readonly compactTokens?: number;
  /** Generation settings passed to every request. */
  readonly config?: GenerateConfig;
  /**
   * Asks a person when a PreToolUse hook answers `ask` (resolve true to run the call). Without
   * it such calls are denied: a question nobody can answer is never an allow.
   */
  readonly askPermission?: PermissionAsker;
  /**
   * Instance hooks of this agent: a `Hooks` instance or a map of event → handler (canonical or
   * promptulate names, e.g. `onAgentStart`). They receive `onAgentCreate`, `onSessionStart`,
   * `onSessionEnd`, `onUserPromptSubmit`, `onStop`, and the tool-use and model-call events of its
   * sessions, after global and component hooks. Available later as `agent.hooks`.
   */
  readonly hooks?: ScopedHooksInput<'agent'>;
}

/** Options of `agent.session()`. */
export interface SessionOptions {
  /** Messages the history starts with (e.g. an eval sample's input). */
  readonly messages?: readonly ChatMessage[];
  /** Overrides the agent's working directory. */
  readonly cwd?: string;
  /** Overrides the agent's transcript folder. */
  readonly transcriptDir?: string;
  /** Cancels model and tool calls of the session. */
  readonly signal?: AbortSignal;
}

/** How a turn ended. */
export type TurnOutcome =
  /** The model answered without tool calls and no Stop hook kept it going. */
  | 'completed'
  /** A UserPromptSubmit hook blocked the prompt; the model never saw it. */
  | 'blocked'
  /** A hook returned `continue: false` (SessionStart, UserPromptSubmit, a tool hook, or Stop). */
  | 'stopped'
  /** The turn reached `maxTurns` model requests. */
  | 'max_turns'
  /** Stop hooks kept the turn going `stopHookBlockCap` times in a row; the last one was overridden. */
  | 'stop_hook_cap';

/** What one `send()` came to. */
export interface TurnResult {
  readonly turnId: string;
  readonly outcome: TurnOutcome;
  /** How the turn ended, with the detail of its outcome (which hook stopped it, which limit it reached). */
  readonly ending: AgentEnding;
  /** The text of the last assistant message of the turn ('' when there is none). */
  readonly text: string;
  /** The last model output of the turn. */
  readonly output: ModelOutput | undefined;
  /** For the user: the block reason or stop reason, when there is one. */
  readonly reason: string | undefined;
  /** Model requests made in this turn. */
  readonly modelCalls: number;
  /** Usage summed over this turn's model requests. */
  readonly usage: ModelUsage | undefined;
  /** Hooks' `systemMessage`s (warnings for the user, never shown to the model). */
  readonly systemMessages: readonly string[];
}

/** What `agent.run()` returns: the turn plus where the session lives. */
export interface RunResult extends TurnResult {
  readonly sessionId: string;
  readonly transcriptPath: string;
}
