/**
 * API keys of real providers, with `overrideApiKey` hooks applied as in Inspect: when the client
 * is built and again after an authentication failure.
 * @module
 */
import { hasApiKeyOverride, overrideApiKey } from '../../hooks/api-key.ts';

/**
 * Holds one provider's key. Unlike Inspect, a hook's replacement for an environment variable is
 * kept here instead of being written back into `process.env`.
 */
export class ApiKeyHolder {
  private current: string | undefined;
  private readonly seen = new Set<string>();

  /** Resolves the key from the explicit value or the environment variable, offering it to hooks. */
  constructor(readonly envVar: string, explicit: string | undefined) {
    this.current = explicit === '' ? undefined : explicit;
    this.apply();
  }

  /** The key to send (undefined when none is known). */
  get key(): string | undefined {
    return this.current;
  }

  /** Offers the current key to the hooks again (after an authentication failure). */
  refresh(): void {
    this.apply();
  }

  /** Every key value held so far (for scrubbing error messages). */
  secrets(): readonly string[] {
    return [...this.seen];
  }

  private apply(): void {
    if (this.current !== undefined) {
      this.set(overrideApiKey(this.envVar, this.current) ?? this.current);
      return;
    }
    const fromEnv = process.env[this.envVar];
    if (fromEnv !== undefined && fromEnv !== '') {
      this.set(overrideApiKey(this.envVar, fromEnv) ?? fromEnv);
    } else if (hasApiKeyOverride()) {
      const supplied = overrideApiKey(this.envVar, '');
      if (supplied !== undefined && supplied !== '') this.set(supplied);
    }
  }

  private set(key: string): void {
    this.current = key;
    this.seen.add(key);
  }
}
