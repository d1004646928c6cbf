/**
 * The log worker: one worker thread per process that turns completed samples into the bytes the
 * log writers store — the sample's JSON text, its summary and, for `.eval` members, DEFLATE —
 * so that the thread running samples only hands each sample over (a structured clone, about a
 * third of the cost of encoding it there). Created on first use; held (`ref`) only while a
 * request is in flight, so an idle worker never keeps the process alive.
 *
 * What the worker does is always also done here when it cannot be: a sample that structured
 * cloning would change (`clone-faithful.ts`) is encoded on this thread and only compressed
 * there; when the worker cannot start, fails or exits, the batch in flight and every later one
 * are encoded and compressed on this thread (the same bytes, only slower). The worker runs no
 * user code — a cloned sample holds no functions — so it cannot hang on one.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { runOutsideContext } from '../runtime/context.ts';
import { warn } from '../runtime/warnings.ts';
import { isCloneFaithful } from './clone-faithful.ts';
import type { CompressedText, EvalBatchItem, EvalReply, JsonReply, LogWorkerJob, LogWorkerReply, SummariesReply, SummaryPart } from './log-worker-protocol.ts';
import { sampleMemberName } from './names.ts';
import { evalTexts, journalText, jsonLine } from './sample-text.ts';
import type { EvalSample } from '../types/log.ts';
import { ownModuleUrl } from '../util/own-files.ts';
import { DEFLATE_LEVEL, prepareMember, type PreparedMember } from './zip/appender.ts';
import { DEFLATE, dosDateTime } from './zip/format.ts';

/** An `.eval` sample ready to append: its compressed member (its summary is in the batch's journal member). */
export interface EncodedEvalSample {
  readonly member: PreparedMember;
}

/** An `.eval` batch: per sample its encoding or why it has none, and the journal member listing the summaries. */
export interface EncodedEvalBatch {
  readonly items: readonly (EncodedEvalSample | Error)[];
  /** `[summary,…]` of the encoded samples, in order, compressed; absent when none was encoded. */
  readonly journal: PreparedMember | undefined;
}

type Settle = (reply: LogWorkerReply) => void;

// From dist/ the entry is plain JavaScript. From the sources (tests, benchmarks) it is
// TypeScript: a loader registered in this thread does not reach a worker thread, so the worker
// registers tsx itself before it imports the entry.
const ENTRY = ownModuleUrl('log/log-worker-thread');

/** The worker's code: its entry module, through tsx when that is TypeScript. */
function workerCode(entry: URL): { code: string | URL; eval: boolean } {
  if (!entry.pathname.endsWith('.ts')) return { code: entry, eval: false };
  return { code: `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`, eval: true };
}

/**
 * The worker's young generation (MB). Everything it allocates is short-lived (a batch's wire
 * copies and texts), so a small one costs it a little more collection and keeps its memory low:
 * V8's default let the worker's heap add about 20 MB to a 100,000-sample run.
 */
const WORKER_YOUNG_GENERATION_MB = 8;

/**
 * How long the worker may go without answering while requests wait (ms). Past it, it is stopped
 * and treated as failed: the batches it held and every later one are encoded on this thread, so
 * a stuck worker costs speed, never a hang. A batch is at most 8 samples, which takes
 * milliseconds; a minute leaves room for samples of hundreds of megabytes.
 */
export const DEFAULT_LOG_WORKER_TIMEOUT_MS = 60_000;

/** Options of {@link startLogWorker}. */
export interface LogWorkerOptions {
  /** The module the worker runs (its own `log-worker-thread` unless a test says otherwise). */
  readonly entry?: URL;
  /** See {@link DEFAULT_LOG_WORKER_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
}

class LogWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { settle: Settle; fail: (error: Error) => void }>();
  private nextId = 0;
  broken = false;
  /** When the worker last answered, or was given work while idle. */
  private lastProgress = 0;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly timeoutMs: number;

