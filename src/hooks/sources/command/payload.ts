/**
 * The stdin object of a command hook. Agent and tool events send exactly the protocol's fields,
 * in protocol order (the catalog's `wireFields`); every other event (eval, model, …) sends its
 * whole payload in snake_case, so a hook can be written in any language.
 * @module
 */
import { eventSpec, type HookEventName } from '../../catalog.ts';
import { toCamelCase, toWire } from '../../../util/wire-case.ts';

/** Common fields sent as `null` when unknown, so scripts can rely on their presence. */
const COMMON = new Set(['session_id', 'transcript_path', 'cwd']);

/** Context the stdin object needs besides the payload. */
export interface StdinContext {
  /** The project folder, used as `cwd` when the payload has none. */
  readonly projectDir: string;
  /** The active agent session, when the payload does not carry one. */
  readonly sessionId?: string | undefined;
  readonly transcriptPath?: string | undefined;
}

function fieldOf(payload: unknown, camel: string): unknown {
  if (payload === null || typeof payload !== 'object') return undefined;
  return (payload as Record<string, unknown>)[camel];
}

/**
 * Returns the snake_case object written to a command hook's stdin for one emission.
 * `hook_event_name` is the event's wire name; user data (`tool_input`, `tool_response`,
 * metadata, …) is copied verbatim.
 */
export function buildHookInput(event: HookEventName, payload: unknown, context: StdinContext): Record<string, unknown> {
  const spec = eventSpec(event);
  const wireFields = (spec as { readonly wireFields?: readonly string[] }).wireFields;
  if (wireFields === undefined) {
    const head: Record<string, unknown> = {};
    const sessionId = fieldOf(payload, 'sessionId') ?? context.sessionId;
    if (sessionId !== undefined) head.session_id = sessionId;
    const transcriptPath = fieldOf(payload, 'transcriptPath') ?? context.transcriptPath;
    if (transcriptPath !== undefined) head.transcript_path = transcriptPath;
    head.cwd = fieldOf(payload, 'cwd') ?? context.projectDir;
    head.hook_event_name = spec.wire;
    const body = toWire(payload);
    return { ...head, ...(body !== null && typeof body === 'object' && !Array.isArray(body) ? body : { payload: body }) };
  }
  const picked: Record<string, unknown> = {};
  for (const wire of wireFields) {
    const camel = toCamelCase(wire);
    if (wire === 'hook_event_name') {
      picked[camel] = spec.wire;
      continue;
    }
    let value = fieldOf(payload, camel);
    if (value === undefined && wire === 'session_id') value = context.sessionId;
    if (value === undefined && wire === 'transcript_path') value = context.transcriptPath;
    if (value === undefined && wire === 'cwd') value = context.projectDir;
    if (value === undefined && COMMON.has(wire)) value = null;
    if (value !== undefined) picked[camel] = value;
  }
  return toWire(picked) as Record<string, unknown>;
}

/**
 * Serialises the stdin object as compact JSON followed by one newline (as Claude Code writes it,
 * so line-reading scripts — `read -r line`, `sys.stdin.readline()` — see a complete line; Codex
 * writes none, which JSON parsers do not mind). Throws when the payload cannot be serialised (a
 * cycle, a BigInt).
 */
export function serializeHookInput(input: Record<string, unknown>): string {
  return `${JSON.stringify(input)}\n`;
}
