/**
 * Setting a field of an object built from data, whatever its key.
 * @module
 */

/**
 * Sets `key` of `record` as an own, enumerable, writable data field. Defined, not assigned: an
 * assignment to a `"__proto__"` key (which parsed JSON and user metadata may hold) would set the
 * prototype instead.
 */
export function setDataField(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}
