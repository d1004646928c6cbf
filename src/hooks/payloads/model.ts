/**
 * Payloads of the model events.
 * @module
 */
import type {
  ChatMessage,
  GenerateConfig,
  ModelOutput,
  ModelUsage,
  ToolChoice,
  ToolInfo,
} from '../../types/model.ts';
import type { ComponentRef, EvalContextIds } from '../../types/ids.ts';

export type { ComponentRef, EvalContextIds } from '../../types/ids.ts';

/** A model instance was created. */
export interface ModelCreate {
  readonly modelName: string;
  readonly baseUrl: string | undefined;
  readonly config: Readonly<GenerateConfig>;
  readonly component: ComponentRef;
}

/**
 * Fires once per HTTP attempt, before the cache lookup. `input`, `tools`, `toolChoice` and
 * `config` are live: changes reach the provider request and the cache key.
 */
export interface BeforeModelGenerate extends EvalContextIds {
  readonly modelName: string;
  input: ChatMessage[];
  tools: ToolInfo[];
  toolChoice: ToolChoice;
  config: GenerateConfig;
  /** `'write'` when caching is on for this call. Informational. */
  readonly cache: 'write' | undefined;
  readonly component: ComponentRef;
}

/** A generate call completed (from the provider or the cache). */
export interface AfterModelGenerate extends EvalContextIds {
  readonly modelName: string;
  readonly input: readonly ChatMessage[];
  readonly output: Readonly<ModelOutput>;
  readonly usage: Readonly<ModelUsage> | undefined;
  readonly cached: boolean;
  /** Seconds, back-off included. */
  readonly duration: number;
  readonly component: ComponentRef;
}

/** An HTTP attempt failed and will be retried after `waitTime` seconds. */
export interface ModelRetry extends EvalContextIds {
  readonly modelName: string;
  /** Number of the attempt that just failed (1 for the first failure). */
  readonly attempt: number;
  readonly waitTime: number;
  readonly exceptionType: string | undefined;
  readonly statusCode: number | undefined;
  readonly component: ComponentRef;
}

/** A provider call (not a cache hit) reported usage. */
export interface ModelUsageData extends EvalContextIds {
  readonly modelName: string;
  readonly usage: Readonly<ModelUsage>;
  /** Seconds of the successful attempt only. */
  readonly callDuration: number;
  readonly retries: number;
  readonly component: ComponentRef;
}

/** A local cache hit whose output has usage. Unlike Inspect, the context ids are filled in. */
export interface ModelCacheUsageData extends EvalContextIds {
  readonly modelName: string;
  readonly usage: Readonly<ModelUsage>;
  readonly component: ComponentRef;
}

/** Offered to `overrideApiKey` when a provider client is built or re-authenticates. */
export interface ApiKeyOverride {
  readonly envVarName: string;
  readonly value: string;
}
