/**
 * The hook bus: the ordered registry of every hook source and the emit functions hosts call.
 * @module
 */
import { type BackgroundDelivery, type BackgroundStats, createBackgroundDelivery } from './background.ts';
import { type DecideEvent, eventTable, EVENT_NAMES, type HookEventName, type ObserveEvent, type PayloadOf } from './catalog.ts';
import type { MergedDecision } from './decision.ts';
import { NO_DECISION } from './decision.ts';
import { dispatchDecide, dispatchObservers } from './dispatch.ts';
import type { HandlerEntry, HookSource } from './handler.ts';
import type { Hooks } from './hooks-class.ts';

/** One registration: a class hook, a function hook, a command-hook set, … */
export interface HookRegistration {
  /** Unique per bus; a second registration with the same name replaces the first. */
  readonly name: string;
  readonly description: string | undefined;
  readonly source: HookSource;
  /** The plugin package that registered it, if any. */
  readonly packageName: string | undefined;
  /** The class hook instance, once resolved. */
  readonly hook: Hooks | undefined;
  /** Handlers, in the order they should run within this registration. */
  readonly entries: readonly HandlerEntry[];
  /** Resolves a lazy registration (factory form); absent once resolved. */
  readonly resolve?: (() => Promise<HookRegistration>) | undefined;
  /** Extra rows for `hookline hooks list` (e.g. command definitions). */
  readonly details?: readonly string[] | undefined;
}

/** Events that `emit()` accepts: observers and the mutate event. */
export type EmitEvent = ObserveEvent | 'onBeforeModelGenerate';

const EMPTY: readonly HandlerEntry[] = Object.freeze([]);

/** A per-event table of handler lists, every list empty (a fast-mode table: see `eventTable`). */
function emptyLists(): Record<HookEventName, readonly HandlerEntry[]> {
  return eventTable<readonly HandlerEntry[]>(EMPTY);
}

/** The fields of the `onBeforeModelGenerate` payload that hooks may reassign (the mutate event). */
export const MUTABLE_FIELDS: ReadonlySet<string> = new Set(['input', 'tools', 'toolChoice', 'config']);

function readOnlyField(key: string | symbol): never {
  throw new TypeError(`Cannot change '${String(key)}' of the onBeforeModelGenerate payload: hooks may reassign only ${[...MUTABLE_FIELDS].join(', ')}.`);
}

/** Lets hooks reassign only {@link MUTABLE_FIELDS}; any other write, definition or deletion throws. */
const MUTATE_VIEW: ProxyHandler<object> = {
  set(target, key, value) {
    if (typeof key !== 'string' || !MUTABLE_FIELDS.has(key)) readOnlyField(key);
    (target as Record<string, unknown>)[key] = value;
    return true;
  },
  defineProperty: (_target, key) => readOnlyField(key),
  deleteProperty: (_target, key) => readOnlyField(key),
  setPrototypeOf: () => readOnlyField('prototype'),
};

/**
 * Makes a payload read-only before the first handler sees it, so no hook can change what the
 * next one receives: a shallow freeze (nested objects such as the sample of `onSampleEnd` are
 * the runtime's own and stay as they are). The mutate event's handlers get a view through which
 * only {@link MUTABLE_FIELDS} can be reassigned; the host reads those back from its own object.
 */
function protect<P>(event: EmitEvent, payload: P): P {
  if (event !== 'onBeforeModelGenerate') return Object.freeze(payload);
  return new Proxy(payload as object, MUTATE_VIEW) as P;
}

/**
 * Holds registrations in order and dispatches events to them. One bus serves the process
 * ({@link getHookBus}); tests may create their own.
 */
export class HookBus {
  private registrations: HookRegistration[] = [];
  private lists = emptyLists();
  /** Handler lists of user-defined events (`defineEvent()`), kept apart so `lists` keeps the catalog's shape. */
  private definedLists: ReadonlyMap<string, readonly HandlerEntry[]> = new Map();
  private queues: BackgroundDelivery[] = [];
  private versionCounter = 0;

  /** Increases on every registration change. */
  get version(): number {
    return this.versionCounter;
  }

  /**
   * Adds a registration, or replaces the one with the same name in its original slot.
   * Returns a function that removes it (a no-op once it has been replaced or removed).
   */
  register(registration: HookRegistration): () => void {
    const index = this.registrations.findIndex((r) => r.name === registration.name);
    if (index >= 0) this.registrations[index] = registration;
    else this.registrations.push(registration);
    this.rebuild();
    return () => {
      this.unregister(registration);
    };
  }

  /** Removes a registration (by identity, or by name). Returns whether anything was removed. */
  unregister(registration: HookRegistration | string): boolean {
    const index = this.registrations.findIndex((r) => (typeof registration === 'string' ? r.name === registration : r === registration));
    if (index < 0) return false;
    this.registrations.splice(index, 1);
    this.rebuild();
    return true;
  }

