/**
 * The permission settings of `hookline run` and `chat`: the `permissions` key of
 * `settings.json` in the user folder (`~/.hookline`, or `$HOOKLINE_HOME`) and of the project's
 * `.hookline/settings.json`, in Claude Code's shape:
 *
 * ```json
 * { "permissions": { "allow": ["Bash(npm test:*)"], "ask": ["Bash"], "deny": ["Read(**\/.env)"], "defaultMode": "acceptEdits" } }
 * ```
 *
 * With `importClaude`, the project's `.claude/settings.json` and `.claude/settings.local.json`
 * (Claude Code's project and local settings) are read too, between the user file and the
 * project's own. The lists of every file are combined; the last file with a `defaultMode` wins
 * (order: user, `.claude/settings.json`, `.claude/settings.local.json`, `.hookline/settings.json`),
 * and `--permission-mode` wins over all. A file or a key that cannot be read or parsed stops the run
 * with a ConfigError naming the file and the key: a permission rule that silently disappears
 * fails open. Two exceptions, both fail-closed and warned: an allow rule with a specifier hookline
 * cannot check (`WebFetch(domain:…)`, common in Claude Code files) approves nothing, and
 * `additionalDirectories` has no effect (hookline does not confine tools to folders).
 * `disableBypassPermissionsMode: "disable"` is honoured: `bypassPermissions` is then refused.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, errorMessage } from '../errors.ts';
import type { PermissionMode } from '../hooks/payloads/agent.ts';
import { resolveUserDir } from '../hooks/sources/command/load.ts';
import { warn } from '../runtime/warnings.ts';
import { parsePermissionRule, type PermissionSettings, uncheckableSpecifier } from '../tools/permissions/rules.ts';
import { isRecord } from '../util/guards.ts';

/** Every permission mode, in the order the help lists them. */
export const PERMISSION_MODES: readonly PermissionMode[] = ['default', 'acceptEdits', 'plan', 'dontAsk', 'bypassPermissions'];

/** What the settings files say about permissions. */
export interface PermissionFileSettings extends PermissionSettings {
  readonly defaultMode: PermissionMode | undefined;
  /** The files that were read, in order. */
  readonly files: readonly string[];
  /** The file that set `permissions.disableBypassPermissionsMode: "disable"`, if any. */
  readonly bypassDisabledBy: string | undefined;
}

/** Options of {@link readPermissionSettings}. */
export interface ReadPermissionSettingsOptions {
  /** The user folder (default `$HOOKLINE_HOME` or `~/.hookline`). */
  readonly userDir?: string | undefined;
  /** Also read `<project>/.claude/settings.json` and `<project>/.claude/settings.local.json`. */
  readonly importClaude?: boolean | undefined;
}

interface FileSettings {
  readonly allow: readonly string[];
  readonly ask: readonly string[];
  readonly deny: readonly string[];
  readonly mode: PermissionMode | undefined;
  readonly bypassDisabled: boolean;
}

const KEYS = new Set(['allow', 'ask', 'deny', 'defaultMode', 'additionalDirectories', 'disableBypassPermissionsMode']);

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the settings (${errorMessage(error)}). Fix the JSON, or move the file away.`, { cause: error });
  }
}

function ruleList(path: string, permissions: Record<string, unknown>, key: 'allow' | 'ask' | 'deny'): string[] {
  const value = permissions[key];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new ConfigError(`${path}: permissions.${key} must be a list of rule strings, e.g. ["Bash(npm test:*)"].`);
  const kept: string[] = [];
  value.forEach((rule, i) => {
    const where = `${path} permissions.${key}[${i}]`;
    if (key === 'allow' && uncheckableSpecifier(rule)) {
      warn(`${where}: hookline cannot check the specifier of '${rule}', so this allow rule approves nothing here (calls it would cover are treated as if it were absent).`, 'agent');
      return;
    }
    parsePermissionRule(rule, where);
    kept.push(rule);
  });
  return kept;
}

function readOne(path: string): FileSettings | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = readJson(path);
  if (!isRecord(parsed)) throw new ConfigError(`${path}: expected a JSON object with a "permissions" key.`);
  const permissions = parsed.permissions;
  if (permissions === undefined) return undefined;
  if (!isRecord(permissions)) throw new ConfigError(`${path}: "permissions" must be an object with allow / ask / deny lists and an optional defaultMode.`);
  for (const key of Object.keys(permissions)) {
    if (!KEYS.has(key)) throw new ConfigError(`${path}: permissions.${key} is not a setting hookline knows (${[...KEYS].join(', ')}); it cannot apply it. Remove it, or fix its name.`);
  }
  const mode = permissions.defaultMode;
  if (mode !== undefined && !PERMISSION_MODES.includes(mode as PermissionMode)) {
    throw new ConfigError(`${path}: permissions.defaultMode must be one of ${PERMISSION_MODES.join(', ')}, got ${JSON.stringify(mode)}.`);
  }
  const dirs = permissions.additionalDirectories;
  if (dirs !== undefined) {
    if (!Array.isArray(dirs) || !dirs.every((d) => typeof d === 'string')) throw new ConfigError(`${path}: permissions.additionalDirectories must be a list of folder paths.`);
    if (dirs.length > 0) warn(`${path}: permissions.additionalDirectories has no effect in hookline: its tools are not confined to the working folder.`, 'agent');
  }
  const bypass = permissions.disableBypassPermissionsMode;
  if (bypass !== undefined && bypass !== 'disable') throw new ConfigError(`${path}: permissions.disableBypassPermissionsMode must be "disable", got ${JSON.stringify(bypass)}.`);
  return {
    allow: ruleList(path, permissions, 'allow'),
    ask: ruleList(path, permissions, 'ask'),
    deny: ruleList(path, permissions, 'deny'),
    mode: mode as PermissionMode | undefined,
    bypassDisabled: bypass === 'disable',
  };
}

/** Returns the settings files read for a project, in order (see the module docs). */
export function permissionSettingsFiles(projectDir: string, options: ReadPermissionSettingsOptions = {}): string[] {
  return [
    join(resolveUserDir(options.userDir), 'settings.json'),
    ...(options.importClaude === true ? [join(projectDir, '.claude', 'settings.json'), join(projectDir, '.claude', 'settings.local.json')] : []),
    join(projectDir, '.hookline', 'settings.json'),
  ];
}

/** Returns the combined permission settings of the user and project settings files (and Claude Code's, with `importClaude`). */
export function readPermissionSettings(projectDir: string, options: ReadPermissionSettingsOptions = {}): PermissionFileSettings {
  const allow: string[] = [];
  const ask: string[] = [];
  const deny: string[] = [];
  let defaultMode: PermissionMode | undefined;
  let bypassDisabledBy: string | undefined;
  const files: string[] = [];
  for (const path of permissionSettingsFiles(projectDir, options)) {
    const found = readOne(path);
    if (found === undefined) continue;
    files.push(path);
    allow.push(...found.allow);
    ask.push(...found.ask);
    deny.push(...found.deny);
    defaultMode = found.mode ?? defaultMode;
    if (found.bypassDisabled) bypassDisabledBy ??= path;
  }
  return { allow, ask, deny, defaultMode, files, bypassDisabledBy };
}
