/**
 * Timestamps in the format transcripts and logs use.
 * @module
 */

/** Returns the current time as ISO 8601 with microseconds and an offset (`…T10:00:00.123000+00:00`). */
export function isoTimestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, -1)}000+00:00`;
}
