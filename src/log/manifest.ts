/**
 * Log folder manifests as Inspect writes them: `logs.json` (`write_log_dir_manifest`) and
 * `listing.json` (what `inspect view bundle` writes, read by the viewer's static HTTP mode) —
 * both a JSON object of log headers (logs without samples, in wire form) keyed by the log's
 * path relative to the folder, with forward slashes.
 * @module
 */
import { join, relative, sep } from 'node:path';
import { errorMessage } from '../errors.ts';
import { warn } from '../runtime/warnings.ts';
import { writeFileAtomic } from './files.ts';
import { serializeJson } from './json.ts';
import { listEvalLogs } from './list.ts';
import { readEvalLog } from './reader.ts';
import { logToWire } from './wire.ts';

/** The manifest file names Inspect uses. */
export const LOG_DIR_MANIFESTS = ['logs.json', 'listing.json'] as const;

/** Returns the manifest of a log folder: every readable log's header by relative name, newest first. */
export async function logDirManifest(logDir: string): Promise<Record<string, unknown>> {
  const manifest: Record<string, unknown> = {};
  for (const path of await listEvalLogs(logDir)) {
    try {
      manifest[relative(logDir, path).split(sep).join('/')] = logToWire(await readEvalLog(path, { headerOnly: true }), false);
    } catch (error) {
      // A log being replaced or a corrupt one is left out of the manifest, not fatal to it.
      warn(`Left ${path} out of the log folder manifest: ${errorMessage(error)}`, 'log');
    }
  }
  return manifest;
}

/** Writes `logs.json` and `listing.json` into `logDir` (atomically), as Inspect does after a run. */
export async function writeLogDirManifest(logDir: string, filenames: readonly string[] = LOG_DIR_MANIFESTS): Promise<void> {
  const text = serializeJson(await logDirManifest(logDir), 2);
  for (const name of filenames) await writeFileAtomic(join(logDir, name), text);
}
