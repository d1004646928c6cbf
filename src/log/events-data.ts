/**
 * Pooled model inputs (`events_data`), as Inspect writes them: a condensed sample stores each
 * distinct message of its model events once, in `events_data.messages`, and a model event keeps
 * only `input_refs`, ranges into that pool, with its `input` emptied. Likewise the messages of a
 * recorded provider request (`ModelEvent.call.request[call_key]`) go to `events_data.calls`,
 * referenced by `call.call_refs`. A range is `[start, end]` with `end` exclusive, so
 * `[[0, 3], [5, 6]]` stands for pool entries 0, 1, 2 and 5, in that order.
 *
 * This module works on the wire (snake_case) form and imports nothing: the log reader uses it,
 * and so does the bundled log viewer, whose published build predates `events_data`.
 * @module
 */

type Json = Record<string, unknown>;

/** A range of pool positions: `[start, end]`, `end` exclusive. */
export type PoolRange = [start: number, end: number];

/** The request keys that may hold a provider request's messages, in the order they are looked for. */
export const CALL_MESSAGE_KEYS: readonly string[] = ['messages', 'contents', 'input', 'inputs'];

/** Returns pool positions as ranges (`[0, 1, 2, 5]` → `[[0, 3], [5, 6]]`); used when a sample is condensed. */
export function compressRefs(positions: readonly number[]): PoolRange[] {
  const ranges: PoolRange[] = [];
  let start = -1;
  let end = -1;
  for (const position of positions) {
    if (position === end) {
      end++;
      continue;
    }
    if (start >= 0) ranges.push([start, end]);
    start = position;
    end = position + 1;
  }
  if (start >= 0) ranges.push([start, end]);
  return ranges;
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns the pool entries a list of ranges stands for; throws, naming `where`, when a range is malformed or outside the pool. */
function expandRefs(refs: unknown, pool: readonly unknown[], where: string, poolName: string): unknown[] {
  if (!Array.isArray(refs)) throw new Error(`${where} is not a list of [start, end] ranges.`);
  const out: unknown[] = [];
  for (let i = 0; i < refs.length; i++) {
    const range: unknown = refs[i];
    if (!Array.isArray(range) || range.length !== 2 || !Number.isInteger(range[0]) || !Number.isInteger(range[1])) {
      throw new Error(`${where}[${i}] is not a [start, end] range of integers (got ${JSON.stringify(range)}).`);
    }
    const [start, end] = range as [number, number];
    if (start < 0 || end < start || end > pool.length) {
      throw new Error(`${where}[${i}] = [${start}, ${end}] lies outside events_data.${poolName}, which holds ${pool.length} entries; the sample is damaged.`);
    }
    for (let p = start; p < end; p++) out.push(pool[p]);
  }
  return out;
}

/**
 * Puts the pooled messages of a wire-form sample back into its model events, in place: every
 * `input_refs` becomes the full `input` again, every `call.call_refs` the request's messages
 * under `call.call_key`, and `events_data` is removed. A sample without `events_data` is
 * returned as it is. Pool entries are shared, not copied, between the events that use them.
 * Throws an `Error` saying which event and range is wrong when a reference does not fit the pool.
 */
export function resolveEventsData<T extends Json>(sample: T): T {
  const data = sample.events_data;
  if (data === undefined) return sample;
  delete sample.events_data;
  if (data === null) return sample;
  if (!isRecord(data)) throw new Error('events_data is not an object with messages and calls.');
  const messages = data.messages ?? [];
  const calls = data.calls ?? [];
  if (!Array.isArray(messages)) throw new Error('events_data.messages is not a list.');
  if (!Array.isArray(calls)) throw new Error('events_data.calls is not a list.');
  const events = sample.events;
  if (!Array.isArray(events)) return sample;
  for (let i = 0; i < events.length; i++) {
    const event: unknown = events[i];
    if (!isRecord(event) || event.event !== 'model') continue;
    if (event.input_refs !== undefined && event.input_refs !== null) {
      event.input = expandRefs(event.input_refs, messages, `events[${i}].input_refs`, 'messages');
    }
    delete event.input_refs;
    const call = event.call;
    if (!isRecord(call)) continue;
    if (call.call_refs !== undefined && call.call_refs !== null) {
      const key = typeof call.call_key === 'string' ? call.call_key : 'messages';
      const request = isRecord(call.request) ? call.request : {};
      call.request = { ...request, [key]: expandRefs(call.call_refs, calls, `events[${i}].call.call_refs`, 'calls') };
    }
    delete call.call_refs;
    delete call.call_key;
  }
  return sample;
}
