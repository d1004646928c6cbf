/**
 * The host API: how the eval runtime, the agent, the model layer and tools fire events. One
 * call checks for listeners (global, component and instance scope), builds the payload only
 * then, and dispatches; with nobody listening it costs a lookup and a branch.
 *
 * @example
 * ```ts
 * const pending = emitIf('onModelRetry', () => ({ modelName, attempt, … }), model.hooks.handlers, ctx);
 * if (pending !== undefined) await pending;
 * ```
 * @module
 */
import { type ActiveContext, currentContext } from '../runtime/context.ts';
import { type EmitEvent, getHookBus } from './bus.ts';
import type { DecideEvent, HookEventName, PayloadOf } from './catalog.ts';
import type { MergedDecision } from './decision.ts';
import { dispatchDecide, dispatchObservers } from './dispatch.ts';
import type { HandlerEntry } from './handler.ts';
import type { DefinedDecisionEvent, DefinedEvent } from './user-events.ts';
import { instanceHandlers, type ScopedHandlers } from './sources/scoped/lookup.ts';

export type { ScopedHandlers } from './sources/scoped/lookup.ts';

/**
 * Fires an observe (or the mutate) event when anyone listens: `build` runs only then. `own` is
 * the emitting object's instance handlers; the enclosing agent's come from `ctx`. Returns a
 * promise only when a handler returned one.
 */
export function emitIf<E extends EmitEvent>(event: E, build: () => PayloadOf<E>, own?: ScopedHandlers, ctx?: ActiveContext): Promise<void> | undefined;
export function emitIf<P extends object>(event: DefinedEvent<P>, build: () => P, own?: ScopedHandlers, ctx?: ActiveContext): Promise<void> | undefined;
export function emitIf(event: EmitEvent | DefinedEvent<object>, build: () => unknown, own?: ScopedHandlers, ctx: ActiveContext = currentContext()): Promise<void> | undefined {
  if (typeof event !== 'string') return fireDefined(event.name, build, own, ctx, dispatchObservers);
  const bus = getHookBus();
  const extra = instanceHandlers(ctx, own, event);
  if (!bus.has(event, extra)) return undefined;
  return bus.emit(event, build() as PayloadOf<typeof event>, extra);
}

/**
 * Fires a decide event when anyone listens (`build` runs only then) and returns the merged
 * decision, or undefined when nobody listens (so the host skips the decision's handling and
 * creates no promise).
 */
export function decideIf<E extends DecideEvent>(event: E, build: () => PayloadOf<E>, own?: ScopedHandlers, ctx?: ActiveContext): MergedDecision | Promise<MergedDecision> | undefined;
export function decideIf<P extends object>(event: DefinedDecisionEvent<P>, build: () => P, own?: ScopedHandlers, ctx?: ActiveContext): MergedDecision | Promise<MergedDecision> | undefined;
export function decideIf(event: DecideEvent | DefinedDecisionEvent<object>, build: () => unknown, own?: ScopedHandlers, ctx: ActiveContext = currentContext()): MergedDecision | Promise<MergedDecision> | undefined {
  if (typeof event !== 'string') return fireDefined(event.name, build, own, ctx, dispatchDecide);
  const bus = getHookBus();
  const extra = instanceHandlers(ctx, own, event);
  if (!bus.has(event, extra)) return undefined;
  return bus.decide(event, build() as PayloadOf<typeof event>, extra);
}

/**
 * Fires a user-defined event: its handlers on the bus (global, then component scope), then the
 * instance handlers; the payload is frozen as the catalog events' are. Undefined when nobody listens.
 */
function fireDefined<R>(name: string, build: () => unknown, own: ScopedHandlers | undefined, ctx: ActiveContext, dispatch: (list: readonly HandlerEntry[], payload: unknown) => R): R | undefined {
  const event = name as HookEventName;
  const list = getHookBus().handlers(event);
  const extra = instanceHandlers(ctx, own, event);
  if (extra === undefined || extra.length === 0) return list.length === 0 ? undefined : dispatch(list, Object.freeze(build()));
  return dispatch(list.length === 0 ? extra : [...list, ...extra], Object.freeze(build()));
}

/** Whether anyone listens to `event` for this emitter (to skip work that only hooks need). */
export function hasListeners(event: EmitEvent | DecideEvent, own?: ScopedHandlers, ctx: ActiveContext = currentContext()): boolean {
  return getHookBus().has(event, instanceHandlers(ctx, own, event));
}
