/**
 * State events: the JSON-Patch (RFC 6902) difference of a sample's state before and after each
 * solver, over the state's wire form (so paths read `/messages/1/tool_calls`).
 * @module
 */
import type { JsonChange } from '../types/events.ts';
import { toWire } from '../util/wire-case.ts';
import type { TaskState } from './types.ts';
import { isRecord } from '../util/guards.ts';
import { ownKeyCount } from '../util/own-keys.ts';

/** The loggable part of a task state, in wire form, as a private copy. */
export function stateSnapshot(state: TaskState): Record<string, unknown> {
  const wire = toWire({
    messages: state.messages,
    tools: state.tools.map((t) => t.info),
    toolChoice: state.toolChoice,
    store: state.store,
    output: state.output,
    completed: state.completed,
    metadata: state.metadata,
  }) as Record<string, unknown>;
  // toWire builds a fresh tree except for user data, which it shares: copy what solvers mutate in place.
  wire.store = privateCopy(wire.store);
  wire.metadata = privateCopy(wire.metadata);
  return wire;
}

/** A deep copy of `value`; an empty object is copied without `structuredClone` (0.5 µs each, four snapshots a sample). */
function privateCopy(value: unknown): unknown {
  if (isRecord(value) && Object.getPrototypeOf(value) === Object.prototype && isEmpty(value)) return {};
  return structuredClone(value);
}

function isEmpty(record: Record<string, unknown>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return false;
  return true;
}

function escape(key: string): string {
  // Most keys need no escaping: checking first is five times cheaper than two replacements.
  return key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key;
}

/**
 * Deep equality of two snapshots. Written with loops over keys rather than `Object.keys` and
 * `every`: a sample compares its state four times, and those arrays and closures were a good
 * part of what it allocated.
 */
function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
    return true;
  }
  if (isRecord(a) && isRecord(b)) {
    let keys = 0;
    for (const key in a) {
      if (!Object.hasOwn(a, key)) continue;
      if (!Object.hasOwn(b, key) || !equal(a[key], b[key])) return false;
      keys++;
    }
    return keys === ownKeyCount(b);
  }
  return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
}

/** Records the operations from `before` to `after`, which differ; a child's path is made only when it differs too. */
function walk(before: unknown, after: unknown, path: string, out: JsonChange[]): void {
  if (isRecord(before) && isRecord(after)) {
    for (const key in before) {
      if (Object.hasOwn(before, key) && !Object.hasOwn(after, key)) out.push({ op: 'remove', path: `${path}/${escape(key)}`, value: null, replaced: before[key] });
    }
    for (const key in after) {
      if (!Object.hasOwn(after, key)) continue;
      const value = after[key];
      if (!Object.hasOwn(before, key)) out.push({ op: 'add', path: `${path}/${escape(key)}`, value });
      else if (!equal(before[key], value)) walk(before[key], value, `${path}/${escape(key)}`, out);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const common = Math.min(before.length, after.length);
    for (let i = 0; i < common; i++) if (!equal(before[i], after[i])) walk(before[i], after[i], `${path}/${i}`, out);
    for (let i = before.length - 1; i >= after.length; i--) out.push({ op: 'remove', path: `${path}/${i}`, value: null, replaced: before[i] });
    for (let i = before.length; i < after.length; i++) out.push({ op: 'add', path: `${path}/${i}`, value: after[i] });
    return;
  }
  out.push({ op: 'replace', path, value: after ?? null, replaced: before ?? null });
}

/** The JSON-Patch operations that turn `before` into `after`. */
export function diffState(before: unknown, after: unknown): JsonChange[] {
  const out: JsonChange[] = [];
  if (!equal(before, after)) walk(before, after, '', out);
  return out;
}
