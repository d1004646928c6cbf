/**
 * Tool-call arguments as providers send them (JSON text) turned into objects, never crashing on
 * bad JSON: the problem is recorded on the ToolCall instead.
 * @module
 */
import type { ToolCall } from '../../types/model.ts';

/** Builds a ToolCall from a provider's id, function name and raw arguments (text or object). */
export function toolCallFrom(id: string, name: string, raw: unknown): ToolCall {
  const call: ToolCall = { id, function: name, arguments: {}, type: 'function' };
  let value = raw;
  if (typeof raw === 'string') {
    if (raw.trim() === '') return call;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      call.parseError = `Could not parse the arguments of tool '${name}' as JSON: ${(error as Error).message}. Arguments: ${raw}`;
      return call;
    }
  }
  if (value === null || value === undefined) return call;
  if (typeof value !== 'object' || Array.isArray(value)) {
    call.parseError = `The arguments of tool '${name}' must be a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}.`;
    return call;
  }
  call.arguments = value as Record<string, unknown>;
  return call;
}