  /** Every registration, in order. */
  list(): readonly HookRegistration[] {
    return this.registrations;
  }

  /** The registration with this name. */
  get(name: string): HookRegistration | undefined {
    return this.registrations.find((r) => r.name === name);
  }

  /** Resolves every lazy (factory-form) registration in place. */
  async resolvePending(): Promise<void> {
    let changed = false;
    for (const registration of [...this.registrations]) {
      if (registration.resolve === undefined) continue;
      const resolved = await registration.resolve();
      const index = this.registrations.indexOf(registration);
      if (index >= 0) this.registrations[index] = resolved;
      changed = true;
    }
    if (changed) this.rebuild();
  }

  /** Whether any handler listens to the event. Hosts check it before building a payload. */
  has(event: HookEventName, extra?: readonly HandlerEntry[]): boolean {
    return this.lists[event].length !== 0 || (extra !== undefined && extra.length !== 0);
  }

  /** The handlers of an event (a catalog event or a user-defined one), in dispatch order. */
  handlers(event: HookEventName): readonly HandlerEntry[] {
    return Object.hasOwn(this.lists, event) ? this.lists[event] : (this.definedLists.get(event) ?? EMPTY);
  }

  /**
   * Delivers an observe (or mutate) event to every handler in order, each awaited before the
   * next. `extra` handlers (instance scope) run last. Returns a promise only when a handler
   * returned one, so `const p = bus.emit(…); if (p) await p;` creates none for sync handlers.
   */
  emit<E extends EmitEvent>(event: E, payload: PayloadOf<E>, extra?: readonly HandlerEntry[]): Promise<void> | undefined {
    const list = this.lists[event];
    if (extra === undefined || extra.length === 0) {
      return list.length === 0 ? undefined : dispatchObservers(list, protect(event, payload));
    }
    return dispatchObservers(list.length === 0 ? extra : [...list, ...extra], protect(event, payload));
  }

  /** Delivers a decide event to every handler in order and merges the decisions. */
  decide<E extends DecideEvent>(
    event: E,
    payload: PayloadOf<E>,
    extra?: readonly HandlerEntry[],
  ): MergedDecision | Promise<MergedDecision> {
    const list = this.lists[event];
    if (extra === undefined || extra.length === 0) {
      return list.length === 0 ? NO_DECISION : dispatchDecide(list, Object.freeze(payload));
    }
    return dispatchDecide(list.length === 0 ? extra : [...list, ...extra], Object.freeze(payload));
  }

  /** Waits until every background handler has delivered what was queued. */
  async flush(): Promise<void> {
    for (const delivery of this.queues) await delivery.queue.flush();
  }

  /** Counters of every background queue. */
  backgroundStats(): BackgroundStats[] {
    return this.queues.map((delivery) => delivery.stats());
  }

  /** Wraps an entry in a background queue that `flush()` waits for; returns the enqueuing entry. */
  backgroundEntry(entry: HandlerEntry, capacity?: number): HandlerEntry {
    const delivery = createBackgroundDelivery(entry, capacity);
    this.queues.push(delivery);
    return delivery.entry;
  }

  private rebuild(): void {
    this.versionCounter++;
    const global: Partial<Record<HookEventName, HandlerEntry[]>> = {};
    const component: Partial<Record<HookEventName, HandlerEntry[]>> = {};
    for (const registration of this.registrations) {
      const target = registration.source === 'component' ? component : global;
      for (const entry of registration.entries) (target[entry.event] ??= []).push(entry);
    }
    const lists = emptyLists();
    for (const name of EVENT_NAMES) {
      const g = global[name];
      const c = component[name];
      if (g === undefined && c === undefined) continue;
      lists[name] = Object.freeze([...(g ?? []), ...(c ?? [])]);
    }
    this.lists = lists;
    const defined = new Map<string, readonly HandlerEntry[]>();
    for (const name of new Set([...Object.keys(global), ...Object.keys(component)])) {
      if (Object.hasOwn(lists, name)) continue;
      const key = name as HookEventName;
      defined.set(name, Object.freeze([...(global[key] ?? []), ...(component[key] ?? [])]));
    }
    this.definedLists = defined;
  }
}

/**
 * Holds the process-wide bus. A property of a constant object rather than a module `let`, so
 * that V8 knows the bus's shape where `getHookBus()` is inlined and skips a check per call.
 */
const current = { bus: new HookBus() };

/** The process-wide bus every host emits on. */
export function getHookBus(): HookBus {
  return current.bus;
}

/** Replaces the process-wide bus with an empty one (for tests); returns the new bus. */
export function resetHookBus(): HookBus {
  current.bus = new HookBus();
  return current.bus;
}
