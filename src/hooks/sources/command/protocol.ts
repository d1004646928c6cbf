/**
 * The result protocol: how a hook's exit code, stdout and stderr become an outcome.
 *
 * Exit 0 parses stdout (a JSON object, or plain text that becomes context for SessionStart and
 * UserPromptSubmit and is ignored elsewhere); exit 2 blocks with the trimmed stderr as the reason (feedback on
 * PostToolUse; a plain failure on SessionStart); every other ending fails without blocking.
 * Failure texts are Codex's observable strings.
 *
 * Profile (Claude-Code-lenient where the seeds differ): unknown output keys are ignored;
 * known keys with the wrong type make the output invalid; `continue: false` stops on every
 * decide event (Codex rejects it on PreToolUse); a PreToolUse `deny` (or legacy `block`) without
 * a reason still blocks, with a default reason (Codex fails open); `allow` (and legacy `approve`)
 * skips the permission question as in Claude Code (deny and ask rules still apply; Codex accepts
 * allow only with `updatedInput`), with `updatedInput` a rewrite; `ask` and `defer` need a
 * person's yes (about the rewritten input, when `updatedInput` comes with them): the
 * interactive `chat` asks on the terminal, everywhere else the call is denied (as `claude -p`
 * does); observe events ignore stdout.
 * @module
 */
import { eventSpec, type HookEventName } from '../../catalog.ts';
import { decisionFieldProblem, invalidOutputText, PERMISSION_DENIED_TEXT, type PermissionDecision, type ToolUseDecision } from '../../decision.ts';
import type { PermissionUpdate } from '../../payloads/agent-events.ts';
import { permissionUpdatesProblem } from '../../permission-updates.ts';
import { isRecord } from '../../../util/guards.ts';

/** How one hook run ended, in Codex's vocabulary. */
export type HookRunStatus = 'completed' | 'blocked' | 'stopped' | 'failed';

/** A finished hook process as the protocol sees it. */
export interface HookProcessOutput {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly signal?: string | null | undefined;
  /** Set when hookline ended the run or could not start it; its message is the failure. */
  readonly error?: { readonly message: string } | undefined;
}

