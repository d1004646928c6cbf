/**
 * The tracer provider hookline installs for `HOOKLINE_OTEL=otlp`: the SDK's
 * `BasicTracerProvider` with a batch processor and the OTLP/HTTP (JSON) exporter, registered as
 * the global provider with an AsyncLocalStorage context manager (what `NodeTracerProvider`'s
 * `register()` does), and shut down when the process is about to exit. Loaded only when used.
 * @module
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { VERSION } from '../../version.ts';
import type { OtlpProviderOptions, OwnedTracerProvider } from './provider-types.ts';

export type { OtlpProviderOptions, OwnedTracerProvider } from './provider-types.ts';

/**
 * Creates a `BasicTracerProvider` exporting over OTLP/HTTP, registers it globally when the
 * global slot is free, and shuts it down (flushing what is batched) on `beforeExit`.
 */
export function createOtlpTracerProvider(options: OtlpProviderOptions = {}): OwnedTracerProvider {
  // The option is typed without the SDK (an optional peer); an SDK exporter is what it takes.
  const exporter = (options.exporter as SpanExporter | undefined) ?? new OTLPTraceExporter({
    ...(options.url === undefined ? {} : { url: options.url }),
    ...(options.headers === undefined ? {} : { headers: { ...options.headers } }),
  });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName ?? process.env.OTEL_SERVICE_NAME ?? 'hookline',
      'service.version': VERSION,
      'telemetry.sdk.language': 'nodejs',
    }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  let registered = false;
  if (options.registerGlobal !== false) {
    registered = trace.setGlobalTracerProvider(provider);
    if (registered) context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  }
  let stopped: Promise<void> | undefined;
  const shutdown = (): Promise<void> => (stopped ??= provider.shutdown().catch(() => undefined));
  process.once('beforeExit', () => void shutdown());
  return { provider, registered, forceFlush: () => provider.forceFlush(), shutdown };
}
