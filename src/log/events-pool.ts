/**
 * The writer's side of `events_data` (see `events-data.ts` for the format): moves the messages
 * of a sample's model events, and of their recorded provider requests, into two pools, so that a
 * long agentic sample stores each message once instead of once per model call.
 *
 * Works on the in-memory (camelCase) events, before the wire copy: a conversation's messages are
 * the same objects in every model call, so most lookups are by identity and cost no
 * serialisation. A message that is a distinct object with the same content (copied by an
 * `onBeforeModelGenerate` hook, or rebuilt by a provider's request conversion) is found by its
 * JSON text, so it is stored once too.
 * @module
 */
import type { ChatMessage } from '../types/model.ts';
import type { ModelCall, TranscriptEvent } from '../types/events.ts';
import { CALL_MESSAGE_KEYS, compressRefs, type PoolRange } from './events-data.ts';
import { serializeJson } from './json.ts';

/** A sample's events with their model inputs pooled, and the pools. */
export interface PooledEvents {
  /** The events: model events carry `inputRefs` (and `call.callRefs` / `call.callKey`) instead of their messages. */
  events: unknown[];
  /** `events_data.messages`: each distinct input message once, in order of first use. */
  messages: ChatMessage[];
  /** `events_data.calls`: each distinct provider request message once, kept verbatim. */
  calls: unknown[];
}

/**
 * Distinct values in order of first use, found by identity first, then by JSON text. The texts
 * are shared between the pools of one sample (`textOf`): a recorded request often holds the very
 * message objects of the model event's input, so each object is serialised once.
 */
class Pool {
  readonly items: unknown[] = [];
  private readonly byIdentity = new Map<unknown, number>();
  private readonly byContent = new Map<string, number>();
  /** How many references were added (a pool smaller than this saved space). */
  references = 0;

  constructor(private readonly textOf: (item: object) => string) {}

  positionOf(item: unknown): number {
    this.references++;
    let position = this.byIdentity.get(item);
    if (position !== undefined) return position;
    if (typeof item === 'object' && item !== null) {
      const key = this.textOf(item);
      position = this.byContent.get(key);
      if (position === undefined) {
        position = this.items.push(item) - 1;
        this.byContent.set(key, position);
      }
    } else {
      position = this.items.push(item) - 1;
    }
    this.byIdentity.set(item, position);
    return position;
  }

  refsOf(items: readonly unknown[]): PoolRange[] {
    const positions = new Array<number>(items.length);
    for (let i = 0; i < items.length; i++) positions[i] = this.positionOf(items[i]);
    return compressRefs(positions);
  }

  /** Whether some item was referenced more than once. */
  get repeats(): boolean {
    return this.references > this.items.length;
  }
}

/** The request key holding a recorded request's message list, if any. */
function callMessageKey(call: ModelCall | undefined): string | undefined {
  if (call === undefined) return undefined;
  for (const key of CALL_MESSAGE_KEYS) {
    const value = call.request[key];
    if (Array.isArray(value) && value.length > 0) return key;
  }
  return undefined;
}

/**
 * Returns a sample's events with model inputs pooled, or `undefined` when pooling would save
 * nothing: fewer than two model events with messages, or no message used twice. The given events
 * are not changed; events other than model events are passed through as they are.
 */
export function poolModelEvents(events: readonly TranscriptEvent[]): PooledEvents | undefined {
  let modelEvents = 0;
  for (const event of events) if (event.event === 'model' && (event.input.length > 0 || callMessageKey(event.call) !== undefined)) modelEvents++;
  if (modelEvents < 2) return undefined;
  const texts = new Map<object, string>();
  const textOf = (item: object): string => {
    let text = texts.get(item);
    if (text === undefined) texts.set(item, (text = serializeJson(item)));
    return text;
  };
  const messages = new Pool(textOf);
  const calls = new Pool(textOf);
  const out: unknown[] = new Array<unknown>(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (event.event !== 'model') {
      out[i] = event;
      continue;
    }
    const key = callMessageKey(event.call);
    if (event.input.length === 0 && key === undefined) {
      out[i] = event;
      continue;
    }
    // An empty input stays as it is, without references (as Inspect writes it).
    const pooled: Record<string, unknown> = event.input.length === 0 ? { ...event } : { ...event, input: [], inputRefs: messages.refsOf(event.input) };
    if (event.call !== undefined && key !== undefined) {
      const { [key]: requestMessages, ...request } = event.call.request;
      pooled.call = { ...event.call, request, callRefs: calls.refsOf(requestMessages as unknown[]), callKey: key };
    }
    out[i] = pooled;
  }
  if (!messages.repeats && !calls.repeats) return undefined;
  return { events: out, messages: messages.items as ChatMessage[], calls: calls.items };
}
