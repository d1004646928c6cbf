/**
 * The error thrown for dataset rows and files that cannot be used as they are.
 * @module
 */
import { HooklineError } from '../../errors.ts';

/** Where a sample came from: a file and line, or a position in an in-memory list. */
export interface SampleSource {
  readonly file?: string;
  /** 1-based line in the file. */
  readonly line?: number;
  /** 1-based position in the list (in-memory datasets). */
  readonly index?: number;
}

/** Returns `file:line`, `file`, or `sample N` for a source. */
export function describeSource(source: SampleSource): string {
  if (source.file !== undefined) return source.line === undefined ? source.file : `${source.file}:${source.line}`;
  return source.index === undefined ? 'dataset' : `sample ${source.index}`;
}

/**
 * A dataset file or row is unusable: a missing file, a line that is not valid JSON, a ragged CSV
 * row, a sample without input, a bad or duplicate id. The message names the file and line (or
 * the sample's position), what is wrong and how to fix it; `file` and `line` say the same.
 */
export class DatasetError extends HooklineError {
  /** The dataset file, when the samples came from one. */
  readonly file: string | undefined;
  /** The 1-based line in `file`, when known. */
  readonly line: number | undefined;

  constructor(source: SampleSource, problem: string, options?: { cause?: unknown }) {
    super('DATASET_INVALID', `${describeSource(source)}: ${problem}`, options);
    this.file = source.file;
    this.line = source.line;
  }
}