  constructor(entry: URL, timeoutMs: number) {
    this.timeoutMs = timeoutMs;
    const { code, eval: isCode } = workerCode(entry);
    // No flags of this process (its --import preloads, say): the worker needs none.
    this.worker = new Worker(code, { eval: isCode, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    this.worker.unref();
    this.worker.on('message', (reply: LogWorkerReply) => this.settle(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`it exited (code ${code})`)));
  }

  /** Sends `request` (its id is set here) and resolves with the reply; rejects when the worker fails. */
  request<R extends LogWorkerReply>(job: LogWorkerJob): Promise<R> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      if (this.waiting.size === 0) this.busy();
      this.waiting.set(id, { settle: (reply) => ('failure' in reply ? reject(new Error(reply.failure)) : resolve(reply as R)), fail: reject });
      try {
        this.worker.postMessage(Object.assign({ id }, job));
      } catch (error) {
        this.forget(id);
        reject(asError(error));
      }
    });
  }

  private settle(reply: LogWorkerReply): void {
    const waiter = this.waiting.get(reply.id);
    if (waiter === undefined) return;
    this.lastProgress = performance.now();
    this.forget(reply.id);
    waiter.settle(reply);
  }

  /** Work arrives while nothing waits: hold the process open and watch for a stall. */
  private busy(): void {
    this.worker.ref();
    this.lastProgress = performance.now();
    // Outside any context: the timer must not carry (or warn into) the sample that started it.
    this.watchdog ??= runOutsideContext(() => setInterval(() => this.checkProgress(), Math.max(1, this.timeoutMs / 4)));
    this.watchdog.unref();
  }

  private checkProgress(): void {
    if (this.waiting.size === 0) {
      // Idle since the last check: stop watching until work arrives again.
      this.stopWatching();
      return;
    }
    if (performance.now() - this.lastProgress < this.timeoutMs) return;
    this.fail(new Error(`it gave no answer for ${(this.timeoutMs / 1000).toFixed(1)} s, and is stopped`));
    void this.worker.terminate();
  }

  private forget(id: number): void {
    this.waiting.delete(id);
    if (this.waiting.size === 0) this.worker.unref();
  }

  private stopWatching(): void {
    if (this.watchdog !== undefined) clearInterval(this.watchdog);
    this.watchdog = undefined;
  }

  /** The worker is of no more use (it could not start, failed, exited or stalled): says so once, and fails what waits. */
  private fail(error: Error): void {
    if (!this.broken) warn(`The log worker failed: ${error.message}. Samples are encoded on the main thread from now on (slower, nothing is lost).`, 'log');
    this.broken = true;
    this.stopWatching();
    for (const waiter of this.waiting.values()) waiter.fail(error);
    this.waiting.clear();
  }
}

let shared: LogWorker | undefined;

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Returns the process's log worker, starting it on first use; undefined once it has failed. */
function logWorker(options: LogWorkerOptions = {}): LogWorker | undefined {
  if (shared?.broken === true) return undefined;
  try {
    shared ??= new LogWorker(options.entry ?? ENTRY, options.timeoutMs ?? DEFAULT_LOG_WORKER_TIMEOUT_MS);
    return shared;
  } catch {
    return undefined;
  }
}

/**
 * Returns whether the log worker has been started and works: `'running'` (started, no failure
 * so far), `'failed'` (it could not start, failed or exited: batches are encoded on this thread)
 * or `'not started'`.
 */
export function logWorkerStatus(): 'not started' | 'running' | 'failed' {
  if (shared === undefined) return 'not started';
  return shared.broken ? 'failed' : 'running';
}

/**
 * Starts the log worker ahead of the first batch (called when a log starts), so that its
 * start-up overlaps the first samples; no-op when it is started already (the options of the
 * first start stay).
 */
export function startLogWorker(options: LogWorkerOptions = {}): void {
  logWorker(options);
}

