/**
 * The JSONL audit log: every hook event, in order, one JSON line each, in the shape command
 * hooks receive, secrets redacted and oversized payloads capped.
 *
 * - {@link auditLogHooks}: a `Hooks` class bound to options, to register yourself.
 * - {@link enableAuditLog}: registers it as `hookline/audit-log` and returns a handle.
 * - `HOOKLINE_AUDIT_LOG=1` (or a folder, or a `.jsonl` file) enables it at start-up.
 * @module
 */
import { ConfigError } from '../../errors.ts';
import { eventForWireName, type HookEventName, resolveEventName } from '../../hooks/catalog.ts';
import { registerHooks } from '../../hooks/register.ts';
import { AuditLogHooks, type AuditLogOptions } from './hooks.ts';
import { BUILT_IN_HOOKS } from '../../hooks/built-in-hooks.ts';

export { AUDITED_EVENTS, AuditLogHooks, type AuditLogOptions } from './hooks.ts';
export { DEFAULT_MAX_LINE_BYTES, formatAuditLine, type TruncationMarker } from './line.ts';
export { REDACTED, redactValue, SECRET_KEY } from './redact.ts';

/** Registry name of the built-in audit log. */
export const AUDIT_HOOK_NAME = BUILT_IN_HOOKS.auditLog.name;

/** Resolves `exclude` entries (method names, aliases or wire names) to events; throws on an unknown name. */
function excludedEvents(exclude: readonly string[] | undefined): HookEventName[] {
  return (exclude ?? []).map((name) => {
    const event = resolveEventName(name) ?? eventForWireName(name);
    if (event === undefined) {
      throw new ConfigError(`The audit log's exclude list names '${name}', which is not an event. Use wire names such as 'SampleEvent' (see \`hookline hooks events\`).`);
    }
    return event;
  });
}

/** Returns a `Hooks` class whose instances use `options`; register it with `hooks({ name }, auditLogHooks(options))`. */
export function auditLogHooks(options: AuditLogOptions = {}): new () => AuditLogHooks {
  const Bound = class BoundAuditLogHooks extends AuditLogHooks {
    constructor() {
      super(options);
    }
  };
  // A method that is not a function is not subscribed (registration skips it).
  for (const event of excludedEvents(options.exclude)) Object.defineProperty(Bound.prototype, event, { value: undefined, writable: true, configurable: true });
  return Bound;
}

/** What {@link enableAuditLog} set up. */
export interface AuditLogHandle {
  /** The registered hook instance. */
  readonly hooks: AuditLogHooks;
  /** Writes every pending line now. */
  flush(): void;
  /** Removes the hook from the bus and closes its files. */
  unregister(): void;
}

/** Registers the audit log on the process-wide bus (as `hookline/audit-log` unless named). */
export function enableAuditLog(options: AuditLogOptions & { readonly name?: string } = {}): AuditLogHandle {
  const name = options.name ?? AUDIT_HOOK_NAME;
  const { hook: instance, unregister } = registerHooks({ name, description: 'JSONL audit log of every hook event' }, auditLogHooks(options));
  return {
    hooks: instance,
    flush: () => instance.flush(),
    unregister: () => {
      unregister();
      instance.dispose();
    },
  };
}
