/**
 * Results of decide events and their deterministic merge.
 * @module
 */
import type { PermissionUpdate } from './payloads/agent-events.ts';
import { permissionUpdatesProblem } from './permission-updates.ts';

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

/**
 * A PreToolUse decision may also rewrite the call's input, ask the user, or allow the call
 * (Claude Code's `permissionDecision`): `'ask'` needs a person's yes even where the mode and
 * rules would let the call run (where nobody can answer — an eval, `hookline run -p` — it is a
 * denial); `'allow'` skips the permission question (no PermissionRequest, nobody asked), but
 * deny rules, ask rules and `plan` mode still apply. Most restrictive wins across handlers:
 * block, then ask, then allow.
 */
export interface ToolUseDecision extends Omit<HookDecision, 'decision'> {
  /** `'block'` denies the call, `'ask'` needs a person's yes, `'allow'` skips the permission question. */
  readonly decision?: 'block' | 'ask' | 'allow' | undefined;
  /** Replaces the whole tool input; the last handler in order that sets it wins. */
  readonly updatedInput?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * What a PermissionRequest handler may return (Claude Code's `hookSpecificOutput.decision`):
 * allow the call without asking anyone, or deny it. Returning nothing leaves the question to the
 * person (or, where nobody can answer, to a denial).
 */
export interface PermissionDecision {
  /** `'allow'` approves the call; `'deny'` refuses it. A deny from any handler wins. */
  readonly behavior?: 'allow' | 'deny' | undefined;
  /** With deny: why, shown to the model (default `PermissionRequest hook denied approval`). */
  readonly message?: string | undefined;
  /** With allow: replaces the whole tool input (checked against the tool's schema). */
  readonly updatedInput?: Readonly<Record<string, unknown>> | undefined;
  /**
   * With allow: permission updates to apply, as the person's "always allow" would (Claude Code):
   * rules and mode of the running session, or of `.claude/settings.local.json`,
   * `.claude/settings.json`, `~/.claude/settings.json`. Ignored with deny.
   */
  readonly updatedPermissions?: readonly PermissionUpdate[] | undefined;
  /** With deny: also end the turn (Claude Code's `interrupt: true`). */
  readonly interrupt?: boolean | undefined;
  /** A warning shown to the user, never to the model. */
  readonly systemMessage?: string | undefined;
}

/** The deny message when a PermissionRequest hook gives none (Codex's wording). */
export const PERMISSION_DENIED_TEXT = 'PermissionRequest hook denied approval';

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
  /**
   * Some PreToolUse handler asked for the user's permission (and nothing blocked): the call runs
   * only if a person says yes. Absent means no handler asked.
   */
  readonly asked?: { readonly reasons: readonly string[] } | undefined;
  /**
   * Some handler allowed the call — a PreToolUse `allow`, a PermissionRequest `behavior: 'allow'` —
   * and none blocked, stopped or asked. Absent means no allow.
   */
  readonly allowed?: true | undefined;
  /** With `allowed`: the permission updates of every allowing PermissionRequest handler, in handler order. */
  readonly updatedPermissions?: readonly PermissionUpdate[] | undefined;
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
  private askReasons: string[] | undefined;
  private allowed = false;
  private readonly permissionUpdates: PermissionUpdate[] = [];
  private touched = false;

  /** Adds one handler's result (ignored when it is not an object). */
  add(result: unknown): void {
    if (result === null || typeof result !== 'object') return;
    const d = result as ToolUseDecision;
    this.touched = true;
    if (d.decision === 'block') {
      this.blocked = true;
      if (typeof d.reason === 'string' && d.reason.trim() !== '') this.reasons.push(d.reason);
    } else if (d.decision === 'ask') {
      this.askReasons ??= [];
      if (typeof d.reason === 'string' && d.reason.trim() !== '') this.askReasons.push(d.reason);
    } else if (d.decision === 'allow') {
      this.allowed = true;
    }
    const permission = result as PermissionDecision;
    if (permission.behavior !== undefined) this.addPermission(permission);
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

  private addPermission(p: PermissionDecision): void {
    if (p.behavior === 'allow') {
      this.allowed = true;
      if (p.updatedPermissions !== undefined && Array.isArray(p.updatedPermissions)) this.permissionUpdates.push(...(p.updatedPermissions as readonly PermissionUpdate[]));
      return;
    }
    const message = typeof p.message === 'string' && p.message.trim() !== '' ? p.message : PERMISSION_DENIED_TEXT;
    this.blocked = true;
    this.reasons.push(message);
    if (p.interrupt === true) {
      this.stopped = true;
      this.stopReason ??= message;
    }
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
    if (m.asked !== undefined) (this.askReasons ??= []).push(...m.asked.reasons);
    if (m.allowed === true) this.allowed = true;
    if (m.updatedPermissions !== undefined) this.permissionUpdates.push(...m.updatedPermissions);
  }

  /** The merge so far. A stop beats a block; a rewrite is dropped when the call is blocked. */
  result(): MergedDecision {
    if (!this.touched) return NO_DECISION;
    const blocked = this.blocked && !this.stopped;
    const merged: MergedDecision = {
      blocked,
      reasons: this.reasons,
      additionalContext: this.contexts,
      updatedInput: blocked ? undefined : this.updatedInput,
      stopped: this.stopped,
      stopReason: this.stopReason,
      systemMessages: this.systemMessages,
    };
    // A block or a stop settles the call; else an ask beats an allow (the most restrictive wins).
    if (this.blocked || this.stopped) return merged;
    if (this.askReasons !== undefined) return { ...merged, asked: { reasons: this.askReasons } };
    if (!this.allowed) return merged;
    return this.permissionUpdates.length === 0 ? { ...merged, allowed: true } : { ...merged, allowed: true, updatedPermissions: this.permissionUpdates };
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

function fieldProblem(obj: Record<string, unknown>, key: string, type: 'string' | 'boolean'): string | undefined {
  const value = obj[key];
  return value === undefined || typeof value === type ? undefined : `${key} must be a ${type}`;
}

/**
 * Returns what is wrong with the fields a decision shares across hook kinds (`decision`,
 * `reason`, `continue`, `stopReason`, `systemMessage`), or undefined. The command-hook protocol
 * and in-process results are checked by this one function.
 */
export function decisionFieldProblem(obj: Record<string, unknown>): string | undefined {
  return (
    fieldProblem(obj, 'decision', 'string') ??
    fieldProblem(obj, 'reason', 'string') ??
    fieldProblem(obj, 'continue', 'boolean') ??
    fieldProblem(obj, 'stopReason', 'string') ??
    fieldProblem(obj, 'systemMessage', 'string')
  );
}

/** The event label of the invalid-output failure text (Codex's wording: `pre-tool-use`, `stop hook`, …). */
const INVALID_LABEL: Partial<Record<string, string>> = {
  PreToolUse: 'pre-tool-use',
  PostToolUse: 'post-tool-use',
  Stop: 'stop hook',
  SessionStart: 'session start',
  UserPromptSubmit: 'user prompt submit',
};

/** Returns the failure text for a hook output that cannot be used: `hook returned invalid pre-tool-use JSON output`. */
export function invalidOutputText(wire: string): string {
  const label = INVALID_LABEL[wire] ?? wire.replace(/(?<=[a-z])(?=[A-Z])/g, '-').toLowerCase();
  return `hook returned invalid ${label} JSON output`;
}

/**
 * Returns what is wrong with an in-process handler's result for a decide event (`wire` is the
 * event's wire name), or undefined when it can be merged: nothing, a merged decision, or a
 * {@link HookDecision} object whose fields have the right types (`'ask'` and `'allow'` only on PreToolUse).
 */
export function decisionProblem(wire: string, result: unknown): string | undefined {
  if (result === undefined || result === null) return undefined;
  if (typeof result !== 'object' || Array.isArray(result)) {
    return `the result must be a decision object or nothing, got ${Array.isArray(result) ? 'an array' : `a ${typeof result}`}`;
  }
  if (isMergedDecision(result)) return undefined;
  const d = result as Record<string, unknown>;
  const problem = decisionFieldProblem(d);
  if (problem !== undefined) return problem;
  if (d.decision !== undefined && d.decision !== 'block' && !((d.decision === 'ask' || d.decision === 'allow') && wire === 'PreToolUse')) {
    return `unknown decision ${JSON.stringify(d.decision)}`;
  }
  if (d.behavior !== undefined || d.interrupt !== undefined || d.message !== undefined) {
    if (wire !== 'PermissionRequest') return 'behavior, message and interrupt are PermissionRequest answers';
    if (d.behavior !== undefined && d.behavior !== 'allow' && d.behavior !== 'deny') return `unknown behavior ${JSON.stringify(d.behavior)} (allow or deny)`;
    if (d.message !== undefined && typeof d.message !== 'string') return 'message must be a string';
    if (d.interrupt !== undefined && typeof d.interrupt !== 'boolean') return 'interrupt must be a boolean';
  }
  if (d.updatedPermissions !== undefined) {
    if (wire !== 'PermissionRequest') return 'updatedPermissions is a PermissionRequest answer';
    const problem = permissionUpdatesProblem(d.updatedPermissions);
    if (problem !== undefined) return problem;
  }
  const ctx = d.additionalContext;
  if (ctx !== undefined && typeof ctx !== 'string' && !(Array.isArray(ctx) && ctx.every((c) => typeof c === 'string'))) {
    return 'additionalContext must be a string or an array of strings';
  }
  const updated = d.updatedInput;
  if (updated !== undefined && (updated === null || typeof updated !== 'object' || Array.isArray(updated))) return 'updatedInput must be an object';
  return undefined;
}
