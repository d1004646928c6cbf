/**
 * Timestamps in the format of Inspect's logs and transcripts.
 * @module
 */

/** An ISO 8601 timestamp with microseconds and an offset, as Inspect writes them. */
export function isoTimestamp(epochMs: number = performance.timeOrigin + performance.now()): string {
  const whole = Math.floor(epochMs);
  const micros = Math.floor((epochMs - whole) * 1000);
  if (whole !== lastWhole) {
    lastWhole = whole;
    lastPrefix = new Date(whole).toISOString().slice(0, 23); // 2024-01-01T00:00:00.123
  }
  return lastPrefix + MICROS_SUFFIX[micros]!;
}

/** `000+00:00` … `999+00:00`: the end of a timestamp, made once (one string join per timestamp instead of three). */
const MICROS_SUFFIX: readonly string[] = Array.from({ length: 1000 }, (_, micros) => `${String(micros).padStart(3, '0')}+00:00`);

// Many events share a millisecond: format its date part once.
let lastWhole = Number.NaN;
let lastPrefix = '';
