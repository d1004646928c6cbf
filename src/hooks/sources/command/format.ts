/**
 * One-line descriptions of command hooks, shared by listings, warnings and the CLI.
 * @module
 */
import type { CommandHookDefinition } from './config.ts';
import type { TrustState } from './trust.ts';

const TRUST_LABEL: Record<TrustState, string> = {
  user: 'user folder, trusted',
  trusted: 'trusted',
  'trusted-for-run': 'trusted for this run',
  untrusted: 'untrusted: not run',
  modified: 'changed since trusted: not run',
};

/** Returns a hook's trust state as shown to users. */
export function trustLabel(trust: TrustState): string {
  return TRUST_LABEL[trust];
}

/**
 * Returns `PreToolUse [^Bash$] ./check.sh (timeout 30s, async) — /p/.hookline/hooks.json`, with
 * the trust state appended when given.
 */
export function describeCommandHook(hook: CommandHookDefinition & { readonly trust?: TrustState }): string {
  const matcher = hook.matcher === undefined ? '' : ` [${hook.matcher}]`;
  const flags = [`timeout ${hook.timeoutSec}s`, ...(hook.async ? ['async'] : [])].join(', ');
  const trust = hook.trust === undefined ? '' : ` (${TRUST_LABEL[hook.trust]})`;
  const command = hook.command.trim().replace(/\s*\n\s*/g, ' ⏎ ');
  return `${hook.wire}${matcher} ${command} (${flags}) — ${hook.file}${trust}`;
}
