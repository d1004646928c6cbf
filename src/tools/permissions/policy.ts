/**
 * The permission check of one tool call: the permission mode and the rules decide whether it
 * runs, is denied, or needs permission (a PermissionRequest hook's or a person's yes).
 *
 * Order (first that applies wins):
 * 1. a `deny` rule matches: denied, in every mode;
 * 2. `plan` mode and the tool is not read-only (Read, Glob, Grep, LS): denied (a PreToolUse
 *    `allow` does not lift it);
 * 3. a PreToolUse hook answered `ask`: needs permission (`dontAsk`: denied);
 * 4. `bypassPermissions`: runs;
 * 5. an `ask` rule matches: needs permission (`dontAsk`: denied), except an edit tool in
 *    `acceptEdits` mode, which runs — also when a PreToolUse hook answered `allow` (Claude Code:
 *    a hook's allow does not skip deny and ask rules);
 * 6. a PreToolUse hook answered `allow`: runs, without a permission question;
 * 7. an `allow` rule matches: runs (for Bash, every part of a compound command must match);
 * 8. `dontAsk` mode and the tool is not read-only: denied (only allow rules and hooks approve calls);
 * 9. `acceptEdits` mode and an edit tool: runs;
 * 10. otherwise the call runs. hookline asks only where a rule or a hook says so: to ask before
 *    every command and edit as Claude Code's `default` mode does, add
 *    `"ask": ["Bash", "Edit", "Write"]` (allow rules then open exceptions, e.g.
 *    `"allow": ["Bash(npm test:*)"]`: ask rules win over allow rules, as in Claude Code, so
 *    list the exceptions in `allow` and narrow the `ask` rules accordingly).
 * @module
 */
import type { PermissionMode } from '../../hooks/payloads/agent.ts';
import { EDIT_TOOLS, firstMatch, type PermissionRules, READ_ONLY_TOOLS } from './rules.ts';

/** What the check says about one call. */
export type PermissionVerdict =
  | { readonly kind: 'allow' }
  | { readonly kind: 'deny'; readonly reason: string }
  /** `origin`: who asks — a PreToolUse hook, or an `ask` rule. */
  | { readonly kind: 'ask'; readonly origin: 'hook' | 'rule'; readonly reasons: readonly string[] };

const ALLOW: PermissionVerdict = Object.freeze({ kind: 'allow' });

function why(reasons: readonly string[]): string {
  return reasons.length === 0 ? '' : ` (${reasons.join('; ')})`;
}

/**
 * Returns the verdict for one call (see the module docs for the order). `hookAsked`: the reasons
 * of PreToolUse hooks that answered `ask`; `hookAllowed`: a PreToolUse hook answered `allow` (and
 * none asked or denied).
 */
export function permissionVerdict(
  mode: PermissionMode,
  rules: PermissionRules | undefined,
  toolName: string,
  input: Readonly<Record<string, unknown>>,
  cwd: string,
  hookAsked: readonly string[] | undefined,
  hookAllowed = false,
): PermissionVerdict {
  const deny = rules === undefined ? undefined : firstMatch(rules.deny, toolName, input, cwd, false);
  if (deny !== undefined) return { kind: 'deny', reason: `the permission rule deny: ${deny.text} forbids it` };
  if (mode === 'plan' && !READ_ONLY_TOOLS.has(toolName)) {
    return { kind: 'deny', reason: `plan mode lets only read-only tools run (${[...READ_ONLY_TOOLS].join(', ')}); present the plan instead of running ${toolName}` };
  }
  if (hookAsked !== undefined) {
    if (mode === 'dontAsk') return { kind: 'deny', reason: `a PreToolUse hook asked for permission${why(hookAsked)}, and dontAsk mode asks no one` };
    return { kind: 'ask', origin: 'hook', reasons: hookAsked };
  }
  if (mode === 'bypassPermissions') return ALLOW;
  const ask = rules === undefined ? undefined : firstMatch(rules.ask, toolName, input, cwd, false);
  if (ask !== undefined) {
    if (mode === 'acceptEdits' && EDIT_TOOLS.has(toolName)) return ALLOW;
    if (mode === 'dontAsk') return { kind: 'deny', reason: `the permission rule ask: ${ask.text} needs permission, and dontAsk mode asks no one` };
    return { kind: 'ask', origin: 'rule', reasons: [`the permission rule ask: ${ask.text} needs the user's permission`] };
  }
  if (hookAllowed) return ALLOW;
  if (rules !== undefined && firstMatch(rules.allow, toolName, input, cwd, true) !== undefined) return ALLOW;
  if (mode === 'dontAsk' && !READ_ONLY_TOOLS.has(toolName)) return { kind: 'deny', reason: `dontAsk mode runs only calls an allow rule or a PreToolUse hook approves, and none approves this ${toolName} call` };
  return ALLOW;
}
