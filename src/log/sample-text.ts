/**
 * The JSON texts the log writers store for a completed sample: the sample itself (condensed wire
 * form) and its summary. One definition, used on the log worker thread and, as a fallback, on the
 * thread that runs samples.
 * @module
 */
import { condensedSampleToWire } from './condensed-sample.ts';
import { serializeJson } from './json.ts';
import { toSampleSummary } from './summary.ts';
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
