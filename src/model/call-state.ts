/**
 * Small helpers of the generate pipeline: hook scoping and defensive copies.
 * @module
 */
import type { HookEventName } from '../hooks/catalog.ts';
import type { HandlerEntry } from '../hooks/handler.ts';
import type { ActiveContext } from '../util/context.ts';

/** Instance-scope handlers of one component, per event (`InstanceHooks.handlers`). */
export type ScopedHandlers = (event: HookEventName) => readonly HandlerEntry[] | undefined;

/**
 * Returns the extra (instance-scope) handlers of `event` for `bus.emit` / `bus.decide`: the
 * enclosing agent's (from the context) first, then the emitting model's or tool's own; undefined
 * when there are none.
 */
export function extraHandlers(ctx: ActiveContext, own: ScopedHandlers | undefined, event: HookEventName): readonly HandlerEntry[] | undefined {
  const fromContext = ctx.scopedHandlers?.(event);
  const fromModel = own?.(event);
  if (fromModel === undefined || fromModel.length === 0) return fromContext;
  if (fromContext === undefined || fromContext.length === 0) return fromModel;
  return [...fromContext, ...fromModel];
}

/**
 * Copies plain objects and arrays all the way down (other values are shared), so hooks can edit
 * messages and tools without touching the caller's objects.
 */
export function copyJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => copyJson(v)) as T;
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = copyJson(v);
  return out as T;
}

