/**
 * Built-in integrations, written as ordinary hooks: OpenTelemetry spans and the JSONL audit log.
 * Enable them with environment variables (`HOOKLINE_OTEL`, `HOOKLINE_AUDIT_LOG`, read by
 * `initHooks()`) or programmatically. See `docs/integrations.md`.
 * @module
 */
export {
  AUDIT_HOOK_NAME,
  AUDITED_EVENTS,
  type AuditLogHandle,
  AuditLogHooks,
  auditLogHooks,
  type AuditLogOptions,
  DEFAULT_MAX_LINE_BYTES,
  enableAuditLog,
  formatAuditLine,
  REDACTED,
  redactValue,
  SECRET_KEY,
  type TruncationMarker,
} from './audit/index.ts';
export { enableIntegrationsFromEnv, type IntegrationSettings, integrationSettings } from './env.ts';
export {
  captureContentFromEnv,
  enableOpenTelemetry,
  type EnableOpenTelemetryOptions,
  type OpenTelemetryHandle,
  OpenTelemetryHooks,
  type OpenTelemetryOptions,
  OTEL_HOOK_NAME,
  otelHooks,
  type OtlpProviderOptions,
  type OwnedTracerProvider,
} from './otel/index.ts';
