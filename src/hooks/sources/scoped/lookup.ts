/**
 * Finding the instance-scope handlers of an emission: the enclosing agent's (carried by the
 * async context of its session) and the emitting object's own (a model's or a tool's).
 * @module
 */
import type { ActiveContext } from '../../../runtime/context.ts';
import type { HookEventName } from '../../catalog.ts';
import type { HandlerEntry } from '../../handler.ts';

/** The instance-scope handlers of one object, per event (`InstanceHooks.handlers`). */
export type ScopedHandlers = (event: HookEventName) => readonly HandlerEntry[] | undefined;

/**
 * Returns the instance-scope handlers of `event`: the enclosing agent's first (from the
 * context), then the emitter's `own`; undefined when there are none. When the emitter is the
 * agent itself, its handlers count once.
 */
export function instanceHandlers(ctx: ActiveContext, own: ScopedHandlers | undefined, event: HookEventName): readonly HandlerEntry[] | undefined {
  const enclosing = ctx.scopedHandlers;
  // The context carries the agent's entries untyped (it sits below the hooks layer).
  const fromContext = enclosing === undefined || enclosing === own ? undefined : (enclosing(event) as readonly HandlerEntry[] | undefined);
  const fromOwner = own?.(event);
  if (fromOwner === undefined || fromOwner.length === 0) return fromContext;
  if (fromContext === undefined || fromContext.length === 0) return fromOwner;
  return [...fromContext, ...fromOwner];
}
