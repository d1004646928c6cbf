/**
 * Types of the OTLP tracer provider, kept apart from its implementation so that they do not
 * need the OpenTelemetry SDK packages (optional peers) to type-check.
 * @module
 */
import type { TracerProvider } from '@opentelemetry/api';

/**
 * A span exporter of the OpenTelemetry SDK (`SpanExporter` of `@opentelemetry/sdk-trace-base`),
 * described structurally.
 */
export interface OtlpSpanExporter {
  export(spans: readonly unknown[], resultCallback: (result: { readonly code: number; readonly error?: Error }) => void): void;
  shutdown(): Promise<void>;
}

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
  readonly exporter?: OtlpSpanExporter | undefined;
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