function prepared(name: string, { data, crc, size }: CompressedText, time: ReturnType<typeof dosDateTime>): PreparedMember {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return { entry: { name, method: DEFLATE, crc, compressedSize: bytes.length, size, ...time }, data: bytes };
}

/**
 * Returns `summaries.json` (named `name`), assembled and compressed on the log worker from its
 * parts: journal members' compressed bytes, or text to keep as it is (see {@link SummaryPart}).
 * Returns undefined when the worker does not work: the caller then streams the member itself.
 */
export async function compressSummaries(name: string, parts: readonly SummaryPart[], now = new Date()): Promise<PreparedMember | undefined> {
  const worker = logWorker();
  if (worker === undefined) return undefined;
  try {
    const reply = await worker.request<SummariesReply>({ op: 'summaries', parts, level: DEFLATE_LEVEL });
    return prepared(name, reply.summaries, dosDateTime(now));
  } catch {
    return undefined;
  }
}

/**
 * Encodes a batch of completed samples for an `.eval` log: each sample's member
 * (`samples/{id}_epoch_{n}.json`) and summary, and the journal member `journalName` listing the
 * summaries of those encoded. A sample that cannot be serialised gets an Error, the others are
 * unaffected.
 */
export async function encodeEvalBatch(samples: readonly EvalSample[], journalName: string, now = new Date()): Promise<EncodedEvalBatch> {
  const time = dosDateTime(now);
  const items = new Array<EncodedEvalSample | Error | undefined>(samples.length);
  // Samples the worker cannot receive as they are are encoded here first.
  const sent: EvalBatchItem[] = [];
  const sentIndex: number[] = [];
  for (let i = 0; i < samples.length; i++) {
    const sample = samples[i]!;
    const item = isCloneFaithful(sample) ? { sample } : evalTexts({ sample });
    if ('error' in item) {
      items[i] = asError(item.error);
      continue;
    }
    sent.push(item);
    sentIndex.push(i);
  }
  const worker = logWorker();
  if (worker !== undefined && sent.length > 0) {
    try {
      const reply = await worker.request<EvalReply>({ op: 'eval', items: sent, level: DEFLATE_LEVEL });
      reply.items.forEach((item, k) => {
        const i = sentIndex[k]!;
        items[i] = 'error' in item ? new Error(item.error) : { member: prepared(sampleMemberName(samples[i]!), item.member, time) };
      });
      return { items: items as (EncodedEvalSample | Error)[], journal: reply.journal === undefined ? undefined : prepared(journalName, reply.journal, time) };
    } catch {
      // Encoded below, on this thread.
    }
  }
  const texts = sent.map(evalTexts);
  for (let k = 0; k < texts.length; k++) {
    const i = sentIndex[k]!;
    const t = texts[k]!;
    items[i] = 'error' in t ? asError(t.error) : { member: await prepareMember(sampleMemberName(samples[i]!), t.text, now) };
  }
  const journal = journalText(texts);
  return { items: items as (EncodedEvalSample | Error)[], journal: journal === undefined ? undefined : await prepareMember(journalName, journal, now) };
}

/**
 * Encodes a batch of completed samples for a `.json` log: each sample's journal line (UTF-8,
 * newline included), or an Error for a sample that cannot be serialised.
 */
export async function encodeJsonBatch(samples: readonly EvalSample[]): Promise<(Buffer | Error)[]> {
  const worker = logWorker();
  if (worker !== undefined && samples.length > 0 && samples.every(isCloneFaithful)) {
    try {
      const reply = await worker.request<JsonReply>({ op: 'json', samples });
      return reply.lines.map((item) => ('error' in item ? new Error(item.error) : Buffer.from(item.line.buffer, item.line.byteOffset, item.line.byteLength)));
    } catch {
      // Encoded below, on this thread.
    }
  }
  return samples.map((sample) => {
    const text = jsonLine(sample);
    return typeof text === 'string' ? Buffer.from(text, 'utf8') : asError(text.error);
  });
}
