/**
 * The error thrown for log files that cannot be written or read as they are.
 * @module
 */
import { HooklineError } from '../errors.ts';

/**
 * A log file (or a value headed for one) is unusable: unreadable, corrupt, not a log, or a
 * sample that cannot be logged. `file` names the log file when there is one.
 */
export class LogError extends HooklineError {
  /** The log file the problem is in, when there is one. */
  readonly file: string | undefined;

  constructor(message: string, options?: { cause?: unknown; file?: string }) {
    super('LOG_INVALID', message, options);
    this.file = options?.file;
  }
}
