/**
 * The `.json` log writer. Inspect rewrites a `.json` log whole on every flush, which costs
 * O(n²) over a task; this writer instead keeps each write small and durable, and keeps no
 * sample in memory:
 *
 * - at start, the `.json` file is written with status `started` (a valid log without samples);
 * - each sample is appended as one line to the journal `{log}.journal.jsonl` next to it (a
 *   torn last line is ignored by the reader); the writer remembers only where each line is;
 * - the `.json` file is also rewritten with the samples so far, but only when their number has
 *   doubled since the last rewrite, so viewers see progress at a linear total cost;
 * - at finish the complete log replaces the file atomically and the journal is removed.
 *
 * Rewrites stream the samples from the journal into the file line by line: the log is never
 * held as one string. `readEvalLog` / `readEvalLogSamples` merge the journal into a `started`
 * log, so a crashed task keeps every sample whose `logSample()` resolved.
 * @module
 */
import { readSync, writeSync } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { writeFileAtomic } from './files.ts';
import { serializeJson } from './json.ts';
import { encodeJsonBatch } from './log-worker.ts';
import { jsonJournalPath, sampleKey, sortSamples } from './names.ts';
import type { EvalLog, EvalSample } from '../types/log.ts';
import { BaseLogWriter, type EncodedBatch } from './writer.ts';
import { emptyStats, logToWire, reductionsJsonChunks, rootTags } from './wire.ts';

const FIRST_REWRITE = 16;
const SAMPLE_SEPARATOR = Buffer.from(',\n');

interface EncodedLine {
  readonly id: string | number;
  readonly epoch: number;
  readonly line: Buffer;
}

/** Where a sample's line is in the journal. */
interface JournalEntry {
  readonly id: string | number;
  readonly epoch: number;
  readonly offset: number;
  readonly length: number;
}

/** Writes a `.json` log with a per-sample journal; created by {@link createLogWriter}. */
export class JsonLogWriter extends BaseLogWriter<EncodedLine> {
  protected readonly format = 'json' as const;
  private journal: FileHandle | undefined;
  private journalEnd = 0;
  /** The journal line of each logged sample, by id and epoch (a re-logged sample replaces it). */
  private readonly entries = new Map<string, JournalEntry>();
  private rewrittenWith = 0;

  protected async writeStart(): Promise<void> {
    await this.rewrite();
    this.journal = await open(jsonJournalPath(this.location), 'w+');
  }

  protected async encodeBatch(samples: readonly EvalSample[]): Promise<EncodedBatch<EncodedLine, undefined>> {
    const lines = await encodeJsonBatch(samples);
    return { items: lines.map((line, i) => (line instanceof Error ? line : { id: samples[i]!.id, epoch: samples[i]!.epoch, line })), shared: undefined };
  }

  protected async writeBatches(batches: readonly { readonly items: readonly EncodedLine[] }[]): Promise<void> {
    if (this.journal === undefined) throw new Error('the journal is not open (start() failed)');
    const batch = batches.flatMap((b) => b.items);
    const bytes = Buffer.concat(batch.map((b) => b.line));
    let done = 0;
    // Positional writes from the last complete line: a failed batch is overwritten by the next.
    // Synchronously, as the .eval writer does (zip/appender.ts): cheaper than a thread-pool round trip.
    while (done < bytes.length) done += writeSync(this.journal.fd, bytes, done, bytes.length - done, this.journalEnd + done);
    if (this.sync) await this.journal.datasync();
    let offset = this.journalEnd;
    for (const { id, epoch, line } of batch) {
      // The line without its newline.
      this.entries.set(sampleKey({ id, epoch }), { id, epoch, offset, length: line.length - 1 });
      offset += line.length;
    }
    this.journalEnd = offset;
    if (this.entries.size >= Math.max(FIRST_REWRITE, 2 * this.rewrittenWith)) await this.rewrite();
  }

  protected async writeFinish(log: EvalLog): Promise<void> {
    try {
      await this.writeLog(log);
    } finally {
      await this.journal?.close();
    }
    // Only once the complete log is in place: until then the journal holds the samples.
    await rm(jsonJournalPath(this.location), { force: true });
  }

  protected async closeFiles(): Promise<void> {
    await this.journal?.close();
  }

  /** Rewrites the `.json` file as a started log holding the samples logged so far. */
  private async rewrite(): Promise<void> {
    const log: EvalLog = {
      version: 2,
      status: 'started',
      eval: this.spec,
      plan: this.plan,
      stats: emptyStats(this.startedAt),
      invalidated: false,
      tags: rootTags(this.spec),
      metadata: this.spec.metadata ?? {},
    };
    const count = this.entries.size;
    await this.writeLog(log);
    this.rewrittenWith = count;
  }

  /** Writes `log` (its header and reductions) with every journaled sample, streamed. */
  private async writeLog(log: EvalLog): Promise<void> {
    const { reductions, samples: _samples, ...header } = log;
    const headerText = serializeJson(logToWire(header), 2);
    const entries = sortSamples([...this.entries.values()]);
    const journal = this.journal;
    // The header's closing brace is replaced by the samples and reductions (root key order kept).
    const open = headerText.slice(0, headerText.lastIndexOf('}')).trimEnd();
    function* chunks(): Generator<string | Uint8Array> {
      yield open;
      if (entries.length > 0 && journal !== undefined) {
        yield ',\n  "samples": [\n';
        yield* journalLines(journal.fd, entries);
        yield '\n  ]';
      }
      if (reductions !== undefined) {
        yield ',\n  "reductions": ';
        yield* reductionsJsonChunks(reductions);
      }
      yield '\n}';
    }
    await writeFileAtomic(this.location, chunks());
  }
}

/** Bytes of the chunks {@link journalLines} yields (a longer line gets a chunk of its own). */
const LINES_CHUNK = 256 * 1024;

/**
 * Yields the journal lines of `entries`, separated by `,\n`, as byte chunks of about
 * {@link LINES_CHUNK}, all in one buffer that is reused: `writeFileAtomic` writes a byte chunk
 * before it asks for the next. Lines are copied as bytes (decoding and encoding them again cost
 * more than the copy) and read synchronously, as the journal is written: a thread-pool round trip
 * per sample made the rewrites of a 100,000-sample log cost more than running its samples. One
 * buffer, not one per chunk: buffers live outside the JavaScript heap, and a new one per chunk
 * let dead ones pile up between collections (about 20 MB more resident at 100,000 samples).
 */
function* journalLines(fd: number, entries: readonly JournalEntry[]): Generator<Uint8Array> {
  let chunk = Buffer.allocUnsafe(LINES_CHUNK);
  let used = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const needed = entry.length + (i > 0 ? SAMPLE_SEPARATOR.length : 0);
    if (used + needed > chunk.length) {
      if (used > 0) yield chunk.subarray(0, used);
      used = 0;
      if (needed > chunk.length) chunk = Buffer.allocUnsafe(needed);
    }
    if (i > 0) used += SAMPLE_SEPARATOR.copy(chunk, used);
    let read = 0;
    while (read < entry.length) {
      const bytesRead = readSync(fd, chunk, used + read, entry.length - read, entry.offset + read);
      if (bytesRead === 0) throw new Error(`the journal ends before the line of sample ${JSON.stringify(entry.id)} (epoch ${entry.epoch})`);
      read += bytesRead;
    }
    used += read;
  }
  if (used > 0) yield chunk.subarray(0, used);
}
