/**
 * The one handler shape every hook source is adapted to before the bus sees it.
 * @module
 */
import type { Capability, DecideEvent, HookEventName } from './catalog.ts';
import type { Hooks } from './hooks-class.ts';

/** Where a handler came from (shown by `hookline hooks list`). */
export type HookSource = 'class' | 'function' | 'plugin' | 'command' | 'component' | 'instance';

/** What happens when a handler throws (or times out). */
export type OnHookError = 'warn' | 'throw' | 'block';

/** Per-registration delivery policy. */
export interface HookPolicy {
  /**
   * A handler still running after this many milliseconds is abandoned, and its `onError` policy
   * applies. Default: 60 s, or `HOOKLINE_HOOK_TIMEOUT` (seconds) / `setDefaultHookTimeout()`;
   * `0` waits without limit.
   */
  readonly timeoutMs?: number | undefined;
  /**
   * `'warn'` (default): report and go on. `'throw'`: the error reaches the emitter.
   * `'block'` (decide events only): fail closed, as if the handler had blocked.
   */
  readonly onError?: OnHookError | undefined;
  /**
   * Deliver from a bounded background queue, in order, without blocking the emitter (observe
   * events only). `flush()` waits for delivery.
   */
  readonly background?: boolean | undefined;
  /** Capacity of the background queue (default 10,000 events). */
  readonly queueCapacity?: number | undefined;
}

/** Options of {@link HookPolicy} allowed for event `E`. */
export type PolicyFor<E extends HookEventName> = E extends DecideEvent
  ? Omit<HookPolicy, 'background' | 'queueCapacity'>
  : E extends 'onBeforeModelGenerate'
    ? Omit<HookPolicy, 'background' | 'queueCapacity' | 'onError'> & { readonly onError?: 'warn' | 'throw' }
    : Omit<HookPolicy, 'onError'> & { readonly onError?: 'warn' | 'throw' };

/** A handler as the bus stores it. */
export interface HandlerEntry {
  readonly event: HookEventName;
  readonly capability: Capability;
  /** Called with the payload; `this` is already bound. */
  readonly call: (payload: unknown) => unknown;
  /** The registration's name (registry name, or a generated one for functions). */
  readonly hookName: string;
  /** How warnings name it: the registered name, or an unnamed function's own name. */
  readonly label: string;
  readonly source: HookSource;
  /** The hook object whose `enabled()` gates delivery, if any. */
  readonly owner: Pick<Hooks, 'enabled'> | undefined;
  readonly onError: OnHookError;
  /** The registration's own deadline; `undefined` uses the process-wide default. */
  readonly timeoutMs: number | undefined;
  /** Narrows delivery to some payloads (component scope). */
  readonly filter: ((payload: unknown) => boolean) | undefined;
}
