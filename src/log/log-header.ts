/**
 * A log's header: the log without its samples and reductions.
 * @module
 */
import type { EvalLog } from '../types/log.ts';

/**
 * Returns the log without its samples and reductions, never reading them: a finished log's
 * samples are read from its file on first access (see {@link attachLazySamples}), and
 * destructuring them away would read every one of them first.
 */
export function logHeader(log: EvalLog): EvalLog {
  const header: Record<string, unknown> = {};
  for (const key of Object.keys(log)) {
    if (key !== 'samples' && key !== 'reductions') header[key] = (log as unknown as Record<string, unknown>)[key];
  }
  return header as unknown as EvalLog;
}
