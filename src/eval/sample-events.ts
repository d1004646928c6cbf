/**
 * Delivery of `onSampleEvent`: a bounded in-order queue per sample attempt, consumed in the
 * background so the sample never waits for slow hooks, and drained before the attempt ends.
 * @module
 */
import { errorMessage, isLimitExceededError } from '../errors.ts';
import { getHookBus } from '../hooks/bus.ts';
import type { SampleContext } from '../hooks/payloads/eval.ts';
import type { TranscriptEvent } from '../log/events.ts';
import { runInContext } from '../util/context.ts';
import { warn } from '../util/warnings.ts';

/** Default capacity of the per-attempt queue. */
export const SAMPLE_EVENT_QUEUE_CAPACITY = 10_000;

/** The in-order `onSampleEvent` queue of one sample attempt. */
export class SampleEventQueue {
  private readonly items: TranscriptEvent[] = [];
  private head = 0;
  private running: Promise<void> | undefined;
  private dropped = 0;
  private stopped = false;

  constructor(
    private readonly ids: SampleContext,
    private readonly capacity = SAMPLE_EVENT_QUEUE_CAPACITY,
  ) {}

  /** Queues an event (synchronously; never blocks the sample). */
  push(event: TranscriptEvent): void {
    if (this.stopped) return;
    if (this.items.length - this.head >= this.capacity) {
      if (this.dropped++ === 0) {
        warn(`onSampleEvent hooks are behind (queue of ${this.capacity} full) for sample ${this.ids.sampleId}; dropping events until they catch up`, 'eval');
      }
      return;
    }
    this.items.push(event);
    this.running ??= this.consume();
  }

  private async consume(): Promise<void> {
    await Promise.resolve();
    // Warnings raised while delivering must not become new deliveries (a hook that warns on
    // every event would loop forever).
    await runInContext({ deliveringSampleEvents: true }, async () => {
      try {
        while (this.head < this.items.length && !this.stopped) {
          const event = this.items[this.head]!;
          this.items[this.head++] = undefined as unknown as TranscriptEvent;
          const pending = this.deliver(event);
          if (pending !== undefined) await pending;
        }
      } finally {
        this.items.length = 0;
        this.head = 0;
        this.running = undefined;
      }
    });
  }

  /** Delivers one event; returns a promise only when a handler returned one. */
  private deliver(event: TranscriptEvent): Promise<void> | undefined {
    const bus = getHookBus();
    if (!bus.has('onSampleEvent')) return undefined;
    try {
      const pending = bus.emit('onSampleEvent', { ...this.ids, event });
      return pending?.catch((error: unknown) => {
        this.failed(error);
      });
    } catch (error) {
      this.failed(error);
      return undefined;
    }
  }

  private failed(error: unknown): void {
    if (isLimitExceededError(error)) {
      // A limit cannot be enforced from here: the rest of this sample's events are dropped.
      this.stopped = true;
      warn(`onSampleEvent hook raised a limit for sample ${this.ids.sampleId}; its remaining events are not delivered`, 'eval', error);
      return;
    }
    warn(`Exception in sample event delivery: ${errorMessage(error)}`, 'eval', error);
  }

  /** Waits until every queued event is delivered (before attempt end and sample end). */
  async drain(): Promise<void> {
    while (this.running !== undefined) await this.running;
    if (this.dropped > 0) {
      warn(`${this.dropped} onSampleEvent event(s) of sample ${this.ids.sampleId} were dropped because the queue was full`, 'eval');
      this.dropped = 0;
    }
  }
}
