/**
 * The registry of user-defined events (`defineEvent()`): events a user's own component declares
 * at run time, next to the fixed catalog. The catalog's lookups (`resolveEventName`,
 * `eventForWireName`, `eventSpec`) consult it after the catalog, so every hook source finds a
 * defined event by its name or wire name. Inside the hook system a defined event's name travels
 * where a catalog name does (typed as one); only this registry knows it is not in the catalog.
 * @module
 */
import type { EventSpec, HookEventName } from './catalog.ts';

/** The component kinds whose scoped hooks may receive a defined event. */
export type DefinedEventScope = 'agent' | 'model' | 'tool';

/** A defined event as the registry holds it: the catalog fields plus its name and scope. */
export interface DefinedEventSpec extends EventSpec {
  /** The in-process name (`onReviewDone`): the method name of class hooks. */
  readonly name: string;
  /** The component kinds whose instance and component hooks receive it. */
  readonly scope: readonly DefinedEventScope[];
}

const byName = new Map<string, DefinedEventSpec>();
const byWire = new Map<string, DefinedEventSpec>();

/** Adds a defined event (the caller has checked it against the catalog and earlier definitions). */
export function addDefinedEvent(spec: DefinedEventSpec): void {
  byName.set(spec.name, spec);
  byWire.set(spec.wire, spec);
}

/** The defined event of that in-process name, if any. */
export function definedEvent(name: string): DefinedEventSpec | undefined {
  return byName.get(name);
}

/** The in-process name of the defined event with that wire name, if any. */
export function definedEventForWire(wire: string): HookEventName | undefined {
  return byWire.get(wire)?.name as HookEventName | undefined;
}

/** Every defined event, in definition order (for `hookline hooks events` and the hook-set record). */
export function definedEvents(): readonly DefinedEventSpec[] {
  return [...byName.values()];
}
