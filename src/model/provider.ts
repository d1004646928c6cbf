/**
 * The provider interface: what the generate pipeline needs from a model API. Providers turn one
 * request into one output (one HTTP attempt); retries, hooks, caching and accounting live in
 * the pipeline.
 * @module
 */
import type { ModelCall } from '../types/events.ts';
import type { ChatMessage, GenerateConfig, ModelOutput, ToolChoice, ToolInfo } from '../types/model.ts';

/** One attempt's request, after `onBeforeModelGenerate`. */
export interface ProviderRequest {
  /** The messages to send (providers must not modify them). */
  readonly input: ChatMessage[];
  /** The tools to offer (providers must not modify them). */
  readonly tools: ToolInfo[];
  readonly toolChoice: ToolChoice;
  readonly config: GenerateConfig;
  /** Aborts the attempt (cancellation or attempt timeout). */
  readonly signal: AbortSignal | undefined;
}

/** One attempt's result. */
export interface ProviderResult {
  readonly output: ModelOutput;
  /** The raw request and response, for the transcript (never holds credentials). */
  readonly call?: ModelCall | undefined;
}

/** A model API behind a `provider/model` name. */
export interface ModelProvider {
  /** The provider part of the name (`openai`, `openai-api`, `anthropic`, `mockllm`). */
  readonly api: string;
  /** True for providers that make no network calls (their failures are the scripted code's own). */
  readonly offline: boolean;
  /** The base URL requests go to (undefined for offline providers). */
  readonly baseUrl: string | undefined;
  /** Connection limit when the config sets none (undefined = unlimited). */
  readonly defaultMaxConnections: number | undefined;
  /** The environment variable that holds the API key (named in auth errors). */
  readonly apiKeyEnvVar: string | undefined;
  /** Makes one attempt. */
  generate(request: ProviderRequest): Promise<ProviderResult>;
  /**
   * Asks `overrideApiKey` hooks for a fresh key after an authentication failure and rebuilds
   * the client with it. Absent for providers without keys.
   */
  reauthenticate?(): void;
  /** Every key value this provider has held, so errors can be scrubbed of them. */
  secrets(): readonly string[];
}
