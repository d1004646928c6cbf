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
import type { DecideEvent, PayloadOf } from './catalog.ts';
import type { MergedDecision } from './decision.ts';
import { instanceHandlers, type ScopedHandlers } from './sources/scoped/lookup.ts';

export type { ScopedHandlers } from './sources/scoped/lookup.ts';

/**
 * Fires an observe (or the mutate) event when anyone listens: `build` runs only then. `own` is
 * the emitting object's instance handlers; the enclosing agent's come from `ctx`. Returns a
 * promise only when a handler returned one.
 */
export function emitIf<E extends EmitEvent>(event: E, build: () => PayloadOf<E>, own?: ScopedHandlers, ctx: ActiveContext = currentContext()): Promise<void> | undefined {
  const bus = getHookBus();
  const extra = instanceHandlers(ctx, own, event);
  if (!bus.has(event, extra)) return undefined;
  return bus.emit(event, build(), extra);
}

/**
 * Fires a decide event when anyone listens (`build` runs only then) and returns the merged
 * decision, or undefined when nobody listens (so the host skips the decision's handling and
 * creates no promise).
 */
export function decideIf<E extends DecideEvent>(event: E, build: () => PayloadOf<E>, own?: ScopedHandlers, ctx: ActiveContext = currentContext()): MergedDecision | Promise<MergedDecision> | undefined {
  const bus = getHookBus();
  const extra = instanceHandlers(ctx, own, event);
  if (!bus.has(event, extra)) return undefined;
  return bus.decide(event, build(), extra);
}

/** Whether anyone listens to `event` for this emitter (to skip work that only hooks need). */
export function hasListeners(event: EmitEvent | DecideEvent, own?: ScopedHandlers, ctx: ActiveContext = currentContext()): boolean {
  return getHookBus().has(event, instanceHandlers(ctx, own, event));
}
