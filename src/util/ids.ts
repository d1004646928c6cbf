/**
 * Short unique ids in Inspect's format: 22 characters over a base57 alphabet.
 * @module
 */
import { randomFillSync } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/**
 * Random bytes drawn at a time, refilled in place. A call costs about 7 µs here whatever its size
 * up to tens of kilobytes, and a sample uses some 30 ids (25 bytes each): 64 KB is one call per
 * 80-odd samples.
 */
const POOL_SIZE = 64 * 1024;
const pool = randomFillSync(Buffer.allocUnsafe(POOL_SIZE));
let offset = 0;

const ID_LENGTH = 22;
const ALPHABET_CODES = Array.from(ALPHABET, (c) => c.charCodeAt(0));
/** The character codes of the id being made: one string is made from them at the end. */
const codes = new Array<number>(ID_LENGTH).fill(0);

/**
 * A new 22-character base57 id (like Python's shortuuid). Made from its character codes in one
 * go: appending characters one by one made 21 intermediate strings per id, and a sample makes
 * some 30 ids.
 */
export function shortUuid(): string {
  let length = 0;
  while (length < ID_LENGTH) {
    if (offset === POOL_SIZE) {
      randomFillSync(pool);
      offset = 0;
    }
    const byte = pool[offset++]!;
    // 228 = 57 * 4: rejecting larger bytes keeps the distribution uniform.
    if (byte < 228) codes[length++] = ALPHABET_CODES[byte % 57]!;
  }
  return String.fromCharCode(...codes);
}

/** A deterministic base57 id derived from a string (for ids reconstructed from logs). */
export function hashId(input: string, length = 22): string {
  let h1 = 0xdeadbeef ^ input.length;
  let h2 = 0x41c6ce57 ^ input.length;
  let out = '';
  for (let round = 0; out.length < length; round++) {
    for (let i = 0; i < input.length; i++) {
      const c = input.charCodeAt(i) + round;
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    let n = (h1 >>> 0) * 4096 + ((h2 >>> 0) & 0xfff);
    for (let k = 0; k < 8 && out.length < length; k++) {
      out += ALPHABET.charAt(n % 57);
      n = Math.floor(n / 57);
    }
  }
  return out;
}
