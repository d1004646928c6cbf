/**
 * The log writer contract and what both formats share: start-once, group commit of samples
 * (samples that complete while a write is under way go out together in the next write), and
 * assembling the final log.
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errorMessage } from '../errors.ts';
import { LogError } from './errors.ts';
import { attachLazySamples } from './lazy-samples.ts';
import { assertLoggableSampleId, type LogFormat } from './names.ts';
import type {
  EvalError,
  EvalLog,
  EvalPlan,
  EvalResults,
  EvalSample,
  EvalSampleReductions,
  EvalSpec,
  EvalStats,
  EvalStatus,
} from '../types/log.ts';
import { rootTags } from './wire.ts';

/** Options of {@link createLogWriter}. */
export interface LogWriterOptions {
  /** Folder the log is written to (created when missing). */
  logDir: string;
  format: LogFormat;
  spec: EvalSpec;
  plan: EvalPlan;
  /** File name to use instead of {@link logFileName}'s. */
  fileName?: string;
  /**
   * Also sync every sample write to the disk before `logSample()` resolves (survives power
   * loss, not only a crash of the process). Default false: a resolved sample survives `kill -9`.
   */
  sync?: boolean;
}

/** How a task ended: passed to {@link LogWriter.finish}. */
export interface LogFinish {
  status: EvalStatus;
  stats: EvalStats;
  results?: EvalResults;
  error?: EvalError;
  reductions?: EvalSampleReductions[];
  invalidated?: boolean;
}

/** Writes one task's log incrementally. */
export interface LogWriter {
  /** Absolute path of the log file. */
  readonly location: string;
  /** Writes the log's start record at once (called again, it returns the same promise). */
  start(): Promise<void>;
  /**
   * Adds a completed sample; the sample is on disk (and survives a crash) when the promise
   * resolves. A sample logged again with the same id and epoch replaces the earlier one.
   */
  logSample(sample: EvalSample): Promise<void>;
  /**
   * Writes the final log and returns it. Its `samples` are read back from the file on first
   * access: the writer keeps no completed sample in memory.
   */
  finish(finish: LogFinish): Promise<EvalLog>;
  /**
   * Closes the file without finishing the log, after pending samples are written; the log
   * stays readable as a `started` log (and can be continued by a retry). No-op after finish().
   */
  close(): Promise<void>;
}

/**
 * Samples per encoding batch. Small batches keep the log worker and the thread running samples
 * busy at the same time: with one batch of everything that completed, each waited for the other.
 */
const MAX_BATCH_SAMPLES = 8;
/** Batches being encoded at once, while the ones before them are written. */
const ENCODING_AHEAD = 4;

/** A batch of samples being encoded; `result` is set once its encoding settled. */
interface Encoding<T, B> {
  readonly batch: Pending[];
  readonly settled: Promise<void>;
  result?: EncodedBatch<T, B> | { failure: unknown };
}

/** Encoded samples of one batch, ready to write: their pending entries, encodings and what they share. */
interface Written<T, B> {
  readonly pending: readonly Pending[];
  readonly items: readonly T[];
  readonly shared: B;
}

interface Pending {
  // Dropped once its batch is encoded: the queue must not keep a whole sample alive while others are written.
  sample: EvalSample | undefined;
  id: string | number;
  epoch: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * What a format writer's `encodeBatch` returns: per sample (in order) its encoding, or the Error
 * saying why it cannot be serialised; and what the batch's samples share when written (`B`).
 */
export interface EncodedBatch<T, B> {
  readonly items: readonly (T | Error)[];
  readonly shared: B;
}

/**
 * Shared machinery of the format writers; `T` is a sample encoded for the format (never an
 * Error), `B` what a batch of them shares.
 */
export abstract class BaseLogWriter<T, B = undefined> implements LogWriter {
  readonly location: string;
  protected readonly spec: EvalSpec;
  protected readonly plan: EvalPlan;
  protected readonly sync: boolean;
  /** The format written (the lazy `samples` of the finished log read it back). */
  protected abstract readonly format: LogFormat;
  protected readonly startedAt = new Date().toISOString().replace(/\.\d+Z$/, '+00:00');
  private starting: Promise<void> | undefined;
  private finishing: Promise<EvalLog> | undefined;
  private queue: Pending[] = [];
  private draining: Promise<void> | undefined;
  private closed = false;

  constructor(location: string, options: LogWriterOptions) {
    this.location = location;
    this.spec = options.spec;
    this.plan = options.plan;
    this.sync = options.sync ?? false;
  }

  /** Writes whatever the format records at start. */
  protected abstract writeStart(): Promise<void>;
  /**
   * Encodes a batch of samples; a sample that cannot be serialised gets an Error in its place
   * (the others are unaffected). `shared` must describe exactly the samples that were encoded.
   */
  protected abstract encodeBatch(samples: readonly EvalSample[]): Promise<EncodedBatch<T, B>>;
  /**
   * Writes batches of encoded samples durably, in one write where the format allows (and only
   * then records them as logged); each batch comes with what its samples share.
   */
  protected abstract writeBatches(batches: readonly { readonly items: readonly T[]; readonly shared: B }[]): Promise<void>;
  /** Writes the final log (without re-checking state) and closes the files. */
  protected abstract writeFinish(log: EvalLog): Promise<void>;
  /** Closes the open files without finishing. */
  protected abstract closeFiles(): Promise<void>;

