/**
 * Background delivery: one bounded in-order queue implementation for every place where hooks are
 * fed from a queue — `background: true` registrations (the emitter never waits) and
 * `onSampleEvent` (the producer waits at its await points when the hooks fall behind, so every
 * event is delivered with bounded memory). A limit stays as a safety valve: past it new items
 * are dropped, counted by kind and reported.
 * @module
 */
import { errorMessage } from '../errors.ts';
import { type ActiveContext, currentContext, NO_CONTEXT, runInMergedContext } from '../runtime/context.ts';
import { warn } from '../runtime/warnings.ts';
import { dispatchObservers } from './dispatch.ts';
import type { HandlerEntry } from './handler.ts';

const RESOLVED = Promise.resolve();

/** Slots a queue keeps between runs; past it, delivered ones are dropped as it goes. */
const KEPT_SLOTS = 1024;

/** A queue with items and no run yet. */
interface DueQueue {
  startRun(): void;
}

/** Queues that have items and no run yet: one microtask starts the runs of all of them. */
let dueQueues: DueQueue[] = [];

/**
 * Makes `queue`'s run start one microtask later, so that its producer is never delayed by
 * delivery. Queues made due before that microtask share it: one promise for every sample with
 * events recorded since, instead of one per queue and burst of events.
 */
function scheduleRun(queue: DueQueue): void {
  if (dueQueues.push(queue) === 1) void RESOLVED.then(startDueRuns);
}

function startDueRuns(): void {
  const queues = dueQueues;
  dueQueues = [];
  for (const queue of queues) {
    try {
      queue.startRun();
    } catch (error) {
      // Never reached by a delivery's failure (reported by its queue); kept from the other queues.
      warn(`A hook delivery queue failed: ${errorMessage(error)}`, 'hooks', error);
    }
  }
}

/** Default limit of a `background: true` registration's queue (`policy.queueCapacity`). */
export const DEFAULT_QUEUE_CAPACITY = 10_000;

/** How long a waiting producer gives the consumer to deliver anything before it goes on (ms). */
export const DEFAULT_STALL_MS = 30_000;

/** Options of a {@link DeliveryQueue}. */
export interface DeliveryQueueOptions<T> {
  /** Names the consumer in warnings, e.g. `onSampleEvent hooks of sample abc`. */
  readonly label: string;
  /** Delivers one item; a returned promise is awaited before the next item. */
  readonly deliver: (item: T) => Promise<void> | undefined;
  /**
   * Called when a delivery throws or rejects; `'stop'` abandons the rest of the queue. Without
   * it the failure is reported as a warning and delivery goes on.
   */
  readonly onError?: ((error: unknown) => 'continue' | 'stop') | undefined;
  /**
   * Backpressure: {@link DeliveryQueue.ready} makes producers wait while this many items are
   * pending, until half of them are delivered. Undefined: producers never wait.
   */
  readonly highWaterMark?: number | undefined;
  /** The safety valve: an item pushed while this many are pending is dropped and counted. */
  readonly limit: number;
  /** How to raise the limit, appended to the drop report (e.g. `raise policy.queueCapacity`). */
  readonly limitHint: string;
  /** The kind of an item, for the drop report (e.g. the event type). */
  readonly kindOf?: ((item: T) => string) | undefined;
  /**
   * The context deliveries run in, asked for once, on the first run. Without it each run of
   * deliveries is in the context of the push that started it.
   */
  readonly context?: (() => ActiveContext) | undefined;
  /** Milliseconds without any delivery after which a waiting producer goes on (default 30 s). */
  readonly stallMs?: number | undefined;
}

/** Counters of one queue. */
export interface QueueStats {
  readonly delivered: number;
  readonly dropped: number;
  readonly pending: number;
  /** The most items that were ever pending at once. */
  readonly peakPending: number;
}

/** Counters of one `background: true` registration's queue. */
export interface BackgroundStats extends QueueStats {
  readonly hookName: string;
  readonly event: string;
}

