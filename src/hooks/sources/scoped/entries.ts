/**
 * Turns what a scoped hook is given (a function, a `Hooks` instance, a handler map) into
 * {@link HandlerEntry} rows, checking every name against the events of the component kind.
 * @module
 */
import { InvalidHookError } from '../../../errors.ts';
import { warn } from '../../../runtime/warnings.ts';
import { getHookBus } from '../../bus.ts';
import type { HookEventName } from '../../catalog.ts';
import type { HandlerEntry, HookPolicy } from '../../handler.ts';
import { Hooks, implementsApiKeyOverride, isHooksClass } from '../../hooks-class.ts';
import { createHandlerEntry, registrationFor } from '../../register.ts';
import { type ComponentKind, describeKindEvents, kindReceives, resolveScopedEvent } from './kinds.ts';
import { isPlainObject } from '../../../util/guards.ts';

/** One scoped handler and what unregistering matches it by. */
export interface ScopedRow {
  readonly entry: HandlerEntry;
  /** The function given, or the `Hooks` instance whose method this is. */
  readonly handler: object;
  /** The object given to `use()` / the `hooks` option (the function itself for `on()`). */
  readonly given: object;
}

/** How rows are built for one scope. */
export interface RowOptions {
  readonly kind: ComponentKind;
  readonly source: 'instance' | 'component';
  /** Registry name the entries carry. */
  readonly hookName: string;
  /** Names the place in error messages, e.g. `hooks of tool 'calc'`. */
  readonly where: string;
  /** Names the owner in warnings about anonymous handlers, e.g. `tool 'calc'`. */
  readonly owner: string;
  readonly policy?: HookPolicy | undefined;
  /** Narrows delivery per event (component scope). */
  readonly filterFor?: ((event: HookEventName) => ((payload: unknown) => boolean) | undefined) | undefined;
}

/** Tells whether a value is an instance of a `Hooks` subclass (works across copies of the library). */
export function isHooksInstance(value: unknown): value is Hooks {
  if (value instanceof Hooks) return true;
  if (value === null || typeof value !== 'object') return false;
  return isHooksClass((value as { constructor?: unknown }).constructor);
}

/** Rejects policies scoped hooks cannot honour. */
export function checkPolicy(policy: HookPolicy | undefined, where: string): void {
  if (policy?.background === true || policy?.queueCapacity !== undefined) {
    throw new InvalidHookError(`${where}: background delivery is not available for scoped hooks (a process-wide queue would keep them alive). Drop 'background', or register the handler with on().`);
  }
}

/** Builds the row of one function handler. */
export function functionRow(name: string, handler: unknown, options: RowOptions, given?: object): ScopedRow {
  const event = resolveScopedEvent(options.kind, name, options.where);
  if (typeof handler !== 'function') {
    throw new InvalidHookError(`${options.where}: the handler of '${name}' must be a function, got ${handler === null ? 'null' : typeof handler}.`);
  }
  checkPolicy(options.policy, options.where);
  const fn = handler as (payload: unknown) => unknown;
  const entry = createHandlerEntry(event, fn, {
    hookName: options.hookName,
    label: fn.name === '' ? `${event} handler of ${options.owner}` : fn.name,
    source: options.source,
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    ...withFilter(options, event),
  });
  return { entry, handler: fn, given: given ?? fn };
}

function withFilter(options: RowOptions, event: HookEventName): { filter?: (payload: unknown) => boolean } {
  const filter = options.filterFor?.(event);
  return filter === undefined ? {} : { filter };
}

function hooksRows(instance: Hooks, options: RowOptions): ScopedRow[] {
  const registration = registrationFor(getHookBus(), instance, { name: options.hookName, policy: options.policy }, options.source, undefined);
  const className = instance.constructor.name || 'Hooks';
  if (implementsApiKeyOverride(instance)) {
    warn(`${options.where}: overrideApiKey of '${className}' is not called for scoped hooks. Register the class with hooks() to override API keys.`, 'hooks');
  }
  const rows: ScopedRow[] = [];
  for (const entry of registration.entries) {
    // A class may serve several kinds: methods for events this kind never emits are left out.
    if (!kindReceives(options.kind, entry.event)) continue;
    const filter = options.filterFor?.(entry.event);
    rows.push({ entry: filter === undefined ? entry : { ...entry, filter }, handler: instance, given: instance });
  }
  if (rows.length === 0) {
    throw new InvalidHookError(`${options.where}: '${className}' implements none of the events these hooks receive (${describeKindEvents(options.kind)}). Add one of those methods, or attach it elsewhere.`);
  }
  return rows;
}

function mapRows(map: Record<string, unknown>, options: RowOptions): ScopedRow[] {
  const rows: ScopedRow[] = [];
  for (const [name, handler] of Object.entries(map)) {
    if (handler === undefined) continue;
    rows.push(functionRow(name, handler, options, map));
  }
  return rows;
}

function describeValue(value: unknown): string {
  if (typeof value === 'function') {
    return isHooksClass(value) ? `the class ${value.name}; pass an instance (new ${value.name}())` : `a function; use { onEventName: fn } or .on('onEventName', fn)`;
  }
  if (value === null) return 'null';
  if (typeof value === 'object') return `an instance of ${(value as { constructor?: { name?: string } }).constructor?.name ?? 'an unknown class'}`;
  return typeof value;
}

/**
 * Returns the rows of a `hooks` value: a `Hooks` instance, a map of event → handler, or a list
 * of them. Validates everything before returning, so a bad value attaches nothing.
 */
export function inputRows(input: unknown, options: RowOptions): ScopedRow[] {
  checkPolicy(options.policy, options.where);
  const items = Array.isArray(input) ? (input as unknown[]) : [input];
  const rows: ScopedRow[] = [];
  for (const item of items) {
    if (isHooksInstance(item)) rows.push(...hooksRows(item, options));
    else if (isPlainObject(item)) rows.push(...mapRows(item, options));
    else {
      throw new InvalidHookError(`${options.where}: expected a Hooks instance or a map of event → handler, got ${describeValue(item)}.`);
    }
  }
  return rows;
}
