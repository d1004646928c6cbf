/**
 * Type guards for values parsed from JSON or received from users: one definition of each, used
 * everywhere.
 * @module
 */

/** Tells whether a value is an object that is neither null nor an array (a JSON object). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Tells whether a value is a plain object: made by `{}` or `Object.create(null)`, not a class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
