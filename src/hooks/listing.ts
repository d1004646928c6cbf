/**
 * A printable description of registered hooks (for `hookline hooks list`).
 * @module
 */
import type { HookRegistration } from './bus.ts';
import type { HookEventName } from './catalog.ts';
import type { HookSource } from './handler.ts';

/** One row of the hook listing. */
export interface HookListing {
  readonly name: string;
  readonly description: string | undefined;
  readonly source: HookSource;
  readonly packageName: string | undefined;
  readonly enabled: boolean;
  readonly events: readonly HookEventName[];
  readonly details: readonly string[];
}

/** Describes registrations in order: source, enabled state and events implemented. */
export function describeHooks(registrations: readonly HookRegistration[]): HookListing[] {
  return registrations.map((r) => {
    let enabled = true;
    try {
      enabled = r.hook === undefined ? true : r.hook.enabled();
    } catch {
      enabled = false;
    }
    return {
      name: r.name,
      description: r.description,
      source: r.source,
      packageName: r.packageName,
      enabled,
      events: [...new Set(r.entries.map((e) => e.event))],
      details: r.details ?? (r.resolve === undefined ? [] : ['(lazy: resolved at start-up)']),
    };
  });
}
