/**
 * The permission settings of `hookline run` and `chat`: the `permissions` key of
 * `settings.json` in the user folder (`~/.hookline`, or `$HOOKLINE_HOME`) and of the project's
 * `.hookline/settings.json`, in Claude Code's shape:
 *
 * ```json
 * { "permissions": { "allow": ["Bash(npm test:*)"], "ask": ["Bash"], "deny": ["Read(**\/.env)"], "defaultMode": "acceptEdits" } }
 * ```
 *
 * The lists of both files are combined (user first); the project's `defaultMode` wins over the
 * user's, and `--permission-mode` over both. A file that cannot be read or parsed stops the run
 * with a ConfigError naming it: a permission rule that silently disappears fails open.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, errorMessage } from '../errors.ts';
import type { PermissionMode } from '../hooks/payloads/agent.ts';
import { resolveUserDir } from '../hooks/sources/command/load.ts';
import type { PermissionSettings } from '../tools/permissions/rules.ts';
import { isRecord } from '../util/guards.ts';

/** Every permission mode, in the order the help lists them. */
export const PERMISSION_MODES: readonly PermissionMode[] = ['default', 'acceptEdits', 'plan', 'dontAsk', 'bypassPermissions'];

/** What the settings files say about permissions. */
export interface PermissionFileSettings extends PermissionSettings {
  readonly defaultMode: PermissionMode | undefined;
  /** The files that were read, in order. */
  readonly files: readonly string[];
}

interface FileLists {
  readonly allow: readonly string[];
  readonly ask: readonly string[];
  readonly deny: readonly string[];
}

function readOne(path: string): { lists: FileLists; mode: PermissionMode | undefined } | undefined {
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the settings (${errorMessage(error)}). Fix the JSON, or move the file away.`, { cause: error });
  }
  if (!isRecord(parsed)) throw new ConfigError(`${path}: expected a JSON object with a "permissions" key.`);
  const permissions = parsed.permissions;
  if (permissions === undefined) return undefined;
  if (!isRecord(permissions)) throw new ConfigError(`${path}: "permissions" must be an object with allow / ask / deny lists and an optional defaultMode.`);
  const list = (key: 'allow' | 'ask' | 'deny'): readonly string[] => {
    const value = permissions[key];
    if (value === undefined) return [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new ConfigError(`${path}: permissions.${key} must be a list of rule strings, e.g. ["Bash(npm test:*)"].`);
    return value;
  };
  const mode = permissions.defaultMode;
  if (mode !== undefined && !PERMISSION_MODES.includes(mode as PermissionMode)) {
    throw new ConfigError(`${path}: permissions.defaultMode must be one of ${PERMISSION_MODES.join(', ')}, got ${JSON.stringify(mode)}.`);
  }
  return { lists: { allow: list('allow'), ask: list('ask'), deny: list('deny') }, mode: mode as PermissionMode | undefined };
}

/** Returns the combined permission settings of the user and project `settings.json` files. */
export function readPermissionSettings(projectDir: string, userDir?: string): PermissionFileSettings {
  const paths = [join(resolveUserDir(userDir), 'settings.json'), join(projectDir, '.hookline', 'settings.json')];
  const allow: string[] = [];
  const ask: string[] = [];
  const deny: string[] = [];
  let defaultMode: PermissionMode | undefined;
  const files: string[] = [];
  for (const path of paths) {
    const found = readOne(path);
    if (found === undefined) continue;
    files.push(path);
    allow.push(...found.lists.allow);
    ask.push(...found.lists.ask);
    deny.push(...found.lists.deny);
    defaultMode = found.mode ?? defaultMode;
  }
  return { allow, ask, deny, defaultMode, files };
}
