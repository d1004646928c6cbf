/**
 * Whether a sample can be handed to the log worker thread as it is: structured cloning (what
 * `postMessage` does) must keep everything the log's JSON of it would show. It does for plain
 * objects, arrays, dates and JSON's primitives; it does not for class instances (the clone loses
 * their prototype, so `toJSON` and getters), custom errors (their names), functions and symbols
 * (which cannot be cloned at all). Samples holding any of those are encoded where they ran.
 * @module
 */

/** Nesting deeper than this is encoded where it ran (and a cycle ends the walk here). */
const MAX_DEPTH = 200;

/**
 * Returns true when `value` holds only plain objects, arrays, dates, strings, numbers, booleans,
 * bigints, null and undefined, nested at most {@link MAX_DEPTH} deep.
 */
export function isCloneFaithful(value: unknown): boolean {
  return faithful(value, 0);
}

function faithful(value: unknown, depth: number): boolean {
  if (typeof value !== 'object') return typeof value !== 'function' && typeof value !== 'symbol';
  if (value === null) return true;
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!faithful(value[i], depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto === Date.prototype) return true;
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) if (!faithful((value as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}
