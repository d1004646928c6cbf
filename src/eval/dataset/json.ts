/**
 * JSON datasets: a `.json` file holding an array of sample objects, or JSON Lines (one object
 * per line; `.jsonl`, `.ndjson`, or any file whose content does not start with `[`).
 * @module
 */
import { errorMessage } from '../../errors.ts';
import { buildDataset, type LoadedDataset, type SelectOptions, type SourcedSample } from './build.ts';
import { DatasetError, type SampleSource } from './errors.ts';
import { type RecordOptions, recordReader } from './fields.ts';
import { datasetName, lineLocator, readDatasetFile } from './read.ts';

/** Options of {@link jsonDataset}. */
export interface JsonDatasetOptions extends RecordOptions, SelectOptions {
  /** Dataset name (default: the file's base name). */
  readonly name?: string;
}

function jsonProblem(error: unknown): string {
  return `not valid JSON (${errorMessage(error)})`;
}

/** A record and where it came from. */
interface SourcedRecord {
  readonly record: unknown;
  readonly source: SampleSource;
}

function readLines(text: string, file: string): SourcedRecord[] {
  const records: SourcedRecord[] = [];
  text.split('\n').forEach((raw, i) => {
    const content = raw.trim();
    if (content === '') return;
    try {
      records.push({ record: JSON.parse(content), source: { file, line: i + 1 } });
    } catch (error) {
      throw new DatasetError(
        { file, line: i + 1 },
        `${jsonProblem(error)}. Each line of a JSON Lines file must hold one sample object; fix the line or delete it.`,
        { cause: error },
      );
    }
  });
  return records;
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\r' || c === '\t';
}

/** Returns the index just past the JSON value starting at `start` (structure only), or -1 if it never ends. */
function valueEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        if (depth === 0) return i + 1;
      }
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) return i;
      depth--;
      if (depth === 0) return i + 1;
    } else if (depth === 0 && (c === ',' || isSpace(c))) return i;
  }
  return depth === 0 && !inString ? text.length : -1;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text[i]!)) i++;
  return i;
}

/** Returns the start and end offsets of the top-level elements of a JSON array, or throws where the structure breaks. */
function arrayElements(text: string, file: string, lineOf: (offset: number) => number): { start: number; end: number }[] {
  const fail = (offset: number, problem: string): never => {
    throw new DatasetError({ file, line: lineOf(offset) }, problem);
  };
  const spans: { start: number; end: number }[] = [];
  let i = skipSpace(text, 0) + 1;
  i = skipSpace(text, i);
  if (text[i] === ']') return spans;
  for (;;) {
    if (i >= text.length) fail(text.length, 'the JSON array is never closed. Add the missing "]".');
    const end = valueEnd(text, i);
    if (end < 0) fail(i, 'this element is never closed (a missing "}", "]" or quote). Fix the element.');
    if (end === i) fail(i, `unexpected ${JSON.stringify(text[i])} where a sample object should start. Fix the array.`);
    spans.push({ start: i, end });
    i = skipSpace(text, end);
    if (text[i] === ']') break;
    if (text[i] !== ',') fail(i, 'expected "," or "]" after the previous element. Separate samples with commas.');
    i = skipSpace(text, i + 1);
    if (text[i] === ']') fail(i, 'trailing comma before "]". Remove it.');
  }
  if (skipSpace(text, i + 1) < text.length) fail(skipSpace(text, i + 1), 'unexpected text after the JSON array. Remove it.');
  return spans;
}

function readArray(text: string, file: string): SourcedRecord[] {
  let locate: ((offset: number) => number) | undefined;
  const lineOf = (offset: number): number => (locate ??= lineLocator(text))(offset);
  let whole: unknown[] | undefined;
  try {
    whole = JSON.parse(text) as unknown[];
  } catch {
    // located element by element below
  }
  if (whole !== undefined) {
    // Lines are only needed for error messages: find the elements' lines on first use.
    let spans: { start: number }[] | undefined;
    const lineOfElement = (i: number): number => lineOf((spans ??= arrayElements(text, file, lineOf))[i]!.start);
    return whole.map((record, i) => ({
      record,
      source: {
        file,
        get line() {
          return lineOfElement(i);
        },
      },
    }));
  }
  return arrayElements(text, file, lineOf).map(({ start, end }, i) => {
    const line = lineOf(start);
    try {
      return { record: JSON.parse(text.slice(start, end)) as unknown, source: { file, line } };
    } catch (error) {
      const at = /at position (\d+)/.exec(errorMessage(error));
      const where = at === null ? line : lineOf(start + Number(at[1]));
      throw new DatasetError({ file, line: where }, `sample ${i + 1} of the array (from line ${line}) is ${jsonProblem(error)}. Fix it.`, { cause: error });
    }
  });
}

/** A `.json` file holding one pretty-printed object is a mistake, not JSON Lines: say so. */
function rejectSingleObject(text: string, file: string): void {
  const content = text.trim();
  if (!content.startsWith('{') || !content.includes('\n')) return;
  try {
    JSON.parse(content);
  } catch {
    return;
  }
  throw new DatasetError(
    { file, line: 1 },
    'the file holds a single JSON object spread over several lines. A JSON dataset holds an array of sample objects ([{...}, {...}]) or one object per line (JSON Lines).',
  );
}

/**
 * Returns the dataset of a JSON file: an array of sample objects (`.json`), or one object per
 * line (`.jsonl`). Records map to samples by `options.fields` (default fields input, target,
 * id, choices, metadata) or `options.sampleFields`. Any unusable row is a `DatasetError` naming
 * the file and 1-based line.
 */
export function jsonDataset(path: string, options: JsonDatasetOptions = {}): LoadedDataset {
  const read = recordReader(options);
  const text = readDatasetFile(path);
  const lower = path.toLowerCase();
  const lines = lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || !text.trimStart().startsWith('[');
  if (lines && !lower.endsWith('.jsonl') && !lower.endsWith('.ndjson')) rejectSingleObject(text, path);
  const records = lines ? readLines(text, path) : readArray(text, path);
  const items: SourcedSample[] = records.map(({ record, source }) => ({ sample: read(record, source), source }));
  return buildDataset(items, { name: options.name ?? datasetName(path), location: path }, options);
}
