/**
 * `hookline/integrations`: built-in integrations, written as ordinary hooks: OpenTelemetry spans and the JSONL audit log.
 * Enable them with environment variables (`HOOKLINE_OTEL`, `HOOKLINE_AUDIT_LOG`, read by
 * `initHooks()`) or programmatically. See `docs/integrations.md`.
 * @module
 */
import './startup.ts';

export {
  AUDIT_HOOK_NAME,
  AUDITED_EVENTS,
  type AuditLogHandle,
  AuditLogHooks,
  auditLogHooks,
  type AuditLogOptions,
  enableAuditLog,
  REDACTED,
  type TruncationMarker,
} from './audit/index.ts';
export { type IntegrationSettings, integrationSettings } from './env.ts';
export { describeHookSet, type HookSetEntry, type HookSetRecord, hookSetHash, hookSetRecord } from '../hooks/hook-set.ts';
export {
  enableOpenTelemetry,
  type EnableOpenTelemetryOptions,
  type OpenTelemetryHandle,
  OpenTelemetryHooks,
  type OpenTelemetryOptions,
  OTEL_HOOK_NAME,
  otelHooks,
  type OtlpProviderOptions,
  type OtlpSpanExporter,
  type OwnedTracerProvider,
} from './otel/index.ts';
export { OTLP_PACKAGES } from './otel/load-provider.ts';
