/**
 * Compression of archive members on a worker thread, so that the event loop running samples
 * does not spend its time in DEFLATE (the largest single cost of writing an `.eval` log). One
 * worker per process, created on first use; the event loop hands it a batch of member texts and
 * gets back the compressed bytes (transferred, not copied) with their CRC and size.
 *
 * The worker is held (`ref`) only while a batch is being compressed, so an idle worker never
 * keeps the process alive. When a worker cannot start or fails, the batch in flight and every
 * later one are compressed on the calling thread instead (same bytes, only slower).
 * @module
 */
import { Worker } from 'node:worker_threads';
import { DEFLATE, dosDateTime } from './format.ts';
import { DEFLATE_LEVEL, prepareMember, type PreparedMember } from './appender.ts';

/** A member to compress: its name in the archive and its text. */
export interface MemberText {
  readonly name: string;
  readonly text: string;
}

interface Compressed {
  readonly data: Uint8Array;
  readonly crc: number;
  readonly size: number;
}

interface Reply {
  readonly id: number;
  readonly out?: Compressed[];
  readonly error?: string;
}

// Plain CommonJS evaluated by the worker: no file to resolve, the same from the sources and from dist/.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const zlib = require('node:zlib');
let table;
function crc32(data) {
  if (zlib.crc32 !== undefined) return zlib.crc32(data) >>> 0;
  if (table === undefined) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; table[n] = c; }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
parentPort.on('message', ({ id, texts, level }) => {
  try {
    const out = [];
    const transfer = [];
    for (const text of texts) {
      const raw = Buffer.from(text, 'utf8');
      const deflated = zlib.deflateRawSync(raw, { level });
      // A copy that owns its memory, so that it can be transferred.
      const data = new Uint8Array(deflated);
      out.push({ data, crc: crc32(raw), size: raw.length });
      transfer.push(data.buffer);
    }
    parentPort.postMessage({ id, out }, transfer);
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.stack || error) });
  }
});
`;

interface Waiter {
  resolve: (out: Compressed[]) => void;
  reject: (error: Error) => void;
}

class DeflateWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 0;
  broken = false;

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => this.settle(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the compression worker exited (code ${code})`)));
  }

  compress(texts: readonly string[]): Promise<Compressed[]> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, texts, level: DEFLATE_LEVEL });
    });
  }

  private settle(reply: Reply): void {
    const waiter = this.waiting.get(reply.id);
    if (waiter === undefined) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker.unref();
    if (reply.out !== undefined) waiter.resolve(reply.out);
    else waiter.reject(new Error(reply.error ?? 'the compression worker gave no result'));
  }

  private fail(error: Error): void {
    this.broken = true;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}

let shared: DeflateWorker | undefined;

function worker(): DeflateWorker | undefined {
  if (shared?.broken === true) return undefined;
  try {
    shared ??= new DeflateWorker();
    return shared;
  } catch {
    return undefined;
  }
}

/**
 * Compresses members (DEFLATE, the archive's level) on the worker thread and returns them ready
 * for {@link ZipAppender.append}, in the order given; on the calling thread when no worker works.
 */
export async function prepareMembers(members: readonly MemberText[], now = new Date()): Promise<PreparedMember[]> {
  const compressor = worker();
  if (compressor !== undefined && members.length > 0) {
    try {
      const out = await compressor.compress(members.map((m) => m.text));
      const time = dosDateTime(now);
      return members.map((m, i) => {
        const { data, crc, size } = out[i]!;
        const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
        return { entry: { name: m.name, method: DEFLATE, crc, compressedSize: bytes.length, size, ...time }, data: bytes };
      });
    } catch {
      // Compressed below, on this thread.
    }
  }
  return Promise.all(members.map((m) => prepareMember(m.name, m.text, now)));
}
