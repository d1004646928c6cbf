/**
 * Payloads of the agent events around tool failures, permissions, notifications, compaction and
 * interrupts. Field names follow the Claude Code / Codex command-hook protocol (camelCase here,
 * snake_case on the wire).
 * @module
 */
import type { ToolUseContext } from './agent.ts';

/** A tool call failed (its tool threw) or was interrupted. Hooks may add context for the model. */
export interface PostToolUseFailure extends ToolUseContext {
  /** The error text the model reads as the tool's result. */
  readonly error: string;
  /** True when the call was cut short by an interrupt (Ctrl-C, a cancelled session), not by its own failure. */
  readonly isInterrupt: boolean;
}
