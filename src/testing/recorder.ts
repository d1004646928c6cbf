/**
 * A hook that records every event it receives, for tests of hooks and hosts.
 * @module
 */
import { catalog, EVENT_NAMES, type HookEventName, type PayloadOf } from '../hooks/catalog.ts';
import { Hooks } from '../hooks/hooks-class.ts';
import { registerHooks } from '../hooks/register.ts';

/** One recorded delivery. */
export interface RecordedEvent<E extends HookEventName = HookEventName> {
  readonly event: E;
  readonly payload: PayloadOf<E>;
}

/**
 * Records every catalog event in delivery order. Register it with {@link recordEvents}, or
 * subclass it.
 */
export class EventRecorder extends Hooks {
  /** Every delivery, in order. */
  readonly events: RecordedEvent[] = [];
  /** Set to false to receive nothing (exercises `enabled()`). */
  active = true;

  override enabled(): boolean {
    return this.active;
  }

  /** The event names, in order (e.g. to compare with an expected sequence). */
  names(): HookEventName[] {
    return this.events.map((e) => e.event);
  }

  /** The payloads of one event, in order. */
  of<E extends HookEventName>(event: E): PayloadOf<E>[] {
    return this.events.filter((e) => e.event === event).map((e) => e.payload as PayloadOf<E>);
  }

  /** How many times an event was delivered. */
  count(event: HookEventName): number {
    return this.events.reduce((n, e) => (e.event === event ? n + 1 : n), 0);
  }

  /** Forgets everything recorded. */
  clear(): void {
    this.events.length = 0;
  }
}

// Give the recorder a method per event (declared here so the class stays readable).
for (const name of EVENT_NAMES) {
  Object.defineProperty(EventRecorder.prototype, name, {
    value(this: EventRecorder, payload: unknown): undefined {
      this.events.push({ event: name, payload } as RecordedEvent);
      return undefined;
    },
    writable: true,
    configurable: true,
  });
}

/** Registers a new {@link EventRecorder} under `name` and returns it with its unregister function. */
export function recordEvents(name = 'recorder'): { recorder: EventRecorder; unregister: () => void } {
  const { hook, unregister } = registerHooks({ name, description: `records every event (${Object.keys(catalog).length} events)` }, EventRecorder);
  return { recorder: hook, unregister };
}
