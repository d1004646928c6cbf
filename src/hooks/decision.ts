/**
 * Results of decide events and their deterministic merge.
 * @module
 */

/**
 * What a handler of a decide event may return. Every field is optional; returning nothing
 * means "no opinion".
 */
export interface HookDecision {
  /** `'block'` blocks the prompt, denies the tool, keeps the agent from stopping, or sends feedback. */
  readonly decision?: 'block' | undefined;
  /** Why: shown to the model (tool denial, post-tool feedback, stop continuation). */
  readonly reason?: string | undefined;
  /** Context injected into the next model request; kept even when the same handler blocks. */
  readonly additionalContext?: string | readonly string[] | undefined;
  /** `false` ends the turn (beats any block). */
  readonly continue?: boolean | undefined;
  /** Shown to the user when `continue` is false. */
  readonly stopReason?: string | undefined;
  /** A warning shown to the user, never to the model. */
  readonly systemMessage?: string | undefined;
}

/** A PreToolUse decision may also rewrite the call's input. */
export interface ToolUseDecision extends HookDecision {
  /** Replaces the whole tool input; the last handler in order that sets it wins. */
  readonly updatedInput?: Readonly<Record<string, unknown>> | undefined;
}

/** The merge of every handler's decision for one emission. */
export interface MergedDecision {
  /** Any handler blocked (and nothing stopped). */
  readonly blocked: boolean;
  /** Block reasons in handler order. */
  readonly reasons: readonly string[];
  /** Every additional context, in handler order, including those of blocking handlers. */
  readonly additionalContext: readonly string[];
  /** From the last handler in order that set it. */
  readonly updatedInput: Readonly<Record<string, unknown>> | undefined;
  /** Some handler returned `continue: false`. */
  readonly stopped: boolean;
  /** The first stop reason. */
  readonly stopReason: string | undefined;
  /** Every system message, in handler order. */
  readonly systemMessages: readonly string[];
}

/** The merge when no handler had an opinion. */
export const NO_DECISION: MergedDecision = Object.freeze({
  blocked: false,
  reasons: Object.freeze([]),
  additionalContext: Object.freeze([]),
  updatedInput: undefined,
  stopped: false,
  stopReason: undefined,
  systemMessages: Object.freeze([]),
});

/** Accumulates decisions in handler order; {@link DecisionMerger.result} gives the merge. */
export class DecisionMerger {
  private blocked = false;
  private readonly reasons: string[] = [];
  private readonly contexts: string[] = [];
  private updatedInput: Readonly<Record<string, unknown>> | undefined;
  private stopped = false;
  private stopReason: string | undefined;
  private readonly systemMessages: string[] = [];
  private touched = false;

  /** Adds one handler's result (ignored when it is not an object). */
  add(result: unknown): void {
    if (result === null || typeof result !== 'object') return;
    const d = result as ToolUseDecision;
    this.touched = true;
    if (d.decision === 'block') {
      this.blocked = true;
      if (typeof d.reason === 'string' && d.reason.trim() !== '') this.reasons.push(d.reason);
    }
    const ctx = d.additionalContext;
    if (typeof ctx === 'string') {
      if (ctx !== '') this.contexts.push(ctx);
    } else if (Array.isArray(ctx)) {
      for (const c of ctx) if (typeof c === 'string' && c !== '') this.contexts.push(c);
    }
    if (d.updatedInput !== undefined && d.updatedInput !== null && typeof d.updatedInput === 'object') {
      this.updatedInput = d.updatedInput;
    }
    if (d.continue === false) {
      this.stopped = true;
      this.stopReason ??= d.stopReason;
      // The reason of a stop is feedback for the model too (it wins over stopReason there).
      if (d.decision !== 'block' && typeof d.reason === 'string' && d.reason.trim() !== '') this.reasons.push(d.reason);
    }
    if (typeof d.systemMessage === 'string' && d.systemMessage !== '') this.systemMessages.push(d.systemMessage);
  }

  /** Adds an already merged result (e.g. from a command-hook batch), keeping its order. */
  addMerged(m: MergedDecision): void {
    if (m === NO_DECISION) return;
    this.touched = true;
    if (m.blocked) this.blocked = true;
    this.reasons.push(...m.reasons);
    this.contexts.push(...m.additionalContext);
    if (m.updatedInput !== undefined) this.updatedInput = m.updatedInput;
    if (m.stopped) {
      this.stopped = true;
      this.stopReason ??= m.stopReason;
    }
    this.systemMessages.push(...m.systemMessages);
  }

  /** The merge so far. A stop beats a block; a rewrite is dropped when the call is blocked. */
  result(): MergedDecision {
    if (!this.touched) return NO_DECISION;
    const blocked = this.blocked && !this.stopped;
    return {
      blocked,
      reasons: this.reasons,
      additionalContext: this.contexts,
      updatedInput: blocked ? undefined : this.updatedInput,
      stopped: this.stopped,
      stopReason: this.stopReason,
      systemMessages: this.systemMessages,
    };
  }
}

/** Joins block reasons the way both seed protocols present several of them. */
export function joinReasons(decision: MergedDecision): string {
  return decision.reasons.join('\n\n');
}

/** Tells whether a value is a merged decision (what the bus returns for decide events). */
export function isMergedDecision(value: unknown): value is MergedDecision {
  return value !== null && typeof value === 'object' && 'blocked' in value && 'reasons' in value && 'stopped' in value;
}
