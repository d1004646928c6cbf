/**
 * The `.eval` log writer: a ZIP archive with Inspect's members, appended to sample by sample.
 *
 * Members, in order: `_journal/start.json` (at start), then per write `samples/{id}_epoch_{n}.json`
 * for each sample plus `_journal/summaries/{k}.json` listing their summaries, and at finish
 * `summaries.json`, `reductions.json` (when there are reductions) and `header.json` (last). Each
 * batch is compressed on a worker thread (`zip/deflate-worker.ts`) while samples run on. The
 * archive is appended to in place (see `zip/appender.ts`) instead of being rebuilt per write,
 * so the cost stays linear in the number of samples.
 * @module
 */
import { condensedSampleToWire } from './condensed-sample.ts';
import { parseJson, serializeJson } from './json.ts';
import { sampleKey, sampleMemberName } from './names.ts';
import { toSampleSummary } from './summary.ts';
import type { EvalLog, EvalSample } from '../types/log.ts';
import { BaseLogWriter } from './writer.ts';
import { logToWire, reductionsJsonChunks, startToWire, summaryToWire } from './wire.ts';
import { prepareMember, type PreparedMember, type StreamedMember, ZipAppender } from './zip/appender.ts';
import { prepareMembers } from './zip/deflate-worker.ts';

interface EncodedSample {
  /** The sample's member name and JSON text (compressed with its batch). */
  name: string;
  text: string;
  key: string;
  /** The summary's wire form, written to the journal (and read back from it at finish). */
  summary: string;
}

/** Where a journal member of summaries is in the archive. */
interface JournalMember {
  readonly offset: number;
  readonly entry: PreparedMember['entry'];
}

/** A summary as the journal holds it (wire form); only its ids are read here. */
type EvalSampleSummaryWire = { id: string | number; epoch: number } & Record<string, unknown>;

/** Writes an `.eval` log; created by {@link createLogWriter}. */
export class EvalLogWriter extends BaseLogWriter<EncodedSample> {
  private zip: ZipAppender | undefined;
  protected readonly format = 'eval' as const;
  private journalCount = 0;
  /** The journal members, in order; `summaries.json` is assembled from them at finish. */
  private readonly journal: JournalMember[] = [];
  /** For each logged sample (by id and epoch), the journal member holding its latest summary. */
  private readonly latest = new Map<string, number>();
  /** The journal members holding a summary that a later member replaced (a sample logged again). */
  private readonly superseded = new Set<number>();

  protected async writeStart(): Promise<void> {
    this.zip = await ZipAppender.create(this.location);
    await this.zip.append([await prepareMember('_journal/start.json', serializeJson(startToWire(this.spec, this.plan)))], this.sync);
  }

  protected encode(sample: EvalSample): Promise<EncodedSample> {
    const text = serializeJson(condensedSampleToWire(sample));
    return Promise.resolve({ name: sampleMemberName(sample), text, key: sampleKey(sample), summary: serializeJson(summaryToWire(toSampleSummary(sample))) });
  }

  protected async writeBatch(batch: readonly EncodedSample[]): Promise<void> {
    // One round trip to the compression worker for the whole batch: its samples and their journal member.
    const members = await prepareMembers([...batch, { name: `_journal/summaries/${this.journalCount + 1}.json`, text: `[${batch.map((b) => b.summary).join(',')}]` }]);
    const journal = members[members.length - 1]!;
    const offsets = await this.archive().append(members, this.sync);
    this.journal.push({ offset: offsets[offsets.length - 1]!, entry: journal.entry });
    for (const b of batch) {
      const previous = this.latest.get(b.key);
      if (previous !== undefined) this.superseded.add(previous);
      this.latest.set(b.key, this.journalCount);
    }
    this.journalCount++;
  }

  protected async writeFinish(log: EvalLog): Promise<void> {
    const members: (PreparedMember | StreamedMember)[] = [{ name: 'summaries.json', chunks: this.summaryChunks() }];
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
   * The text of `summaries.json`, one journal member at a time: each sample's latest summary,
   * read back from the archive (the writer keeps no summary in memory). A member none of whose
   * summaries was replaced later is copied as text, without parsing it.
   */
  private async *summaryChunks(): AsyncGenerator<string> {
    yield '[';
    let first = true;
    for (let index = 0; index < this.journal.length; index++) {
      const { offset, entry } = this.journal[index]!;
      const text = (await this.archive().readMember(offset, entry)).toString('utf8');
      let kept: string;
      if (this.superseded.has(index)) {
        const summaries = parseJson(text) as EvalSampleSummaryWire[];
        kept = summaries.filter((s) => this.latest.get(sampleKey(s)) === index).map((s) => serializeJson(s)).join(',');
      } else {
        // The member is `[summary,summary,…]`, written by writeBatch: its inside is the list to keep.
        kept = text.slice(1, -1);
      }
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
