/**
 * Settings shared by the providers built on official SDKs.
 * @module
 */
import type { ProviderRequest } from '../provider.ts';

/** The SDK's own per-request timeout; `config.attemptTimeout` is enforced by the pipeline. */
export const SDK_TIMEOUT_MS = 600_000;

/** Per-request SDK options: the abort signal, and a longer SDK timeout when an attempt may outlast it. */
export function sdkRequestOptions(request: ProviderRequest): { signal?: AbortSignal; timeout?: number } {
  const attemptMs = (request.config.attemptTimeout ?? 0) * 1000;
  return {
    ...(request.signal === undefined ? {} : { signal: request.signal }),
    ...(attemptMs >= SDK_TIMEOUT_MS ? { timeout: attemptMs + 1000 } : {}),
  };
}

/** Reads an environment variable, treating empty as unset. */
export function envValue(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}
