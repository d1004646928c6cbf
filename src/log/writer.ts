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

interface Pending<T> {
  // Dropped once encoded: the queue must not keep a whole sample alive while others are written.
  sample: EvalSample | undefined;
  id: string | number;
  epoch: number;
  resolve: () => void;
  reject: (error: unknown) => void;
  encoded?: T;
}

/** Shared machinery of the format writers; `T` is a sample encoded for the format. */
export abstract class BaseLogWriter<T> implements LogWriter {
  readonly location: string;
  protected readonly spec: EvalSpec;
  protected readonly plan: EvalPlan;
  protected readonly sync: boolean;
  /** The format written (the lazy `samples` of the finished log read it back). */
  protected abstract readonly format: LogFormat;
  protected readonly startedAt = new Date().toISOString().replace(/\.\d+Z$/, '+00:00');
  private starting: Promise<void> | undefined;
  private finishing: Promise<EvalLog> | undefined;
  private queue: Pending<T>[] = [];
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
  /** Encodes one sample (may throw for a sample that cannot be serialised). */
  protected abstract encode(sample: EvalSample): Promise<T>;
  /** Writes a batch of encoded samples durably (and only then records them as logged). */
  protected abstract writeBatch(batch: readonly T[]): Promise<void>;
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

  /** Writes queued samples batch by batch until the queue is empty; never rejects. */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0);
        const ready: Pending<T>[] = [];
        for (const pending of batch) {
          try {
            pending.encoded = await this.encode(pending.sample!);
            pending.sample = undefined;
            ready.push(pending);
          } catch (error) {
            pending.reject(
              new LogError(`Sample ${JSON.stringify(pending.id)} (epoch ${pending.epoch}) cannot be serialised: ${errorMessage(error)}. Keep sample fields JSON-compatible.`, { cause: error, file: this.location }),
            );
          }
        }
        if (ready.length > 0) await this.commitBatch(ready);
      }
    } finally {
      this.draining = undefined;
    }
  }

  private async commitBatch(batch: Pending<T>[]): Promise<void> {
    try {
      await this.writeBatch(batch.map((p) => p.encoded as T));
    } catch (error) {
      const failure = new LogError(`Could not write to the log ${this.location}: ${errorMessage(error)}. Check free disk space and permissions.`, { cause: error, file: this.location });
      for (const p of batch) p.reject(failure);
      return;
    }
    for (const p of batch) p.resolve();
  }
}
