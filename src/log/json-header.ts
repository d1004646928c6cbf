/**
 * Reading only the header of a `.json` log: the text up to its top-level `samples` (or
 * `reductions`) key, so listing a folder of large `.json` logs does not read and parse every
 * sample. Inspect's and hookline's writers put both keys after every header field.
 * @module
 */
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

const CHUNK = 64 * 1024;
const BODY_KEYS = ['"samples"', '"reductions"'];

/** Whether `key` (quoted) starts at `at` and is followed by a colon: an object key, not a value. */
function isKeyAt(text: string, at: number, key: string): boolean {
  if (!text.startsWith(key, at)) return false;
  let j = at + key.length;
  while (j < text.length && /\s/.test(text[j]!)) j++;
  return text[j] === ':';
}

/**
 * Returns the JSON text of a `.json` log's header: the file up to its first top-level
 * `samples` or `reductions` key, closed with `}` — or the whole file when it has neither.
 */
export async function readJsonHeaderText(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.alloc(CHUNK);
    let text = '';
    let depth = 0;
    let inString = false;
    let escaped = false;
    let scanned = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK, null);
      text += bytesRead === 0 ? decoder.end() : decoder.write(buffer.subarray(0, bytesRead));
      // Stop short of the end while more may come, so a key is never split across reads.
      const limit = bytesRead === 0 ? text.length : Math.max(scanned, text.length - 16);
      for (let i = scanned; i < limit; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) inString = false;
          continue;
        }
        if (c === 0x22) {
          if (depth === 1 && BODY_KEYS.some((key) => isKeyAt(text, i, key))) {
            const comma = text.lastIndexOf(',', i);
            return `${text.slice(0, comma)}}`;
          }
          inString = true;
        } else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) depth--;
      }
      scanned = limit;
      if (bytesRead === 0) return text;
    }
  } finally {
    await file.close();
  }
}
