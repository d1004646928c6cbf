/**
 * The `Hooks` base class: subclass it and implement the event methods you need.
 * @module
 */
import type { CanonicalOf, HookName, PayloadOf } from './catalog.ts';
import type { HandlerResult } from './handler-result.ts';
import type { HookMethods } from './hook-methods.ts';
import type { ApiKeyOverride } from './payloads/model.ts';

export type { HandlerResult, MaybePromise } from './handler-result.ts';
export type { HookMethods } from './hook-methods.ts';

/** A handler for event (or alias) `N`. */
export type HookHandler<N extends HookName> = (payload: PayloadOf<CanonicalOf<N>>) => HandlerResult<CanonicalOf<N>>;

/** Compile-time proof that {@link HookMethods} lists exactly the catalog's names and aliases. */
export type _MethodsMatchCatalog = [keyof HookMethods] extends [HookName] ? ([HookName] extends [keyof HookMethods] ? true : never) : never;
export const _methodsMatchCatalog: _MethodsMatchCatalog = true;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Hooks extends HookMethods {}

/**
 * Base class of class-style hooks. Implement only the event methods you need (aliases such as
 * `onToolStart` work too), register the class with `hooks()`, and hookline creates one instance
 * for the whole process.
 *
 * @example
 * ```ts
 * @hooks({ name: 'usage-logger', description: 'Logs token usage' })
 * class UsageLogger extends Hooks {
 *   override async onModelUsage(data: ModelUsageData) { console.log(data.usage.totalTokens); }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Hooks {
  /**
   * Called before every delivery to this hook; return false to receive nothing for now. Keep it
   * cheap (cache the answer if computing it is expensive).
   */
  enabled(): boolean {
    return true;
  }

  /**
   * Called synchronously when a provider client is built and again after an authentication
   * failure. Return a replacement key, or undefined to keep the offered value.
   */
  overrideApiKey(_data: ApiKeyOverride): string | undefined {
    return undefined;
  }
}

/** A class whose instances are `Hooks` and that can be built without arguments. */
export type HooksClass<T extends Hooks = Hooks> = new () => T;

/**
 * Tells whether a prototype is the `Hooks` base prototype, ours or a second copy's (a plugin
 * bundling its own hookline): a root class named `Hooks` with `enabled` and `overrideApiKey`.
 */
function isHooksBasePrototype(proto: object): boolean {
  if (proto === Hooks.prototype) return true;
  const candidate = proto as { constructor?: { name?: unknown }; enabled?: unknown; overrideApiKey?: unknown };
  return (
    candidate.constructor?.name === 'Hooks' &&
    Object.getPrototypeOf(proto) === Object.prototype &&
    typeof candidate.enabled === 'function' &&
    typeof candidate.overrideApiKey === 'function'
  );
}

/** Tells whether a value is a `Hooks` subclass (works across copies of the library). */
export function isHooksClass(value: unknown): value is HooksClass {
  if (typeof value !== 'function') return false;
  for (let proto = value.prototype as object | null | undefined; proto !== null && proto !== undefined; proto = Object.getPrototypeOf(proto) as object | null) {
    if (isHooksBasePrototype(proto)) return true;
  }
  return false;
}

/** Tells whether a hook's class (or a base other than `Hooks`) implements `overrideApiKey`. */
export function implementsApiKeyOverride(hook: Hooks): boolean {
  if (Object.hasOwn(hook, 'overrideApiKey')) return true;
  for (let proto = Object.getPrototypeOf(hook) as object | null; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    if (Object.hasOwn(proto, 'overrideApiKey')) return !isHooksBasePrototype(proto);
  }
  return false;
}
