/**
 * User-defined lifecycle points: `defineEvent()` lets a user's own component declare a typed
 * event and fire it on the same bus as the catalog's events. Class, function, scoped and command
 * hooks all receive it; `hookline hooks events` lists it and the hook-set record names it.
 * @module
 */
import { InvalidHookError } from '../errors.ts';
import type { ActiveContext } from '../runtime/context.ts';
import { eventForWireName, resolveEventName } from './catalog.ts';
import type { MergedDecision, HookDecision } from './decision.ts';
import { addDefinedEvent, definedEvent, type DefinedEventScope, type DefinedEventSpec } from './defined-events.ts';
import { decideIf, emitIf, type ScopedHandlers } from './emit.ts';
import type { MaybePromise } from './handler-result.ts';

export type { DefinedEventScope } from './defined-events.ts';

/** What `defineEvent()` takes: the event's names and its documentation. */
export interface DefineEventOptions<N extends string> {
  /** The in-process name, `on` and a capital letter (`onReviewDone`): the method name of class hooks. */
  readonly name: N;
  /** The name command hooks use in `hooks.json` and logs use (default: the name without `on`, `ReviewDone`). */
  readonly wire?: string;
  /** `true`: handlers may block or add context (a decide event), and the emitter gets the merged decision. */
  readonly decision?: boolean;
  /** When it fires, in one sentence (shown by `hookline hooks events --json`). */
  readonly when: string;
  /** How often it fires (default: "When the component that defines it fires it."). */
  readonly cardinality?: string;
  /** Payload field a command-hook matcher is tested against; absent: matchers are ignored. */
  readonly matcherField?: string;
  /** The component kinds whose scoped hooks receive it (default: agent, model and tool). */
  readonly scope?: readonly DefinedEventScope[];
}

declare const definedPayload: unique symbol;

/** What every defined event handle carries: its names and spec, and the phantom payload type. */
interface DefinedEventBase<P, N extends string> {
  /** The in-process name (method name of class hooks). */
  readonly name: N;
  /** The command-hook and log name. */
  readonly wire: string;
  readonly spec: DefinedEventSpec;
  readonly [definedPayload]?: P;
}

/**
 * An observe event declared with `defineEvent<P>()({ … })`. Its owner fires it with
 * {@link DefinedEvent.emit}; hooks register for it with `on(event, …)`, a class method of its
 * name, `agent.hooks.on(event, …)`, `component(kind).on(event, …)` or `hooks.json` by its wire name.
 */
export interface DefinedEvent<P extends object, N extends string = string> extends DefinedEventBase<P, N> {
  readonly capability: 'observe';
  /**
   * Called by the component that owns the event: fires it when anyone listens (`build` runs only
   * then). `own` is the emitting object's instance handlers (`tool.hooks.handlers`). Returns a
   * promise only when a handler returned one.
   */
  emit(build: () => P, own?: ScopedHandlers, ctx?: ActiveContext): Promise<void> | undefined;
}

/** A decide event declared with `defineEvent<P>()({ …, decision: true })`; handlers may return a {@link HookDecision}. */
export interface DefinedDecisionEvent<P extends object, N extends string = string> extends DefinedEventBase<P, N> {
  readonly capability: 'decide';
  /**
   * Called by the component that owns the event: fires it when anyone listens and returns the
   * merged decision (any block wins), or undefined when nobody listens.
   */
  decide(build: () => P, own?: ScopedHandlers, ctx?: ActiveContext): MergedDecision | Promise<MergedDecision> | undefined;
}

/** Any event handle `defineEvent()` returns. */
export type AnyDefinedEvent = DefinedEvent<object> | DefinedDecisionEvent<object>;

/** The payload type of a defined event. */
export type DefinedPayloadOf<D> = D extends DefinedEventBase<infer P, string> ? P : never;

/** What a handler of a defined event may return: nothing, or a decision for a decide event. */
export type DefinedHandler<D> = (payload: Readonly<DefinedPayloadOf<D>>) => MaybePromise<(D extends DefinedDecisionEvent<object> ? HookDecision : never) | void | undefined>;

/** Tells whether a value is a defined event handle (`defineEvent()`'s result). */
export function isDefinedEvent(value: unknown): value is AnyDefinedEvent {
  return typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string' && definedEvent((value as { name: string }).name) === (value as { spec?: unknown }).spec;
}

const NAME = /^on[A-Z][A-Za-z0-9]*$/;
const WIRE = /^[A-Z][A-Za-z0-9]*$/;

