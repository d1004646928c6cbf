/**
 * Registration: `hooks()` for classes (decorator, plain call or lazy factory) and `on()` for
 * functions. Both turn their source into {@link HandlerEntry} rows on the bus.
 * @module
 */
import { InvalidHookError } from '../errors.ts';
import { warn } from '../runtime/warnings.ts';
import { getHookBus, type HookBus, type HookRegistration } from './bus.ts';
import { type CanonicalOf, eventSpec, type HookEventName, type HookName, resolveEventName } from './catalog.ts';
import type { HandlerEntry, HookPolicy, HookSource, PolicyFor } from './handler.ts';
import { type HookHandler, type HookMethods, Hooks, type HooksClass, type MaybePromise, isHooksClass } from './hooks-class.ts';
import { type AnyDefinedEvent, type DefinedDecisionEvent, type DefinedHandler, isDefinedEvent } from './user-events.ts';

/** Name and description of a class hook. */
export interface HookMeta {
  /** Registry name; a second registration under the same name replaces the first. */
  readonly name: string;
  readonly description?: string;
  /** Delivery policy for every method of the class. */
  readonly policy?: HookPolicy;
  /**
   * User-defined events (`defineEvent()`) the class has methods for: their names pass the
   * compile-time check of method names. The methods are found by name either way.
   */
  readonly events?: readonly AnyDefinedEvent[];
}

/** The method names of the user-defined events a {@link HookMeta} lists. */
export type DefinedEventNames<M> = M extends { readonly events: readonly (infer D)[] } ? (D extends { readonly name: infer N extends string } ? N : never) : never;

type IsUpper<C extends string> = C extends Uppercase<C> ? (C extends Lowercase<C> ? false : true) : false;

/** Maps each `on*` member of a hooks class to `unknown` when it is a hook event and to an error text otherwise. */
export type HookMethodCheck<C extends HooksClass, Defined extends string = never> = {
  [K in keyof InstanceType<C>]: K extends `on${infer F}${string}`
    ? IsUpper<F> extends true
      ? K extends keyof HookMethods | keyof Hooks | Defined
        ? unknown
        : `'${K & string}' is not a hook event or alias`
      : unknown
    : unknown;
};

/** `unknown` for a valid hooks class; `never` (a compile error at the call) when a method name is not an event. */
export type ValidHooksClass<C extends HooksClass, Defined extends string = never> = InstanceType<C> extends HookMethodCheck<C, Defined> ? unknown : never;

/**
 * What `hooks(meta)` returns: a class decorator, which may also be applied to a factory
 * returning the class (Inspect's factory form); either way it returns the class.
 */
export interface HooksDecorator<Defined extends string = never> {
  <C extends HooksClass>(cls: C & ValidHooksClass<C, Defined>, context?: ClassDecoratorContext): C;
  <C extends HooksClass>(factory: () => C): C;
}

/** A factory that returns a hooks class (or a module whose default export is one), maybe asynchronously. */
export type HooksFactory = () => MaybePromise<HooksClass | { readonly default: HooksClass }>;

/** The function a registration returns; calling it removes what was registered (later calls do nothing). */
export type Unregister = () => void;

/** The package whose registry module is being loaded (namespaces its hook names). */
let loadingPackage: string | undefined;

/** Runs `load` with registrations namespaced under a plugin package. */
export async function withPackageNamespace<T>(packageName: string, load: () => Promise<T>): Promise<T> {
  const previous = loadingPackage;
  loadingPackage = packageName;
  try {
    return await load();
  } finally {
    loadingPackage = previous;
  }
}

/** The plugin package whose registry module is loading now, if any. */
export function currentPackageNamespace(): string | undefined {
  return loadingPackage;
}

function qualifiedName(name: string): string {
  return loadingPackage === undefined ? name : `${loadingPackage}/${name}`;
}

function makeEntry(
  bus: HookBus,
  event: HookEventName,
  call: (payload: unknown) => unknown,
  hookName: string,
  label: string,
  source: HookSource,
  owner: Pick<Hooks, 'enabled'> | undefined,
  policy: HookPolicy | undefined,
  filter?: (payload: unknown) => boolean,
): HandlerEntry {
  const capability = eventSpec(event).capability;
  if (policy?.onError === 'block' && capability !== 'decide') {
    throw new InvalidHookError(`Hook '${hookName}': onError 'block' is only allowed on decide events, not ${event}.`);
  }
  const entry: HandlerEntry = {
    event,
    capability,
    call,
    hookName,
    label,
    source,
    owner,
    onError: policy?.onError ?? 'warn',
    timeoutMs: policy?.timeoutMs,
    filter,
  };
  if (policy?.background !== true) return entry;
  if (capability !== 'observe') {
    throw new InvalidHookError(`Hook '${hookName}': background delivery is only allowed on observe events, not ${event} (${capability}).`);
  }
  return bus.backgroundEntry(entry, policy.queueCapacity);
}

