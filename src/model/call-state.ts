/**
 * Defensive copies of the generate pipeline: hooks edit copies, never the caller's objects.
 * @module
 */
import { ownKeyCount } from '../util/own-keys.ts';

/**
 * Copies plain objects and arrays all the way down (other values are shared), so hooks can edit
 * messages and tools without touching the caller's objects.
 */
export function copyJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => copyJson(v)) as T;
  if (!isPlain(value)) return value;
  const out: Record<string, unknown> = {};
  // for…in without an entries array per object; inherited keys (a polluted prototype) are not copied.
  for (const key in value) if (Object.hasOwn(value, key)) out[key] = copyJson(value[key]);
  return out as T;
}

/**
 * Whether `copy`, made by {@link copyJson} from `original`, still equals it: the same plain
 * objects and arrays, the same keys, the same other values (primitives compared with
 * `Object.is`, anything else by identity, as the copy shares it).
 */
export function unchangedCopy(copy: unknown, original: unknown): boolean {
  if (Object.is(copy, original)) return true;
  if (Array.isArray(copy)) {
    if (!Array.isArray(original) || copy.length !== original.length) return false;
    for (let i = 0; i < copy.length; i++) if (!unchangedCopy(copy[i], original[i])) return false;
    return true;
  }
  if (!isPlain(copy) || !isPlain(original)) return false;
  // Counted, not listed: every key of the copy is in the original, and they have as many.
  let keys = 0;
  for (const key in copy) {
    if (!Object.hasOwn(copy, key)) continue;
    if (!Object.hasOwn(original, key) || !unchangedCopy(copy[key], original[key])) return false;
    keys++;
  }
  return keys === ownKeyCount(original);
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}
