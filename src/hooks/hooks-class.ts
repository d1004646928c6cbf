/**
 * The `Hooks` base class: subclass it and implement the event methods you need.
 * @module
 */
import type { CanonicalOf, HookEventName, HookName, PayloadOf, ResultOf } from './catalog.ts';
import type { ApiKeyOverride } from './payloads/model.ts';

/** A value or a promise of it. */
export type MaybePromise<T> = T | Promise<T>;

/** What a handler of event `E` may return. */
export type HandlerResult<E extends HookEventName> = MaybePromise<ResultOf<E> | void | undefined>;

/** A handler for event (or alias) `N`. */
export type HookHandler<N extends HookName> = (payload: PayloadOf<CanonicalOf<N>>) => HandlerResult<CanonicalOf<N>>;

type M<N extends HookName> = HandlerResult<CanonicalOf<N>>;
type P<N extends HookName> = PayloadOf<CanonicalOf<N>>;

/**
 * Every event method a `Hooks` subclass may implement. Written out as method signatures (so
 * subclasses can declare ordinary methods); {@link _MethodsMatchCatalog} proves the list equals
 * the catalog's names and aliases.
 */
export interface HookMethods {
  onEvalSetStart?(payload: P<'onEvalSetStart'>): M<'onEvalSetStart'>;
  onEvalSetEnd?(payload: P<'onEvalSetEnd'>): M<'onEvalSetEnd'>;
  onRunStart?(payload: P<'onRunStart'>): M<'onRunStart'>;
  onRunEnd?(payload: P<'onRunEnd'>): M<'onRunEnd'>;
  onTaskStart?(payload: P<'onTaskStart'>): M<'onTaskStart'>;
  onTaskEnd?(payload: P<'onTaskEnd'>): M<'onTaskEnd'>;
  onSampleInit?(payload: P<'onSampleInit'>): M<'onSampleInit'>;
  onSampleStart?(payload: P<'onSampleStart'>): M<'onSampleStart'>;
  onSampleAttemptStart?(payload: P<'onSampleAttemptStart'>): M<'onSampleAttemptStart'>;
  onSampleEvent?(payload: P<'onSampleEvent'>): M<'onSampleEvent'>;
  onSampleScoring?(payload: P<'onSampleScoring'>): M<'onSampleScoring'>;
  onSampleAttemptEnd?(payload: P<'onSampleAttemptEnd'>): M<'onSampleAttemptEnd'>;
  onSampleEnd?(payload: P<'onSampleEnd'>): M<'onSampleEnd'>;
  onModelCreate?(payload: P<'onModelCreate'>): M<'onModelCreate'>;
  onBeforeModelGenerate?(payload: P<'onBeforeModelGenerate'>): M<'onBeforeModelGenerate'>;
  onAfterModelGenerate?(payload: P<'onAfterModelGenerate'>): M<'onAfterModelGenerate'>;
  onModelRetry?(payload: P<'onModelRetry'>): M<'onModelRetry'>;
  onModelUsage?(payload: P<'onModelUsage'>): M<'onModelUsage'>;
  onModelCacheUsage?(payload: P<'onModelCacheUsage'>): M<'onModelCacheUsage'>;
  onAgentCreate?(payload: P<'onAgentCreate'>): M<'onAgentCreate'>;
  onSessionStart?(payload: P<'onSessionStart'>): M<'onSessionStart'>;
  onSessionEnd?(payload: P<'onSessionEnd'>): M<'onSessionEnd'>;
  onUserPromptSubmit?(payload: P<'onUserPromptSubmit'>): M<'onUserPromptSubmit'>;
  onStop?(payload: P<'onStop'>): M<'onStop'>;
  onToolCreate?(payload: P<'onToolCreate'>): M<'onToolCreate'>;
  onPreToolUse?(payload: P<'onPreToolUse'>): M<'onPreToolUse'>;
  onPostToolUse?(payload: P<'onPostToolUse'>): M<'onPostToolUse'>;
  // promptulate aliases
  onLlmCreate?(payload: P<'onLlmCreate'>): M<'onLlmCreate'>;
  onLlmStart?(payload: P<'onLlmStart'>): M<'onLlmStart'>;
  onLlmResult?(payload: P<'onLlmResult'>): M<'onLlmResult'>;
  onAgentStart?(payload: P<'onAgentStart'>): M<'onAgentStart'>;
  onAgentResult?(payload: P<'onAgentResult'>): M<'onAgentResult'>;
  onToolStart?(payload: P<'onToolStart'>): M<'onToolStart'>;
  onToolResult?(payload: P<'onToolResult'>): M<'onToolResult'>;
}

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
