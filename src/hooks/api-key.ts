/**
 * `overrideApiKey` dispatch: synchronous, first enabled hook returning a string wins.
 * @module
 */
import { errorMessage } from '../errors.ts';
import { warn } from '../runtime/warnings.ts';
import { getHookBus } from './bus.ts';
import { implementsApiKeyOverride } from './hooks-class.ts';

/**
 * How many fresh keys one `generate()` call asks for after authentication failures when
 * `config.maxRetries` is unset. With it set, every retry (auth or transient) counts against it.
 */
export const AUTH_REFRESH_LIMIT = 5;

/**
 * Offers `(envVarName, value)` to every enabled class hook in registration order and returns the
 * first string one returns, or undefined when none did. A hook that throws is reported and
 * skipped. Called by providers when they build a client and after an authentication failure.
 */
export function overrideApiKey(envVarName: string, value: string): string | undefined {
  const data = Object.freeze({ envVarName, value });
  for (const registration of getHookBus().list()) {
    const hook = registration.hook;
    if (hook === undefined || !implementsApiKeyOverride(hook)) continue;
    try {
      if (!hook.enabled()) continue;
      const result = hook.overrideApiKey(data);
      if (typeof result === 'string') return result;
    } catch (error) {
      warn(`Exception calling overrideApiKey on hook '${hook.constructor.name}': ${errorMessage(error)}`, 'hooks', error);
    }
  }
  return undefined;
}

/**
 * Whether any registered hook implements `overrideApiKey` (enabled or not, as in Inspect).
 * When true, an authentication failure is retried with a fresh key from the hooks, once per
 * failure while the call's retry budget lasts ({@link AUTH_REFRESH_LIMIT} when unset).
 */
export function hasApiKeyOverride(): boolean {
  return getHookBus().list().some((r) => r.hook !== undefined && implementsApiKeyOverride(r.hook));
}
