/**
 * The hooks hookline ships, by registered name, with how each is turned on. Required-hook checks
 * use it to tell a user who names one of them which variable enables it (not which package to
 * install); the integrations take their registered names from here.
 * @module
 */

/** A hook that ships with hookline: its registered name and how a user turns it on. */
export interface BuiltInHook {
  /** The name it registers under, as used in `HOOKLINE_REQUIRED_HOOKS`. */
  readonly name: string;
  /** What turns it on, in the words a user types. */
  readonly enable: string;
}

/** Every built-in hook, keyed by a short id. */
export const BUILT_IN_HOOKS = {
  openTelemetry: { name: 'hookline/opentelemetry', enable: 'set HOOKLINE_OTEL=1 (your tracer provider) or HOOKLINE_OTEL=otlp' },
  auditLog: { name: 'hookline/audit-log', enable: 'set HOOKLINE_AUDIT_LOG=1, a folder, or a .jsonl file' },
  telemetry: { name: 'env/telemetry', enable: 'set HOOKLINE_TELEMETRY=<module>:<export>' },
  apiKeyOverride: { name: 'env/api-key-override', enable: 'set HOOKLINE_API_KEY_OVERRIDE=<module>:<export>' },
} as const satisfies Record<string, BuiltInHook>;

/** The built-in hook registered under `name`, if there is one. */
export function builtInHook(name: string): BuiltInHook | undefined {
  return Object.values(BUILT_IN_HOOKS).find((hook) => hook.name === name);
}
