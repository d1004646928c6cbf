/**
 * Delivery of `onSampleEvent`: an in-order queue per sample attempt, consumed in the background
 * and flushed before the attempt ends. Every event is delivered: when the hooks fall
 * {@link SAMPLE_EVENT_HIGH_WATER_MARK} events behind, the sample waits at its next await point (a
 * model call, a solver or scorer step) until they catch up, so memory stays bounded. Past
 * `HOOKLINE_SAMPLE_EVENT_LIMIT` pending events (only reachable by recording that many without an
 * await point, or when the hooks stop making progress) new events are dropped and reported.
 * @module
 */
import { ConfigError, errorMessage, isLimitExceededError } from '../errors.ts';
import { DeliveryQueue, type QueueStats } from '../hooks/background.ts';
import { getHookBus } from '../hooks/bus.ts';
import type { SampleContext } from '../hooks/payloads/eval.ts';
import type { TranscriptEvent } from '../types/events.ts';
import type { ActiveContext } from '../runtime/context.ts';
import { warn } from '../runtime/warnings.ts';
import type { TranscriptSubscriber } from './transcript.ts';

/** Pending events at which the sample waits for `onSampleEvent` hooks to catch up. */
export const SAMPLE_EVENT_HIGH_WATER_MARK = 1_000;

/** Pending events past which new ones are dropped, unless `HOOKLINE_SAMPLE_EVENT_LIMIT` says otherwise. */
export const DEFAULT_SAMPLE_EVENT_LIMIT = 100_000;

/**
 * Returns the safety limit from `HOOKLINE_SAMPLE_EVENT_LIMIT` (a positive whole number), or the
 * default. Throws a {@link ConfigError} naming the variable for any other value.
 */
export function sampleEventLimit(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.HOOKLINE_SAMPLE_EVENT_LIMIT?.trim();
  if (raw === undefined || raw === '') return DEFAULT_SAMPLE_EVENT_LIMIT;
  const limit = Number(raw);
  if (!Number.isSafeInteger(limit) || limit < SAMPLE_EVENT_HIGH_WATER_MARK) {
    throw new ConfigError(
      `HOOKLINE_SAMPLE_EVENT_LIMIT is set to '${raw}'; it must be a whole number of events, at least ${SAMPLE_EVENT_HIGH_WATER_MARK} ` +
        `(the point where a sample starts waiting for its onSampleEvent hooks). Fix or unset it (default ${DEFAULT_SAMPLE_EVENT_LIMIT}).`,
    );
  }
  return limit;
}

/** Knobs of a {@link SampleEventQueue} (tests); the defaults come from the environment. */
export interface SampleEventQueueOptions {
  readonly limit?: number;
  readonly stallMs?: number;
}

/** The in-order `onSampleEvent` queue of one sample attempt, subscribed to its transcript. */
export class SampleEventQueue implements TranscriptSubscriber {
  private readonly queue: DeliveryQueue<TranscriptEvent>;

  /**
   * `deliveryContext` gives the context the hooks run in: the sample's, with a transcript that
   * records what the hooks cause without delivering it and never waits (asked for when the first
   * event is delivered).
   */
  constructor(private readonly ids: SampleContext, deliveryContext: () => ActiveContext, options: SampleEventQueueOptions = {}) {
    this.queue = new DeliveryQueue({
      label: `onSampleEvent hooks of sample ${ids.sampleId}`,
      deliver: (event) => this.deliver(event),
      onError: (error) => this.failed(error),
      highWaterMark: SAMPLE_EVENT_HIGH_WATER_MARK,
      limit: options.limit ?? sampleEventLimit(),
      limitHint: 'raise HOOKLINE_SAMPLE_EVENT_LIMIT, or check that the sample reaches an await point.',
      kindOf: (event) => event.event,
      // Warnings raised while delivering must not become new deliveries (a hook that warns on
      // every event would loop forever), and a hook that calls a model must not wait for itself.
      context: deliveryContext,
      stallMs: options.stallMs,
    });
  }

  /** Queues a recorded event when someone listens (synchronously; never blocks the sample). */
  push(event: TranscriptEvent): void {
    if (getHookBus().has('onSampleEvent')) this.queue.push(event);
  }

  /** A promise to await before recording more when the hooks are behind; undefined otherwise. */
  ready(): Promise<void> | undefined {
    return this.queue.ready();
  }

  /** Waits until every queued event is delivered (before attempt end and sample end). */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  /** Delivery counters. */
  stats(): QueueStats {
    return this.queue.stats();
  }

  private deliver(event: TranscriptEvent): Promise<void> | undefined {
    // Straight to the bus (the event has no instance scope): no payload-building closure per event.
    const bus = getHookBus();
    if (!bus.has('onSampleEvent')) return undefined;
    const ids = this.ids;
    // A literal, not a spread of the ids: one shape for every payload, built without a copy loop.
    return bus.emit('onSampleEvent', { evalSetId: ids.evalSetId, runId: ids.runId, evalId: ids.evalId, sampleId: ids.sampleId, event });
  }

  private failed(error: unknown): 'continue' | 'stop' {
    if (isLimitExceededError(error)) {
      // A limit cannot be enforced from here: the rest of this sample's events are not delivered.
      warn(`onSampleEvent hook raised a limit for sample ${this.ids.sampleId}; its remaining events are not delivered`, 'eval', error);
      return 'stop';
    }
    warn(`Exception in sample event delivery: ${errorMessage(error)}`, 'eval', error);
    return 'continue';
  }
}
