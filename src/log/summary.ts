/**
 * Sample summaries: the thin view of a sample that `.eval` logs list in `summaries.json` (and
 * that sample hooks receive). Thinning follows Inspect: long text is truncated, media replaced
 * by a label, large metadata values dropped.
 * @module
 */
import type { ChatMessage, Content } from '../types/model.ts';
import type { EvalSample, EvalSampleSummary, Score } from '../types/log.ts';
import { setDataField } from '../util/data-field.ts';
import { isPlainObject } from '../util/guards.ts';

/** Text longer than this (input, target) is truncated in summaries. */
export const MAX_TEXT_LENGTH = 5120;
/** Metadata strings, score answers and explanations are shortened to this length. */
export const MAX_METADATA_LENGTH = 1024;
const TRUNCATED = '...\n(content truncated)';
const REMOVED = 'Key removed from summary (> 1k)';
const MEDIA_LABELS: Record<string, string> = { image: '(Image)', audio: '(Audio)', video: '(Video)', document: '(Document)' };

/** Returns `text` cut at `max` characters with Inspect's truncation marker. */
export function truncateText(text: string, max = MAX_TEXT_LENGTH): string {
  return text.length > max ? `${text.slice(0, max)}${TRUNCATED}` : text;
}

/** Returns `text` with whitespace collapsed and shortened at a word boundary (Python `textwrap.shorten`). */
export function shortenText(text: string, width = MAX_METADATA_LENGTH, placeholder = '...'): string {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const collapsed = words.join(' ');
  if (collapsed.length <= width) return collapsed;
  let out = '';
  for (const word of words) {
    const next = out === '' ? word : `${out} ${word}`;
    if (next.length + placeholder.length > width) break;
    out = next;
  }
  return `${out}${placeholder}`;
}

function thinContent(content: Content): Content {
  if (content.type === 'text') return { ...content, text: truncateText(content.text) };
  const label = MEDIA_LABELS[content.type];
  return label === undefined ? content : { type: 'text', text: label };
}

function thinInput(input: string | ChatMessage[]): string | ChatMessage[] {
  if (typeof input === 'string') return truncateText(input);
  return input.map((message) => {
    if (typeof message.content === 'string') return { ...message, content: truncateText(message.content) };
    const parts = message.content.map(thinContent);
    return { ...message, content: parts.length === 0 ? [{ type: 'text', text: '(no content)' }] : parts };
  });
}

function thinTarget(target: string | string[]): string | string[] {
  return Array.isArray(target) ? target.map((t) => truncateText(t)) : truncateText(target);
}

function thinMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata)) setDataField(out, key, thinMetadataValue(value));
  return out;
}

function thinMetadataValue(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value instanceof Date) return value;
  if (typeof value === 'string') return shortenText(value);
  let size: number;
  try {
    size = JSON.stringify(value)?.length ?? 0;
  } catch {
    size = Infinity;
  }
  return size > MAX_METADATA_LENGTH ? REMOVED : value;
}

/**
 * Returns a score with answer and explanation cut at 1 KB and large metadata values dropped. Its
 * strings are its own (see {@link ownCopy}): the run keeps every sample's thinned scores for its
 * results, and must not keep the model outputs they were cut or matched from.
 */
export function thinScore(score: Score): Score {
  const out: Score = { ...score, value: withOwnStrings(score.value) };
  if (score.answer !== undefined) out.answer = ownCopy(truncateText(score.answer, MAX_METADATA_LENGTH));
  if (score.explanation !== undefined) out.explanation = ownCopy(truncateText(score.explanation, MAX_METADATA_LENGTH));
  if (score.metadata !== undefined) out.metadata = withOwnStrings(thinMetadata(score.metadata));
  return out;
}

/** Below this length V8 copies a substring; from it on, a substring is a view into its source. */
const SHORTEST_VIEW = 13;

/**
 * Returns `text` as a string of its own. V8 makes a substring (a slice, a regular-expression
 * match, a split) a view into the string it came from, which keeps that string alive: a short
 * answer matched in a 500 KB completion would keep the completion for as long as the answer.
 */
export function ownCopy(text: string): string {
  // Through UTF-16 code units, so that any string, lone surrogates included, comes back as it was.
  return text.length < SHORTEST_VIEW ? text : Buffer.from(text, 'utf16le').toString('utf16le');
}

/** Returns `value` with each string in it (in arrays and plain objects too) its own copy. */
function withOwnStrings<T>(value: T): T {
  if (typeof value === 'string') return ownCopy(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => withOwnStrings(item)) as T;
  if (!isPlainObject(value)) return value;
  // The same prototype: `{}` or null.
  const out = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  for (const [key, item] of Object.entries(value)) setDataField(out, key, withOwnStrings(item));
  return out as T;
}

/**
 * Returns the summary of a sample that has not completed (what sample-attempt hooks receive):
 * ids, thinned input, target and metadata, `completed: false`, no usage and no message count.
 */
export function startedSampleSummary(sample: Pick<EvalSample, 'id' | 'epoch' | 'input' | 'target' | 'metadata'> & { readonly choices?: string[] | undefined; readonly uuid?: string | undefined }): EvalSampleSummary {
  const summary: EvalSampleSummary = {
    id: sample.id,
    epoch: sample.epoch,
    input: thinInput(sample.input),
    target: thinTarget(sample.target),
    metadata: thinMetadata(sample.metadata),
    modelUsage: {},
    roleUsage: {},
    completed: false,
  };
  if (sample.choices !== undefined) summary.choices = sample.choices;
  if (sample.uuid !== undefined) summary.uuid = sample.uuid;
  return summary;
}

/**
 * Returns the thinned summary of a completed sample: ids, input and target (truncated),
 * metadata (large values dropped), scores, usage, times, the error message, the limit type,
 * the retry count and the message count.
 */
export function toSampleSummary(sample: EvalSample): EvalSampleSummary {
  const summary: EvalSampleSummary = {
    id: sample.id,
    epoch: sample.epoch,
    input: thinInput(sample.input),
    target: thinTarget(sample.target),
    metadata: thinMetadata(sample.metadata),
    modelUsage: sample.modelUsage,
    roleUsage: sample.roleUsage,
    completed: true,
    messageCount: sample.messages.length,
  };
  if (sample.choices !== undefined) summary.choices = sample.choices;
  if (sample.scores !== undefined) {
    summary.scores = Object.fromEntries(Object.entries(sample.scores).map(([name, score]) => [name, thinScore(score)]));
  }
  if (sample.startedAt !== undefined) summary.startedAt = sample.startedAt;
  if (sample.completedAt !== undefined) summary.completedAt = sample.completedAt;
  if (sample.totalTime !== undefined) summary.totalTime = sample.totalTime;
  if (sample.workingTime !== undefined) summary.workingTime = sample.workingTime;
  if (sample.uuid !== undefined) summary.uuid = sample.uuid;
  if (sample.error !== undefined) summary.error = sample.error.message;
  if (sample.limit !== undefined) summary.limit = sample.limit.type;
  if (sample.errorRetries !== undefined && sample.errorRetries.length > 0) summary.retries = sample.errorRetries.length;
  return summary;
}
