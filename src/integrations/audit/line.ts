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