/** Every `on*` method of a hooks instance mapped to its event, in declaration order. */
function eventMethods(instance: Hooks): [string, HookEventName][] {
  const found: [string, HookEventName][] = [];
  const seen = new Set<string>();
  for (let proto: object | null = Object.getPrototypeOf(instance) as object | null; proto !== null && proto !== Hooks.prototype && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (seen.has(key) || !/^on[A-Z]/.test(key)) continue;
      seen.add(key);
      if (typeof (instance as unknown as Record<string, unknown>)[key] !== 'function') continue;
      const event = resolveEventName(key);
      if (event === undefined) {
        warn(`Hook class '${instance.constructor.name}' has a method '${key}' that is not a hook event or alias; it will never be called.`, 'hooks');
        continue;
      }
      found.push([key, event]);
    }
  }
  return found;
}

/** Builds the registration of a hooks instance (also used for plugin and scoped hooks). */
export function registrationFor(
  bus: HookBus,
  instance: Hooks,
  meta: { name: string; description?: string | undefined; policy?: HookPolicy | undefined },
  source: HookSource,
  packageName: string | undefined,
  filter?: (payload: unknown) => boolean,
): HookRegistration {
  // Warnings name the registration (`package/faulty`), which is what users configure and grep for.
  const label = meta.name;
  const entries = eventMethods(instance).map(([method, event]) => {
    const fn = (instance as unknown as Record<string, (payload: unknown) => unknown>)[method]!;
    return makeEntry(bus, event, fn.bind(instance), meta.name, label, source, instance, meta.policy, filter);
  });
  return { name: meta.name, description: meta.description, source, packageName, hook: instance, entries };
}

function instantiateCheck(cls: unknown): asserts cls is HooksClass {
  if (!isHooksClass(cls)) {
    const got = typeof cls === 'function' ? `class ${cls.name || '(anonymous)'}` : typeof cls;
    throw new InvalidHookError(`Hook must be a subclass of Hooks, got ${got}. Extend Hooks from 'hookline'.`);
  }
}

function instantiate(cls: unknown): Hooks {
  instantiateCheck(cls);
  return new cls();
}

/** The one class-registration path: creates the instance and registers it under its (namespaced) name. */
function registerClass(bus: HookBus, meta: HookMeta, cls: unknown): { readonly instance: Hooks; readonly registration: HookRegistration } {
  const instance = instantiate(cls);
  const name = qualifiedName(meta.name);
  const source: HookSource = loadingPackage === undefined ? 'class' : 'plugin';
  const registration = registrationFor(bus, instance, { ...meta, name }, source, loadingPackage);
  bus.register(registration);
  return { instance, registration };
}

function registerLazy(bus: HookBus, meta: HookMeta, produced: PromiseLike<unknown>): Promise<HooksClass> {
  const name = qualifiedName(meta.name);
  const packageName = loadingPackage;
  const source: HookSource = packageName === undefined ? 'class' : 'plugin';
  // Settles once; start-up awaits it. The rejection is handled here so that a failing factory
  // is reported by initHooks(), not as an unhandled rejection.
  const cls = Promise.resolve(produced).then((value) => {
    const target = isHooksClass(value) ? value : (value as { default?: unknown } | null)?.default;
    instantiateCheck(target);
    return target;
  });
  cls.catch(() => undefined);
  const pending: HookRegistration = {
    name,
    description: meta.description,
    source,
    packageName,
    hook: undefined,
    entries: [],
    resolve: async () => registrationFor(bus, instantiate(await cls), { ...meta, name }, source, packageName),
  };
  bus.register(pending);
  return cls;
}

function register(bus: HookBus, meta: HookMeta, target: unknown): unknown {
  if (isHooksClass(target) || isClassSyntax(target)) {
    registerClass(bus, meta, target); // a class that does not extend Hooks throws here
    return target;
  }
  if (typeof target !== 'function') throw new InvalidHookError(`hooks(): expected a Hooks subclass or a factory function, got ${typeof target}.`);
  // Factory form: called now, as Inspect's decorator does. A class is registered at once; a
  // promise (an async factory, `() => import(…)`) is registered when start-up resolves it.
  const produced: unknown = (target as () => unknown)();
  if (isThenable(produced)) return registerLazy(bus, meta, produced);
  registerClass(bus, meta, produced);
  return produced;
}

/**
 * Registers a `Hooks` subclass under a name and returns the class, as Inspect's `@hooks`
 * decorator does. Use it as a class decorator (`@hooks({ name })`), as a plain call
 * (`hooks({ name }, MyHooks)`), or with a factory that returns the class (Inspect's factory
 * form: called at once). An async factory (`hooks({ name }, () => import('./impl.js'))`, whose
 * module's default export is the class) keeps the import off module load: it is registered when
 * start-up (`initHooks()`) resolves it, and `hooks()` returns a promise of the class.
 *
 * Registering the same name again replaces the earlier hook in its original position. Undo a
 * registration with {@link unregisterHooks}.
 */
