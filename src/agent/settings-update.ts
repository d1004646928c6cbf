/**
 * Writes a permission update into a Claude Code settings file: `localSettings` →
 * `<cwd>/.claude/settings.local.json`, `projectSettings` → `<cwd>/.claude/settings.json`,
 * `userSettings` → `~/.claude/settings.json`. The file is read, only its `permissions` key is
 * changed (every other key, and every other list, is kept as it was), and the result replaces the
 * file atomically (a temporary file renamed into place). A file that is not valid JSON, or whose
 * `permissions` or list is not of the expected type, is left untouched and the update fails with
 * an error naming the file and the key: it is never overwritten.
 * @module
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError, errorMessage } from '../errors.ts';
import type { PermissionUpdate, PermissionUpdateDestination } from '../hooks/payloads/agent-events.ts';
import { writeFileAtomic } from '../log/files.ts';
import { ruleText } from '../tools/permissions/suggestions.ts';
import { isRecord } from '../util/guards.ts';

/** Returns the settings file of a destination other than `session`. */
export function settingsFileOf(destination: Exclude<PermissionUpdateDestination, 'session'>, cwd: string): string {
  if (destination === 'userSettings') return join(homedir(), '.claude', 'settings.json');
  return join(cwd, '.claude', destination === 'localSettings' ? 'settings.local.json' : 'settings.json');
}

async function readSettings(path: string): Promise<Record<string, unknown>> {
  if (!existsSync(path)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the settings (${errorMessage(error)}); the file was left as it is.`, { cause: error });
  }
  if (!isRecord(parsed)) throw new ConfigError(`${path}: expected a JSON object; the file was left as it is.`);
  return parsed;
}

function listOf(path: string, permissions: Record<string, unknown>, key: string): string[] {
  const value = permissions[key];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new ConfigError(`${path}: permissions.${key} is not a list of rule strings; the file was left as it is.`);
  return value;
}

/** Applies one rule or mode update (destination other than `session`) to its settings file; returns the file written. */
export async function writeSettingsUpdate(update: Exclude<PermissionUpdate, { type: 'addDirectories' | 'removeDirectories' }>, cwd: string): Promise<string> {
  if (update.destination === 'session') throw new Error('writeSettingsUpdate: a session update has no file');
  const path = settingsFileOf(update.destination, cwd);
  const settings = await readSettings(path);
  const current = settings.permissions ?? {};
  if (!isRecord(current)) throw new ConfigError(`${path}: "permissions" is not an object; the file was left as it is.`);
  const permissions: Record<string, unknown> = { ...current };
  if (update.type === 'setMode') {
    permissions.defaultMode = update.mode;
  } else {
    const texts = update.rules.map(ruleText);
    const list = listOf(path, permissions, update.behavior);
    if (update.type === 'addRules') permissions[update.behavior] = [...list, ...texts.filter((t, i) => !list.includes(t) && texts.indexOf(t) === i)];
    else if (update.type === 'replaceRules') permissions[update.behavior] = [...new Set(texts)];
    else permissions[update.behavior] = list.filter((t) => !texts.includes(t));
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, `${JSON.stringify({ ...settings, permissions }, null, 2)}\n`);
  return path;
}