/** What one hook run means. */
export interface HookOutcome {
  readonly status: HookRunStatus;
  /** What the run contributes to the merge; undefined for failures and for "no opinion". */
  readonly decision: ToolUseDecision | PermissionDecision | undefined;
  /** The failure, in Codex's observable wording, when `status` is `'failed'`. */
  readonly error: string | undefined;
  /** A diagnostic detail for the failure (parse error, field that has the wrong type). */
  readonly detail: string | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const COMPLETED: HookOutcome = Object.freeze({ status: 'completed', decision: undefined, error: undefined, detail: undefined });

function failed(error: string, detail?: string): HookOutcome {
  return { status: 'failed', decision: undefined, error, detail };
}

function invalid(wire: string, detail: string): HookOutcome {
  return failed(invalidOutputText(wire), detail);
}

/** Wire-only fields; the ones in-process decisions share are checked by decisionFieldProblem(). */
const TYPES: Record<string, 'boolean' | 'string' | 'object'> = {
  suppressOutput: 'boolean', hookSpecificOutput: 'object',
};
const SPECIFIC_TYPES: Record<string, 'string' | 'object'> = {
  hookEventName: 'string', additionalContext: 'string', permissionDecision: 'string',
  permissionDecisionReason: 'string', updatedInput: 'object',
};

function typeProblem(obj: Record<string, unknown>, types: Record<string, string>, prefix: string): string | undefined {
  for (const [key, type] of Object.entries(types)) {
    const value = obj[key];
    if (value === undefined) continue;
    const ok = type === 'object' ? isRecord(value) : typeof value === type;
    if (!ok) return `${prefix}${key} must be ${type === 'object' ? 'an object' : `a ${type}`}`;
  }
  return undefined;
}

function nonBlank(text: string | undefined): text is string {
  return text !== undefined && text.trim() !== '';
}

function withStatus(decision: Mutable<ToolUseDecision>): HookOutcome {
  const status: HookRunStatus = decision.continue === false ? 'stopped' : decision.decision === 'block' ? 'blocked' : 'completed';
  return { status, decision: Object.keys(decision).length === 0 ? undefined : decision, error: undefined, detail: undefined };
}

/** PreToolUse: the modern `permissionDecision` form, else the legacy `decision` form. */
function preToolUse(out: Record<string, unknown>, specific: Record<string, unknown>, d: Mutable<ToolUseDecision>): HookOutcome {
  const pd = specific.permissionDecision as string | undefined;
  const pdr = specific.permissionDecisionReason as string | undefined;
  const updated = specific.updatedInput as Record<string, unknown> | undefined;
  if (pd !== undefined || pdr !== undefined || updated !== undefined) {
    if (pd === 'deny') return withStatus({ ...d, decision: 'block', reason: nonBlank(pdr) ? pdr : 'Blocked by a PreToolUse hook.' });
    // allow skips the permission question (Claude Code); it never overrules a deny, an ask or a deny/ask rule.
    if (pd === 'allow') return withStatus(updated === undefined ? { ...d, decision: 'allow' } : { ...d, decision: 'allow', updatedInput: updated });
    // ask (and defer, which hands the call to a permission prompt) needs a person: never an allow.
    // With updatedInput the person is asked about the rewritten input (Claude Code).
    if (pd === 'ask' || pd === 'defer') {
      const asked: Mutable<ToolUseDecision> = { ...d, decision: 'ask', reason: nonBlank(pdr) ? pdr : `A PreToolUse hook answered permissionDecision:${pd}.` };
      if (updated !== undefined) asked.updatedInput = updated;
      return withStatus(asked);
    }
    if (pd !== undefined) return invalid('PreToolUse', `unknown permissionDecision ${JSON.stringify(pd)}`);
    if (updated !== undefined) return failed('PreToolUse hook returned updatedInput without permissionDecision:allow');
    return failed('PreToolUse hook returned permissionDecisionReason without permissionDecision');
  }
  const decision = out.decision as string | undefined;
  const reason = out.reason as string | undefined;
  if (decision === 'block') return withStatus({ ...d, decision: 'block', reason: nonBlank(reason) ? reason : 'Blocked by a PreToolUse hook.' });
  // Claude Code's deprecated spelling of allow.
  if (decision === 'approve') return withStatus({ ...d, decision: 'allow' });
  if (decision !== undefined) return invalid('PreToolUse', `unknown decision ${JSON.stringify(decision)}`);
  if (reason !== undefined && d.continue !== false) return failed('PreToolUse hook returned reason without decision');
  return withStatus(d);
}

/**
 * PermissionRequest: `hookSpecificOutput.decision` = `{behavior: allow|deny, message?,
 * updatedInput?, updatedPermissions?, interrupt?}` (Claude Code's shape, which Codex shares;
 * Codex rejects `updatedInput`, `updatedPermissions` and `interrupt`, hookline honours them as
 * Claude Code does). A malformed `updatedPermissions` entry makes the output invalid (the hook
 * fails, and the question goes on to the person or a denial); valid entries are ignored with deny.
 */
function permissionRequest(specific: Record<string, unknown>, d: Mutable<ToolUseDecision>): HookOutcome {
  const decision = specific.decision;
  if (decision === undefined) return withStatus(d);
  if (!isRecord(decision)) return invalid('PermissionRequest', 'hookSpecificOutput.decision must be an object');
  const { behavior, message, updatedInput, updatedPermissions, interrupt } = decision;
  if (behavior !== 'allow' && behavior !== 'deny') return invalid('PermissionRequest', `unknown decision.behavior ${JSON.stringify(behavior)} (allow or deny)`);
  if (message !== undefined && typeof message !== 'string') return invalid('PermissionRequest', 'decision.message must be a string');
  if (updatedInput !== undefined && !isRecord(updatedInput)) return invalid('PermissionRequest', 'decision.updatedInput must be an object');
  if (interrupt !== undefined && typeof interrupt !== 'boolean') return invalid('PermissionRequest', 'decision.interrupt must be a boolean');
  const updatesProblem = updatedPermissions === undefined ? undefined : permissionUpdatesProblem(updatedPermissions, 'decision.updatedPermissions');
  if (updatesProblem !== undefined) return invalid('PermissionRequest', updatesProblem);
  const answer: Mutable<PermissionDecision> = { behavior };
  if (d.systemMessage !== undefined) answer.systemMessage = d.systemMessage;
  if (behavior === 'allow') {
    if (updatedInput !== undefined) answer.updatedInput = updatedInput;
    if (updatedPermissions !== undefined) answer.updatedPermissions = updatedPermissions as PermissionUpdate[];
    return { status: 'completed', decision: answer, error: undefined, detail: undefined };
  }
  answer.message = nonBlank(message) ? message : PERMISSION_DENIED_TEXT;
  if (interrupt === true) answer.interrupt = true;
  return { status: interrupt === true ? 'stopped' : 'blocked', decision: answer, error: undefined, detail: undefined };
}

/** Events whose `decision: "block"` needs a non-empty reason (Codex: otherwise Failed). */
function blockWithReason(wire: string, out: Record<string, unknown>, d: Mutable<ToolUseDecision>): HookOutcome {
  const decision = out.decision as string | undefined;
  const reason = out.reason as string | undefined;
  if (decision !== undefined && decision !== 'block') return invalid(wire, `unknown decision ${JSON.stringify(decision)}`);
  if (d.continue === false) {
    // continue:false beats a block. PostToolUse keeps the reason as the feedback text.
    if (wire === 'PostToolUse' && nonBlank(reason)) return withStatus({ ...d, decision: 'block', reason });
    return withStatus(d);
  }
  if (decision === 'block') {
    if (!nonBlank(reason)) return failed(`${wire} hook returned decision:block without a non-empty reason`);
    return withStatus({ ...d, decision: 'block', reason });
  }
  if (reason !== undefined && wire === 'PostToolUse') return failed('PostToolUse hook returned reason without decision');
  return withStatus(d);
}

function interpret(event: HookEventName, out: Record<string, unknown>): HookOutcome {
  const wire = eventSpec(event).wire;
  const problem = decisionFieldProblem(out) ?? typeProblem(out, TYPES, '');
  if (problem !== undefined) return invalid(wire, problem);
  const specific = (out.hookSpecificOutput ?? {}) as Record<string, unknown>;
  const specificProblem = typeProblem(specific, SPECIFIC_TYPES, 'hookSpecificOutput.');
  if (specificProblem !== undefined) return invalid(wire, specificProblem);
  const d: Mutable<ToolUseDecision> = {};
  const context = specific.additionalContext as string | undefined;
  if (context !== undefined && context !== '') d.additionalContext = context;
  if (typeof out.systemMessage === 'string' && out.systemMessage !== '') d.systemMessage = out.systemMessage;
  if (out.continue === false) {
    d.continue = false;
    if (typeof out.stopReason === 'string') d.stopReason = out.stopReason;
  }
  switch (wire) {
    case 'PreToolUse':
      return preToolUse(out, specific, d);
    case 'PostToolUse':
      if (specific.updatedMCPToolOutput !== undefined) return failed('PostToolUse hook returned unsupported updatedMCPToolOutput');
      return blockWithReason(wire, out, d);
    case 'SessionStart':
    case 'SubagentStart':
      // SessionStart and SubagentStart cannot block: a decision is ignored.
      return withStatus(d);
    case 'PermissionRequest':
      return permissionRequest(specific, d);
    default:
      return blockWithReason(wire, out, d);
  }
}

/** Plain (non-JSON) stdout is context for these events (Claude Code and Codex); elsewhere it is ignored. */
const PLAIN_CONTEXT = new Set(['SessionStart', 'UserPromptSubmit', 'SubagentStart']);

function plainText(wire: string, text: string): HookOutcome {
  return PLAIN_CONTEXT.has(wire) ? withStatus({ additionalContext: text }) : COMPLETED;
}

/**
 * Exit 0: stdout is JSON only when it parses as a JSON object. Any other text — a log line such
 * as `[12:00] ✓ Prompt validated`, an array, a number — is plain output, as the real CLIs treat
 * it: context for the events in {@link PLAIN_CONTEXT}, ignored elsewhere (Stop included, as
 * Claude Code does; Codex fails a Stop hook with plain stdout). Text that starts with `{` but is
 * not valid JSON is a broken decision, not prose: it fails (with a warning) rather than being
 * silently passed to the model as context.
 */
function exitZero(event: HookEventName, stdout: string): HookOutcome {
  const wire = eventSpec(event).wire;
  const text = stdout.trim();
  if (text === '') return COMPLETED;
  if (!text.startsWith('{')) return plainText(wire, text);
  let parsed: Record<string, unknown>;
  try {
    // Text starting with `{` parses to an object or not at all.
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    return invalid(wire, error instanceof Error ? error.message : String(error));
  }
  return interpret(event, parsed);
}

const MISSING_STDERR: Partial<Record<string, string>> = {
  PostToolUse: 'feedback',
  PermissionRequest: 'a denial reason',
  Stop: 'a continuation prompt',
  SubagentStop: 'a continuation prompt',
};

function exitTwo(event: HookEventName, stderr: string): HookOutcome {
  const wire = eventSpec(event).wire;
  if (wire === 'SessionStart' || wire === 'SubagentStart') return failed('hook exited with code 2');
  const reason = stderr.trim();
  if (reason === '') return failed(`${wire} hook exited with code 2 but did not write ${MISSING_STDERR[wire] ?? 'a blocking reason'} to stderr`);
  // PostToolUse: exit 2 is feedback for the model; the run still counts as completed (Codex).
  if (wire === 'PostToolUse') return { status: 'completed', decision: { decision: 'block', reason }, error: undefined, detail: undefined };
  return { status: 'blocked', decision: { decision: 'block', reason }, error: undefined, detail: undefined };
}

/** Returns the outcome of one hook run from its exit status and output (see the module docs). */
export function parseHookOutput(event: HookEventName, output: HookProcessOutput): HookOutcome {
  if (output.error !== undefined) return failed(output.error.message);
  if (output.exitCode === null) {
    return failed('hook exited without a status code', output.signal === undefined || output.signal === null ? undefined : `killed by ${output.signal}`);
  }
  if (eventSpec(event).capability !== 'decide') {
    return output.exitCode === 0 ? COMPLETED : failed(`hook exited with code ${output.exitCode}`);
  }
  if (output.exitCode === 0) return exitZero(event, output.stdout);
  if (output.exitCode === 2) return exitTwo(event, output.stderr);
  return failed(`hook exited with code ${output.exitCode}`);
}
