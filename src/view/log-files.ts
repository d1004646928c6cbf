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
import type { EvalLog } from '../types/log.ts';
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

/**
 * Appended to the name of an `.eval` log the viewer cannot open (corrupt, or of a newer format):
 * the viewer then asks the server for it as a `.json` log, and gets a header whose error says
 * what is wrong, instead of retrying the archive and spoiling the whole listing.
 */
export const UNREADABLE_SUFFIX = ' (unreadable).json';

/** Why each `.eval` log cannot be read ('' when it can), by path, for the mtime and size it had. */
const evalChecks = new Map<string, { mtime: number; size: number; reason: string }>();

async function evalProblem(path: string, mtime: number, size: number): Promise<string> {
  const known = evalChecks.get(path);
  if (known !== undefined && known.mtime === mtime && known.size === size) return known.reason;
  let reason = '';
  try {
    reason = unsupportedReason(await readEvalLog(path, { headerOnly: true })) ?? '';
  } catch (error) {
    reason = `Cannot read this log: ${errorMessage(error)}`;
  }
  evalChecks.set(path, { mtime, size, reason });
  return reason;
}

/** Returns the log file a listed name stands for (the name without {@link UNREADABLE_SUFFIX}). */
export function listedLogPath(name: string): string {
  return name.endsWith(UNREADABLE_SUFFIX) ? name.slice(0, -UNREADABLE_SUFFIX.length) : name;
}

/** Returns the logs under `logDir`, newest first, with their modification times (ms). */
export async function listLogHandles(logDir: string): Promise<LogHandle[]> {
  const handles: LogHandle[] = [];
  for (const path of await listEvalLogs(logDir)) {
    try {
      const info = await stat(path);
      const unreadable = path.endsWith('.eval') && (await evalProblem(path, info.mtimeMs, info.size)) !== '';
      handles.push({ name: unreadable ? `${path}${UNREADABLE_SUFFIX}` : path, mtime: info.mtimeMs });
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
  const name = listedLogPath(requested);
  const path = isAbsolute(name) ? resolve(name) : resolve(logDir, name);
  const rel = relative(logDir, path);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return undefined;
  return path;
}

/** A header standing in for a log that cannot be shown, carrying the reason as its error. */
function unreadableHeader(path: string, message: string): Record<string, unknown> {
  return {
    version: NEWEST_LOG_VERSION,
    status: 'error',
    eval: { eval_id: '', run_id: '', created: '', task: basename(path), task_id: '', task_version: 0, model: '(unreadable log: see its Error tab)', dataset: {}, config: {}, model_generate_config: {}, model_args: {}, task_args: {}, task_attribs: {}, packages: {} },
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
