/**
 * The permission updates a person could accept along with a yes to one call — Claude Code's
 * `permission_suggestions` on PermissionRequest:
 *
 * - `Bash`: "always allow" rules in the project's local settings, one `Bash(<prefix>:*)` per
 *   distinct part of a compound command, where the prefix is the command word, plus the
 *   subcommand for tools organised by subcommands (`npm test`, `git status`, `cargo build`;
 *   `rm -rf build` gives `rm`, `echo hello` gives `echo`);
 * - file-editing tools (Edit, Write, …): accept edits for the rest of the session (`setMode`
 *   `acceptEdits`, destination `session`);
 * - every other tool: an "always allow" rule for the tool in the project's local settings.
 *
 * Every suggested rule is one hookline can check (`parsePermissionRule` accepts it). As in Claude
 * Code, ask rules win over allow rules: a question an ask rule raises is asked again next time
 * even after an allow suggestion was accepted.
 * @module
 */
import type { PermissionRuleValue, PermissionUpdate } from '../../hooks/payloads/agent-events.ts';
import { EDIT_TOOLS, splitCommand } from './rules.ts';

const TOOL_NAME = /^[A-Za-z0-9_-]+$/;
/** A word that reads as a subcommand (`test`, `status`, `run`), not a flag, a path or a file name. */
const SUBCOMMAND = /^[A-Za-z][A-Za-z0-9_-]*$/;
/** Commands whose first argument is a subcommand worth its own rule (`git push` is not `git status`). */
const SUBCOMMAND_TOOLS: ReadonlySet<string> = new Set([
  'git', 'gh', 'npm', 'pnpm', 'yarn', 'bun', 'deno', 'cargo', 'go', 'docker', 'podman', 'kubectl', 'helm',
  'terraform', 'pip', 'pip3', 'uv', 'poetry', 'make', 'dotnet', 'mvn', 'gradle', 'brew', 'apt', 'apt-get',
]);
/** `NAME=value` before a command. */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Returns the prefix of one simple command a rule should cover (`npm test`, `rm`), or undefined when it has none. */
export function commandPrefix(command: string): string | undefined {
  const words = command.split(/\s+/).filter((w) => w !== '');
  while (words.length > 0 && ASSIGNMENT.test(words[0]!)) words.shift();
  const [head, next] = words;
  // A rule prefix cannot hold quotes or glob characters hookline would read as patterns.
  if (head === undefined || /["'*()\\]/.test(head)) return undefined;
  return next !== undefined && SUBCOMMAND_TOOLS.has(head) && SUBCOMMAND.test(next) ? `${head} ${next}` : head;
}

/** Returns the suggestions for one call (see the module docs); empty when no rule could cover it. */
export function permissionSuggestions(toolName: string, input: Readonly<Record<string, unknown>>): PermissionUpdate[] {
  if (EDIT_TOOLS.has(toolName)) return [{ type: 'setMode', mode: 'acceptEdits', destination: 'session' }];
  if (!TOOL_NAME.test(toolName)) return [];
  if (toolName !== 'Bash') return [{ type: 'addRules', rules: [{ toolName }], behavior: 'allow', destination: 'localSettings' }];
  if (typeof input.command !== 'string') return [];
  const rules: PermissionRuleValue[] = [];
  const seen = new Set<string>();
  for (const part of splitCommand(input.command)) {
    const prefix = commandPrefix(part);
    if (prefix === undefined) return [];
    if (seen.has(prefix)) continue;
    seen.add(prefix);
    rules.push({ toolName: 'Bash', ruleContent: `${prefix}:*` });
  }
  return rules.length === 0 ? [] : [{ type: 'addRules', rules, behavior: 'allow', destination: 'localSettings' }];
}

/** Returns a rule value as rule text: `Bash(npm test:*)`, or the tool name alone. */
export function ruleText(rule: PermissionRuleValue): string {
  return rule.ruleContent === undefined ? rule.toolName : `${rule.toolName}(${rule.ruleContent})`;
}
