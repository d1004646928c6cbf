/**
 * The form in which the log writers store a sample: its wire form, condensed as Inspect does —
 * model inputs pooled in `events_data` (`events-pool.ts`), then long strings moved into
 * `attachments` (`condense.ts`). The reader undoes both (`wire.ts`), so users and hooks see the
 * sample as it ran.
 * @module
 */
import type { EvalSample } from '../types/log.ts';
import { condenseSample } from './condense.ts';
import { poolModelEvents } from './events-pool.ts';
import { sampleToWire } from './wire.ts';

/**
 * Returns the condensed wire form of a sample, as written to a `.eval` sample member or a `.json`
 * log. A sample without repeated model input (one model call, say) gets no `events_data`.
 */
export function condensedSampleToWire(sample: EvalSample): Record<string, unknown> {
  const pooled = poolModelEvents(sample.events);
  if (pooled === undefined) return condenseSample(sampleToWire(sample));
  // The pools take their place in Inspect's key order; the request messages stay verbatim (no
  // snake_case conversion), as `call.request` is everywhere else.
  const wire = sampleToWire({ ...sample, events: pooled.events, eventsData: { messages: pooled.messages, calls: [] } } as EvalSample);
  (wire.events_data as Record<string, unknown>).calls = pooled.calls;
  return condenseSample(wire);
}