  start(): Promise<void> {
    this.starting ??= (async () => {
      try {
        await mkdir(dirname(this.location), { recursive: true });
        await this.writeStart();
      } catch (error) {
        throw new LogError(`Cannot create the log ${this.location}: ${errorMessage(error)}. Check that the log folder is writable.`, { cause: error, file: this.location });
      }
    })();
    return this.starting;
  }

  async logSample(sample: EvalSample): Promise<void> {
    if (this.finishing !== undefined) {
      const state = this.closed ? 'closed' : 'already finished';
      throw new LogError(`Cannot log sample ${JSON.stringify(sample.id)}: the log ${this.location} is ${state}. Log every sample before calling finish() or close().`, { file: this.location });
    }
    assertLoggableSampleId(sample.id);
    if (!Number.isInteger(sample.epoch) || sample.epoch < 1) {
      throw new LogError(`Sample ${JSON.stringify(sample.id)} has epoch ${sample.epoch}; epochs are integers starting at 1.`, { file: this.location });
    }
    await this.start();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ sample, id: sample.id, epoch: sample.epoch, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  finish(finish: LogFinish): Promise<EvalLog> {
    this.finishing ??= this.doFinish(finish);
    return this.finishing;
  }

  async close(): Promise<void> {
    if (this.finishing !== undefined) {
      await this.finishing.catch(() => undefined);
      return;
    }
    this.closed = true;
    this.finishing = Promise.reject(new LogError(`The log ${this.location} was closed without being finished; read it with readEvalLog() or continue it with a retry.`, { file: this.location }));
    void this.finishing.catch(() => undefined);
    await this.starting?.catch(() => undefined);
    while (this.draining !== undefined) await this.draining;
    await this.closeFiles();
  }

  private async doFinish(finish: LogFinish): Promise<EvalLog> {
    await this.start();
    while (this.draining !== undefined) await this.draining;
    const log: EvalLog = {
      version: 2,
      status: finish.status,
      eval: this.spec,
      plan: this.plan,
      stats: finish.stats,
      invalidated: finish.invalidated ?? false,
      tags: rootTags(this.spec),
      metadata: this.spec.metadata ?? {},
    };
    if (finish.results !== undefined) log.results = finish.results;
    if (finish.error !== undefined) log.error = finish.error;
    if (finish.reductions !== undefined) log.reductions = finish.reductions;
    await this.writeFinish(log);
    attachLazySamples(log, this.location, this.format);
    log.location = this.location;
    return log;
  }

  /**
   * Writes queued samples until the queue is empty; never rejects. Samples are encoded in
   * batches of at most {@link MAX_BATCH_SAMPLES}, up to {@link ENCODING_AHEAD} batches at once
   * while earlier ones are written; the batches whose encoding is done are written together, in
   * the order their samples were logged.
   */
  private async drain(): Promise<void> {
    try {
      const encoding: Encoding<T, B>[] = [];
      while (this.queue.length > 0 || encoding.length > 0) {
        while (this.queue.length > 0 && encoding.length < ENCODING_AHEAD) encoding.push(this.startEncoding(this.queue.splice(0, MAX_BATCH_SAMPLES)));
        await encoding[0]!.settled;
        const writes: Written<T, B>[] = [];
        for (let head = encoding[0]; head?.result !== undefined; head = encoding[0]) {
          encoding.shift();
          const write = this.takeEncoded(head.batch, head.result);
          if (write !== undefined) writes.push(write);
        }
        if (writes.length > 0) await this.commitBatches(writes);
      }
    } finally {
      this.draining = undefined;
    }
  }

  private startEncoding(batch: Pending[]): Encoding<T, B> {
    const entry: Encoding<T, B> = {
      batch,
      settled: this.encodeBatch(batch.map((pending) => pending.sample!)).then(
        (encoded) => void (entry.result = encoded),
        (failure: unknown) => void (entry.result = { failure }),
      ),
    };
    return entry;
  }

  /**
   * Drops the batch's samples and rejects those that could not be encoded; returns the others
   * (in order) with their encodings and what they share, or undefined when none is left.
   */
  private takeEncoded(batch: Pending[], result: EncodedBatch<T, B> | { failure: unknown }): Written<T, B> | undefined {
    const pending: Pending[] = [];
    const items: T[] = [];
    batch.forEach((p, i) => {
      p.sample = undefined;
      const item = 'failure' in result ? undefined : result.items[i];
      if ('failure' in result || item instanceof Error || item === undefined) {
        p.reject(this.unserialisable(p, 'failure' in result ? result.failure : (item ?? new Error('the writer returned no encoding for it'))));
      } else {
        pending.push(p);
        items.push(item);
      }
    });
    return 'failure' in result || items.length === 0 ? undefined : { pending, items, shared: result.shared };
  }

  private unserialisable(pending: Pending, error: unknown): LogError {
    return new LogError(`Sample ${JSON.stringify(pending.id)} (epoch ${pending.epoch}) cannot be serialised: ${errorMessage(error)}. Keep sample fields JSON-compatible.`, { cause: error, file: this.location });
  }

  private async commitBatches(writes: readonly Written<T, B>[]): Promise<void> {
    try {
      await this.writeBatches(writes);
    } catch (error) {
      const failure = new LogError(`Could not write to the log ${this.location}: ${errorMessage(error)}. Check free disk space and permissions.`, { cause: error, file: this.location });
      for (const w of writes) for (const p of w.pending) p.reject(failure);
      return;
    }
    for (const w of writes) for (const p of w.pending) p.resolve();
  }

}
