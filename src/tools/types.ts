/**
 * The tool contract: what a tool definition provides and what a defined {@link Tool} offers the
 * agent loop and the eval runtime.
 * @module
 */
import type { ComponentRef } from '../hooks/payloads/model.ts';
import type { InstanceHooks } from '../hooks/sources/scoped/instance-hooks.ts';
import type { ScopedHooksInput } from '../hooks/sources/scoped/kinds.ts';
import type { JsonSchema, ToolInfo } from '../types/model.ts';

/** A JSON value: what a tool may return (strings reach the model as they are, the rest as JSON). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What a tool's `execute` returns. */
export type ToolResult = JsonValue;

/** The arguments a tool receives, after schema validation. */
export type ToolArgs = Record<string, unknown>;

/** What `execute` is given besides the arguments. */
export interface ToolContext {
  /** The session's working directory; relative paths resolve against it. */
  readonly cwd: string;
  /** The model's id for this call (`tool_use_id` on the wire). */
  readonly toolUseId: string;
  /** The agent session the call belongs to, when there is one. */
  readonly sessionId: string | undefined;
  /** Fires when the session or sample is cancelled; long-running tools should stop. */
  readonly signal: AbortSignal | undefined;
  /**
   * Variables the session adds to the environment of processes the tool starts (what SessionStart
   * hooks exported through `CLAUDE_ENV_FILE`); the `Bash` tool applies them.
   */
  readonly env?: Readonly<Record<string, string>> | undefined;
}

/** The JSON Schema of a tool's arguments: an object schema. */
export interface ToolParameters {
  readonly type: 'object';
  readonly properties?: Record<string, JsonSchema>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly [keyword: string]: unknown;
}

/** What {@link defineTool} takes. */
export interface ToolDefinition<A extends ToolArgs = ToolArgs> {
  /** The name the model calls and command-hook matchers test (`^[A-Za-z0-9_-]{1,64}$`). */
  readonly name: string;
  /** Told to the model: what the tool does and when to use it. */
  readonly description: string;
  /** JSON Schema of the arguments; arguments are validated against it before every call. */
  readonly parameters: ToolParameters;
  /**
   * Runs the tool. Thrown errors become a tool error the model sees (a {@link ToolError}
   * chooses its error type); they never end the session.
   */
  execute(args: A, context: ToolContext): ToolResult | Promise<ToolResult>;
  /**
   * Returns the text the model reads for a result `execute` returned, when that differs from the
   * result itself (the `Bash` tool returns an object for hooks and shows the model formatted
   * text). Default: strings as they are, other values as JSON.
   */
  readonly resultText?: ((result: ToolResult) => string) | undefined;
  /**
   * Instance hooks of this tool: a `Hooks` instance or a map of event → handler (canonical or
   * promptulate names, e.g. `onToolStart`). They receive this tool's `onToolCreate`,
   * `onPreToolUse` and `onPostToolUse` (in agent sessions and eval samples alike), after global,
   * component and agent instance hooks. Available later as `tool.hooks`.
   */
  readonly hooks?: ScopedHooksInput<'tool'> | undefined;
}

/** The result of checking arguments against a tool's schema. */
export type ToolArgsCheck<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: string };

/** A defined tool (see {@link defineTool}). */
export interface Tool<A extends ToolArgs = ToolArgs> {
  readonly name: string;
  readonly description: string;
  /** What the model is told about the tool. */
  readonly info: ToolInfo;
  /** Identity of this tool instance in hook payloads. */
  readonly component: ComponentRef;
  /** This tool's instance hooks (from the definition's `hooks`). */
  readonly hooks: InstanceHooks<'tool'>;
  /** Checks (a copy of) arguments against the schema, filling schema defaults. */
  validate(args: unknown): ToolArgsCheck<A>;
  /** Runs the tool on already validated arguments; may throw. */
  execute(args: A, context: ToolContext): Promise<ToolResult>;
  /** Returns the text the model reads for a result (see {@link ToolDefinition.resultText}). */
  resultText?(result: ToolResult): string;
}
