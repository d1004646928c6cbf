/**
 * Errors of the tool layer.
 * @module
 */
import { HooklineError } from '../errors.ts';
import type { ToolCallError } from '../types/model.ts';

/**
 * Thrown inside a tool's `execute` to report a failure the model should see, with a specific
 * error type (`file_not_found`, `timeout`, …). Any other thrown error is reported as `unknown`.
 */
export class ToolError extends HooklineError {
  /** The error type the model receives. */
  readonly errorType: ToolCallError['type'];

  constructor(errorType: ToolCallError['type'], message: string, options?: { cause?: unknown }) {
    super('TOOL_ERROR', message, options);
    this.errorType = errorType;
  }
}

/** A tool definition is invalid (bad name, bad schema, duplicate name in one agent). */
export class ToolDefinitionError extends HooklineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('TOOL_ERROR', message, options);
  }
}

/** Tells whether a value is a {@link ToolError} (also from a second copy of the library). */
export function isToolError(value: unknown): value is ToolError {
  return value instanceof ToolError
    || (value instanceof Error && (value as { code?: unknown }).code === 'TOOL_ERROR' && typeof (value as { errorType?: unknown }).errorType === 'string');
}
