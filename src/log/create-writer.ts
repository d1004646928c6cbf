/**
 * The entry point for writing a log.
 * @module
 */
import { join, resolve } from 'node:path';
import { EvalLogWriter } from './eval-writer.ts';
import { JsonLogWriter } from './json-writer.ts';
import { logFileName } from './names.ts';
import type { LogWriter, LogWriterOptions } from './writer.ts';

/**
 * Returns a writer for one task's log in `options.logDir`, named by {@link logFileName} unless
 * `options.fileName` is given. Nothing is written until `start()` (or the first sample).
 */
export function createLogWriter(options: LogWriterOptions): LogWriter {
  const location = resolve(join(options.logDir, options.fileName ?? logFileName(options.spec, options.format)));
  return options.format === 'json' ? new JsonLogWriter(location, options) : new EvalLogWriter(location, options);
}
