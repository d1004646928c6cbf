/**
 * Attachments, as Inspect writes them: every string longer than 100 characters in a sample's
 * messages, events and pooled model inputs (`events_data`) is stored once in `attachments`
 * (keyed by its MD5) and replaced by `attachment://<key>`. Together with the pooling of model
 * inputs (`events-pool.ts`) this stores each message's text once however many model calls
 * repeat it. Inspect's viewer resolves the references; {@link resolveAttachments} does it for
 * hookline's reader.
 * @module
 */
import { createHash } from 'node:crypto';
import { setDataField } from '../util/data-field.ts';

/** Strings longer than this are moved into the attachments. */
export const ATTACHMENT_MIN_LENGTH = 100;
const PROTOCOL = 'attachment://';

type Json = Record<string, unknown>;

function condenseValue(value: unknown, attachments: Record<string, string>, cache: Map<string, string>): unknown {
  if (typeof value === 'string') {
    if (value.length <= ATTACHMENT_MIN_LENGTH) return value;
    let ref = cache.get(value);
    if (ref === undefined) {
      const key = createHash('md5').update(value).digest('hex');
      attachments[key] = value;
      ref = `${PROTOCOL}${key}`;
      cache.set(value, ref);
    }
    return ref;
  }
  if (Array.isArray(value)) {
    const items = value as readonly unknown[];
    let out: unknown[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const next = condenseValue(item, attachments, cache);
      if (next !== item) (out ??= items.slice())[i] = next;
    }
    return out ?? value;
  }
  if (value !== null && typeof value === 'object') {
    let out: Json | undefined;
    for (const [key, item] of Object.entries(value)) {
      const next = condenseValue(item, attachments, cache);
      if (next !== item) (out ??= { ...(value as Json) })[key] = next;
    }
    return out ?? value;
  }
  return value;
}

/**
 * Returns the wire form of a sample with long strings of its `messages`, `events` and
 * `events_data` moved into `attachments` (the given object is not changed; unchanged parts are
 * shared).
 */
export function condenseSample(wire: Json): Json {
  const attachments: Record<string, string> = { ...((wire.attachments as Record<string, string> | undefined) ?? {}) };
  const cache = new Map<string, string>();
  const messages = condenseValue(wire.messages, attachments, cache);
  const events = condenseValue(wire.events, attachments, cache);
  const eventsData = wire.events_data === undefined ? undefined : condenseValue(wire.events_data, attachments, cache);
  if (cache.size === 0) return wire;
  const out: Json = Object.assign({}, wire, { messages, events, attachments });
  if (eventsData !== undefined) out.events_data = eventsData;
  return out;
}

function resolveValue(value: unknown, attachments: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') {
    return value.startsWith(PROTOCOL) ? (attachments[value.slice(PROTOCOL.length)] ?? value) : value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = resolveValue(value[i], attachments);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Json;
    for (const key of Object.keys(record)) {
      const before = record[key];
      const after = resolveValue(before, attachments);
      if (after !== before) setDataField(record, key, after);
    }
  }
  return value;
}

/**
 * Replaces `attachment://` references in a read sample's input, messages and events by their
 * content, in place, and empties its attachments (they are all in the sample again).
 */
export function resolveAttachments(sample: Json): void {
  const attachments = sample.attachments as Record<string, string> | undefined;
  if (attachments === undefined || Object.keys(attachments).length === 0) return;
  for (const field of ['input', 'messages', 'events']) sample[field] = resolveValue(sample[field], attachments);
  sample.attachments = {};
}
