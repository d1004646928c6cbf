/**
 * In-memory OpenTelemetry for tests: a provider with the SDK's InMemorySpanExporter, the
 * OpenTelemetry hooks registered on it, and a readable outline of the exported span tree.
 * @module
 */
import { SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { hooks } from '../../src/hooks/register.ts';
import { otelHooks, type OpenTelemetryHooks } from '../../src/integrations/otel/index.ts';

/** A provider exporting to memory, with the hooks registered as `otel`. */
export interface MemoryTracing {
  readonly exporter: InMemorySpanExporter;
  readonly provider: BasicTracerProvider;
  readonly hooks: OpenTelemetryHooks;
  /** Every finished span. */
  spans(): ReadableSpan[];
  /** Spans with this name. */
  named(name: string): ReadableSpan[];
  /** The parent of a span, if it was exported. */
  parentOf(span: ReadableSpan): ReadableSpan | undefined;
  /** Children of a span in start order. */
  childrenOf(span: ReadableSpan | undefined): ReadableSpan[];
}

/** Registers OpenTelemetry hooks that export to memory. */
export function memoryTracing(options: { captureContent?: boolean } = {}): MemoryTracing {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const created: OpenTelemetryHooks[] = [];
  const Bound = otelHooks({ tracerProvider: provider, captureContent: options.captureContent ?? false });
  hooks({ name: 'otel' }, class extends Bound {
    constructor() {
      super();
      created.push(this);
    }
  });
  const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
  const byId = (): Map<string, ReadableSpan> => new Map(spans().map((s) => [s.spanContext().spanId, s]));
  const start = (s: ReadableSpan): number => s.startTime[0] * 1e9 + s.startTime[1];
  return {
    exporter,
    provider,
    hooks: created[0]!,
    spans,
    named: (name) => spans().filter((s) => s.name === name),
    parentOf: (span) => (span.parentSpanContext === undefined ? undefined : byId().get(span.parentSpanContext.spanId)),
    childrenOf: (span) =>
      spans()
        .filter((s) => (span === undefined ? s.parentSpanContext === undefined : s.parentSpanContext?.spanId === span.spanContext().spanId))
        .sort((a, b) => start(a) - start(b)),
  };
}

/** The span tree as indented lines: `name` plus ` !` when its status is ERROR. */
export function outline(tracing: MemoryTracing, root?: ReadableSpan, depth = 0): string[] {
  const lines: string[] = [];
  for (const span of tracing.childrenOf(root)) {
    lines.push(`${'  '.repeat(depth)}${span.name}${span.status.code === SpanStatusCode.ERROR ? ' !' : ''}`);
    lines.push(...outline(tracing, span, depth + 1));
  }
  return lines;
}
