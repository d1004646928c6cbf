/**
 * The ambient context of the work in progress (which eval, sample or agent session is running),
 * carried through async calls with AsyncLocalStorage so concurrent samples never mix their ids.
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { EvalContextIds } from '../types/ids.ts';
import type { TranscriptEvent } from '../types/events.ts';
import type { ModelUsage } from '../types/model.ts';
import type { AgentFrame } from './agent-lineage.ts';

/** Receives the transcript events of the active sample or session. */
export interface TranscriptRecorder {
  /** Records a completed event. */
  record(event: TranscriptEvent): void;
  /**
   * Backpressure: a promise to await before recording more when what consumes the events is
   * behind, or undefined. Hosts call it at their await points (before each model call).
   */
  ready?(): Promise<void> | undefined;
}

/** A tool call a PreToolUse hook wants a person to approve. */
export interface PermissionRequest {
  readonly toolName: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** The hooks' reasons for asking, in handler order. */
  readonly reasons: readonly string[];
  /** Who asks: a PreToolUse hook (default), or a permission rule. */
  readonly origin?: 'hook' | 'rule' | undefined;
}

/** Asks a person; resolves true for yes. Only interactive hosts (`hookline chat`) provide one. */
export type PermissionAsker = (request: PermissionRequest) => Promise<boolean>;

/**
 * The instance-scope handlers of the enclosing agent, per event. The context only carries them:
 * they are the hooks layer's handler entries, read by its instance-handler lookup.
 */
export type ContextHandlers = (event: string) => readonly object[] | undefined;

/** What is running right now. Every field is optional: outside an eval all are absent. */
export interface ActiveContext {
  readonly evalSetId?: string | undefined;
  readonly runId?: string | undefined;
  readonly evalId?: string | undefined;
  /** The sample uuid (stable across retries of one sample and epoch). */
  readonly sampleId?: string | undefined;
  readonly taskName?: string | undefined;
  readonly epoch?: number | undefined;
  /** The agent session, when one is active. */
  readonly sessionId?: string | undefined;
  /** The running agent and its lineage (set by agent sessions; see agent-lineage.ts). */
  readonly agent?: AgentFrame | undefined;
  /** Where model and tool calls record their transcript events. */
  readonly transcript?: TranscriptRecorder | undefined;
  /**
   * Called after each provider call with its usage, before `onModelUsage`; may throw a
   * LimitExceededError (token limits).
   */
  readonly recordUsage?: ((modelName: string, usage: ModelUsage) => void) | undefined;
  /** Instance-scope handlers of the enclosing agent, per event (see scoped hooks). */
  readonly scopedHandlers?: ContextHandlers | undefined;
  /** Cancels the work in progress. */
  readonly signal?: AbortSignal | undefined;
  /** Who answers a PreToolUse `ask`; absent (evals, `run -p`) means the call is denied. */
  readonly askPermission?: PermissionAsker | undefined;
}

const storage = new AsyncLocalStorage<ActiveContext>();

/** The empty context: what code outside any eval, sample or session sees. */
export const NO_CONTEXT: ActiveContext = Object.freeze({});

/** The active context, or {@link NO_CONTEXT}. */
export function currentContext(): ActiveContext {
  return storage.getStore() ?? NO_CONTEXT;
}

/**
 * Runs `fn` with `context` merged over the current one. Accessor properties of `context` stay
 * live, but cost: V8 builds an object literal with an accessor on its slow path (about 1 µs
 * against 0.05 µs), so per-sample contexts use plain fields.
 */
export function runInContext<T>(context: ActiveContext, fn: () => T): T {
  const parent = storage.getStore();
  return storage.run(parent === undefined ? context : mergeContext(parent, context), fn);
}

/** Runs `fn` in `merged`, a context made by {@link mergeContext}, as it is (not over the current one). */
export function runInMergedContext<T>(merged: ActiveContext, fn: () => T): T {
  return storage.run(merged, fn);
}

/**
 * Returns `context` over `parent`, as {@link runInContext} runs it: the parent stays the
 * prototype (its fields show through without being copied); new data fields are assigned,
 * accessors and fields the parent has are defined (accessors stay live). For code that runs many
 * times in one merged context ({@link runInMergedContext}), which then is made once.
 * Field by field: `Object.defineProperties` with all descriptors costs about five times as much,
 * and this runs for every sample and every delivery of its events.
 */
export function mergeContext(parent: ActiveContext, context: ActiveContext): ActiveContext {
  const merged = Object.create(parent) as Record<string, unknown>;
  for (const key of Object.keys(context)) {
    const field = Object.getOwnPropertyDescriptor(context, key)!;
    // Defined, not assigned, also where the parent has the field: an accessor there (a getter
    // without a setter) would refuse the assignment.
    if (field.get !== undefined || field.set !== undefined || key in parent) Object.defineProperty(merged, key, field);
    else merged[key] = field.value;
  }
  return merged;
}

/**
 * Runs `fn` outside any context. Work that outlives the caller (process-wide start-up) uses it:
 * a promise made inside a context keeps that context, and what it references, alive.
 */
export function runOutsideContext<T>(fn: () => T): T {
  return storage.exit(fn);
}

/** Returns the eval ids of the active context (all undefined outside an eval). */
export function contextIds(ctx: ActiveContext): EvalContextIds {
  return {
    evalSetId: ctx.evalSetId,
    runId: ctx.runId,
    evalId: ctx.evalId,
    sampleId: ctx.sampleId,
    taskName: ctx.taskName,
    sessionId: ctx.sessionId,
  };
}
