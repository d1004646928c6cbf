/**
 * The JSON texts the log writers store for a completed sample: the sample itself (condensed wire
 * form), its summary, a batch's journal of summaries and a `.json` journal line. One definition, used on the log worker thread and, as a fallback, on the
 * thread that runs samples.
 * @module
 */
import { condensedSampleToWire } from './condensed-sample.ts';
import { serializeJson } from './json.ts';
import { toSampleSummary } from './summary.ts';
import type { EvalBatchItem } from './log-worker-protocol.ts';
import type { EvalSample } from '../types/log.ts';
import { summaryToWire } from './wire.ts';

/** Returns the JSON text of a sample as a `.eval` member or a `.json` journal line holds it. */
export function sampleJson(sample: EvalSample): string {
  return serializeJson(condensedSampleToWire(sample));
}

/** Returns the JSON text of a sample's summary, as `.eval` summary members list it. */
export function summaryJson(sample: EvalSample): string {
  return serializeJson(summaryToWire(toSampleSummary(sample)));
}

/** A sample's texts for an `.eval` log, or the error that stopped them. */
export type EvalTexts = { readonly text: string; readonly summary: string } | { readonly error: unknown };

/** Returns the texts of a batch item for an `.eval` log (a sample as it ran, or its texts already made). */
export function evalTexts(item: EvalBatchItem): EvalTexts {
  if (!('sample' in item)) return item;
  try {
    return { text: sampleJson(item.sample), summary: summaryJson(item.sample) };
  } catch (error) {
    return { error };
  }
}

/** Returns a batch's journal member text, `[summary,…]` of the samples that have texts; undefined when none has. */
export function journalText(texts: readonly EvalTexts[]): string | undefined {
  const summaries: string[] = [];
  for (const item of texts) if (!('error' in item)) summaries.push(item.summary);
  return summaries.length === 0 ? undefined : `[${summaries.join(',')}]`;
}

/** Returns a sample's `.json` journal line (newline included), or the error that stopped it. */
export function jsonLine(sample: EvalSample): string | { readonly error: unknown } {
  try {
    return `${sampleJson(sample)}\n`;
  } catch (error) {
    return { error };
  }
}
