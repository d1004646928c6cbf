/**
 * Defensive copies of the generate pipeline: hooks edit copies, never the caller's objects.
 * @module
 */

/**
 * Copies plain objects and arrays all the way down (other values are shared), so hooks can edit
 * messages and tools without touching the caller's objects.
 */
export function copyJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => copyJson(v)) as T;
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = copyJson(v);
  return out as T;
}

