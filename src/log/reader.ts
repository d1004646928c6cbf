/**
 * Reading logs of both formats, finished or not: `readEvalLog` (whole or header only) and
 * `readEvalLogSamples`. Unfinished logs read as status `started` with every sample that reached
 * the disk — from the `.eval` archive (recovering members of a torn archive by scanning) or
 * from the `.json` log plus its journal.
 * @module
 */
import { open, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { errorMessage } from '../errors.ts';
import { warn } from '../runtime/warnings.ts';
import { LogError } from './errors.ts';
import { isErrno } from './files.ts';
import { readJsonHeaderText } from './json-header.ts';
import { parseJson } from './json.ts';
import { jsonJournalPath, type LogFormat, sampleKey, sortSamples } from './names.ts';
import type { EvalLog, EvalSample } from '../types/log.ts';
import { logFromWire, reductionsFromWire, sampleFromWire, startFromWire } from './wire.ts';
import { ZipReader } from './zip/reader.ts';

/** Options of {@link readEvalLog}. */
export interface ReadEvalLogOptions {
  /** Read only the header: no samples, no reductions. */
  headerOnly?: boolean;
}

const SAMPLE_MEMBER = /^samples\/.+\.json$/;

/** Returns the format of a log file: by extension, else by its first bytes. */
export async function detectLogFormat(path: string): Promise<LogFormat> {
  if (path.endsWith('.eval')) return 'eval';
  if (path.endsWith('.json')) return 'json';
  const file = await openLog(path);
  try {
    const head = Buffer.alloc(4);
    await file.read(head, 0, 4, 0);
    if (head.readUInt32LE(0) === 0x04034b50) return 'eval';
    if (head.toString('utf8').trimStart().startsWith('{')) return 'json';
  } finally {
    await file.close();
  }
  throw new LogError(`${path} is neither an .eval archive nor a .json log (it starts with neither 'PK' nor '{'). Pass a log file written by hookline or Inspect.`, { file: path });
}

/**
 * Reads a log. For an unfinished log the status is `started` and the samples are those written
 * so far. Throws a {@link LogError} naming the file and the problem when it cannot be read.
 */
export async function readEvalLog(path: string, options: ReadEvalLogOptions = {}): Promise<EvalLog> {
  const location = resolve(path);
  const log = (await detectLogFormat(location)) === 'eval' ? await readEval(location, options) : await readJson(location, options);
  log.location = location;
  return log;
}

/** Reads every sample of a log, also from a crashed or unfinished one (sorted by epoch, then id). */
export async function readEvalLogSamples(path: string): Promise<EvalSample[]> {
  return (await readEvalLog(path)).samples ?? [];
}

async function openLog(path: string): ReturnType<typeof open> {
  try {
    return await open(path, 'r');
  } catch (error) {
    throw new LogError(`Cannot read the log ${path}: ${errorMessage(error)}. Check the path.`, { cause: error, file: path });
  }
}

async function readEval(path: string, options: ReadEvalLogOptions): Promise<EvalLog> {
  let zip: ZipReader;
  try {
    zip = await ZipReader.open(path, { preload: options.headerOnly !== true });
  } catch (error) {
    const io = ['ENOENT', 'EACCES', 'EISDIR'].some((code) => isErrno(error, code));
    const message = io
      ? `Cannot read the log ${path}: ${errorMessage(error)}. Check the path.`
      : `${path} is not a readable .eval log: ${errorMessage(error)}. Pass an .eval file written by hookline or Inspect.`;
    throw new LogError(message, { cause: error, file: path });
  }
  try {
    const member = async (name: string): Promise<unknown> => {
      try {
        return parseJson((await zip.read(name)).toString('utf8'));
      } catch (error) {
        throw new LogError(`${path}: member '${name}' is unreadable: ${errorMessage(error)}.`, { cause: error, file: path });
      }
    };
    let log: EvalLog;
    if (zip.entries.has('header.json')) log = logFromWire(await member('header.json'), `${path} (header.json)`, path);
    else if (zip.entries.has('_journal/start.json')) log = startFromWire(await member('_journal/start.json'), `${path} (_journal/start.json)`, path);
    else throw new LogError(`${path} is a ZIP archive without header.json or _journal/start.json, so it is not an .eval log.`, { file: path });
    if (zip.recovered) warnRecovered(path, zip.entries.size);
    if (options.headerOnly === true) return log;
    const samples: EvalSample[] = [];
    for (const name of zip.entries.keys()) {
      if (!SAMPLE_MEMBER.test(name)) continue;
      try {
        samples.push(sampleFromWire(await member(name), `${path} (${name})`, path));
      } catch (error) {
        // A recovered archive may hold a damaged last member; keep every intact one.
        if (!zip.recovered) throw error;
        warn(`Skipped a damaged member of a recovered log: ${errorMessage(error)}`, 'log');
      }
    }
    log.samples = sortSamples(dedupe(samples));
    if (zip.entries.has('reductions.json')) log.reductions = reductionsFromWire(await member('reductions.json'), `${path} (reductions.json)`, path);
    return log;
  } finally {
    await zip.close();
  }
}

/** Says that an archive was read by scanning: its end is missing or damaged, so later samples may be lost. */
function warnRecovered(path: string, members: number): void {
  warn(
    `${path} has no intact ZIP central directory: the file was cut short or damaged. Recovered ${members} member(s) by scanning; anything written after the damage is missing. \`hookline eval-retry ${path}\` reruns the samples that are not in it.`,
    'log',
  );
}

async function readJson(path: string, options: ReadEvalLogOptions): Promise<EvalLog> {
  let text: string;
  try {
    // A header is read without the samples: listing large logs stays cheap.
    text = options.headerOnly === true ? await readJsonHeaderText(path) : await readFile(path, 'utf8');
  } catch (error) {
    throw new LogError(`Cannot read the log ${path}: ${errorMessage(error)}. Check the path.`, { cause: error, file: path });
  }
  let raw: unknown;
  try {
    raw = parseJson(text);
  } catch (error) {
    throw new LogError(`${path} is not valid JSON (${errorMessage(error)}); the file is corrupt or not a .json log.`, { cause: error, file: path });
  }
  const log = logFromWire(raw, path, path);
  if (options.headerOnly === true) {
    delete log.samples;
    delete log.reductions;
    return log;
  }
  const journal = log.status === 'started' ? await readJournal(path) : [];
  log.samples = sortSamples(dedupe([...(log.samples ?? []), ...journal]));
  return log;
}

/** Reads the journal of a started `.json` log; a torn last line is dropped. */
async function readJournal(path: string): Promise<EvalSample[]> {
  const journalPath = jsonJournalPath(path);
  let text: string;
  try {
    text = await readFile(journalPath, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw new LogError(`Cannot read the journal ${journalPath} of a started log: ${errorMessage(error)}.`, { cause: error, file: journalPath });
  }
  const lines = text.split('\n');
  const samples: EvalSample[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      samples.push(sampleFromWire(parseJson(line), `${journalPath} (line ${index + 1})`, journalPath));
    } catch (error) {
      // The last line may be torn by a crash mid-write; anything else is worth a warning.
      if (index < lines.length - 1) warn(`Skipped line ${index + 1} of ${journalPath}: ${errorMessage(error)}`, 'log');
    }
  });
  return samples;
}

/** Keeps the last of samples with the same id and epoch. */
function dedupe(samples: EvalSample[]): EvalSample[] {
  const byKey = new Map<string, EvalSample>();
  for (const sample of samples) {
    byKey.delete(sampleKey(sample));
    byKey.set(sampleKey(sample), sample);
  }
  return [...byKey.values()];
}
