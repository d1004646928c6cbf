/**
 * Joins command hooks to the hook bus: one registration per event that has active handlers,
 * named `command:<Wire>`, whose single entry selects, runs and merges that event's handlers.
 * An emission that selects no handler returns synchronously and spawns nothing.
 * @module
 */
import { getHookBus } from '../../bus.ts';
import { eventSpec, type HookEventName } from '../../catalog.ts';
import { createHandlerEntry } from '../../register.ts';
import { type CommandHook, executeCommandHooks, selectCommandHooks } from './execute.ts';
import { describeCommandHook } from './format.ts';

/** Registration name of an event's command hooks. */
export function commandRegistrationName(event: HookEventName): string {
  return `command:${eventSpec(event).wire}`;
}

/**
 * Registers the active handlers on the process-wide bus (configured order kept within each
 * event) and returns the function that removes those registrations again.
 */
export function registerCommandHooks(hooks: readonly CommandHook[]): () => void {
  const byEvent = new Map<HookEventName, CommandHook[]>();
  for (const hook of hooks) {
    if (!hook.active) continue;
    const list = byEvent.get(hook.event);
    if (list === undefined) byEvent.set(hook.event, [hook]);
    else list.push(hook);
  }
  const bus = getHookBus();
  const removals: (() => void)[] = [];
  for (const [event, list] of byEvent) {
    const spec = eventSpec(event);
    const decides = spec.capability === 'decide';
    const call = (payload: unknown): unknown => {
      const selected = selectCommandHooks(event, payload, list);
      if (selected.length === 0) return undefined;
      return executeCommandHooks(event, payload, selected).then((run) => (decides ? run.decision : undefined));
    };
    const name = commandRegistrationName(event);
    // Each command has its own timeout (hooks.json `timeout`), enforced by the runner.
    const entry = createHandlerEntry(event, call, { hookName: name, label: `command hooks (${spec.wire})`, source: 'command', policy: { timeoutMs: 0 } });
    removals.push(
      bus.register({
        name,
        description: `${list.length} command hook(s) for ${spec.wire} from hooks.json`,
        source: 'command',
        hook: undefined,
        packageName: undefined,
        entries: [entry],
        details: list.map((h) => describeCommandHook(h)),
      }),
    );
  }
  return () => {
    for (const remove of removals) remove();
  };
}