/** A bounded in-order queue consumed by one background loop; see the module description. */
export class DeliveryQueue<T> {
  /** Items from `head` to `tail`; the slots stay between runs, so a run's pushes allocate nothing. */
  private items: (T | undefined)[] = [];
  private head = 0;
  private tail = 0;
  /** Waiting for the next shared start ({@link startDueRuns}). */
  private due = false;
  /** Delivering right now (synchronously, inside {@link drain}). */
  private draining = false;
  /** The rest of a run that waits for a delivery's promise. */
  private continuation: Promise<void> | undefined;
  /** Without a context of its own: the context of the push that made the queue due. */
  private pushContext: ActiveContext | undefined;
  private stopped = false;
  private delivered = 0;
  private dropped = 0;
  private peak = 0;
  /** Drops since the last report, by kind. */
  private unreported = new Map<string, number>();
  private waiting: Promise<void> | undefined;
  private release: (() => void) | undefined;
  /** `delivered` when a producer last gave up waiting; no waits until delivery moves again. */
  private stalledAt = -1;

  /** The deliveries' context (see {@link DeliveryQueueOptions.context}), asked for on the first run. */
  private context: ActiveContext | undefined;
  /** {@link drain} as a function, made once for every run. */
  private drainInContext: (() => void) | undefined;

  constructor(private readonly options: DeliveryQueueOptions<T>) {}

  /** Items queued and not yet delivered. */
  get pending(): number {
    return this.tail - this.head;
  }

  /** Queues an item (synchronously; never waits). Past the limit the item is dropped and counted. */
  push(item: T): void {
    if (this.stopped) return;
    if (this.pending >= this.options.limit) {
      this.drop(item);
      return;
    }
    if (this.tail === this.items.length) this.items.push(item);
    else this.items[this.tail] = item;
    this.tail++;
    if (this.pending > this.peak) this.peak = this.pending;
    if (this.due || this.draining || this.continuation !== undefined) return;
    this.due = true;
    if (this.options.context === undefined) this.pushContext = currentContext();
    scheduleRun(this);
  }

  /**
   * Returns a promise to await before producing more when the consumer is behind (at or above
   * the high-water mark), or undefined when the producer may go on. The promise resolves once
   * half of the high-water mark is left, when the queue stops, or when nothing was delivered for
   * `stallMs` (then with a warning, and producers stop waiting until delivery moves again).
   */
  ready(): Promise<void> | undefined {
    const mark = this.options.highWaterMark;
    if (mark === undefined || this.pending < mark || this.stopped || this.delivered === this.stalledAt) return undefined;
    return (this.waiting ??= this.waitForConsumer());
  }

  /**
   * Resolves once every queued item has been delivered, then reports what was dropped. Items
   * still waiting for their run are delivered now (in the queue's context), not a microtask later.
   */
  async flush(): Promise<void> {
    for (;;) {
      if (this.continuation !== undefined) await this.continuation;
      else if (this.due) this.startRun();
      else break;
    }
    this.reportDrops();
  }

  /** Abandons every queued item and ignores later pushes. */
  stop(): void {
    this.stopped = true;
    this.releaseProducers();
  }

  /** Delivery counters. */
  stats(): QueueStats {
    return { delivered: this.delivered, dropped: this.dropped, pending: this.pending, peakPending: this.peak };
  }

  private drop(item: T): void {
    this.dropped++;
    const kind = this.options.kindOf?.(item) ?? 'item';
    const first = this.unreported.size === 0;
    this.unreported.set(kind, (this.unreported.get(kind) ?? 0) + 1);
    // After counting: the warning may itself be recorded and pushed here (a sample transcript).
    if (first) warn(`${this.options.label}: ${this.options.limit} items pending (the queue limit); dropping new ones until delivery catches up`, 'hooks');
  }

  private reportDrops(): void {
    if (this.unreported.size === 0) return;
    const counts = [...this.unreported].map(([kind, n]) => `${n} ${kind}`).join(', ');
    const total = [...this.unreported.values()].reduce((a, b) => a + b, 0);
    this.unreported = new Map();
    warn(`${this.options.label}: dropped ${total} item(s) (${counts}) because ${this.options.limit} were pending; ${this.options.limitHint}`, 'hooks');
  }

  /**
   * Starts the run this queue is due for (from {@link startDueRuns}, or from {@link flush}), in
   * the queue's context, or in the context of the push that made it due.
   */
  startRun(): void {
    if (!this.due) return;
    const own = this.options.context;
    // Worked out before the queue stops being due: if that throws, the run can still start later.
    const context = own === undefined ? (this.pushContext ?? NO_CONTEXT) : (this.context ??= own());
    this.due = false;
    this.pushContext = undefined;
    runInMergedContext(context, (this.drainInContext ??= () => this.drain()));
  }

