/**
 * One audit line: `{"ts","seq","event","payload"}` with the payload in the exact snake_case shape
 * a command hook receives on stdin, secrets redacted, and a size cap that replaces an oversized
 * payload by a marker keeping its top-level ids.
 * @module
 */
import { errorMessage } from '../../errors.ts';
import { catalog, type HookEventName } from '../../hooks/catalog.ts';
import { buildHookInput } from '../../hooks/sources/command/payload.ts';
import { redactReplacer, redactValue } from './redact.ts';

/** Default cap of one line, in bytes (64 KiB). */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

/** Longest string kept in the top-level fields of a truncation marker. */
const MARKER_STRING_CHARS = 1024;

/** What an oversized payload is replaced by (plus its top-level scalar fields). */
export interface TruncationMarker {
  readonly truncated: true;
  /** Size of the line the full payload would have made, in bytes. */
  readonly original_bytes: number;
  /** Present when the payload was far over the cap and `original_bytes` was estimated without serialising it. */
  readonly original_bytes_estimated?: true;
}

/** Events whose payloads carry whole logs or samples, measured before they are converted. */
const LARGE_EVENTS: ReadonlySet<HookEventName> = new Set(['onTaskEnd', 'onRunEnd', 'onSampleEnd']);

/**
 * Approximate JSON size of a value (keys, strings, numbers; escapes not counted), computed by a
 * walk that allocates nothing: a payload holding a whole log is measured in a fraction of the
 * time converting and serialising it would take.
 */
export function estimateJsonBytes(value: unknown, depth = 0): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'number') return 8;
  if (typeof value === 'boolean') return 5;
  if (value === null || typeof value !== 'object' || depth > 64) return value === null ? 4 : 0;
  let size = 2;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) size += estimateJsonBytes(item, depth + 1) + 1;
    return size;
  }
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) size += key.length + 4 + estimateJsonBytes(item, depth + 1);
  }
  return size;
}

/** The payload's top-level fields that are not objects (what a marker keeps). */
function topLevelScalars(payload: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (payload === null || typeof payload !== 'object') return out;
  for (const [key, value] of Object.entries(payload)) if (value === null || typeof value !== 'object') out[key] = value;
  return out;
}

function head(ts: string, seq: number, wire: string): string {
  return `{"ts":"${ts}","seq":${seq},"event":"${wire}","payload":`;
}

/** The top-level scalar fields of a payload (ids, names, flags), long strings shortened. */
function scalars(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (typeof value === 'string') out[key] = value.length > MARKER_STRING_CHARS ? `${value.slice(0, MARKER_STRING_CHARS)}…` : value;
    else if (typeof value === 'number' || typeof value === 'boolean' || value === null) out[key] = value;
  }
  return redactValue(out) as Record<string, unknown>;
}

/**
 * Returns the JSON line (without the newline) for one event. `cwd` is the command-hook `cwd`
 * used when the payload has none. A payload that cannot be serialised (a cycle, a BigInt)
 * becomes `{"unserializable": true, "error": …}` plus its top-level scalars.
 */
export function formatAuditLine(event: HookEventName, payload: unknown, seq: number, ts: string, cwd: string, maxLineBytes = DEFAULT_MAX_LINE_BYTES): string {
  const wire = catalog[event].wire;
  const start = head(ts, seq, wire);
  if (LARGE_EVENTS.has(event)) {
    const estimate = estimateJsonBytes(payload);
    if (estimate > maxLineBytes * 4) {
      const marker: TruncationMarker = { truncated: true, original_bytes: estimate, original_bytes_estimated: true };
      return `${start}${JSON.stringify({ ...scalars(buildHookInput(event, topLevelScalars(payload), { projectDir: cwd })), ...marker })}}`;
    }
  }
  const input = buildHookInput(event, payload, { projectDir: cwd });
  let body: string;
  try {
    body = JSON.stringify(input, redactReplacer);
  } catch (error) {
    return `${start}${JSON.stringify({ ...scalars(input), unserializable: true, error: errorMessage(error) })}}`;
  }
  const line = `${start}${body}}`;
  // A UTF-16 unit takes at most 3 bytes in UTF-8: short lines need no exact count.
  if (line.length * 3 <= maxLineBytes) return line;
  const bytes = Buffer.byteLength(line, 'utf8');
  if (bytes <= maxLineBytes) return line;
  const marker: TruncationMarker = { truncated: true, original_bytes: bytes };
  return `${start}${JSON.stringify({ ...scalars(input), ...marker })}}`;
}
