/**
 * Asking for permission: a tool call the policy says needs permission fires PermissionRequest;
 * its hooks may allow or deny on the person's behalf. When none decides, a person is asked
 * where one can answer (`hookline chat`; Notification fires first, `permission_prompt`), and
 * everywhere else (evals, `hookline run -p`, library sessions without an asker) the call is
 * denied with a reason. A question nobody answers is never an allow.
 * @module
 */
import { joinReasons } from '../../hooks/decision.ts';
import { decideIf, emitIf, type ScopedHandlers } from '../../hooks/emit.ts';
import type { ToolUseContext } from '../../hooks/payloads/agent.ts';
import type { PermissionUpdate } from '../../hooks/payloads/agent-events.ts';
import { type ActiveContext, contextIds } from '../../runtime/context.ts';
import { warn } from '../../runtime/warnings.ts';
import { settlePermissionAsk } from '../permission.ts';
import type { ToolCallScope } from '../scope.ts';
import type { PermissionVerdict } from './policy.ts';
import { permissionSuggestions } from './suggestions.ts';

/** One call that needs permission. */
export interface PermissionQuestion {
  readonly context: ActiveContext;
  readonly scope: ToolCallScope;
  /** The tool's own instance handlers. */
  readonly own: ScopedHandlers | undefined;
  readonly toolName: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** Builds the tool-use fields of the payload (only when someone listens). */
  readonly payload: () => ToolUseContext;
}

/** How the question was settled. */
export type PermissionAnswer =
  | { readonly allowed: true; readonly updatedInput: Readonly<Record<string, unknown>> | undefined }
  | { readonly allowed: false; readonly reason: string; readonly stopped: boolean; readonly stopReason: string | undefined };

/**
 * Settles a call the policy said needs permission (`verdict.kind === 'ask'`): PermissionRequest
 * hooks, then a person, else a denial.
 */
export async function askForPermission(question: PermissionQuestion, verdict: Extract<PermissionVerdict, { kind: 'ask' }>): Promise<PermissionAnswer> {
  const { context, toolName, input } = question;
  const pending = decideIf('onPermissionRequest', () => ({ ...question.payload(), reasons: verdict.reasons, permissionSuggestions: permissionSuggestions(toolName, input) }), question.own, context);
  if (pending !== undefined) {
    const decision = await pending;
    for (const message of decision.systemMessages) warn(`PermissionRequest hook: ${message}`, 'hooks');
    if (decision.stopped) {
      const reason = decision.reasons[0] ?? decision.stopReason ?? 'a PermissionRequest hook stopped the turn';
      return { allowed: false, reason, stopped: true, stopReason: decision.stopReason ?? reason };
    }
    if (decision.blocked) return { allowed: false, reason: joinReasons(decision), stopped: false, stopReason: undefined };
    if (decision.allowed === true) {
      if (decision.updatedPermissions !== undefined) await applyUpdates(question.scope, decision.updatedPermissions);
      return { allowed: true, updatedInput: decision.updatedInput };
    }
  }
  if (context.askPermission !== undefined) {
    const { scope } = question;
    const notified = emitIf('onNotification', () => ({
      ...contextIds(context),
      sessionId: scope.sessionId ?? context.sessionId,
      transcriptPath: scope.transcriptPath,
      cwd: scope.cwd,
      message: `hookline needs your permission to use ${toolName}`,
      title: 'Permission needed',
      notificationType: 'permission_prompt' as const,
      agent: scope.agent,
    }), undefined, context);
    if (notified !== undefined) await notified;
  }
  const denied = await settlePermissionAsk(context, toolName, input, verdict.reasons, verdict.origin);
  return denied === undefined ? { allowed: true, updatedInput: undefined } : { allowed: false, reason: denied, stopped: false, stopReason: undefined };
}

async function applyUpdates(scope: ToolCallScope, updates: readonly PermissionUpdate[]): Promise<void> {
  if (scope.applyPermissionUpdates === undefined) {
    warn(`A PermissionRequest hook sent ${updates.length} permission update(s) outside an agent session; there is no session to apply them to, so they were not applied.`, 'tools');
    return;
  }
  await scope.applyPermissionUpdates(updates);
}

/** Returns the text the model reads for a call denied by the permission mode or rules (or by a PermissionRequest hook). */
export function permissionDeniedText(toolName: string, reason: string): string {
  return `Permission to use ${toolName} was denied: ${reason}.`;
}
