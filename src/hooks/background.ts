/**
 * Background delivery: a bounded in-order queue per registration, so a slow observer never
 * blocks the emitter. Overflow drops the newest events, counts them and warns.
 * @module
 */
import { errorMessage } from '../errors.ts';
import { warn } from '../util/warnings.ts';
import { dispatchObservers } from './dispatch.ts';
import type { HandlerEntry } from './handler.ts';

/** Default queue capacity. */
export const DEFAULT_QUEUE_CAPACITY = 10_000;

/** Counters of one background queue. */
export interface BackgroundStats {
  readonly hookName: string;
  readonly event: string;
  readonly delivered: number;
  readonly dropped: number;
  readonly pending: number;
}

/** An in-order delivery queue for one background handler. */
export class BackgroundQueue {
  private readonly items: unknown[] = [];
  private head = 0;
  private running: Promise<void> | undefined;
  private delivered = 0;
  private dropped = 0;
  private droppedSinceWarning = 0;
  /** The entry the bus calls: it only enqueues. */
  readonly entry: HandlerEntry;

  constructor(
    private readonly target: HandlerEntry,
    private readonly capacity: number = DEFAULT_QUEUE_CAPACITY,
  ) {
    // The owner's enabled() is checked at delivery time by the target entry.
    this.entry = {
      ...target,
      owner: undefined,
      timeoutMs: undefined,
      call: (payload) => {
        this.push(payload);
        return undefined;
      },
    };
  }

  private push(payload: unknown): void {
    if (this.items.length - this.head >= this.capacity) {
      this.dropped++;
      if (this.droppedSinceWarning++ === 0) {
        warn(
          `Background hook '${this.target.label}' is behind on ${this.target.event}: queue full (${this.capacity}), dropping events until it catches up`,
          'hooks',
        );
      }
      return;
    }
    this.items.push(payload);
    this.running ??= this.drain();
  }

  private async drain(): Promise<void> {
    // Yield first so the emitter is never delayed by delivery.
    await Promise.resolve();
    try {
      while (this.head < this.items.length) {
        const payload = this.items[this.head];
        this.items[this.head++] = undefined;
        try {
          const pending = dispatchObservers([this.target], payload);
          if (pending !== undefined) await pending;
        } catch (error) {
          // Limits and cancellations cannot reach an emitter that has moved on.
          warn(`Background hook '${this.target.label}' failed on ${this.target.event}: ${errorMessage(error)}`, 'hooks', error);
        }
        this.delivered++;
        if (this.head > 1024 && this.head * 2 > this.items.length) {
          this.items.splice(0, this.head);
          this.head = 0;
        }
      }
    } finally {
      this.items.length = 0;
      this.head = 0;
      this.running = undefined;
      if (this.droppedSinceWarning > 0) {
        warn(`Background hook '${this.target.label}' dropped ${this.droppedSinceWarning} ${this.target.event} event(s) because its queue was full`, 'hooks');
        this.droppedSinceWarning = 0;
      }
    }
  }

  /** Resolves once every queued event has been delivered. */
  async flush(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  /** Delivery counters. */
  stats(): BackgroundStats {
    return {
      hookName: this.target.hookName,
      event: this.target.event,
      delivered: this.delivered,
      dropped: this.dropped,
      pending: this.items.length - this.head,
    };
  }
}
