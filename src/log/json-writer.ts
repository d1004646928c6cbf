/**
 * The `.json` log writer. Inspect rewrites a `.json` log whole on every flush, which costs
 * O(n²) over a task; this writer instead keeps each write small and durable:
 *
 * - at start, the `.json` file is written with status `started` (a valid log without samples);
 * - each sample is appended as one line to the journal `{log}.journal.jsonl` next to it (a
 *   torn last line is ignored by the reader);
 * - the `.json` file is also rewritten with the samples so far, but only when their number has
 *   doubled since the last rewrite, so viewers see progress at a linear total cost;
 * - at finish the complete log replaces the file atomically and the journal is removed.
 *
 * `readEvalLog` / `readEvalLogSamples` merge the journal into a `started` log, so a crashed
 * task keeps every sample whose `logSample()` resolved.
 * @module
 */
import { open, rm, type FileHandle } from 'node:fs/promises';
import { writeFileAtomic } from './files.ts';
import { serializeJson } from './json.ts';
import { jsonJournalPath, sortSamples } from './names.ts';
import type { EvalLog, EvalSample } from './types.ts';
import { BaseLogWriter } from './writer.ts';
import { emptyStats, logToWire, rootTags, sampleToWire } from './wire.ts';

const FIRST_REWRITE = 16;

/** Writes a `.json` log with a per-sample journal; created by {@link createLogWriter}. */
export class JsonLogWriter extends BaseLogWriter<string> {
  private journal: FileHandle | undefined;
  private rewrittenWith = 0;

  protected async writeStart(): Promise<void> {
    await this.rewrite();
    this.journal = await open(jsonJournalPath(this.location), 'w');
  }

  protected encode(sample: EvalSample): Promise<string> {
    return Promise.resolve(`${serializeJson(sampleToWire(sample))}\n`);
  }

  protected async writeBatch(batch: readonly string[]): Promise<void> {
    if (this.journal === undefined) throw new Error('the journal is not open (start() failed)');
    const bytes = Buffer.from(batch.join(''), 'utf8');
    let done = 0;
    while (done < bytes.length) done += (await this.journal.write(bytes, done, bytes.length - done)).bytesWritten;
    if (this.sync) await this.journal.datasync();
    if (this.samples.size >= Math.max(FIRST_REWRITE, 2 * this.rewrittenWith)) await this.rewrite();
  }

  protected async writeFinish(log: EvalLog): Promise<void> {
    try {
      await writeFileAtomic(this.location, serializeJson(logToWire(log), 2));
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
    const samples = sortSamples([...this.samples.values()]);
    const log: EvalLog = {
      version: 2,
      status: 'started',
      eval: this.spec,
      plan: this.plan,
      stats: emptyStats(this.startedAt),
      invalidated: false,
      tags: rootTags(this.spec),
      metadata: this.spec.metadata ?? {},
      samples,
    };
    await writeFileAtomic(this.location, serializeJson(logToWire(log), 2));
    this.rewrittenWith = samples.length;
  }
}
