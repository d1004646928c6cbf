/**
 * Registers the built-in integrations' start-up contributions: importing this module (the
 * package's entry points and the CLI do) makes `initHooks()` enable the integrations named in the
 * environment (`HOOKLINE_OTEL`, `HOOKLINE_AUDIT_LOG`) and wrap Inspect-style single-function hooks
 * (`HOOKLINE_TELEMETRY`, `HOOKLINE_API_KEY_OVERRIDE`). Each is imported only when its variables
 * are set: most runs use no built-in integration.
 * @module
 */
import { registerStartupContribution } from '../hooks/startup-contributions.ts';

registerStartupContribution({
  name: 'hookline/env-integrations',
  envVars: ['HOOKLINE_OTEL', 'HOOKLINE_AUDIT_LOG'],
  start: async () => {
    const { enableIntegrationsFromEnv } = await import('./env.ts');
    await enableIntegrationsFromEnv();
  },
});

registerStartupContribution({
  name: 'hookline/legacy-env-hooks',
  envVars: ['HOOKLINE_TELEMETRY', 'HOOKLINE_API_KEY_OVERRIDE'],
  start: async ({ env, cwd }) => {
    const { enableLegacyEnvHooks } = await import('./legacy-env.ts');
    await enableLegacyEnvHooks(env, cwd);
  },
});
