/**
 * The `.eval` log writer: a ZIP archive with Inspect's members, appended to sample by sample.
 *
 * Members, in order: `_journal/start.json` (at start), then per write `samples/{id}_epoch_{n}.json`
 * for each sample plus `_journal/summaries/{k}.json` listing their summaries, and at finish
 * `summaries.json`, `reductions.json` (when there are reductions) and `header.json` (last). The
 * archive is appended to in place (see `zip/appender.ts`) instead of being rebuilt per write,
 * so the cost stays linear in the number of samples.
 * @module
 */
import { serializeJson } from './json.ts';
import { sampleKey, sampleMemberName } from './names.ts';
import { toSampleSummary } from './summary.ts';
import type { EvalLog, EvalSample } from './types.ts';
import { BaseLogWriter } from './writer.ts';
import { logToWire, reductionsToWire, sampleToWire, startToWire, summaryToWire } from './wire.ts';
import { prepareMember, prepareStreamedMember, type PreparedMember, ZipAppender } from './zip/appender.ts';

interface EncodedSample {
  member: PreparedMember;
  key: string;
  /** The summary's wire form: all that stays in memory of a logged sample. */
  summary: string;
}

/** Writes an `.eval` log; created by {@link createLogWriter}. */
export class EvalLogWriter extends BaseLogWriter<EncodedSample> {
  private zip: ZipAppender | undefined;
  protected readonly format = 'eval' as const;
  private journalCount = 0;
  /** Serialised summaries by id and epoch (a re-logged sample replaces its entry). */
  private readonly summaries = new Map<string, string>();

  protected async writeStart(): Promise<void> {
    this.zip = await ZipAppender.create(this.location);
    await this.zip.append([await prepareMember('_journal/start.json', serializeJson(startToWire(this.spec, this.plan)))], this.sync);
  }

  protected async encode(sample: EvalSample): Promise<EncodedSample> {
    const member = await prepareMember(sampleMemberName(sample), serializeJson(sampleToWire(sample)));
    return { member, key: sampleKey(sample), summary: serializeJson(summaryToWire(toSampleSummary(sample))) };
  }

  protected async writeBatch(batch: readonly EncodedSample[]): Promise<void> {
    const journal = await prepareMember(`_journal/summaries/${this.journalCount + 1}.json`, `[${batch.map((b) => b.summary).join(',')}]`);
    await this.archive().append([...batch.map((b) => b.member), journal], this.sync);
    this.journalCount++;
    for (const b of batch) this.summaries.set(b.key, b.summary);
  }

  protected async writeFinish(log: EvalLog): Promise<void> {
    const members = [await prepareStreamedMember('summaries.json', this.summaryChunks())];
    if (log.reductions !== undefined && log.reductions.length > 0) {
      members.push(await prepareMember('reductions.json', serializeJson(reductionsToWire(log.reductions))));
    }
    members.push(await prepareMember('header.json', serializeJson(logToWire(log, false))));
    await this.archive().finish(members);
  }

  protected async closeFiles(): Promise<void> {
    await this.zip?.close();
  }

  /** The text of `summaries.json` in pieces of about 1,000 summaries. */
  private *summaryChunks(): Generator<string> {
    yield '[';
    let piece: string[] = [];
    let first = true;
    for (const summary of this.summaries.values()) {
      piece.push(summary);
      if (piece.length === 1000) {
        yield `${first ? '' : ','}${piece.join(',')}`;
        first = false;
        piece = [];
      }
    }
    if (piece.length > 0) yield `${first ? '' : ','}${piece.join(',')}`;
    yield ']';
  }

  private archive(): ZipAppender {
    if (this.zip === undefined) throw new Error('the archive is not open (start() failed)');
    return this.zip;
  }
}
