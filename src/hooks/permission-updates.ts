/**
 * The shape check of permission-update entries (Claude Code's `updatedPermissions` in a
 * PermissionRequest allow), shared by the command-hook protocol and in-process results, so that
 * both reject the same malformed entry with the same words.
 * @module
 */
import type { PermissionUpdate } from './payloads/agent-events.ts';
import { isRecord } from '../util/guards.ts';

const DESTINATIONS = new Set(['session', 'localSettings', 'projectSettings', 'userSettings']);
const BEHAVIORS = new Set(['allow', 'deny', 'ask']);
const MODES = new Set(['default', 'acceptEdits', 'plan', 'dontAsk', 'bypassPermissions']);

function entryProblem(entry: unknown): string | undefined {
  if (!isRecord(entry)) return 'must be an object';
  const { type, destination } = entry;
  if (typeof destination !== 'string' || !DESTINATIONS.has(destination)) return `destination must be one of ${[...DESTINATIONS].join(', ')}, got ${JSON.stringify(destination)}`;
  switch (type) {
    case 'addRules':
    case 'replaceRules':
    case 'removeRules': {
      if (typeof entry.behavior !== 'string' || !BEHAVIORS.has(entry.behavior)) return `behavior must be allow, deny or ask, got ${JSON.stringify(entry.behavior)}`;
      if (!Array.isArray(entry.rules)) return 'rules must be a list of {toolName, ruleContent?}';
      for (const [i, rule] of (entry.rules as unknown[]).entries()) {
        if (!isRecord(rule) || typeof rule.toolName !== 'string' || rule.toolName === '') return `rules[${i}].toolName must be a non-empty string`;
        if (rule.ruleContent !== undefined && typeof rule.ruleContent !== 'string') return `rules[${i}].ruleContent must be a string`;
      }
      return undefined;
    }
    case 'setMode':
      return typeof entry.mode === 'string' && MODES.has(entry.mode) ? undefined : `mode must be one of ${[...MODES].join(', ')}, got ${JSON.stringify(entry.mode)}`;
    case 'addDirectories':
    case 'removeDirectories':
      return Array.isArray(entry.directories) && entry.directories.every((d) => typeof d === 'string') ? undefined : 'directories must be a list of strings';
    default:
      return `type must be addRules, replaceRules, removeRules, setMode, addDirectories or removeDirectories, got ${JSON.stringify(type)}`;
  }
}

/** Returns what is wrong with an `updatedPermissions` value (`where` prefixes the message), or undefined when it is a list of valid entries. */
export function permissionUpdatesProblem(value: unknown, where = 'updatedPermissions'): string | undefined {
  if (!Array.isArray(value)) return `${where} must be a list of permission updates`;
  for (const [i, entry] of (value as unknown[]).entries()) {
    const problem = entryProblem(entry);
    if (problem !== undefined) return `${where}[${i}]: ${problem}`;
  }
  return undefined;
}

/** Narrows a checked value (see {@link permissionUpdatesProblem}). */
export function isPermissionUpdateList(value: unknown): value is readonly PermissionUpdate[] {
  return permissionUpdatesProblem(value) === undefined;
}
