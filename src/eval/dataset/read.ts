/**
 * Reading dataset files: clear errors for missing files, BOM removed, line lookup.
 * @module
 */
import { readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { errorMessage } from '../../errors.ts';
import { DatasetError } from './errors.ts';

/** Returns a dataset file's text without a byte-order mark. Throws a `DatasetError` naming the path. */
export function readDatasetFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOENT'
        ? `dataset file not found (looked for ${resolve(path)}). Check the path; a relative path is resolved from the working directory ${process.cwd()}.`
        : code === 'EISDIR'
          ? 'is a folder, not a dataset file. Point to a .jsonl, .json or .csv file inside it.'
          : `cannot read the dataset file: ${errorMessage(error)}. Check its permissions.`;
    throw new DatasetError({ file: path }, problem, { cause: error });
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Returns the dataset name of a file: its base name without the extension. */
export function datasetName(path: string): string {
  return basename(path, extname(path));
}

/** Returns a function giving the 1-based line of a character offset in `text`. */
export function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