export function hooks<const M extends HookMeta>(meta: M): HooksDecorator<DefinedEventNames<M>>;
export function hooks<C extends HooksClass, const M extends HookMeta = HookMeta>(meta: M, cls: C & ValidHooksClass<C, DefinedEventNames<M>>): C;
export function hooks<C extends HooksClass>(meta: HookMeta, factory: () => C): C;
export function hooks<C extends HooksClass>(meta: HookMeta, factory: () => PromiseLike<C | { readonly default: C }>): Promise<C>;
export function hooks(meta: HookMeta, target?: unknown): unknown {
  const bus = getHookBus();
  if (target === undefined) return (decorated: unknown) => register(bus, meta, decorated);
  return register(bus, meta, target);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

function isClassSyntax(value: unknown): boolean {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

/** A registered hook object and the function that removes it (only while it is still the one registered). */
export interface RegisteredHooks<T extends Hooks> {
  readonly hook: T;
  readonly unregister: Unregister;
}

/**
 * Registers a `Hooks` subclass like `hooks(meta, cls)` and returns the instance it created, for
 * callers that keep talking to their hook (integrations, test recorders).
 */
export function registerHooks<T extends Hooks>(meta: HookMeta, cls: HooksClass<T>): RegisteredHooks<T> {
  const bus = getHookBus();
  const { instance, registration } = registerClass(bus, meta, cls);
  return {
    hook: instance as T,
    unregister: () => {
      if (bus.get(registration.name) === registration) bus.unregister(registration);
    },
  };
}

/** Removes a class hook by its registry name. Returns whether it was registered. */
export function unregisterHooks(name: string): boolean {
  return getHookBus().unregister(name);
}

/** Options of a function hook. */
export type OnOptions<E extends HookEventName> = PolicyFor<E> & {
  /** Registry name (default: generated from the event and the function name). */
  readonly name?: string;
  readonly description?: string;
};

/** Options of a function hook on a user-defined event: the policy its capability allows, a name, a description. */
export type DefinedOnOptions<D extends AnyDefinedEvent> = (D extends DefinedDecisionEvent<object>
  ? Omit<HookPolicy, 'background' | 'queueCapacity'>
  : Omit<HookPolicy, 'onError'> & { readonly onError?: 'warn' | 'throw' }) & {
  readonly name?: string;
  readonly description?: string;
};

let functionCounter = 0;

/**
 * Registers a function for one event (or alias) and returns the function that unregisters it.
 *
 * @example
 * ```ts
 * const off = on('onSampleEnd', ({ sample }) => console.log(sample.id));
 * off();
 * ```
 */
export function on<N extends HookName>(event: N, handler: NoInfer<HookHandler<N>>, options?: NoInfer<OnOptions<CanonicalOf<N>>>): Unregister;
export function on<D extends AnyDefinedEvent>(event: D, handler: NoInfer<DefinedHandler<D>>, options?: DefinedOnOptions<D>): Unregister;
export function on(target: string | AnyDefinedEvent, handler: unknown, options?: OnOptions<HookEventName>): Unregister {
  const event = typeof target === 'string' ? target : String((target as { name?: unknown } | null)?.name);
  const canonical = typeof target === 'string' ? resolveEventName(target) : isDefinedEvent(target) ? (target.name as HookEventName) : undefined;
  if (canonical === undefined) {
    throw new InvalidHookError(`on(): '${event}' is not a hook event or alias. See \`hookline hooks events\` for the list.`);
  }
  if (typeof handler !== 'function') throw new InvalidHookError(`on('${event}'): the handler must be a function.`);
  const bus = getHookBus();
  const name = qualifiedName(options?.name ?? `${canonical}:${handler.name || 'fn'}#${++functionCounter}`);
  const label = options?.name === undefined ? handler.name || `${canonical} handler` : name;
  const policy = options as HookPolicy | undefined;
  const entry = makeEntry(bus, canonical, handler as (payload: unknown) => unknown, name, label, 'function', undefined, policy);
  return bus.register({
    name,
    description: options?.description,
    source: 'function',
    packageName: loadingPackage,
    hook: undefined,
    entries: [entry],
  });
}

/** Builds a handler entry for sources outside this module (command hooks, scoped hooks). */
export function createHandlerEntry(
  event: HookEventName,
  call: (payload: unknown) => unknown,
  options: { hookName: string; label?: string; source: HookSource; owner?: Pick<Hooks, 'enabled'>; policy?: HookPolicy; filter?: (payload: unknown) => boolean },
): HandlerEntry {
  return makeEntry(getHookBus(), event, call, options.hookName, options.label ?? options.hookName, options.source, options.owner, options.policy, options.filter);
}
