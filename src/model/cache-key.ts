/**
 * The cache key of a generate call: a SHA-256 over a canonical JSON form of the post-hook
 * request, so that key order in objects never matters and runtime-only settings never split
 * the cache.
 * @module
 */
import { createHash } from 'node:crypto';
import type { ResolvedCachePolicy } from './cache-policy.ts';
import type { ChatMessage, GenerateConfig, ToolChoice, ToolInfo } from '../types/model.ts';

/** Config keys that change how a call is made, not what it returns. */
const RUNTIME_KEYS: ReadonlySet<string> = new Set(['maxRetries', 'timeout', 'attemptTimeout', 'maxConnections', 'stream']);

/** Everything a cache key covers. */
export interface CacheKeyParts {
  readonly model: string;
  readonly input: readonly ChatMessage[];
  readonly tools: readonly ToolInfo[];
  readonly toolChoice: ToolChoice;
  readonly config: GenerateConfig;
  readonly baseUrl: string | undefined;
  readonly policy: ResolvedCachePolicy;
  /** The sample's epoch (used when the policy is per epoch). */
  readonly epoch: number | undefined;
}

/** Returns the hex SHA-256 key of a request. */
export function cacheKey(parts: CacheKeyParts): string {
  const config: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parts.config)) if (!RUNTIME_KEYS.has(k)) config[k] = v;
  const input = parts.input.map((message) => {
    const { id: _id, ...rest } = message;
    return rest;
  });
  const canonical = stableStringify({
    model: parts.model,
    config,
    input,
    baseUrl: parts.baseUrl ?? null,
    toolChoice: parts.toolChoice,
    tools: parts.tools,
    expiry: parts.policy.expirySeconds,
    scopes: parts.policy.scopes,
    epoch: parts.policy.perEpoch ? (parts.epoch ?? null) : null,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** JSON with object keys sorted and undefined members dropped (a stable hashing form). */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableStringify(v))).join(',')}]`;
  const keys = Object.keys(value).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || typeof v === 'function') continue;
    parts.push(`${JSON.stringify(key)}:${stableStringify(v)}`);
  }
  return `{${parts.join(',')}}`;
}
