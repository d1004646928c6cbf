/**
 * Which events each component kind emits, and the types of scoped hooks (handler maps, inputs,
 * options) derived from that table.
 * @module
 */
import { InvalidHookError } from '../../../errors.ts';
import { type CanonicalOf, catalog, type HookEventName, type HookName, resolveEventName } from '../../catalog.ts';
import { definedEvent } from '../../defined-events.ts';
import type { PolicyFor } from '../../handler.ts';
import type { HookHandler, Hooks } from '../../hooks-class.ts';
import type { ComponentRef } from '../../payloads/model.ts';

/** The kinds of component that take scoped hooks: `agent`, `model` and `tool`. */
export type ComponentKind = ComponentRef['kind'];

/**
 * The events scoped hooks of each kind receive, in catalog order.
 *
 * - `agent`: its own events (`onAgentCreate`, `onSessionStart`, `onSessionEnd`,
 *   `onUserPromptSubmit`, `onStop`, `onAgentResult`, `onStepStart`, `onStepEnd`), plus
 *   `onPreToolUse` / `onPostToolUse` / `onStepAction` / `onStepObservation` of the tool calls in
 *   its sessions and the call events of the model requests in its sessions
 *   (`onBeforeModelGenerate`, `onAfterModelGenerate`, `onModelRetry`, `onModelUsage`,
 *   `onModelCacheUsage`). Not `onModelCreate` nor `onToolCreate`: models and tools are created
 *   outside the agent.
 * - `model`: its own events, `onModelCreate` and the call events, wherever it is called.
 * - `tool`: its own events, `onToolCreate`, `onPreToolUse`, `onPostToolUse`, `onStepAction` and
 *   `onStepObservation`, wherever it is
 *   called (agent sessions and eval samples).
 */
export const SCOPED_EVENTS = Object.freeze({
  agent: [
    'onBeforeModelGenerate', 'onAfterModelGenerate', 'onModelRetry', 'onModelUsage', 'onModelCacheUsage',
    'onAgentCreate', 'onSessionStart', 'onSessionEnd', 'onUserPromptSubmit', 'onStop', 'onAgentResult', 'onStepStart', 'onStepEnd', 'onPreToolUse', 'onPostToolUse',
    'onPostToolUseFailure', 'onPermissionRequest', 'onNotification', 'onStepAction', 'onStepObservation', 'onPreCompact', 'onPostCompact',
    'onSubagentStart', 'onSubagentStop', 'onInterrupt',
  ],
  model: ['onModelCreate', 'onBeforeModelGenerate', 'onAfterModelGenerate', 'onModelRetry', 'onModelUsage', 'onModelCacheUsage'],
  tool: ['onToolCreate', 'onPreToolUse', 'onPostToolUse', 'onPostToolUseFailure', 'onPermissionRequest', 'onStepAction', 'onStepObservation'],
} as const) satisfies Readonly<Record<ComponentKind, readonly HookEventName[]>>;

/** Every component kind, in a fixed order. */
export const COMPONENT_KINDS: readonly ComponentKind[] = Object.freeze(['agent', 'model', 'tool'] as const);

/** The canonical events scoped hooks of kind `K` receive. */
export type ScopedEventName<K extends ComponentKind> = (typeof SCOPED_EVENTS)[K][number];

/** The names (canonical or alias) a scoped hook of kind `K` may use. */
export type ScopedHookName<K extends ComponentKind> = {
  [N in HookName]: CanonicalOf<N> extends ScopedEventName<K> ? N : never;
}[HookName];

/**
 * A map of event (canonical or promptulate alias) → handler, for the events kind `K` emits.
 *
 * @example
 * ```ts
 * const map: ScopedHookMap<'tool'> = { onToolStart: (p) => console.log(p.toolInput) };
 * ```
 */
export type ScopedHookMap<K extends ComponentKind = ComponentKind> = {
  readonly [N in ScopedHookName<K>]?: HookHandler<N> | undefined;
};

/** What a `hooks` option accepts: a `Hooks` instance, a handler map, or a list of them (attached in order). */
export type ScopedHooksInput<K extends ComponentKind = ComponentKind> = Hooks | ScopedHookMap<K> | readonly (Hooks | ScopedHookMap<K>)[];

/**
 * Delivery policy of one scoped handler: `timeoutMs` and `onError` as for `on()`. Background
 * delivery is not offered: a process-wide queue would keep instance handlers alive.
 */
export type ScopedHookOptions<E extends HookEventName> = Omit<PolicyFor<E>, 'background' | 'queueCapacity'>;

const eventSets: Readonly<Record<ComponentKind, ReadonlySet<HookEventName>>> = {
  agent: new Set(SCOPED_EVENTS.agent),
  model: new Set(SCOPED_EVENTS.model),
  tool: new Set(SCOPED_EVENTS.tool),
};

/** Tells whether scoped hooks of `kind` receive `event` (a user-defined event: when its scope names the kind). */
export function kindReceives(kind: ComponentKind, event: HookEventName): boolean {
  return eventSets[kind].has(event) || (definedEvent(event)?.scope.includes(kind) ?? false);
}

/** Tells whether a value is a component kind. */
export function isComponentKind(value: unknown): value is ComponentKind {
  return value === 'agent' || value === 'model' || value === 'tool';
}

function article(kind: ComponentKind): string {
  return kind === 'agent' ? 'an agent' : `a ${kind}`;
}

/** Lists the names a kind's hooks may use, aliases in parentheses (for error messages). */
export function describeKindEvents(kind: ComponentKind): string {
  return SCOPED_EVENTS[kind]
    .map((event) => {
      const aliases = catalog[event].aliases;
      return aliases.length === 0 ? event : `${event} (${aliases.join(', ')})`;
    })
    .join(', ');
}

/**
 * Returns the canonical event of a name a scoped hook of `kind` registers under. Throws an
 * InvalidHookError naming `where` when the name is unknown or the kind never emits the event.
 */
export function resolveScopedEvent(kind: ComponentKind, name: string, where: string): HookEventName {
  const event = resolveEventName(name);
  if (event === undefined) {
    throw new InvalidHookError(`${where}: '${name}' is not a hook event or alias. See \`hookline hooks events\` for the list.`);
  }
  if (kindReceives(kind, event)) return event;
  const owners = COMPONENT_KINDS.filter((k) => kindReceives(k, event)).map(article);
  const shown = name === event ? `'${name}'` : `'${name}' (${event})`;
  const fix = owners.length === 0 ? 'Register it with on() or hooks() instead.' : `Attach it to ${owners.join(' or ')}, or register it with on() for every emission.`;
  throw new InvalidHookError(`${where}: ${article(kind)}'s hooks never receive ${shown}. They receive ${describeKindEvents(kind)}. ${fix}`);
}

/** The name a scoped hook registers under: the string itself, or a user-defined event's name. */
export function definedEventName(event: string | { readonly name: string }): string {
  return typeof event === 'string' ? event : String((event as { name?: unknown } | null)?.name);
}
