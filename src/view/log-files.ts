/**
 * What `hookline view` reads from a log folder: the logs in it (with modification times), a
 * path inside it from a viewer request (nothing outside it is ever served), and log headers in
 * wire form — a log that cannot be read still gets a header that says why, so the viewer lists
 * it with the reason instead of failing the whole page.
 * @module
 */
import { stat } from 'node:fs/promises';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { errorMessage } from '../errors.ts';
import { listEvalLogs } from '../log/list.ts';
import { readEvalLog } from '../log/reader.ts';
import type { EvalLog } from '../log/types.ts';
import { logToWire } from '../log/wire.ts';

/** The newest log format version the viewer reads. */
export const NEWEST_LOG_VERSION = 2;

/** One log of the folder as the viewer lists it. */
export interface LogHandle {
  readonly name: string;
  readonly task?: string;
  readonly task_id?: string;
  readonly mtime: number;
}

/** Returns the logs under `logDir`, newest first, with their modification times (ms). */
export async function listLogHandles(logDir: string): Promise<LogHandle[]> {
  const handles: LogHandle[] = [];
  for (const path of await listEvalLogs(logDir)) {
    try {
      handles.push({ name: path, mtime: (await stat(path)).mtimeMs });
    } catch {
      // Removed between listing and stat: not listed.
    }
  }
  return handles;
}

/** The newest modification time (ms) of the folder's logs, 0 when it has none. */
export async function newestLogTime(logDir: string): Promise<number> {
  return (await listLogHandles(logDir)).reduce((newest, h) => Math.max(newest, h.mtime), 0);
}

/**
 * Returns the absolute path a viewer request names (an absolute path or one relative to the
 * folder), or undefined when it lies outside the log folder.
 */
export function resolveInside(logDir: string, requested: string): string | undefined {
  const path = isAbsolute(requested) ? resolve(requested) : resolve(logDir, requested);
  const rel = relative(logDir, path);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return undefined;
  return path;
}

/** A header standing in for a log that cannot be shown, carrying the reason as its error. */
function unreadableHeader(path: string, message: string): Record<string, unknown> {
  return {
    version: NEWEST_LOG_VERSION,
    status: 'error',
    eval: { eval_id: '', run_id: '', created: '', task: basename(path), task_id: '', task_version: 0, model: '(unreadable log)', dataset: {}, config: {}, model_generate_config: {}, model_args: {}, task_args: {}, task_attribs: {}, packages: {} },
    plan: { name: 'plan', steps: [], config: {} },
    stats: { started_at: '', completed_at: '', model_usage: {}, role_usage: {} },
    error: { message, traceback: message, traceback_ansi: message },
    invalidated: false,
    tags: [],
    metadata: {},
  };
}

/** Why a log cannot be shown, or undefined when it can. */
export function unsupportedReason(log: EvalLog): string | undefined {
  return log.version > NEWEST_LOG_VERSION
    ? `This log has format version ${log.version}; this viewer reads logs up to version ${NEWEST_LOG_VERSION}. Update hookline to view it.`
    : undefined;
}

/** Returns the wire-form header of a log, or a stand-in header saying why it cannot be read. */
export async function readWireHeader(path: string): Promise<Record<string, unknown>> {
  let log: EvalLog;
  try {
    log = await readEvalLog(path, { headerOnly: true });
  } catch (error) {
    return unreadableHeader(path, `Cannot read this log: ${errorMessage(error)}`);
  }
  const reason = unsupportedReason(log);
  return reason === undefined ? logToWire(log, false) : unreadableHeader(path, reason);
}

/** Returns the whole log (a started `.json` log with its journal merged) in wire form, or the reason it cannot be read. */
export async function readWireLog(path: string, headerOnly: boolean): Promise<Record<string, unknown>> {
  let log: EvalLog;
  try {
    log = await readEvalLog(path, { headerOnly });
  } catch (error) {
    return unreadableHeader(path, `Cannot read this log: ${errorMessage(error)}`);
  }
  const reason = unsupportedReason(log);
  return reason === undefined ? logToWire(log, !headerOnly) : unreadableHeader(path, reason);
}
