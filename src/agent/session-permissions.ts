/**
 * The permission state of one session, and the permission updates PermissionRequest hooks send
 * with an allow (Claude Code's `updatedPermissions`).
 *
 * A session starts with the agent's mode and rules (its *base* rules: `new Agent({ permissions })`
 * and the settings files) and keeps a *session layer* of rules that updates add. The rules in
 * force are base plus session layer.
 *
 * | update | session | a settings file (`localSettings`, `projectSettings`, `userSettings`) |
 * | --- | --- | --- |
 * | `addRules` | added to the session layer | added to the file's list, and to the session layer (in force at once) |
 * | `replaceRules` | the session layer's list of that behavior is replaced | the file's list is replaced; the new rules join the session layer at once, rules dropped from the file stop applying from the next run |
 * | `removeRules` | removed from the session layer | removed from the file and the session layer; a base rule stays in force until the session ends (warned) |
 * | `setMode` | the session's mode | the file's `permissions.defaultMode`, and the session's mode |
 *
 * `addDirectories` / `removeDirectories` are warned about and not applied: hookline's tools are not
 * confined to folders. A rule hookline cannot parse is warned about and that update is skipped.
 * Files: `localSettings` is `<cwd>/.claude/settings.local.json`, `projectSettings`
 * `<cwd>/.claude/settings.json`, `userSettings` `~/.claude/settings.json` (see settings-update.ts).
 * @module
 */
import { errorMessage } from '../errors.ts';
import type { PermissionMode } from '../hooks/payloads/agent.ts';
import type { PermissionBehavior, PermissionUpdate } from '../hooks/payloads/agent-events.ts';
import { warn } from '../runtime/warnings.ts';
import { parsePermissionRule, type PermissionRule, type PermissionRules } from '../tools/permissions/rules.ts';
import { ruleText } from '../tools/permissions/suggestions.ts';
import { writeSettingsUpdate } from './settings-update.ts';

/** The mode and rules in force in one session; permission updates change them. */
export class SessionPermissions {
  /** The session's permission mode (reported to hooks as `permission_mode`). */
  mode: PermissionMode;
  private readonly base: PermissionRules | undefined;
  private readonly added: Record<PermissionBehavior, PermissionRule[]> = { allow: [], ask: [], deny: [] };
  private combined: PermissionRules | undefined;

  constructor(mode: PermissionMode, base: PermissionRules | undefined) {
    this.mode = mode;
    this.base = base;
    this.combined = base;
  }

  /** The rules in force: the base rules, then the session layer. */
  get rules(): PermissionRules | undefined {
    return this.combined;
  }

  private rebuild(): void {
    const layer = this.added;
    if (layer.allow.length + layer.ask.length + layer.deny.length === 0) {
      this.combined = this.base;
      return;
    }
    this.combined = {
      allow: [...(this.base?.allow ?? []), ...layer.allow],
      ask: [...(this.base?.ask ?? []), ...layer.ask],
      deny: [...(this.base?.deny ?? []), ...layer.deny],
    };
  }

  /** Adds rules to the session layer (a rule already there is not added twice). */
  addRules(behavior: PermissionBehavior, rules: readonly PermissionRule[]): void {
    const list = this.added[behavior];
    for (const rule of rules) if (!list.some((r) => r.text === rule.text)) list.push(rule);
    this.rebuild();
  }

  /** Replaces the session layer's rules of one behavior. */
  replaceRules(behavior: PermissionBehavior, rules: readonly PermissionRule[]): void {
    this.added[behavior] = [...rules];
    this.rebuild();
  }

  /** Removes rules from the session layer; returns the texts that stay in force because they are base rules. */
  removeRules(behavior: PermissionBehavior, texts: readonly string[]): string[] {
    this.added[behavior] = this.added[behavior].filter((r) => !texts.includes(r.text));
    this.rebuild();
    return texts.filter((t) => this.base?.[behavior].some((r) => r.text === t) === true);
  }
}

type RuleUpdate = Extract<PermissionUpdate, { readonly rules: unknown }>;

function applyRules(permissions: SessionPermissions, update: RuleUpdate, rules: readonly PermissionRule[]): void {
  const toFile = update.destination !== 'session';
  if (update.type === 'addRules' || (update.type === 'replaceRules' && toFile)) {
    permissions.addRules(update.behavior, rules);
  } else if (update.type === 'replaceRules') {
    permissions.replaceRules(update.behavior, rules);
  } else {
    const kept = permissions.removeRules(update.behavior, rules.map((r) => r.text));
    if (kept.length > 0) warn(`A PermissionRequest hook removed ${kept.join(', ')} from the ${update.behavior} rules; ${kept.length === 1 ? 'it was' : 'they were'} loaded when the session started and stay${kept.length === 1 ? 's' : ''} in force until it ends.`, 'agent');
  }
}

async function applyOne(permissions: SessionPermissions, update: PermissionUpdate, index: number, cwd: string): Promise<void> {
  switch (update.type) {
    case 'addDirectories':
    case 'removeDirectories':
      warn(`A PermissionRequest hook sent ${update.type} (${update.directories.join(', ')}); hookline's tools are not confined to folders, so it was not applied.`, 'agent');
      return;
    case 'setMode':
      if (update.destination !== 'session') await writeSettingsUpdate(update, cwd);
      permissions.mode = update.mode;
      return;
    default: {
      const rules = update.rules.map((r, i) => parsePermissionRule(ruleText(r), `PermissionRequest hook updatedPermissions[${index}].rules[${i}]`));
      if (update.destination !== 'session') await writeSettingsUpdate(update, cwd);
      applyRules(permissions, update, rules);
    }
  }
}

/**
 * Applies the updates a PermissionRequest hook sent with its allow, in order (see the module
 * docs). Called once per allowed question; never throws: an update that cannot be applied is a
 * warning naming it, and the others still apply.
 */
export async function applyPermissionUpdates(permissions: SessionPermissions, updates: readonly PermissionUpdate[], cwd: string): Promise<void> {
  for (const [index, update] of updates.entries()) {
    try {
      await applyOne(permissions, update, index, cwd);
    } catch (error) {
      warn(`A PermissionRequest hook's updatedPermissions[${index}] (${update.type} → ${update.destination}) was not applied: ${errorMessage(error)}`, 'agent', error);
    }
  }
}