  /**
   * Delivers queued items in order, synchronously while deliveries return nothing. A delivery
   * that returns a promise is waited for before the next one: the run continues on that promise
   * ({@link flush} waits for it). The run ends when the queue is empty or stopped.
   */
  private drain(): void {
    this.draining = true;
    try {
      while (this.head < this.tail && !this.stopped) {
        const item = this.items[this.head] as T;
        this.items[this.head++] = undefined;
        let pending: Promise<void> | undefined;
        try {
          pending = this.options.deliver(item);
        } catch (error) {
          this.deliveryFailed(error);
        }
        if (pending !== undefined) {
          // The rest of the run goes on in this context once the delivery settles.
          this.continuation = pending.then(
            () => this.continueRun(false, undefined),
            (error: unknown) => this.continueRun(true, error),
          );
          return;
        }
        this.afterDelivery();
      }
    } finally {
      this.draining = false;
    }
    this.endRun();
  }

  private continueRun(failed: boolean, error: unknown): void {
    if (failed) this.deliveryFailed(error);
    this.afterDelivery();
    // Cleared last: until then a push (from an error handler, say) must not start a second run.
    this.continuation = undefined;
    this.drain();
  }

  private deliveryFailed(error: unknown): void {
    const { onError, label } = this.options;
    if (onError === undefined) {
      warn(`${label} failed: ${errorMessage(error)}`, 'hooks', error);
      return;
    }
    let verdict: 'continue' | 'stop';
    try {
      verdict = onError(error);
    } catch (thrown) {
      warn(`${label}: its error handler failed (${errorMessage(thrown)}) on: ${errorMessage(error)}`, 'hooks', thrown);
      verdict = 'continue';
    }
    if (verdict === 'stop') this.stop();
  }

  private afterDelivery(): void {
    this.delivered++;
    if (this.release !== undefined && this.pending <= (this.options.highWaterMark ?? 0) >> 1) this.releaseProducers();
    if (this.head > KEPT_SLOTS && this.head * 2 > this.tail) {
      this.items = this.items.slice(this.head, this.tail);
      this.tail -= this.head;
      this.head = 0;
    }
  }

  private endRun(): void {
    // Items left by stop(), or the slots of a burst: let them go.
    if (this.head !== this.tail || this.items.length > KEPT_SLOTS) this.items = [];
    this.head = this.tail = 0;
    this.releaseProducers();
    this.reportDrops();
  }

  private waitForConsumer(): Promise<void> {
    const stallMs = this.options.stallMs ?? DEFAULT_STALL_MS;
    return new Promise<void>((resolve) => {
      let seen = this.delivered;
      const timer = setInterval(() => {
        if (this.delivered !== seen) {
          seen = this.delivered;
          return;
        }
        this.stalledAt = this.delivered;
        warn(`${this.options.label}: nothing delivered for ${stallMs / 1000} s; the run goes on without waiting (at most ${this.options.limit} items are kept)`, 'hooks');
        this.releaseProducers();
      }, stallMs);
      this.release = () => {
        clearInterval(timer);
        resolve();
      };
    });
  }

  private releaseProducers(): void {
    const release = this.release;
    this.release = undefined;
    this.waiting = undefined;
    release?.();
  }
}

/** A `background: true` registration: the entry the bus calls (it only enqueues) and its queue. */
export interface BackgroundDelivery {
  readonly entry: HandlerEntry;
  readonly queue: DeliveryQueue<unknown>;
  stats(): BackgroundStats;
}

/**
 * Wraps a handler for background delivery: the returned entry queues each payload and returns at
 * once; the queue delivers them in order. Overflow past `capacity` drops and reports.
 */
export function createBackgroundDelivery(target: HandlerEntry, capacity: number = DEFAULT_QUEUE_CAPACITY): BackgroundDelivery {
  const queue = new DeliveryQueue<unknown>({
    label: `Background hook '${target.label}' on ${target.event}`,
    // The owner's enabled() is checked at delivery time by the target entry.
    deliver: (payload) => dispatchObservers([target], payload),
    limit: capacity,
    limitHint: 'raise its policy.queueCapacity or make it faster.',
    kindOf: () => target.event,
  });
  const entry: HandlerEntry = {
    ...target,
    owner: undefined,
    timeoutMs: undefined,
    call: (payload) => {
      queue.push(payload);
      return undefined;
    },
  };
  return { entry, queue, stats: () => ({ hookName: target.hookName, event: target.event, ...queue.stats() }) };
}
