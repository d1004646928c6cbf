/**
 * What the built-in integrations cost on the 1,000-sample mockllm eval of `eval.bench.ts`: the
 * OpenTelemetry hooks (SDK provider, BatchSpanProcessor, in-memory exporter) and the JSONL audit
 * log, each against no hooks, interleaved in one process, with the log on and with `noLog`.
 * Target: each under 10 %.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { resetHookBus } from '../src/hooks/bus.ts';
import { hooks, unregisterHooks } from '../src/hooks/register.ts';
import { Hooks } from '../src/hooks/hooks-class.ts';
import { enableAuditLog } from '../src/integrations/audit/index.ts';
import { OpenTelemetryHooks, otelHooks } from '../src/integrations/otel/index.ts';
import { benchTask, evalCandidate, ms, ratio } from './eval.bench.ts';
import { measure } from './lib.ts';

/** Prints one table per log mode and the verdicts. */
export default async function run(): Promise<void> {
  resetHookBus();
  const t = benchTask();
  const logDir = mkdtempSync(join(tmpdir(), 'hookline-bench-int-'));
  const auditDir = mkdtempSync(join(tmpdir(), 'hookline-bench-audit-'));
  const exporter = new InMemorySpanExporter();
  // The batch processor, as a production set-up uses (the simple one exports span by span and is
  // meant for debugging); its queue holds a whole eval, flushed by the hooks at RunEnd.
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter, { maxQueueSize: 8192, maxExportBatchSize: 512 })] });
  let spans = 0;
  let auditLines = 0;
  const none = (): (() => void) => () => undefined;
  // The events the OpenTelemetry hooks implement, each with an empty body: what the runtime pays
  // for emitting them, before any span work.
  class SameEvents extends Hooks {}
  for (const name of Object.getOwnPropertyNames(OpenTelemetryHooks.prototype)) {
    if (/^on[A-Z]/.test(name)) Object.defineProperty(SameEvents.prototype, name, { value: (): undefined => undefined, writable: true, configurable: true });
  }
  const sameEvents = (): (() => void) => {
    hooks({ name: 'bench-same-events' }, SameEvents);
    return () => void unregisterHooks('bench-same-events');
  };
  const otel = (): (() => void) => {
    hooks({ name: 'bench-otel' }, otelHooks({ tracerProvider: provider, captureContent: false }));
    return () => {
      unregisterHooks('bench-otel');
      spans = exporter.getFinishedSpans().length;
      exporter.reset();
    };
  };
  const audit = (exclude: readonly string[] = []) => (): (() => void) => {
    const handle = enableAuditLog({ dir: auditDir, name: 'bench-audit', exclude });
    return () => {
      handle.unregister();
      auditLines = handle.hooks.recorded;
    };
  };
  try {
    for (const [label, dir] of [['noLog', undefined], ['log on (.eval)', logDir]] as const) {
      const results = await measure([
        evalCandidate('no hooks', t, dir, none),
        evalCandidate('no-op on the OTel events', t, dir, sameEvents),
        evalCandidate('OpenTelemetry', t, dir, otel),
        evalCandidate('audit log', t, dir, audit()),
        evalCandidate('audit log without SampleEvent', t, dir, audit(['SampleEvent'])),
      ], { rounds: 10, warmupRounds: 2, batchMs: 1, clock: 'cpu' });
      const [base, withSame, withOtel, withAudit, withLightAudit] = results;
      console.log(`\n### ${label} (CPU time per eval, wall in brackets)\n`);
      console.log('| no hooks | no-op hook on the events OpenTelemetry uses | OpenTelemetry (in-memory exporter) | audit log (JSONL files) | audit log, `exclude: [SampleEvent]` |');
      console.log('| --- | --- | --- | --- | --- |');
      console.log(`| ${ms(base)} | ${ms(withSame)} — ${ratio(withSame, base)} | ${ms(withOtel)} — ${ratio(withOtel, base)} | ${ms(withAudit)} — ${ratio(withAudit, base)} | ${ms(withLightAudit)} — ${ratio(withLightAudit, base)} |`);
      console.log(`\nspread (IQR / median): ${results.map((r) => `${r.name} ${(r.spread * 100).toFixed(0)} %`).join(', ')}`);
      for (const [name, m] of [['OpenTelemetry', withOtel], ['audit log', withAudit], ['audit log without SampleEvent', withLightAudit]] as const) {
        const overhead = m !== undefined && base !== undefined ? m.nsPerOp / base.nsPerOp - 1 : NaN;
        console.log(`${name}, ${label}: ${(overhead * 100).toFixed(1)} % (target < 10 %): ${overhead < 0.1 ? 'met' : 'not met'}`);
      }
      console.log(`(last batch: ${spans} spans exported, ${auditLines} audit lines written per eval)`);
    }
  } finally {
    await provider.shutdown();
    rmSync(logDir, { recursive: true, force: true });
    rmSync(auditDir, { recursive: true, force: true });
  }
}
