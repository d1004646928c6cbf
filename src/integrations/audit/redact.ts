/**
 * Redaction of secrets in audit lines: string values under keys that name a secret (API keys,
 * tokens, secrets, passwords, authorization headers), and key-looking strings anywhere
 * (`sk-…`, `Bearer …`). Numbers are never redacted, so token counts (`input_tokens`,
 * `max_tokens`) survive.
 * @module
 */

/** Replaces every redacted value. */
export const REDACTED = '[REDACTED]';

/** Keys whose string values are secrets. */
export const SECRET_KEY = /api[_-]?key|token|secret|password|authorization/i;

/** Strings that look like keys wherever they appear. */
const SECRET_TEXT = /\bsk-[A-Za-z0-9_-]{8,}|\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g;

const keyVerdicts = new Map<string, boolean>();

/** Whether a key names a secret (memoised: payload keys repeat). */
export function isSecretKey(key: string): boolean {
  let verdict = keyVerdicts.get(key);
  if (verdict === undefined) {
    verdict = SECRET_KEY.test(key);
    if (keyVerdicts.size < 10_000) keyVerdicts.set(key, verdict);
  }
  return verdict;
}

/** A string with key-looking parts replaced. */
export function redactText(text: string): string {
  return text.includes('sk-') || text.includes('Bearer') ? text.replace(SECRET_TEXT, REDACTED) : text;
}

/** Every string inside a value replaced (numbers, booleans and structure kept). */
function redactAllStrings(value: unknown): unknown {
  if (typeof value === 'string') return REDACTED;
  if (Array.isArray(value)) return value.map(redactAllStrings);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactAllStrings(v);
    return out;
  }
  return value;
}

/**
 * A `JSON.stringify` replacer that redacts while serialising: strings under secret keys, objects
 * under secret keys (all their strings), and key-looking text in any string.
 */
export function redactReplacer(this: unknown, key: string, value: unknown): unknown {
  if (typeof value === 'string') return key !== '' && isSecretKey(key) ? REDACTED : redactText(value);
  if (value !== null && typeof value === 'object' && key !== '' && isSecretKey(key)) return redactAllStrings(value);
  return value;
}

/** A redacted copy of a JSON-like value (what {@link redactReplacer} does, as a value). */
export function redactValue(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, redactReplacer) ?? 'null') as unknown;
}
