/**
 * Samples read back from a finished log file on first use. A writer does not keep completed
 * samples in memory (a task's memory stays flat however many samples it has); the log it
 * returns reads them from the file when `log.samples` is first read.
 * @module
 */
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { errorMessage } from '../errors.ts';
import { LogError } from './errors.ts';
import { parseJson } from './json.ts';
import { type LogFormat, sortSamples } from './names.ts';
import type { EvalLog, EvalSample } from '../types/log.ts';
import { logFromWire, sampleFromWire } from './wire.ts';

const SAMPLE_MEMBER = /^samples\/.+\.json$/;

/** Reads every sample of a finished log file synchronously, sorted by epoch, then id. */
export function readSamplesSync(location: string, format: LogFormat): EvalSample[] {
  try {
    if (format === 'json') return logFromWire(parseJson(readFileSync(location, 'utf8')), location, location).samples ?? [];
    const members = unzipSync(readFileSync(location), { filter: (file) => SAMPLE_MEMBER.test(file.name) });
    return sortSamples(Object.entries(members).map(([name, bytes]) => sampleFromWire(parseJson(strFromU8(bytes)), `${location} (${name})`, location)));
  } catch (error) {
    if (error instanceof LogError) throw error;
    throw new LogError(`Cannot read the samples of ${location}: ${errorMessage(error)}. Read the log with readEvalLog() to see what is wrong with it.`, { cause: error, file: location });
  }
}

/**
 * Gives `log` a `samples` property that reads them from `location` on first access (then keeps
 * them); assigning `log.samples` replaces it with a plain value. Serialising or walking the log
 * reads them too, as it would with samples in memory.
 */
export function attachLazySamples(log: EvalLog, location: string, format: LogFormat): void {
  let samples: EvalSample[] | undefined;
  Object.defineProperty(log, 'samples', {
    enumerable: true,
    configurable: true,
    get(): EvalSample[] {
      samples ??= readSamplesSync(location, format);
      return samples;
    },
    set(value: EvalSample[] | undefined) {
      Object.defineProperty(log, 'samples', { value, enumerable: true, configurable: true, writable: true });
    },
  });
}
