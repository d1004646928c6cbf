/**
 * OpenTelemetry for hookline: spans for evals and agents from ordinary hooks.
 *
 * - {@link otelHooks}: a `Hooks` class bound to options, to register yourself with `hooks()`.
 * - {@link enableOpenTelemetry}: registers it as `hookline/opentelemetry`, optionally with a
 *   tracer provider that exports over OTLP/HTTP.
 * - `HOOKLINE_OTEL=1` / `HOOKLINE_OTEL=otlp` enable it at start-up (see `docs/integrations.md`).
 * @module
 */
import type { TracerProvider } from '@opentelemetry/api';
import { registerHooks } from '../../hooks/register.ts';
import { OpenTelemetryHooks, type OpenTelemetryOptions } from './hooks.ts';
import { loadOtlpProviderModule } from './load-provider.ts';
import type { OtlpProviderOptions, OwnedTracerProvider } from './provider-types.ts';
import { BUILT_IN_HOOKS } from '../../hooks/built-in-hooks.ts';

export { captureContentFromEnv, envFlag, OpenTelemetryHooks, type OpenTelemetryOptions } from './hooks.ts';
export type { OtlpProviderOptions, OtlpSpanExporter, OwnedTracerProvider } from './provider-types.ts';

/** Registry name of the built-in OpenTelemetry hooks. */
export const OTEL_HOOK_NAME = BUILT_IN_HOOKS.openTelemetry.name;

/**
 * Returns a `Hooks` class whose instances use `options`; register it with
 * `hooks({ name }, otelHooks(options))`.
 */
export function otelHooks(options: OpenTelemetryOptions = {}): new () => OpenTelemetryHooks {
  return class BoundOpenTelemetryHooks extends OpenTelemetryHooks {
    constructor() {
      super(options);
    }
  };
}

/** Options of {@link enableOpenTelemetry}. */
export interface EnableOpenTelemetryOptions extends OpenTelemetryOptions {
  /**
   * `'global'` (default): spans go to the globally registered provider (your SDK).
   * `'otlp'`: hookline creates a provider exporting over OTLP/HTTP (and registers it globally
   * when the slot is free). `'auto'`: the global provider when an SDK is registered, else OTLP.
   * Ignored when `tracerProvider` is given.
   */
  readonly exporter?: 'global' | 'otlp' | 'auto' | undefined;
  /** Settings of the OTLP provider. */
  readonly otlp?: OtlpProviderOptions | undefined;
  /** Registry name (default `hookline/opentelemetry`). */
  readonly name?: string | undefined;
}

/** What {@link enableOpenTelemetry} set up. */
export interface OpenTelemetryHandle {
  /** The registered hook instance. */
  readonly hooks: OpenTelemetryHooks;
  /** The provider spans go to. */
  readonly provider: TracerProvider;
  /** Flushes the provider. */
  flush(): Promise<void>;
  /** Ends spans left open, then shuts down a provider hookline created (flushes a global one). */
  shutdown(): Promise<void>;
  /** Removes the hooks from the bus. */
  unregister(): void;
}

/**
 * Registers the OpenTelemetry hooks on the process-wide bus and returns a handle. With
 * `exporter: 'otlp'` it first creates an OTLP/HTTP tracer provider (loaded on demand).
 */
export async function enableOpenTelemetry(options: EnableOpenTelemetryOptions = {}): Promise<OpenTelemetryHandle> {
  let provider = options.tracerProvider;
  let owned: OwnedTracerProvider | undefined;
  const exporter = options.exporter ?? 'global';
  if (provider === undefined && exporter !== 'global') {
    const { createOtlpTracerProvider } = await loadOtlpProviderModule();
    const created = createOtlpTracerProvider(options.otlp);
    if (exporter === 'otlp' || created.registered) {
      provider = created.provider;
      owned = created;
    } else {
      await created.shutdown(); // an SDK was registered already: it gets the spans
    }
  }
  const name = options.name ?? OTEL_HOOK_NAME;
  const { hook: instance, unregister } = registerHooks(
    { name, description: 'OpenTelemetry spans for evals, agents, model and tool calls' },
    otelHooks({ ...options, tracerProvider: provider }),
  );
  return {
    hooks: instance,
    provider: provider ?? instance.tracerProvider,
    flush: () => instance.flush(),
    shutdown: async () => {
      instance.endOpenSpans();
      await (owned === undefined ? instance.flush() : owned.shutdown());
    },
    unregister,
  };
}
