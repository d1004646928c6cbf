/**
 * Built-in integrations enabled from the environment at start-up (`initHooks()` calls
 * {@link enableIntegrationsFromEnv} right after plugins load). The integration modules are
 * imported only when their variable is set, so start-up pays nothing otherwise.
 *
 * | variable | effect |
 * | --- | --- |
 * | `HOOKLINE_OTEL=1` | spans to the globally registered tracer provider (your SDK); with `OTEL_EXPORTER_OTLP_ENDPOINT` set and no SDK registered, an OTLP/HTTP provider |
 * | `HOOKLINE_OTEL=otlp` | spans to an OTLP/HTTP provider hookline creates (`OTEL_EXPORTER_OTLP_*` apply) |
 * | `HOOKLINE_OTEL_CAPTURE_CONTENT=1` | prompts, completions and tool input/output on spans |
 * | `HOOKLINE_AUDIT_LOG=1` | the JSONL audit log in `HOOKLINE_AUDIT_DIR`, else `<log dir>/audit` |
 * | `HOOKLINE_AUDIT_LOG=<folder>` or `=<file>.jsonl` | the audit log in that folder, or all of it in that file |
 * | `HOOKLINE_AUDIT_EXCLUDE=SampleEvent,…` | events the audit log leaves out |
 * @module
 */
import type { TracerProvider } from '@opentelemetry/api';
import { ConfigError } from '../errors.ts';
import { getHookBus } from '../hooks/bus.ts';
import { loadOtlpProviderModule } from './otel/load-provider.ts';
import type { OwnedTracerProvider } from './otel/provider-types.ts';

const OFF = /^(|0|false|no|off)$/i;
const ON = /^(1|true|yes|on)$/i;

/** What the environment asks for. */
export interface IntegrationSettings {
  readonly otel: 'global' | 'otlp' | 'auto' | undefined;
  readonly audit: { readonly dir?: string; readonly file?: string; readonly exclude?: readonly string[] } | undefined;
}

/** Reads `HOOKLINE_OTEL` and `HOOKLINE_AUDIT_LOG`; throws a {@link ConfigError} for a value it does not understand. */
export function integrationSettings(env: NodeJS.ProcessEnv = process.env): IntegrationSettings {
  const otelValue = (env.HOOKLINE_OTEL ?? '').trim();
  let otel: IntegrationSettings['otel'];
  if (/^otlp$/i.test(otelValue)) otel = 'otlp';
  else if (ON.test(otelValue)) otel = env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? 'auto' : 'global';
  else if (!OFF.test(otelValue)) {
    throw new ConfigError(
      `HOOKLINE_OTEL is set to '${otelValue}', which hookline does not understand. ` +
        "Use '1' (spans to your registered OpenTelemetry SDK), 'otlp' (hookline exports over OTLP/HTTP) or '0' (off).",
    );
  }
  const auditValue = (env.HOOKLINE_AUDIT_LOG ?? '').trim();
  let audit: IntegrationSettings['audit'];
  if (ON.test(auditValue)) audit = {};
  else if (auditValue.endsWith('.jsonl')) audit = { file: auditValue };
  else if (!OFF.test(auditValue)) audit = { dir: auditValue };
  const exclude = (env.HOOKLINE_AUDIT_EXCLUDE ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (audit !== undefined && exclude.length > 0) audit = { ...audit, exclude };
  return { otel, audit };
}

/** OTLP providers are created once per process: later start-ups (tests reset the bus) reuse it. */
let ownedProvider: Promise<OwnedTracerProvider> | undefined;

/**
 * Registers the integrations the environment asks for (each only once: a registration under its
 * name, e.g. made by the application, is left alone). Called by `initHooks()` at start-up.
 */
export async function enableIntegrationsFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const settings = integrationSettings(env);
  const bus = getHookBus();
  if (settings.otel !== undefined) {
    const otel = await import('./otel/index.ts');
    if (bus.get(otel.OTEL_HOOK_NAME) === undefined) {
      let tracerProvider: TracerProvider | undefined;
      if (settings.otel !== 'global') {
        ownedProvider ??= loadOtlpProviderModule().then((m) => m.createOtlpTracerProvider());
        const owned = await ownedProvider;
        // 'auto': an SDK the application registered first keeps receiving the spans.
        if (settings.otel === 'otlp' || owned.registered) tracerProvider = owned.provider;
      }
      await otel.enableOpenTelemetry({ tracerProvider });
    }
  }
  if (settings.audit !== undefined) {
    const audit = await import('./audit/index.ts');
    if (bus.get(audit.AUDIT_HOOK_NAME) === undefined) audit.enableAuditLog(settings.audit);
  }
}
