/**
 * In-memory datasets.
 * @module
 */
import type { Sample } from '../types.ts';
import { buildDataset, type LoadedDataset, type SelectOptions } from './build.ts';
import { recordReader } from './fields.ts';

/** Options of {@link memoryDataset}. */
export interface MemoryDatasetOptions extends SelectOptions {
  readonly name?: string;
}

/**
 * Returns a dataset of the given samples, checked like file rows (an input on every sample, ids
 * without `/` or `_epoch_`, no duplicate ids); missing ids become 1, 2, 3… by position. Errors
 * name the sample's 1-based position.
 */
export function memoryDataset(samples: readonly Sample[], nameOrOptions?: string | MemoryDatasetOptions): LoadedDataset {
  const options: MemoryDatasetOptions = typeof nameOrOptions === 'string' ? { name: nameOrOptions } : (nameOrOptions ?? {});
  const read = recordReader({});
  const items = samples.map((sample, i) => {
    const source = { index: i + 1 };
    return { sample: read(sample, source), source };
  });
  return buildDataset(items, { name: options.name }, options);
}
