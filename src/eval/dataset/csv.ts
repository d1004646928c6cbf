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

/** One CSV record and the line it starts on. */
export interface CsvRow {
  readonly line: number;
  readonly values: string[];
}

/**
 * Returns the records of CSV text, each with its 1-based starting line. Blank lines are
 * skipped. Throws a `DatasetError` for a quoted field that is never closed or text after a
 * closing quote.
 */
export function parseCsv(text: string, delimiter: string, file: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let values: string[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 1;
  const endField = (): void => {
    values.push(field);
    field = '';
    quoted = false;
  };
  const endRow = (): void => {
    endField();
    if (values.length > 1 || values[0] !== '' || quoted) rows.push({ line: rowLine, values });
    values = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === delimiter) endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else if (quoted) {
      throw new DatasetError(
        { file, line },
        `unexpected ${JSON.stringify(c)} after the closing quote of a field. Quote the whole field and write quotes inside it as "".`,
      );
    } else if (c === '"' && field === '') {
      inQuotes = true;
      quoted = true;
      quoteLine = line;
    } else field += c;
  }
  if (inQuotes) throw new DatasetError({ file, line: quoteLine }, 'a quoted field starting on this line is never closed. Add the closing quote (write quotes inside a field as "").');
  if (field !== '' || values.length > 0 || quoted) endRow();
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
