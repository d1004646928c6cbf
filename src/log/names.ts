/**
 * Names: log files (Inspect's `{timestamp}_{task}_{id}` scheme), `.eval` members, and the
 * rules sample ids must follow to be addressable inside an `.eval` archive.
 * @module
 */
import { LogError } from './errors.ts';
import type { EvalSample, EvalSpec } from '../types/log.ts';

/** The two log formats: a ZIP archive (`.eval`, the default) or one JSON document (`.json`). */
export type LogFormat = 'eval' | 'json';

/** Environment variable that overrides the file name pattern (`{task}`, `{id}`, `{model}`). */
export const LOG_FILE_PATTERN_ENV = 'HOOKLINE_EVAL_LOG_FILE_PATTERN';

const DEFAULT_PATTERN = '{task}_{id}';

/** Replaces `_`, `/`, `:` and `+` with `-`, as Inspect does for every part of a log name. */
export function cleanNamePart(value: string): string {
  return value.replace(/[_/:+]/g, '-');
}

/**
 * Returns the file name of a task's log: `{created}_{pattern}.{format}` where the pattern is
 * `pattern`, else `$HOOKLINE_EVAL_LOG_FILE_PATTERN`, else `{task}_{id}`. Example:
 * `2026-07-04T19-37-16-00-00_live-survey_HGnSppsNeU2oCcRKHGCsg9.eval`.
 */
export function logFileName(spec: EvalSpec, format: LogFormat, pattern?: string): string {
  const chosen = pattern ?? process.env[LOG_FILE_PATTERN_ENV] ?? DEFAULT_PATTERN;
  const task = (spec.taskDisplayName ?? spec.task).split('/').pop() ?? spec.task;
  const model = spec.model === 'none' || spec.model === 'none/none' ? '' : spec.model;
  const body = chosen
    .replaceAll('{task}', cleanNamePart(task))
    .replaceAll('{id}', cleanNamePart(spec.taskId))
    .replaceAll('{model}', cleanNamePart(model));
  return `${cleanNamePart(spec.created)}_${body}.${format}`;
}

/**
 * Throws a {@link LogError} when a sample id cannot be logged: Inspect's viewer derives id and
 * epoch from the member name `samples/{id}_epoch_{epoch}.json`, so ids must not contain `/` or
 * `_epoch_` (and must not be empty).
 */
export function assertLoggableSampleId(id: string | number): void {
  const text = String(id);
  if (text === '' || text.includes('/') || text.includes('_epoch_')) {
    throw new LogError(
      `Sample id ${JSON.stringify(id)} cannot be logged: sample ids must be non-empty and must not contain '/' or ` +
        `'_epoch_' (log readers derive id and epoch from the member name). Rename the sample id in the dataset.`,
    );
  }
}

/** Returns the `.eval` member name of a sample: `samples/{id}_epoch_{epoch}.json`. */
export function sampleMemberName(sample: Pick<EvalSample, 'id' | 'epoch'>): string {
  return `samples/${String(sample.id)}_epoch_${sample.epoch}.json`;
}

/** Returns the key that identifies a sample within a log (id and epoch). */
export function sampleKey(sample: Pick<EvalSample, 'id' | 'epoch'>): string {
  return `${String(sample.id)}\u0000${sample.epoch}`;
}

/** Sorts samples like Inspect's reader: by epoch, then by id zero-padded to 20 characters. */
export function sortSamples<T extends Pick<EvalSample, 'id' | 'epoch'>>(samples: T[]): T[] {
  const padded = (s: T): string => String(s.id).padStart(20, '0');
  return samples.sort((a, b) => a.epoch - b.epoch || (padded(a) < padded(b) ? -1 : padded(a) > padded(b) ? 1 : 0));
}

/**
 * Returns the journal file of a `.json` log: `{log}.journal.jsonl`, one sample per line, kept
 * while the task runs and removed when the log is finished. (Inspect's listers only take names
 * ending in `.json` or `.eval`, so they ignore it.)
 */
export function jsonJournalPath(location: string): string {
  return `${location}.journal.jsonl`;
}
