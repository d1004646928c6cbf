/**
 * Turning tool results into the text the model reads.
 * @module
 */
import type { ToolResult } from './types.ts';

/** Returns the text the model sees for a tool result: strings as they are, other values as JSON. */
export function resultText(result: ToolResult | undefined): string {
  if (result === undefined) return '';
  if (typeof result === 'string') return result;
  try {
    return JSON.stringify(result) ?? '';
  } catch (error) {
    // A tool returned something JSON cannot encode (a cycle, a BigInt): say so rather than crash.
    return `(the tool result could not be serialised: ${error instanceof Error ? error.message : 'unknown error'})`;
  }
}

/** Returns `text` cut to `max` characters, with a note saying how much was left out. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n… [output truncated: ${text.length - max} more characters]`;
}
