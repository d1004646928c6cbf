/**
 * The `.eval` log writer: a ZIP archive with Inspect's members, appended to sample by sample.
 *
 * Members, in order: `_journal/start.json` (at start), then per write `samples/{id}_epoch_{n}.json`
 * for each sample plus `_journal/summaries/{k}.json` listing their summaries, and at finish
 * `summaries.json`, `reductions.json` (when there are reductions) and `header.json` (last). Each
 * batch is encoded and compressed on the log worker thread (`log-worker.ts`) while samples run on. The
 * archive is appended to in place (see `zip/appender.ts`) instead of being rebuilt per write,
 * so the cost stays linear in the number of samples.
 * @module
 */
import { parseJson, serializeJson } from './json.ts';
import { compressSummaries, type EncodedEvalSample, encodeEvalBatch, startLogWorker } from './log-worker.ts';
import type { SummaryPart } from './log-worker-protocol.ts';
import { sampleKey } from './names.ts';
import type { EvalLog, EvalSample } from '../types/log.ts';
import { BaseLogWriter, type EncodedBatch } from './writer.ts';
import { logToWire, reductionsJsonChunks, startToWire } from './wire.ts';
import { inflateMember, prepareMember, type PreparedMember, type StreamedMember, ZipAppender } from './zip/appender.ts';

/** An encoded sample and its key (id and epoch). */
interface EncodedSample extends EncodedEvalSample {
  readonly key: string;
}

/**
 * Compressed journal bytes kept in memory for `summaries.json` (about 35,000 summaries of the
 * example eval, whose journal members compress to about 115 bytes a summary): past it, journal
 * members are read back from the file at finish instead, so a long task's memory stays flat.
 */
const SUMMARY_MEMORY_BUDGET = 4 * 1024 * 1024;

/** Where a journal member of summaries is in the archive. */
interface JournalMember {
  readonly offset: number;
  readonly entry: PreparedMember['entry'];
  /** Its compressed bytes, while the budget allows (else it is read back from the file). */
  readonly data: Buffer | undefined;
}

/** A summary as the journal holds it (wire form); only its ids are read here. */
type EvalSampleSummaryWire = { id: string | number; epoch: number } & Record<string, unknown>;

/** Writes an `.eval` log; created by {@link createLogWriter}. */
export class EvalLogWriter extends BaseLogWriter<EncodedSample, PreparedMember | undefined> {
  private zip: ZipAppender | undefined;
  protected readonly format = 'eval' as const;
  private journalCount = 0;
  /** Journal members named so far (a batch is named when encoding starts, before earlier ones are written). */
  private journalNamed = 0;
  /** The journal members, in order; `summaries.json` is assembled from them at finish. */
  private readonly journal: JournalMember[] = [];
  /** For each logged sample (by id and epoch), the journal member holding its latest summary. */
  private readonly latest = new Map<string, number>();
  /** The journal members holding a summary that a later member replaced (a sample logged again). */
  private readonly superseded = new Set<number>();
  /** Compressed bytes of journal members held in `journal` so far. */
  private summaryMemory = 0;
  /** Compressed journal bytes kept in memory at most; members past it are read back at finish. */
  protected readonly summaryMemoryBudget: number = SUMMARY_MEMORY_BUDGET;

  protected async writeStart(): Promise<void> {
    startLogWorker();
    this.zip = await ZipAppender.create(this.location);
    await this.zip.append([await prepareMember('_journal/start.json', serializeJson(startToWire(this.spec, this.plan)))], this.sync);
  }

  protected async encodeBatch(samples: readonly EvalSample[]): Promise<EncodedBatch<EncodedSample, PreparedMember | undefined>> {
    const { items, journal } = await encodeEvalBatch(samples, `_journal/summaries/${++this.journalNamed}.json`);
    return { items: items.map((item, i) => (item instanceof Error ? item : { member: item.member, key: sampleKey(samples[i]!) })), shared: journal };
  }

