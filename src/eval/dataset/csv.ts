/**
 * CSV datasets (RFC 4180): a header row, quoted fields with `""` escapes and line breaks, an
 * optional byte-order mark, and a configurable delimiter.
 * @module
 */
import { buildDataset, type LoadedDataset, type SelectOptions, type SourcedSample } from './build.ts';
import { DatasetError } from './errors.ts';
import { type RecordOptions, recordReader } from './fields.ts';
import { datasetName, readDatasetFile } from './read.ts';

/** Options of {@link csvDataset}. */
export interface CsvDatasetOptions extends RecordOptions, SelectOptions {
  /** Dataset name (default: the file's base name). */
  readonly name?: string;
  /** The field separator (default `,`). */
  readonly delimiter?: string;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** One CSV record and the line it starts on. */
export interface CsvRow {
  readonly line: number;
  readonly values: string[];
}

function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * Returns the records of CSV text, each with its 1-based starting line. Blank lines are
 * skipped. Throws a `DatasetError` for a quoted field that is never closed or text after a
 * closing quote.
 */
export function parseCsv(text: string, delimiter: string, file: string): CsvRow[] {
  const rows: CsvRow[] = [];
  const separator = delimiter.charCodeAt(0);
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const rowLine = line;
    const values: string[] = [];
    let quoted = false;
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        quoted = true;
        const quoteLine = line;
        let value = '';
        for (let from = i + 1; ; ) {
          const close = text.indexOf('"', from);
          if (close < 0) throw new DatasetError({ file, line: quoteLine }, 'a quoted field starting on this line is never closed. Add the closing quote (write quotes inside a field as "").');
          value += text.slice(from, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            from = close + 2;
            continue;
          }
          i = close + 1;
          break;
        }
        line += countLines(value);
        values.push(value);
        const next = text.charCodeAt(i);
        if (i < n && next !== separator && next !== LF && next !== CR) {
          throw new DatasetError(
            { file, line },
            `unexpected ${JSON.stringify(text[i])} after the closing quote of a field. Quote the whole field and write quotes inside it as "".`,
          );
        }
      } else {
        let end = i;
        for (let c = text.charCodeAt(end); end < n && c !== separator && c !== LF && c !== CR; c = text.charCodeAt(++end));
        values.push(text.slice(i, end));
        i = end;
      }
      if (i >= n) break;
      if (text.charCodeAt(i) === separator) {
        i++;
        continue;
      }
      i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    if (values.length > 1 || values[0] !== '' || quoted) rows.push({ line: rowLine, values });
  }
  return rows;
}

/**
 * Returns the dataset of a CSV file whose first row names the columns. Records map to samples by
 * `options.fields` (default columns input, target, id, choices; `metadata: true` keeps the other
 * columns) or `options.sampleFields`. A ragged row, a missing input column or a bad id is a
 * `DatasetError` naming the file and 1-based line.
 */
export function csvDataset(path: string, options: CsvDatasetOptions = {}): LoadedDataset {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new DatasetError({ file: path }, `delimiter must be one character other than a quote or a line break (got ${JSON.stringify(delimiter)}). Fix the option.`);
  }
  const read = recordReader(options);
  const rows = parseCsv(readDatasetFile(path), delimiter, path);
  const header = rows[0];
  if (header === undefined) throw new DatasetError({ file: path, line: 1 }, 'the file is empty. A CSV dataset starts with a header row naming its columns.');
  const columns = header.values;
  const duplicate = columns.find((name, i) => columns.indexOf(name) !== i);
  if (duplicate !== undefined) throw new DatasetError({ file: path, line: header.line }, `the header names column ${JSON.stringify(duplicate)} twice. Give every column its own name.`);
  const inputColumn = options.fields?.input ?? 'input';
  if (options.sampleFields === undefined && !columns.includes(inputColumn)) {
    throw new DatasetError(
      { file: path, line: header.line },
      `no '${inputColumn}' column (columns: ${columns.join(', ')}). Name the prompt column with fields: { input: '<column>' }${delimiter === ',' && columns.length === 1 ? ", or set delimiter if the file is not comma-separated" : ''}.`,
    );
  }
  const items: SourcedSample[] = rows.slice(1).map(({ line, values }) => {
    const source = { file: path, line };
    if (values.length !== columns.length) {
      throw new DatasetError(
        source,
        `the row has ${values.length} fields but the header has ${columns.length}. Quote fields that contain the delimiter (${JSON.stringify(delimiter)}), a quote or a line break.`,
      );
    }
    const record = Object.fromEntries(columns.map((name, i) => [name, values[i]!]));
    return { sample: read(record, source), source };
  });
  return buildDataset(items, { name: options.name ?? datasetName(path), location: path }, options);
}
