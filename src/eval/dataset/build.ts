/**
 * The last steps every dataset goes through: ids (assigned and checked), shuffle and limit.
 * @module
 */
import type { Dataset, Sample } from '../types.ts';
import { describeSource, DatasetError, type SampleSource } from './errors.ts';
import { createRandom, shuffleInPlace } from './random.ts';

/** A dataset, saying whether its samples were shuffled (recorded in the log as `dataset.shuffled`). */
export interface LoadedDataset extends Dataset {
  readonly shuffled: boolean;
}

/** Options applied after reading. */
export interface SelectOptions {
  /** Keep the first N samples (after shuffling). */
  readonly limit?: number;
  /** Shuffle the samples (ids are assigned before, so they stay stable). */
  readonly shuffle?: boolean;
  /** Seed of the shuffle (default: a different order each time). */
  readonly seed?: number;
}

/** A sample with the place it came from. */
export interface SourcedSample {
  readonly sample: Sample;
  readonly source: SampleSource;
}

function checkId(id: string | number, source: SampleSource): void {
  if (typeof id !== 'string') return;
  if (id.includes('/') || id.includes('_epoch_')) {
    throw new DatasetError(
      source,
      `sample id ${JSON.stringify(id)} contains '${id.includes('/') ? '/' : '_epoch_'}', which log file entries cannot hold. Rename the id (e.g. replace '/' with '-').`,
    );
  }
}

/**
 * Returns the dataset of checked samples: missing ids become the sample's 1-based position;
 * ids must not contain `/` or `_epoch_`, and must be unique (1 and "1" count as the same id, as
 * they name the same log entry); then the samples are shuffled and limited.
 */
export function buildDataset(items: readonly SourcedSample[], meta: { name?: string | undefined; location?: string | undefined }, options: SelectOptions = {}): LoadedDataset {
  const { limit } = options;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new DatasetError({ ...(meta.location === undefined ? {} : { file: meta.location }) }, `limit must be a whole number ≥ 0 (got ${limit}). Fix the option.`);
  }
  const seen = new Map<string, SampleSource>();
  const samples: Sample[] = items.map(({ sample, source }, i) => {
    const id = sample.id ?? i + 1;
    checkId(id, source);
    const first = seen.get(String(id));
    if (first !== undefined) {
      throw new DatasetError(source, `duplicate sample id ${JSON.stringify(id)} (first used at ${describeSource(first)}). Give every sample its own id.`);
    }
    seen.set(String(id), source);
    return sample.id === undefined ? { ...sample, id } : sample;
  });
  const shuffled = options.shuffle === true;
  if (shuffled) shuffleInPlace(samples, createRandom(options.seed));
  const selected = limit === undefined ? samples : samples.slice(0, limit);
  return {
    ...(meta.name === undefined ? {} : { name: meta.name }),
    ...(meta.location === undefined ? {} : { location: meta.location }),
    samples: Object.freeze(selected),
    shuffled,
  };
}
