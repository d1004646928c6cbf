/**
 * One emission's worth of command hooks: select the handlers whose matcher fits the payload,
 * run them concurrently, report failures, and fold their decisions in configured order.
 *
 * - Identical command strings run once per emission (Claude Code; Codex runs both).
 * - Decisions fold in configured order with {@link DecisionMerger}: any block wins, reasons and
 *   contexts keep configured order, and the last rewritten input in configured order wins (Codex
 *   uses completion order, which is not deterministic).
 * - `async: true` handlers start in the background and are never awaited by the emission; their
 *   decisions and context are discarded (Claude Code would deliver their context on the next
 *   turn) and their failures are warned. {@link flushCommandHooks} waits for them.
 * @module
 */
import { eventSpec, type HookEventName } from '../../catalog.ts';
import { DecisionMerger, type MergedDecision, NO_DECISION, type PermissionDecision, type ToolUseDecision } from '../../decision.ts';
import { currentContext } from '../../../runtime/context.ts';
import { warn } from '../../../runtime/warnings.ts';
import { errorMessage } from '../../../errors.ts';
import type { CommandHookDefinition } from './config.ts';
import { commandHookEnv } from './hook-env.ts';
import { matcherFieldOf, matcherSelects } from './matcher.ts';
import { buildHookInput, serializeHookInput } from './payload.ts';
import { type HookRunStatus, parseHookOutput } from './protocol.ts';
import { type CommandRunResult, runCommand } from './runner.ts';
import type { TrustState } from './trust.ts';

/** A discovered command hook with its trust state. */
export interface CommandHook extends CommandHookDefinition {
  readonly hash: string;
  readonly trust: TrustState;
  /** Whether it runs: from the user folder, or trusted. */
  readonly active: boolean;
  /** The project folder: the hook's working directory, `HOOKLINE_PROJECT_DIR` and `CLAUDE_PROJECT_DIR`. */
  readonly projectDir: string;
}

