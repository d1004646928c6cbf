/**
 * Instance scope: the hooks of one agent, model or tool, held by that object (never by the
 * process-wide bus, so they are released with it).
 * @module
 */
import { InvalidHookError } from '../../../errors.ts';
import { type CanonicalOf, EVENT_NAMES, eventTable, type HookEventName } from '../../catalog.ts';
import type { HandlerEntry } from '../../handler.ts';
import type { HookHandler, Hooks } from '../../hooks-class.ts';
import type { ComponentRef } from '../../payloads/model.ts';
import { functionRow, inputRows, type RowOptions, type ScopedRow } from './entries.ts';
import type { ComponentKind, ScopedHookMap, ScopedHookName, ScopedHookOptions, ScopedHooksInput } from './kinds.ts';
import { definedEventName, resolveScopedEvent } from './kinds.ts';
import type { DefinedOnOptions } from '../../register.ts';
import type { AnyDefinedEvent, DefinedHandler } from '../../user-events.ts';

type EventTable = Record<HookEventName, readonly HandlerEntry[] | undefined>;

/** A per-event table, every entry undefined (a fast-mode table: see `eventTable`). */
function emptyTable(): EventTable {
  return eventTable<readonly HandlerEntry[] | undefined>(undefined);
}

/**
 * The instance-scope hooks of one component, available as `agent.hooks`, `model.hooks` and
 * `tool.hooks` and filled from the `hooks` option of its constructor.
 *
 * They run after global hooks and component hooks on the same emission. Where an agent's hooks
 * and a model's or tool's hooks both receive an event (a tool call in the agent's session), the
 * agent's run first. See `SCOPED_EVENTS` for the events each kind receives.
 *
 * @example
 * ```ts
 * const off = agent.hooks.on('onAgentStart', ({ prompt }) => console.log(`started: ${prompt}`));
 * agent.hooks.use(new PrintHooks());
 * off();
 * ```
 */
export class InstanceHooks<K extends ComponentKind = ComponentKind> {
  /** The component these hooks belong to. */
  readonly component: ComponentRef;
  private rows: readonly ScopedRow[] = [];
  private table: EventTable | undefined;

  /** Attaches `hooks` (the constructor's option) to a new component; throws on a bad value. */
  constructor(component: ComponentRef, hooks?: ScopedHooksInput<K>) {
    this.component = component;
    if (hooks !== undefined) this.use(hooks);
  }

  /**
   * Returns the handlers of an event in order, or undefined when there are none. Hosts pass it
   * to `bus.emit` / `bus.decide` as the extra handlers; it is a bound function, safe to hand on.
   */
  readonly handlers = (event: string): readonly HandlerEntry[] | undefined => {
    return this.table === undefined ? undefined : this.table[event as HookEventName];
  };

  /** The number of handlers attached. */
  get size(): number {
    return this.rows.length;
  }

  /** The events that have handlers, in the order they were first attached. */
  events(): HookEventName[] {
    return [...new Set(this.rows.map((row) => row.entry.event))];
  }

  /**
   * Adds a handler for one event (canonical name or promptulate alias) and returns the function
   * that removes it. Throws when this kind of component never emits the event.
   */
  on<N extends ScopedHookName<K>>(event: N, handler: NoInfer<HookHandler<N>>, options?: NoInfer<ScopedHookOptions<CanonicalOf<N>>>): () => void;
  on<D extends AnyDefinedEvent>(event: D, handler: NoInfer<DefinedHandler<D>>, options?: Omit<DefinedOnOptions<D>, 'name' | 'description'>): () => void;
  on(event: string | AnyDefinedEvent, handler: unknown, options?: ScopedHookOptions<HookEventName>): () => void {
    const row = functionRow(definedEventName(event), handler, this.rowOptions(options));
    return this.add([row]);
  }

  /**
   * Attaches a `Hooks` instance (its methods for events this kind emits), a map of event →
   * handler, or a list of them; returns the function that detaches exactly these handlers.
   * A bad value throws and attaches nothing.
   */
  use(hooks: ScopedHooksInput<K>): () => void {
    return this.add(inputRows(hooks, this.rowOptions(undefined)));
  }

  /**
   * Unregisters handlers and returns whether any was removed: `unregister(event, handler)`
   * removes that handler of the event, `unregister(event)` every handler of the event, and
   * `unregister(hooks)` everything a `Hooks` instance or handler map attached. (The function
   * `on()` and `use()` return does the same for exactly what they attached.)
   */
  unregister<N extends ScopedHookName<K>>(event: N, handler?: NoInfer<HookHandler<N>>): boolean;
  unregister(hooks: Hooks | ScopedHookMap<K>): boolean;
  unregister(target: string | object, handler?: object): boolean {
    if (typeof target === 'string') {
      const event = resolveScopedEvent(this.component.kind, target, this.where());
      return this.remove((row) => row.entry.event === event && (handler === undefined || row.handler === handler));
    }
    if (target === null || typeof target !== 'object') {
      throw new InvalidHookError(`${this.where()}.unregister(): expected an event name or the object given to use(), got ${target === null ? 'null' : typeof target}.`);
    }
    return this.remove((row) => row.given === target);
  }

  /** Removes every handler. */
  clear(): void {
    this.rows = [];
    this.rebuild();
  }

  private where(): string {
    return `hooks of ${this.owner()}`;
  }

  private owner(): string {
    return `${this.component.kind} '${this.component.name}'`;
  }

  private rowOptions(policy: ScopedHookOptions<HookEventName> | undefined): RowOptions {
    return {
      kind: this.component.kind,
      source: 'instance',
      hookName: `${this.component.kind}:${this.component.name}#${this.component.id}`,
      where: this.where(),
      owner: this.owner(),
      policy,
    };
  }

  private add(rows: readonly ScopedRow[]): () => void {
    this.rows = [...this.rows, ...rows];
    this.rebuild();
    const added = new Set(rows);
    return () => {
      this.remove((row) => added.has(row));
    };
  }

  private remove(match: (row: ScopedRow) => boolean): boolean {
    const kept = this.rows.filter((row) => !match(row));
    if (kept.length === this.rows.length) return false;
    this.rows = kept;
    this.rebuild();
    return true;
  }

  /** Builds the per-event lists (frozen: an emission in progress keeps the list it started with). */
  private rebuild(): void {
    if (this.rows.length === 0) {
      this.table = undefined;
      return;
    }
    const lists: Partial<Record<HookEventName, HandlerEntry[]>> = {};
    for (const row of this.rows) (lists[row.entry.event] ??= []).push(row.entry);
    const table = emptyTable();
    // Catalog events first, so the table keeps the catalog's shape; user-defined events after.
    for (const name of EVENT_NAMES) {
      const list = lists[name];
      if (list !== undefined) table[name] = Object.freeze(list);
    }
    for (const [name, list] of Object.entries(lists)) {
      if (!Object.hasOwn(table, name)) table[name as HookEventName] = Object.freeze(list);
    }
    this.table = table;
  }
}