function checkOptions(options: DefineEventOptions<string>): { wire: string; scope: readonly DefinedEventScope[] } {
  const where = `defineEvent(${JSON.stringify(options?.name)})`;
  if (options === null || typeof options !== 'object' || typeof options.name !== 'string' || !NAME.test(options.name)) {
    throw new InvalidHookError(`${where}: the name must be 'on' and a capital letter followed by letters and digits, e.g. 'onReviewDone'.`);
  }
  const wire = options.wire ?? options.name.slice(2);
  if (!WIRE.test(wire)) throw new InvalidHookError(`${where}: the wire name '${wire}' must start with a capital letter and hold only letters and digits, e.g. 'ReviewDone'.`);
  if (typeof options.when !== 'string' || options.when.trim() === '') throw new InvalidHookError(`${where}: say when the event fires in 'when', e.g. 'A review finishes.'.`);
  const scope = options.scope ?? ['agent', 'model', 'tool'];
  for (const kind of scope) {
    if (kind !== 'agent' && kind !== 'model' && kind !== 'tool') throw new InvalidHookError(`${where}: unknown scope '${String(kind)}'; use 'agent', 'model' or 'tool'.`);
  }
  return { wire, scope };
}

function sameSpec(a: DefinedEventSpec, b: DefinedEventSpec): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Checks a new definition against the catalog and earlier definitions; returns the earlier identical one, if any. */
function existingDefinition(spec: DefinedEventSpec): DefinedEventSpec | undefined {
  const where = `defineEvent('${spec.name}')`;
  const earlier = definedEvent(spec.name);
  if (earlier !== undefined) {
    if (sameSpec(earlier, spec)) return earlier;
    throw new InvalidHookError(`${where}: an event of this name is already defined differently (wire '${earlier.wire}', ${earlier.capability}); give one of them another name.`);
  }
  if (resolveEventName(spec.name) !== undefined) throw new InvalidHookError(`${where}: '${spec.name}' is already a hookline event or alias; choose another name.`);
  const byWire = eventForWireName(spec.wire);
  if (byWire !== undefined) throw new InvalidHookError(`${where}: the wire name '${spec.wire}' is already used by ${byWire}; set another 'wire'.`);
  return undefined;
}

function handle(spec: DefinedEventSpec): AnyDefinedEvent {
  const base = { name: spec.name, wire: spec.wire, spec };
  if (spec.capability === 'decide') {
    const event: DefinedDecisionEvent<object> = {
      ...base,
      capability: 'decide',
      decide: (build, own, ctx) => decideIf(event, build, own, ctx),
    };
    return Object.freeze(event);
  }
  const event: DefinedEvent<object> = {
    ...base,
    capability: 'observe',
    emit: (build, own, ctx) => emitIf(event, build, own, ctx),
  };
  return Object.freeze(event);
}

const handles = new Map<string, AnyDefinedEvent>();

/**
 * Declares a lifecycle point of your own component with payload type `P` and returns its handle.
 * Call it once, at module load, before start-up (`initHooks()`, `evaluate()`, the CLI) loads
 * `hooks.json`, so that command hooks for it are recognised. Defining the same event again with
 * the same options returns the same handle; a name or wire name that is taken throws an
 * InvalidHookError.
 *
 * @example
 * ```ts
 * interface ReviewDone { readonly reviewer: string; readonly approved: boolean }
 * export const reviewDone = defineEvent<ReviewDone>()({ name: 'onReviewDone', when: 'A review finishes.' });
 * on(reviewDone, ({ reviewer, approved }) => console.log(reviewer, approved));
 * await reviewDone.emit(() => ({ reviewer: 'ana', approved: true }));
 * ```
 */
export function defineEvent<P extends object>(): {
  <const N extends string>(options: DefineEventOptions<N> & { readonly decision: true }): DefinedDecisionEvent<P, N>;
  <const N extends string>(options: DefineEventOptions<N> & { readonly decision?: false }): DefinedEvent<P, N>;
} {
  return ((options: DefineEventOptions<string>) => {
    const { wire, scope } = checkOptions(options);
    const spec: DefinedEventSpec = Object.freeze({
      name: options.name,
      wire,
      level: 'user',
      capability: options.decision === true ? 'decide' : 'observe',
      aliases: Object.freeze([]),
      when: options.when,
      cardinality: options.cardinality ?? 'When the component that defines it fires it.',
      origin: 'user-defined',
      ...(options.matcherField === undefined ? {} : { matcherField: options.matcherField }),
      scope: Object.freeze([...scope]),
    });
    const earlier = existingDefinition(spec);
    if (earlier !== undefined) return handles.get(earlier.name)!;
    addDefinedEvent(spec);
    const event = handle(spec);
    handles.set(spec.name, event);
    return event;
  }) as ReturnType<typeof defineEvent<P>>;
}
