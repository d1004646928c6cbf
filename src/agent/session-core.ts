/**
 * The state a turn works on, shared by the session and the turn loop, and the payload builders
 * of the session events.
 * @module
 */
import type { PermissionAsker } from '../runtime/context.ts';
import type { SessionContext, TurnContext, PermissionMode } from '../hooks/payloads/agent.ts';
import type { ComponentRef } from '../hooks/payloads/model.ts';
import type { ChatMessage, GenerateConfig } from '../types/model.ts';
import type { InstanceHooks } from '../hooks/sources/scoped/instance-hooks.ts';
import type { ScopedHandlers } from '../hooks/emit.ts';
import type { HookContextEvent } from '../tools/scope.ts';
import type { Tool } from '../tools/types.ts';
import type { PermissionRules } from '../tools/permissions/rules.ts';
import { contextIds, currentContext } from '../runtime/context.ts';
import { lineageOf } from '../runtime/agent-lineage.ts';
import { hookContextMessage } from './hook-text.ts';
import type { PromptQueue } from './prompt-queue.ts';
import type { SessionPermissions } from './session-permissions.ts';
import type { TranscriptWriter } from './transcript.ts';
import type { AgentModel } from './types.ts';

/** The agent settings a session needs. */
export interface AgentSettings {
  readonly model: AgentModel;
  readonly tools: readonly Tool[];
  readonly system: string | undefined;
  readonly component: ComponentRef;
  /** The agent's instance hooks: its own events, and (through the context) its sessions' tool and model events. */
  readonly hooks: InstanceHooks<'agent'>;
  readonly maxTurns: number;
  readonly stopHookBlockCap: number;
  readonly permissionMode: PermissionMode;
  readonly permissionRules: PermissionRules | undefined;
  /** Automatic compaction budget in estimated tokens (0: off). */
  readonly compactTokens: number;
  readonly config: GenerateConfig | undefined;
  readonly askPermission: PermissionAsker | undefined;
  /** Set when the agent runs as a subagent: its stop fires SubagentStop for the parent (see subagent-stop.ts). */
  readonly subagent?: SubagentLink | undefined;
}

/** How a subagent's session reports to its parent. */
export interface SubagentLink {
  readonly agentId: string;
  readonly agentType: string;
  /** The parent's turn fields (its session, transcript and turn id), as SubagentStop carries them. */
  readonly parentTurn: TurnContext;
  /** The parent agent's instance hooks, which receive SubagentStop. */
  readonly parentHandlers: ScopedHandlers | undefined;
}

/** What the turn loop reads and changes. */
export interface SessionCore {
  readonly agent: AgentSettings;
  readonly sessionId: string;
  readonly transcriptPath: string;
  readonly cwd: string;
  readonly writer: TranscriptWriter;
  readonly history: ChatMessage[];
  /** Makes a model-visible hook text fit, spilling long text next to the transcript. */
  fitHookText(text: string): string;
  /** Prompts sent while a turn runs; the turn takes them at its next model request. */
  readonly queue?: PromptQueue | undefined;
  /** The session's permission mode and rules; PermissionRequest hooks' updates change them (absent: the agent's). */
  readonly permissions?: SessionPermissions | undefined;
  /** Variables SessionStart hooks exported through `CLAUDE_ENV_FILE`, for later Bash tool calls. */
  toolEnv?: Readonly<Record<string, string>> | undefined;
}

/** Returns the model as payloads name it: `provider/name`. */
export function modelLabel(model: AgentModel): string {
  return model.name;
}

/**
 * Returns the fields every session event carries, in a fresh object (callers add their event's
 * fields with `Object.assign`).
 *
 * Payload builders use `Object.assign(fresh, …)`, never a literal that starts with a spread and
 * adds fields after it (`{ ...base, step }`): on Node 20 (V8 11.3) that form builds a new hidden
 * class on every call — microseconds each, and garbage the collector must trace — which made each
 * delivered agent or tool event cost about 20 µs (see BENCHMARKS.md, "Agent-run events").
 */
export function sessionPayload(core: SessionCore): SessionContext {
  const ctx = currentContext();
  return Object.assign(contextIds(ctx), lineageOf(ctx.agent), {
    sessionId: core.sessionId,
    transcriptPath: core.transcriptPath,
    cwd: core.cwd,
    model: modelLabel(core.agent.model),
    permissionMode: core.permissions?.mode ?? core.agent.permissionMode,
    component: core.agent.component,
  });
}

/** Returns the fields of events that belong to one turn, in a fresh object. */
export function turnPayload(core: SessionCore, turnId: string): TurnContext {
  return Object.assign(sessionPayload(core), { turnId });
}

/** Appends a message to the history and the transcript. */
export function appendMessage(core: SessionCore, message: ChatMessage, turnId?: string): void {
  core.history.push(message);
  core.writer.writeMessage(message, turnId === undefined ? {} : { turnId });
}

/** Appends one context message per hook text (spilled if long), in order. */
export function appendContexts(core: SessionCore, event: HookContextEvent, texts: readonly string[], turnId?: string): void {
  for (const text of texts) appendMessage(core, hookContextMessage(event, core.fitHookText(text)), turnId);
}

/** Returns the messages of the next model request: the system prompt, then the history. */
export function requestMessages(core: SessionCore): ChatMessage[] {
  const system = core.agent.system;
  return system === undefined || system === '' ? [...core.history] : [{ role: 'system', content: system }, ...core.history];
}