  protected async writeBatches(batches: readonly { readonly items: readonly EncodedSample[]; readonly shared: PreparedMember | undefined }[]): Promise<void> {
    const members: PreparedMember[] = [];
    const journalAt: number[] = [];
    for (const { items, shared: journal } of batches) {
      if (journal === undefined) throw new Error('a batch of samples came without its journal member');
      for (const item of items) members.push(item.member);
      journalAt.push(members.length);
      members.push(journal);
    }
    const offsets = await this.archive().append(members, this.sync);
    batches.forEach(({ items, shared }, k) => this.recordJournal(items, shared!, offsets[journalAt[k]!]!));
  }

  /** Records a written journal member and which samples' latest summaries it holds. */
  private recordJournal(items: readonly EncodedSample[], journal: PreparedMember, offset: number): void {
    let data: Buffer | undefined;
    if (this.summaryMemory + journal.data.length <= this.summaryMemoryBudget) {
      // A copy: compressed on this thread, the bytes are a view of zlib's much larger output buffer.
      data = Buffer.from(journal.data);
      this.summaryMemory += data.length;
    }
    this.journal.push({ offset, entry: journal.entry, data });
    for (const b of items) {
      const previous = this.latest.get(b.key);
      if (previous !== undefined) this.superseded.add(previous);
      this.latest.set(b.key, this.journalCount);
    }
    this.journalCount++;
  }

  protected async writeFinish(log: EvalLog): Promise<void> {
    const members: (PreparedMember | StreamedMember)[] = [(await this.summariesFromMemory()) ?? { name: 'summaries.json', chunks: this.summaryChunks() }];
    if (log.reductions !== undefined && log.reductions.length > 0) {
      members.push({ name: 'reductions.json', chunks: reductionsJsonChunks(log.reductions) });
    }
    members.push(await prepareMember('header.json', serializeJson(logToWire(log, false))));
    await this.archive().finish(members);
  }

  protected async closeFiles(): Promise<void> {
    await this.zip?.close();
  }

  /**
   * `summaries.json` assembled and compressed on the log worker, when every journal member is
   * in memory (the budget was not exceeded) and the worker works; undefined otherwise.
   */
  private async summariesFromMemory(): Promise<PreparedMember | undefined> {
    const parts: SummaryPart[] = [];
    for (let index = 0; index < this.journal.length; index++) {
      const { data } = this.journal[index]!;
      if (data === undefined) return undefined;
      parts.push(this.superseded.has(index) ? this.keptSummaries(index, await this.listedSummaries(index)) : data);
    }
    return compressSummaries('summaries.json', parts);
  }

  /** The summaries journal member `index` lists, comma-separated: from memory where it was kept, else read back. */
  private async listedSummaries(index: number): Promise<string> {
    const { offset, entry, data } = this.journal[index]!;
    const bytes = data === undefined ? await this.archive().readMember(offset, entry) : inflateMember(data, entry.size);
    // The member is `[summary,summary,…]`, written by writeBatches: its inside is the list.
    return bytes.toString('utf8').slice(1, -1);
  }

  /** The summaries of journal member `index` (its comma-separated `listed` text) that no later member replaced. */
  private keptSummaries(index: number, listed: string): string {
    const summaries = parseJson(`[${listed}]`) as EvalSampleSummaryWire[];
    return summaries.filter((s) => this.latest.get(sampleKey(s)) === index).map((s) => serializeJson(s)).join(',');
  }

  /**
   * The text of `summaries.json`, one journal member at a time, for a task past
   * {@link SUMMARY_MEMORY_BUDGET} or without a working log worker: each sample's latest summary,
   * from memory where it was kept, else read back from the archive, and compressed on this
   * thread straight into the file. A member none of whose summaries was replaced later is copied
   * as text, without parsing it.
   */
  private async *summaryChunks(): AsyncGenerator<string> {
    yield '[';
    let first = true;
    for (let index = 0; index < this.journal.length; index++) {
      const listed = await this.listedSummaries(index);
      const kept = this.superseded.has(index) ? this.keptSummaries(index, listed) : listed;
      if (kept.length === 0) continue;
      yield `${first ? '' : ','}${kept}`;
      first = false;
    }
    yield ']';
  }

  private archive(): ZipAppender {
    if (this.zip === undefined) throw new Error('the archive is not open (start() failed)');
    return this.zip;
  }
}
