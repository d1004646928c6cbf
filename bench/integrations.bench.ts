/**
 * What the built-in integrations cost on the 1,000-sample mockllm eval of `eval.bench.ts`: the
 * OpenTelemetry hooks (SDK provider, SimpleSpanProcessor, in-memory exporter) and the JSONL audit
 * log, each against no hooks, interleaved in one process, with the log on and with `noLog`.
 * Target: each under 10 %.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resetHookBus } from '../src/hooks/bus.ts';
import { hooks, unregisterHooks } from '../src/hooks/register.ts';
import { enableAuditLog } from '../src/integrations/audit/index.ts';
import { otelHooks } from '../src/integrations/otel/index.ts';
import { benchTask, evalCandidate, ms, ratio } from './eval.bench.ts';
import { measure } from './lib.ts';

/** Prints one table per log mode and the verdicts. */
export default async function run(): Promise<void> {
  resetHookBus();
  const t = benchTask();
  const logDir = mkdtempSync(join(tmpdir(), 'hookline-bench-int-'));
  const auditDir = mkdtempSync(join(tmpdir(), 'hookline-bench-audit-'));
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let spans = 0;
  let auditLines = 0;
  const none = (): (() => void) => () => undefined;
  const otel = (): (() => void) => {
    hooks({ name: 'bench-otel' }, otelHooks({ tracerProvider: provider, captureContent: false }));
    return () => {
      unregisterHooks('bench-otel');
      spans = exporter.getFinishedSpans().length;
      exporter.reset();
    };
  };
  const audit = (): (() => void) => {
    const handle = enableAuditLog({ dir: auditDir, name: 'bench-audit' });
    return () => {
      handle.unregister();
      auditLines = handle.hooks.recorded;
    };
  };
  try {
    for (const [label, dir] of [['noLog', undefined], ['log on (.eval)', logDir]] as const) {
      const results = await measure([
        evalCandidate('no hooks', t, dir, none),
        evalCandidate('OpenTelemetry', t, dir, otel),
        evalCandidate('audit log', t, dir, audit),
      ], { rounds: 10, warmupRounds: 2, batchMs: 1, clock: 'cpu' });
      const [base, withOtel, withAudit] = results;
      console.log(`\n### ${label}\n`);
      console.log('| no hooks | OpenTelemetry (in-memory exporter) | audit log (JSONL files) |');
      console.log('| --- | --- | --- |');
      console.log(`| ${ms(base)} | ${ms(withOtel)} — ${ratio(withOtel, base)} | ${ms(withAudit)} — ${ratio(withAudit, base)} |`);
      console.log(`\nspread (IQR / median): ${results.map((r) => `${r.name} ${(r.spread * 100).toFixed(0)} %`).join(', ')}`);
      for (const [name, m] of [['OpenTelemetry', withOtel], ['audit log', withAudit]] as const) {
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
