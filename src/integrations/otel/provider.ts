/**
 * The tracer provider hookline installs for `HOOKLINE_OTEL=otlp`: the SDK's
 * `BasicTracerProvider` with a batch processor and the OTLP/HTTP (JSON) exporter, registered as
 * the global provider with an AsyncLocalStorage context manager (what `NodeTracerProvider`'s
 * `register()` does), and shut down when the process is about to exit. Loaded only when used.
 * @module
 */
import { context, trace, type TracerProvider } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { VERSION } from '../../version.ts';

/** Options of {@link createOtlpTracerProvider}. */
export interface OtlpProviderOptions {
  /**
   * The traces URL (default: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, else
   * `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`, else `http://localhost:4318/v1/traces`).
   */
  readonly url?: string | undefined;
  /** Extra HTTP headers (default: from `OTEL_EXPORTER_OTLP_HEADERS`). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** `service.name` of the resource (default: `OTEL_SERVICE_NAME`, else `hookline`). */
  readonly serviceName?: string | undefined;
  /** Another exporter instead of OTLP (tests). */
  readonly exporter?: SpanExporter | undefined;
  /** Register as the global provider when none is registered yet (default true). */
  readonly registerGlobal?: boolean | undefined;
}

/** A provider hookline created, with its life-cycle. */
export interface OwnedTracerProvider {
  readonly provider: TracerProvider;
  /** Whether it became the global provider (false when the application had registered one). */
  readonly registered: boolean;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Creates a `BasicTracerProvider` exporting over OTLP/HTTP, registers it globally when the
 * global slot is free, and shuts it down (flushing what is batched) on `beforeExit`.
 */
export function createOtlpTracerProvider(options: OtlpProviderOptions = {}): OwnedTracerProvider {
  const exporter = options.exporter ?? new OTLPTraceExporter({
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
