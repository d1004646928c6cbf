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
  return `${lastPrefix}${micros < 10 ? '00' : micros < 100 ? '0' : ''}${micros}+00:00`;
}

// Many events share a millisecond: format its date part once.
let lastWhole = Number.NaN;
let lastPrefix = '';
