/**
 * The log worker thread's entry: turns completed samples into the bytes the log writers store
 * (JSON text, then DEFLATE for `.eval` members), off the thread that runs samples. Started by
 * `log-worker.ts`; every request gets exactly one reply.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import * as zlib from 'node:zlib';
import { errorMessage } from '../errors.ts';
import type { CompressedText, EncodedEvalItem, EncodedJsonItem, EvalBatchItem, LogWorkerReply, LogWorkerRequest, SummaryPart } from './log-worker-protocol.ts';
import { evalTexts, journalText, jsonLine } from './sample-text.ts';
import type { EvalSample } from '../types/log.ts';
import { crc32 } from './zip/format.ts';

function compress(text: string, level: number, transfer: ArrayBuffer[]): CompressedText {
  const raw = Buffer.from(text, 'utf8');
  // A copy that owns its memory, so that it can be transferred.
  const data = new Uint8Array(zlib.deflateRawSync(raw, { level }));
  transfer.push(data.buffer);
  return { data, crc: crc32(raw), size: raw.length };
}

function encodeEval(items: readonly EvalBatchItem[], level: number, transfer: ArrayBuffer[]): { items: EncodedEvalItem[]; journal?: CompressedText } {
  const texts = items.map(evalTexts);
  const out = texts.map((t): EncodedEvalItem => ('error' in t ? { error: errorMessage(t.error) } : { member: compress(t.text, level, transfer) }));
  // The batch's journal member lists the summaries of the samples it logs.
  const journal = journalText(texts);
  return journal === undefined ? { items: out } : { items: out, journal: compress(journal, level, transfer) };
}

function encodeJson(samples: readonly EvalSample[], transfer: ArrayBuffer[]): EncodedJsonItem[] {
  return samples.map((sample) => {
    const text = jsonLine(sample);
    if (typeof text !== 'string') return { error: errorMessage(text.error) };
    const line = new Uint8Array(Buffer.from(text, 'utf8'));
    transfer.push(line.buffer);
    return { line };
  });
}

/** `summaries.json` from its parts: each journal member's list (inside its brackets) or the text given, joined. */
function summariesJson(parts: readonly SummaryPart[]): string {
  const lists: string[] = [];
  for (const part of parts) {
    const list = typeof part === 'string' ? part : zlib.inflateRawSync(part).toString('utf8').slice(1, -1);
    if (list.length > 0) lists.push(list);
  }
  return `[${lists.join(',')}]`;
}

function answer(request: LogWorkerRequest, transfer: ArrayBuffer[]): LogWorkerReply {
  switch (request.op) {
    case 'eval':
      return { id: request.id, ...encodeEval(request.items, request.level, transfer) };
    case 'json':
      return { id: request.id, lines: encodeJson(request.samples, transfer) };
    case 'summaries':
      return { id: request.id, summaries: compress(summariesJson(request.parts), request.level, transfer) };
  }
}

const port = parentPort;
if (port === null) throw new Error('log-worker-thread.ts runs as a worker thread (started by log-worker.ts)');
port.on('message', (request: LogWorkerRequest) => {
  const transfer: ArrayBuffer[] = [];
  let reply: LogWorkerReply;
  try {
    reply = answer(request, transfer);
  } catch (error) {
    reply = { id: request.id, failure: errorMessage(error) };
    transfer.length = 0;
  }
  port.postMessage(reply, transfer);
});