/** How one handler's run went. */
export interface CommandHookReport {
  readonly hook: CommandHook;
  readonly status: HookRunStatus;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly startedAt: number;
  readonly durationMs: number;
  /** What it contributed to the merge (undefined: no opinion, or failed). */
  readonly decision: ToolUseDecision | PermissionDecision | undefined;
  /** The failure, in Codex's wording, when `status` is `'failed'`. */
  readonly error: string | undefined;
  readonly detail: string | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

/** The result of running an event's command hooks once. */
export interface CommandHooksRun {
  readonly event: HookEventName;
  /** Synchronous handlers, in configured order. */
  readonly reports: readonly CommandHookReport[];
  /** How many `async: true` handlers were started in the background. */
  readonly background: number;
  /** The fold of every synchronous decision in configured order (NO_DECISION when none). */
  readonly decision: MergedDecision;
}

const pendingBackground = new Set<Promise<void>>();
const NONE: readonly CommandHook[] = Object.freeze([]);

/**
 * Returns the active handlers of `event` whose matcher selects the payload, in configured order,
 * each command string once (Claude Code de-duplicates identical commands).
 */
export function selectCommandHooks(event: HookEventName, payload: unknown, hooks: readonly CommandHook[]): readonly CommandHook[] {
  const field = matcherFieldOf(event);
  const value = field === undefined || payload === null || typeof payload !== 'object' ? undefined : (payload as Record<string, unknown>)[field];
  // Allocated on the first match only: an emission that selects nothing stays allocation-free.
  let selected: CommandHook[] | undefined;
  for (const hook of hooks) {
    if (hook.event !== event || !hook.active) continue;
    if (field !== undefined && !matcherSelects(hook.selector, value)) continue;
    if (selected === undefined) selected = [hook];
    else if (!selected.some((s) => s.command === hook.command)) selected.push(hook);
  }
  return selected ?? NONE;
}

function excerpt(text: string, max = 400): string {
  const trimmed = text.trim();
  return trimmed.length <= max ? trimmed : `…${trimmed.slice(-max)}`;
}

function reportFailure(report: CommandHookReport, background: boolean, cancelled = false): void {
  const { hook } = report;
  if (cancelled) {
    // The run was cancelled (Ctrl-C) while the hook ran: nothing is wrong with the script.
    warn(`${hook.wire} command hook stopped because the run was cancelled while it ran (e.g. Ctrl-C); it had no effect. Command: ${hook.command} in ${hook.file}.`, 'command-hooks');
    return;
  }
  const stderr = excerpt(report.stderr);
  const detail = report.detail === undefined ? '' : ` (${report.detail})`;
  warn(
    `${background ? 'Async ' : ''}${hook.wire} command hook failed: ${report.error ?? 'unknown error'}${detail}. ` +
      `Command: ${hook.command} in ${hook.file}${stderr === '' ? '' : `; stderr: ${stderr}`}. ` +
      'The hook had no effect; fix the script or its entry in hooks.json.',
    'command-hooks',
  );
}

function toReport(event: HookEventName, hook: CommandHook, result: CommandRunResult): CommandHookReport {
  const outcome = parseHookOutput(event, result);
  return {
    hook,
    status: outcome.status,
    exitCode: result.exitCode,
    signal: result.signal,
    startedAt: result.startedAt,
    durationMs: result.durationMs,
    decision: outcome.decision,
    error: outcome.error,
    detail: outcome.detail,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

function failedReport(hook: CommandHook, error: string): CommandHookReport {
  return {
    hook, status: 'failed', exitCode: null, signal: null, startedAt: Date.now(), durationMs: 0,
    decision: undefined, error, detail: undefined, stdout: '', stderr: '',
  };
}

/**
 * Runs already selected handlers: synchronous ones concurrently (awaited), `async: true` ones in
 * the background (never awaited, decisions discarded). Failures are reported with `warn()`.
 */
export async function executeCommandHooks(event: HookEventName, payload: unknown, selected: readonly CommandHook[]): Promise<CommandHooksRun> {
  const first = selected[0];
  if (first === undefined) return { event, reports: [], background: 0, decision: NO_DECISION };
  const context = currentContext();
  const projectDir = first.projectDir;
  let stdin: string;
  try {
    stdin = serializeHookInput(buildHookInput(event, payload, { projectDir, sessionId: context.sessionId }));
  } catch (error) {
    const message = `failed to serialize ${eventSpec(event).wire} hook input: ${errorMessage(error)}`;
    const reports = selected.filter((h) => !h.async).map((h) => failedReport(h, message));
    for (const report of reports) reportFailure(report, false);
    return { event, reports, background: selected.length - reports.length, decision: NO_DECISION };
  }
  const env = commandHookEnv(event, payload, projectDir);
  const start = (hook: CommandHook, signal: AbortSignal | undefined): Promise<CommandHookReport> =>
    runCommand({ command: hook.command, cwd: hook.projectDir, env, stdin, timeoutMs: hook.timeoutSec * 1000, signal }).then((r) => toReport(event, hook, r));

  let background = 0;
  for (const hook of selected) {
    if (!hook.async) continue;
    background++;
    const pending = start(hook, undefined).then((report) => {
      if (report.status === 'failed') reportFailure(report, true);
    });
    pendingBackground.add(pending);
    void pending.finally(() => pendingBackground.delete(pending));
  }
  const reports = await Promise.all(selected.filter((h) => !h.async).map((h) => start(h, context.signal)));
  const merger = new DecisionMerger();
  for (const report of reports) {
    if (report.status === 'failed') reportFailure(report, false, context.signal?.aborted === true);
    else merger.add(report.decision);
  }
  return { event, reports, background, decision: merger.result() };
}

/**
 * Runs the command hooks of one event for a payload, as an emission would: selects the active
 * handlers whose matcher fits, runs them, and merges their decisions. Used by `hookline hooks test`.
 */
export function runCommandHooks(event: HookEventName, payload: unknown, hooks: readonly CommandHook[]): Promise<CommandHooksRun> {
  return executeCommandHooks(event, payload, selectCommandHooks(event, payload, hooks));
}

/** Waits until every background (`async: true`) command hook started so far has finished. */
export async function flushCommandHooks(): Promise<void> {
  while (pendingBackground.size > 0) await Promise.all([...pendingBackground]);
}
