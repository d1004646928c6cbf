/**
 * Component scope: hooks for every instance of a kind (`component('tool')`), registered on the
 * process-wide bus with source `component`, so they run after global hooks and before instance
 * hooks on the same emission.
 * @module
 */
import { InvalidHookError } from '../../../errors.ts';
import { getHookBus, type HookRegistration } from '../../bus.ts';
import { type CanonicalOf, eventSpec, type HookEventName } from '../../catalog.ts';
import type { HookPolicy } from '../../handler.ts';
import { type HookHandler, type HooksClass, isHooksClass } from '../../hooks-class.ts';
import { currentPackageNamespace, type HooksDecorator, type ValidHooksClass } from '../../register.ts';
import { functionRow, inputRows, type RowOptions, type ScopedRow } from './entries.ts';
import type { DefinedOnOptions } from '../../register.ts';
import type { AnyDefinedEvent, DefinedHandler } from '../../user-events.ts';
import {
  type ComponentKind,
  definedEventName,
  isComponentKind,
  type ScopedHookName,
  type ScopedHookOptions,
  type ScopedHooksInput,
} from './kinds.ts';

/** Name, description and policy of a component-scope hook class or handler map. */
export interface ComponentHooksMeta {
  /** Registry name within the kind (shown as `<kind>:<name>`); registering it again replaces it. */
  readonly name: string;
  readonly description?: string;
  /** Delivery policy of every handler (`timeoutMs`, `onError`; no background delivery). */
  readonly policy?: Omit<HookPolicy, 'background' | 'queueCapacity'>;
}

/** Options of {@link ComponentHooks.on}: the handler's policy, plus an optional name and description. */
export type ComponentHookOptions<E extends HookEventName> = ScopedHookOptions<E> & {
  /** Registry name within the kind (default: generated from the event and the function name). */
  readonly name?: string;
  readonly description?: string;
};

const SCOPE_TEXT: Readonly<Record<ComponentKind, string>> = {
  agent: 'every agent, with the tool calls and model calls of its sessions',
  model: 'every model',
  tool: 'every tool',
};

function inAgentToolCall(payload: unknown): boolean {
  return (payload as { readonly agent?: unknown }).agent !== undefined;
}

function inAgentSession(payload: unknown): boolean {
  return (payload as { readonly sessionId?: unknown }).sessionId !== undefined;
}

/**
 * Agent-kind handlers of tool and model events only see calls made in an agent session, as the
 * instance hooks of every agent would. Model and tool events only ever come from models and
 * tools, so those kinds need no filter.
 */
function filterFor(kind: ComponentKind): RowOptions['filterFor'] {
  if (kind !== 'agent') return undefined;
  return (event) => {
    const level = eventSpec(event).level;
    if (level === 'tool') return inAgentToolCall;
    if (level === 'model') return inAgentSession;
    return undefined;
  };
}

let counter = 0;

/**
 * The component-scope hooks of one kind, from {@link component}. Handlers receive the kind's
 * events (see `SCOPED_EVENTS`) from every instance, present and future.
 */
export class ComponentHooks<K extends ComponentKind> {
  /** @internal Use {@link component}. */
  constructor(readonly kind: K) {}

  /**
   * Registers a handler for one event (canonical name or promptulate alias) of every instance of
   * the kind and returns the function that unregisters it.
   *
   * @example
   * ```ts
   * const off = component('tool').on('onToolStart', ({ toolName, toolInput }) => console.log(toolName, toolInput));
   * ```
   */
  on<N extends ScopedHookName<K>>(event: N, handler: NoInfer<HookHandler<N>>, options?: NoInfer<ComponentHookOptions<CanonicalOf<N>>>): () => void;
  on<D extends AnyDefinedEvent>(event: D, handler: NoInfer<DefinedHandler<D>>, options?: DefinedOnOptions<D>): () => void;
  on(target: string | AnyDefinedEvent, handler: unknown, options?: ComponentHookOptions<HookEventName>): () => void {
    const event = definedEventName(target);
    const fnName = typeof handler === 'function' && handler.name !== '' ? handler.name : 'fn';
    const name = options?.name ?? `${event}:${fnName}#${++counter}`;
    const row = functionRow(event, handler, this.rowOptions(name, `component('${this.kind}').on()`, options));
    return this.register(name, options?.description, [row]);
  }

