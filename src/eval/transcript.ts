/**
 * The transcript of one sample attempt: every event in order, with spans, timestamps and
 * working time filled in, and a subscriber that feeds `onSampleEvent`.
 * @module
 */
import type { SpanBeginEvent, TranscriptEvent } from '../types/events.ts';
import { isoTimestamp } from '../util/time.ts';
import type { TranscriptRecorder } from '../runtime/context.ts';
import { shortUuid } from '../util/ids.ts';

/** Receives each event as it is recorded (the `onSampleEvent` queue). */
export interface TranscriptSubscriber {
  /**
   * Called synchronously with every event recorded while subscribed, also those recorded while
   * the subscriber's own deliveries run (it decides what to deliver).
   */
  push(event: TranscriptEvent): void;
  /** Backpressure: a promise to await before recording more, or undefined when not behind. */
  ready(): Promise<void> | undefined;
}

/** Events of one sample attempt. */
export class SampleTranscript implements TranscriptRecorder {
  readonly events: TranscriptEvent[] = [];
  private readonly spans: string[] = [];
  private subscriber: TranscriptSubscriber | undefined;
  private readonly startedAt = performance.now();

  /** Sets (or clears) the subscriber that is told about every later event. */
  subscribe(subscriber: TranscriptSubscriber | undefined): void {
    this.subscriber = subscriber;
  }

  /** Seconds since the attempt started. */
  workingTime(): number {
    return (performance.now() - this.startedAt) / 1000;
  }

  /**
   * Returns a promise to await before recording more when the subscriber is behind (the sample's
   * own await points: model calls, solver and scorer steps), or undefined. The subscriber's
   * deliveries never call it: they would wait for themselves.
   */
  ready(): Promise<void> | undefined {
    return this.subscriber?.ready();
  }

  /** Records an event (see {@link recordUndelivered}) and tells the subscriber. */
  record(event: TranscriptEvent): void {
    this.recordUndelivered(event);
    this.subscriber?.push(event);
  }

  /**
   * Records an event, filling in its span, timestamp, working start and uuid when absent, without
   * telling the subscriber: what its own deliveries cause (a hook's model call, a warning) is
   * logged, not delivered again.
   */
  recordUndelivered(event: TranscriptEvent): void {
    const filled = event as { -readonly [K in keyof TranscriptEvent]: TranscriptEvent[K] };
    if (filled.spanId === undefined) {
      const span = this.spans[this.spans.length - 1];
      if (span !== undefined) filled.spanId = span;
    }
    filled.timestamp ||= isoTimestamp();
    if (filled.workingStart === undefined || (filled.workingStart === 0 && event.event !== 'sample_init')) {
      // Events recorded on completion (model, tool) started their working time earlier.
      const took = 'workingTime' in event && typeof event.workingTime === 'number' ? event.workingTime : 0;
      filled.workingStart = Math.max(0, this.workingTime() - took);
    }
    filled.uuid ??= shortUuid();
    this.events.push(event);
  }

  /** Opens a span; events recorded until {@link endSpan} belong to it. Returns its id. */
  beginSpan(name: string, type: string): string {
    const id = shortUuid();
    const parent = this.spans[this.spans.length - 1];
    const begin: SpanBeginEvent = { event: 'span_begin', id, name, type, spanId: id, timestamp: isoTimestamp(), workingStart: this.workingTime() };
    if (parent !== undefined) begin.parentId = parent;
    this.record(begin);
    this.spans.push(id);
    return id;
  }

  /** Closes the span `id` (and any span left open inside it). */
  endSpan(id: string): void {
    const index = this.spans.lastIndexOf(id);
    if (index < 0) return;
    while (this.spans.length > index) {
      const closing = this.spans.pop()!;
      this.record({ event: 'span_end', id: closing, spanId: closing, timestamp: isoTimestamp(), workingStart: this.workingTime() });
    }
  }

  /** Runs `fn` inside a span that is closed on every exit path (after waiting if the subscriber is behind). */
  async withSpan<T>(name: string, type: string, fn: () => Promise<T>): Promise<T> {
    const behind = this.ready();
    if (behind !== undefined) await behind;
    const id = this.beginSpan(name, type);
    try {
      return await fn();
    } finally {
      this.endSpan(id);
    }
  }
}
