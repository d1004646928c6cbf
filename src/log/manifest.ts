/**
 * Log folder manifests as Inspect writes them: `logs.json` (`write_log_dir_manifest`) and
 * `listing.json` (what `inspect view bundle` writes, read by the viewer's static HTTP mode) —
 * both a JSON object of log headers (logs without samples, in wire form) keyed by the log's
 * path relative to the folder, with forward slashes.
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { EvalLog } from '../types/log.ts';
import { errorMessage } from '../errors.ts';
import { warn } from '../runtime/warnings.ts';
import { writeFileAtomic } from './files.ts';
import { parseJson, serializeJson } from './json.ts';
import { listEvalLogFiles } from './list.ts';
import { readEvalLog } from './reader.ts';
import { logToWire } from './wire.ts';

/** The manifest file names Inspect uses. */
export const LOG_DIR_MANIFESTS = ['logs.json', 'listing.json'] as const;

/**
 * The headers in the folder's current `logs.json` by name, and when it was written, or nothing
 * when there is none or it cannot be read (then every header is read from its log).
 */
async function previousManifest(logDir: string): Promise<{ entries: Record<string, unknown>; writtenMs: number } | undefined> {
  const path = join(logDir, LOG_DIR_MANIFESTS[0]);
  try {
    const [info, text] = await Promise.all([stat(path), readFile(path, 'utf8')]);
    const entries = parseJson(text);
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) return undefined;
    return { entries: entries as Record<string, unknown>, writtenMs: info.mtimeMs };
  } catch {
    return undefined;
  }
}

/**
 * Returns the manifest of a log folder: every readable log's header by relative name, newest
 * first. A header already in the folder's `logs.json` is reused when its log has not changed
 * since that manifest was written, and the logs in `known` (a run's own, finished) are taken as
 * they are; only other new and changed logs are opened, so the cost of a run's manifest does not
 * grow with the logs the folder already holds, nor with the size of the logs it wrote.
 */
export async function logDirManifest(logDir: string, known: readonly EvalLog[] = []): Promise<Record<string, unknown>> {
  const manifest: Record<string, unknown> = {};
  const previous = await previousManifest(logDir);
  const inHand = new Map(known.flatMap((log) => (log.location === undefined ? [] : [[resolve(log.location), log] as const])));
  for (const { path, mtimeMs } of await listEvalLogFiles(logDir)) {
    const name = relative(logDir, path).split(sep).join('/');
    const log = inHand.get(path);
    if (log !== undefined) {
      manifest[name] = logToWire(log, false);
      continue;
    }
    const known = previous?.entries[name];
    if (known !== undefined && mtimeMs < previous!.writtenMs) {
      manifest[name] = known;
      continue;
    }
    try {
      manifest[name] = logToWire(await readEvalLog(path, { headerOnly: true }), false);
    } catch (error) {
      // A log being replaced or a corrupt one is left out of the manifest, not fatal to it.
      warn(`Left ${path} out of the log folder manifest: ${errorMessage(error)}`, 'log');
    }
  }
  return manifest;
}

/**
 * Writes `logs.json` and `listing.json` into `logDir` (atomically), as Inspect does after a run;
 * `known` are finished logs in hand (their headers are not read back from their files).
 */
export async function writeLogDirManifest(logDir: string, filenames: readonly string[] = LOG_DIR_MANIFESTS, known: readonly EvalLog[] = []): Promise<void> {
  const text = serializeJson(await logDirManifest(logDir, known), 2);
  for (const name of filenames) await writeFileAtomic(join(logDir, name), text);
}
