/**
 * Messages between the thread that runs samples and the log worker thread
 * (`log-worker-thread.ts`). Compressed bytes travel back transferred, not copied.
 * @module
 */
import type { EvalSample } from '../types/log.ts';

/** A member's DEFLATE-compressed bytes, with the CRC-32 and size of its text. */
export interface CompressedText {
  readonly data: Uint8Array;
  readonly crc: number;
  readonly size: number;
}

/** A sample for an `.eval` batch: as it ran, or already encoded (a sample the worker cannot receive). */
export type EvalBatchItem = { readonly sample: EvalSample } | { readonly text: string; readonly summary: string };

/** A job for the log worker: encode a batch of samples for an `.eval` or a `.json` log, or assemble `summaries.json`. */
export type LogWorkerJob =
  | { readonly op: 'eval'; readonly items: readonly EvalBatchItem[]; readonly level: number }
  | { readonly op: 'json'; readonly samples: readonly EvalSample[] }
  | { readonly op: 'summaries'; readonly parts: readonly SummaryPart[]; readonly level: number };

/**
 * A piece of `summaries.json`: a journal member's compressed bytes (`[summary,…]`, DEFLATE), or
 * the summaries to keep of a member as comma-separated text.
 */
export type SummaryPart = Uint8Array | string;

/** A job as sent; `id` matches it with its reply. */
export type LogWorkerRequest = LogWorkerJob & { readonly id: number };

/** An `.eval` sample as the worker returns it: its compressed member, or why it has none. */
export type EncodedEvalItem = { readonly member: CompressedText } | { readonly error: string };

/** A `.json` journal line (UTF-8, newline included) or why a sample has none. */
export type EncodedJsonItem = { readonly line: Uint8Array } | { readonly error: string };

/** The reply to an `eval` job: per item its member, and the journal member listing the items' summaries. */
export interface EvalReply { readonly id: number; readonly items: readonly EncodedEvalItem[]; readonly journal?: CompressedText }
/** The reply to a `json` job: per sample its journal line. */
export interface JsonReply { readonly id: number; readonly lines: readonly EncodedJsonItem[] }

/** The reply to a `summaries` job: the whole `summaries.json`, compressed. */
export interface SummariesReply { readonly id: number; readonly summaries: CompressedText }

/** The log worker's reply to one request (`failure` when the job itself failed). */
export type LogWorkerReply = EvalReply | JsonReply | SummariesReply | { readonly id: number; readonly failure: string };
