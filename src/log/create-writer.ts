/**
 * The entry point for writing a log.
 * @module
 */
import { existsSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { EvalLogWriter } from './eval-writer.ts';
import { JsonLogWriter } from './json-writer.ts';
import { logFileName } from './names.ts';
import type { LogWriter, LogWriterOptions } from './writer.ts';

/**
 * Returns `name`, or `{stem}-2{ext}`, `{stem}-3{ext}`… when a file of that name exists: a retry
 * of a task within the same second has the same timestamp and task id, and must not overwrite
 * the log it continues. (Inspect's lister accepts a `-suffix` after the id.)
 */
function freeName(dir: string, name: string): string {
  if (!existsSync(join(dir, name))) return name;
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 2; ; n++) {
    const candidate = `${stem}-${n}${ext}`;
    if (!existsSync(join(dir, candidate))) return candidate;
  }
}

/**
 * Returns a writer for one task's log in `options.logDir`, named by {@link logFileName} (with a
 * `-2`, `-3`… suffix when that file exists) unless `options.fileName` is given. Nothing is
 * written until `start()` (or the first sample).
 */
export function createLogWriter(options: LogWriterOptions): LogWriter {
  const dir = resolve(options.logDir);
  const location = resolve(join(dir, options.fileName ?? freeName(dir, logFileName(options.spec, options.format))));
  return options.format === 'json' ? new JsonLogWriter(location, options) : new EvalLogWriter(location, options);
}
