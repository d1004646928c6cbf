/**
 * A call needs a person's yes (a PreToolUse `ask`, or an `ask` permission rule) and no
 * PermissionRequest hook decided. Where a person can answer (the
 * context has an `askPermission`, as `hookline chat` sets), they decide; everywhere else — evals,
 * `hookline run -p`, library sessions — the call is denied with a reason, as `claude -p` does.
 * A question nobody answers never becomes an allow.
 * @module
 */
import { errorMessage } from '../errors.ts';
import type { ActiveContext } from '../runtime/context.ts';
import { warn } from '../runtime/warnings.ts';

function why(reasons: readonly string[]): string {
  return reasons.length === 0 ? '' : ` (${reasons.join('; ')})`;
}

/**
 * Returns undefined when a person approved the call, else the reason it is denied. Called by the
 * permission check when a call needs permission and no PermissionRequest hook decided.
 */
export async function settlePermissionAsk(context: ActiveContext, toolName: string, input: Readonly<Record<string, unknown>>, reasons: readonly string[], origin: 'hook' | 'rule' = 'hook'): Promise<string | undefined> {
  const ask = context.askPermission;
  const subject = origin === 'hook' ? `a PreToolUse hook asked for the user's permission${why(reasons)}` : reasons.join('; ');
  if (ask === undefined) {
    return `${subject}, and nobody can answer in a non-interactive run, so the call was denied`;
  }
  try {
    return (await ask({ toolName, input, reasons, origin })) ? undefined : `the user denied permission${why(reasons)}`;
  } catch (error) {
    warn(`Asking for permission to run '${toolName}' failed: ${errorMessage(error)}; the call was denied.`, 'tools', error);
    return `permission could not be asked (${errorMessage(error)}), so the call was denied`;
  }
}
