/**
 * What a hook handler may return.
 * @module
 */
import type { HookEventName, ResultOf } from './catalog.ts';

/** A value or a promise of it. */
export type MaybePromise<T> = T | Promise<T>;

/** What a handler of event `E` may return: its result type, nothing, or a promise of either. */
export type HandlerResult<E extends HookEventName> = MaybePromise<ResultOf<E> | void | undefined>;
