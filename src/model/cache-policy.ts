/**
 * Cache policies: when a generate call may be answered from the local cache, and for how long
 * a stored output stays valid.
 * @module
 */
import { ConfigError } from '../errors.ts';

/** How a generate call uses the local cache (`cache: true` means the defaults below). */
export interface CachePolicy {
  /**
   * How long an entry stays valid: a number and a unit (`s`, `m`, `h`, `D`, `W`, `M` = 30 days,
   * `Y` = 365 days), e.g. `'1W'`, `'3D'`, `'30m'`. `null` = never expires. Default `'1W'`.
   */
  readonly expiry?: string | null;
  /** Keep separate entries per epoch of a sample (default true). */
  readonly perEpoch?: boolean;
  /** Extra values that partition the cache (e.g. `{ role: 'grader' }`). */
  readonly scopes?: Readonly<Record<string, string>>;
}

/** A policy with every default applied. */
export interface ResolvedCachePolicy {
  /** Seconds an entry stays valid, or null for never. */
  readonly expirySeconds: number | null;
  readonly perEpoch: boolean;
  readonly scopes: Readonly<Record<string, string>>;
}

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  s: 1, m: 60, h: 3600, D: 86_400, W: 604_800, M: 2_592_000, Y: 31_536_000,
};

/** Returns the seconds an expiry string stands for (null for `null`). */
export function parseExpiry(expiry: string | null): number | null {
  if (expiry === null) return null;
  const match = /^\s*(\d+)\s*([smhDWMY])\s*$/.exec(expiry);
  if (match === null) {
    throw new ConfigError(
      `Invalid cache expiry '${expiry}'. Use a number followed by a unit (s, m, h, D, W, M or Y), e.g. '1W' or '30m', or null for no expiry.`,
    );
  }
  return Number(match[1]) * UNIT_SECONDS[match[2]!]!;
}

const DEFAULT_POLICY: ResolvedCachePolicy = Object.freeze({ expirySeconds: 604_800, perEpoch: true, scopes: Object.freeze({}) });

/** Returns the policy a generate call's `cache` option stands for, or undefined for no caching. */
export function resolveCachePolicy(cache: boolean | CachePolicy | undefined): ResolvedCachePolicy | undefined {
  if (cache === undefined || cache === false) return undefined;
  if (cache === true) return DEFAULT_POLICY;
  return {
    expirySeconds: cache.expiry === undefined ? DEFAULT_POLICY.expirySeconds : parseExpiry(cache.expiry),
    perEpoch: cache.perEpoch ?? true,
    scopes: cache.scopes ?? {},
  };
}
