/**
 * Conversion between hookline's camelCase objects and the snake_case wire form used by logs,
 * command hooks and the audit trail. User data (metadata, tool arguments, JSON schemas, …) is
 * copied verbatim; maps keyed by user strings (model names, scorer names) keep their keys.
 * @module
 */
import { isPlainObject } from './guards.ts';

/** Fields whose values are user data, copied as they are (both spellings). */
const OPAQUE = new Set([
  'metadata', 'taskArgs', 'task_args', 'taskArgsPassed', 'task_args_passed', 'taskAttribs', 'task_attribs',
  'modelArgs', 'model_args', 'arguments', 'store', 'attachments', 'params', 'paramsPassed', 'params_passed',
  'options', 'data', 'toolInput', 'tool_input', 'toolResponse', 'tool_response', 'updatedInput', 'updated_input',
  'parameters', 'packages', 'request', 'response', 'state', 'value', 'replaced', 'result', 'solverArgs', 'solver_args',
  // Log fields holding user data or JSON Schemas (whose keywords, e.g. additionalProperties, are not snake_case).
  'solverArgsPassed', 'solver_args_passed', 'scorerArgs', 'scorer_args', 'jsonSchema', 'json_schema', 'files',
  'extraBody', 'extra_body', 'extraHeaders', 'extra_headers', 'logitBias', 'logit_bias',
  // Claude Code sends permission-update entries in camelCase (toolName, ruleContent) inside snake_case payloads.
  'permissionSuggestions', 'permission_suggestions',
]);

/** Fields that map user keys (model, role, scorer or metric names) to typed values. */
const KEYED = new Set(['modelUsage', 'model_usage', 'roleUsage', 'role_usage', 'scores', 'metrics', 'modelRoles', 'model_roles']);

// Field names repeat endlessly (every message, every event): convert each one once.
const snakeCache = new Map<string, string>();
const camelCache = new Map<string, string>();
const CACHE_LIMIT = 10_000;

function cached(cache: Map<string, string>, key: string, convert: (key: string) => string): string {
  let out = cache.get(key);
  if (out === undefined) {
    out = convert(key);
    if (cache.size < CACHE_LIMIT) cache.set(key, out);
  }
  return out;
}

/** `fooBar` → `foo_bar`. */
export function toSnakeCase(key: string): string {
  return cached(snakeCache, key, (k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
}

/** `foo_bar` → `fooBar`. */
export function toCamelCase(key: string): string {
  return cached(camelCache, key, (k) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
}

function convert(value: unknown, rename: (key: string) => string, keepKeys: boolean): unknown {
  // Primitives first: most values are, and they need no further check.
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items = value as readonly unknown[];
    const out = new Array<unknown>(items.length);
    for (let i = 0; i < items.length; i++) out[i] = convert(items[i], rename, false);
    return out;
  }
  if (value instanceof Error) return { type: value.name, message: value.message };
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  // for…in rather than Object.keys: no array per object (a sample converts some hundreds).
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const v = value[key];
    if (v === undefined) continue;
    if (keepKeys) out[key] = convert(v, rename, false);
    else if (OPAQUE.has(key)) out[rename(key)] = v;
    else out[rename(key)] = convert(v, rename, KEYED.has(key) && isPlainObject(v));
  }
  return out;
}

/** Converts a camelCase object tree to its snake_case wire form (undefined fields dropped). */
export function toWire(value: unknown): unknown {
  return convert(value, toSnakeCase, false);
}

/** Converts a snake_case wire object tree back to camelCase. */
export function fromWire(value: unknown): unknown {
  return convert(value, toCamelCase, false);
}
