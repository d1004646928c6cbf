/**
 * Turning thrown values into the `EvalError` records of a log.
 * @module
 */
import { errorMessage } from '../errors.ts';
import type { EvalError } from '../types/log.ts';

/** The log record of an error: its message and stack. */
export function toEvalError(error: unknown): EvalError {
  const message = errorMessage(error);
  const traceback = error instanceof Error && error.stack !== undefined ? error.stack : message;
  return { message: error instanceof Error && error.name !== 'Error' ? `${error.name}: ${message}` : message, traceback, tracebackAnsi: traceback };
}