  /**
   * Registers a `Hooks` instance (its methods for events this kind emits) or a handler map for
   * every instance of the kind; returns the function that unregisters it.
   */
  use(hooks: ScopedHooksInput<K>, meta: ComponentHooksMeta): () => void {
    checkMeta(meta, `component('${this.kind}').use()`);
    const rows = inputRows(hooks, this.rowOptions(meta.name, `component('${this.kind}').use()`, meta.policy));
    return this.register(meta.name, meta.description, rows);
  }

  /**
   * Unregisters the registration named `name` of this kind (from `use()`, `on()` with a name,
   * or {@link componentHooks}); returns whether it existed.
   */
  unregister(name: string): boolean {
    const bus = getHookBus();
    const registration = bus.get(this.fullName(name));
    return registration?.source === 'component' ? bus.unregister(registration) : false;
  }

  private fullName(name: string): string {
    const pkg = currentPackageNamespace();
    return pkg === undefined ? `${this.kind}:${name}` : `${pkg}/${this.kind}:${name}`;
  }

  private rowOptions(name: string, where: string, policy: HookPolicy | undefined): RowOptions {
    return {
      kind: this.kind,
      source: 'component',
      hookName: this.fullName(name),
      where,
      owner: `component('${this.kind}')`,
      policy,
      filterFor: filterFor(this.kind),
    };
  }

  private register(name: string, description: string | undefined, rows: readonly ScopedRow[]): () => void {
    const registration: HookRegistration = {
      name: this.fullName(name),
      description,
      source: 'component',
      packageName: currentPackageNamespace(),
      // No hook object: overrideApiKey stays a process-wide (hooks()) matter.
      hook: undefined,
      entries: rows.map((row) => row.entry),
      details: [`component kind: ${this.kind} (${SCOPE_TEXT[this.kind]})`],
    };
    return getHookBus().register(registration);
  }
}

function checkMeta(meta: ComponentHooksMeta | undefined, where: string): void {
  if (meta === null || typeof meta !== 'object' || typeof meta.name !== 'string' || meta.name === '') {
    throw new InvalidHookError(`${where}: a name is required, e.g. { name: 'tool-printer' }.`);
  }
}

/**
 * Returns the component-scope hooks of a kind: `component('agent')`, `component('model')` or
 * `component('tool')`. Their handlers run for every instance of the kind, after global hooks
 * and before instance hooks.
 *
 * @example
 * ```ts
 * const off = component('tool').on('onToolResult', ({ toolName, toolResponse }) => console.log(`${toolName} returned ${String(toolResponse)}`));
 * off();
 * ```
 */
export function component<K extends ComponentKind>(kind: K): ComponentHooks<K> {
  if (!isComponentKind(kind)) {
    const hint = (kind as unknown) === 'llm' ? " (promptulate's 'llm' is 'model' here)" : '';
    throw new InvalidHookError(`component(${JSON.stringify(kind)}): unknown component kind${hint}. Use 'agent', 'model' or 'tool'.`);
  }
  return new ComponentHooks(kind);
}

/**
 * Registers a `Hooks` subclass for every instance of a kind; one instance is created. Use it as
 * a class decorator (`@componentHooks('tool', { name: 'printer' })`) or as a plain call
 * (`componentHooks('tool', { name: 'printer' }, Printer)`), like `hooks()` for global hooks.
 * Unregister it with `component(kind).unregister(name)`.
 *
 * @example
 * ```ts
 * @componentHooks('tool', { name: 'tool-printer' })
 * class ToolPrinter extends Hooks {
 *   override onToolStart({ toolName }: PreToolUse) { console.log(`${toolName} started`); }
 * }
 * ```
 */
export function componentHooks(kind: ComponentKind, meta: ComponentHooksMeta): HooksDecorator;
export function componentHooks<C extends HooksClass>(kind: ComponentKind, meta: ComponentHooksMeta, cls: C & ValidHooksClass<C>): C;
export function componentHooks(kind: ComponentKind, meta: ComponentHooksMeta, cls?: unknown): unknown {
  const scope = component(kind);
  const where = `componentHooks('${kind}')`;
  checkMeta(meta, where);
  const register = (target: unknown): unknown => {
    if (!isHooksClass(target)) {
      const got = typeof target === 'function' ? `class ${target.name || '(anonymous)'}` : typeof target;
      throw new InvalidHookError(`${where}: expected a subclass of Hooks, got ${got}. Extend Hooks from 'hookline'.`);
    }
    scope.use(new target(), meta);
    return target;
  };
  return cls === undefined ? register : register(cls);
}
