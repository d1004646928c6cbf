/**
 * JSON with Inspect's number conventions: NaN, Infinity and -Infinity are written as the bare
 * tokens `NaN`, `Infinity` and `-Infinity` (as Python does), and parsed back. A NaN score value
 * is Inspect's "unscored" sentinel, so it must survive a round trip; plain `JSON.stringify`
 * would turn it into `null`.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { setDataField } from '../util/data-field.ts';

// A per-process random marker: a user string can only collide with it by guessing the nonce.
const NONCE = randomBytes(9).toString('base64url');
const MARK = `\u0000hookline-nonfinite-${NONCE}:`;
const MARKED = new RegExp(`"\\\\u0000hookline-nonfinite-${NONCE}:(NaN|Infinity|-Infinity)"`, 'g');

/**
 * Returns `value` as JSON text (optionally indented), writing non-finite numbers as the bare
 * tokens `NaN`, `Infinity` and `-Infinity`. Undefined fields are dropped as usual.
 */
export function serializeJson(value: unknown, indent?: number): string {
  // Most values hold no non-finite number: V8's fast stringify path needs no replacer.
  if (!hasNonFinite(value)) {
    const plain = JSON.stringify(value, undefined, indent) as string | undefined;
    if (plain === undefined) throw new TypeError(`Cannot serialise a value of type ${typeof value} as JSON.`);
    return plain;
  }
  let marked = false;
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) {
        marked = true;
        return `${MARK}${String(v)}`;
      }
      return v;
    },
    indent,
  ) as string | undefined;
  if (text === undefined) throw new TypeError(`Cannot serialise a value of type ${typeof value} as JSON.`);
  return marked ? text.replace(MARKED, '$1') : text;
}

/**
 * Parses JSON text that may contain the bare tokens `NaN`, `Infinity` and `-Infinity` outside
 * strings (as Inspect writes them). Throws a `SyntaxError` for anything else that is not JSON.
 */
export function parseJson(text: string): unknown {
  if (!text.includes('NaN') && !text.includes('Infinity')) return JSON.parse(text) as unknown;
  const parts: string[] = [];
  let marked = false;
  let pos = 0;
  while (pos < text.length) {
    // Outside a string: up to the next quote, tokens become marked strings.
    let quote = text.indexOf('"', pos);
    if (quote < 0) quote = text.length;
    const outside = text.slice(pos, quote);
    if (/NaN|Infinity/.test(outside)) {
      marked = true;
      parts.push(outside.replace(/-?Infinity|NaN/g, (token) => JSON.stringify(`${MARK}${token}`)));
    } else {
      parts.push(outside);
    }
    if (quote === text.length) break;
    // Inside a string: skip to the closing quote (one not preceded by an odd run of backslashes).
    let close = text.indexOf('"', quote + 1);
    while (close > 0 && isEscaped(text, close)) close = text.indexOf('"', close + 1);
    const end = close < 0 ? text.length : close + 1;
    parts.push(text.slice(quote, end));
    pos = end;
  }
  if (!marked) return JSON.parse(text) as unknown;
  let value: unknown;
  try {
    value = JSON.parse(parts.join(''));
  } catch (error) {
    JSON.parse(text); // throws with a position in the caller's text
    throw error;
  }
  return revive(value);
}

/** Whether a JSON-able tree contains NaN or ±Infinity (objects with toJSON are checked as they are). */
function hasNonFinite(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) if (typeof item === 'object' || typeof item === 'number') stack.push(item);
    } else if (v !== null && typeof v === 'object') {
      for (const key in v) {
        const item = (v as Record<string, unknown>)[key];
        if (typeof item === 'object' || typeof item === 'number') stack.push(item);
      }
    }
  }
  return false;
}

function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; i >= 0 && text.charCodeAt(i) === 0x5c; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** Replaces marked strings by the numbers they stand for, in place. */
function revive(value: unknown): unknown {
  if (typeof value === 'string') return value.startsWith(MARK) ? Number(value.slice(MARK.length)) : value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i]);
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const before = record[key];
      const after = revive(before);
      if (after !== before) setDataField(record, key, after);
    }
  }
  return value;
}
