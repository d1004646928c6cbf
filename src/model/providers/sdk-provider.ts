/**
 * The one skeleton of the providers built on official SDKs (`openai`, `anthropic`): endpoint and
 * key resolution, the lazily loaded client (rebuilt after an authentication failure, with the
 * key `overrideApiKey` hooks give), the SDK's own retries off (the generate pipeline owns retries
 * and classifies failures in `failure.ts`), the abort signal and timeout per request, streaming,
 * the raw request/response record, and the transport ({@link httpFetch}). A provider supplies only its {@link SdkDialect}.
 * @module
 */
import { PrerequisiteError } from '../../errors.ts';
import type { ModelOutput } from '../../types/model.ts';
import type { ModelProvider, ProviderRequest, ProviderResult } from '../provider.ts';
import { ApiKeyHolder } from './api-key.ts';
import { httpFetch } from './http-fetch.ts';

/** The SDK's own per-request timeout; `config.attemptTimeout` is enforced by the pipeline. */
export const SDK_TIMEOUT_MS = 600_000;

/**
 * Client options every SDK client is built with: no SDK retries, the long SDK timeout, and
 * requests carried by {@link httpFetch} (keep-alive `node:http`, not the global `fetch`).
 */
export const SDK_CLIENT_DEFAULTS = Object.freeze({ maxRetries: 0, timeout: SDK_TIMEOUT_MS, fetch: httpFetch });

/** Per-request SDK options: the abort signal, and a longer SDK timeout when an attempt may outlast it. */
export interface SdkRequestOptions {
  readonly signal?: AbortSignal;
  readonly timeout?: number;
}

/** Returns the per-request options of one attempt. */
export function sdkRequestOptions(request: ProviderRequest): SdkRequestOptions {
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

/** What differs between SDK providers. */
export interface SdkDialect<Client, Body extends object, StreamingBody extends object> {
  /**
   * Loads the SDK and builds a client for `key` with `defaults` ({@link SDK_CLIENT_DEFAULTS})
   * and `baseUrl`. Called on the first request and again after an authentication failure, so
   * commands that never call the provider do not load its SDK.
   */
  connect(key: string | undefined, baseUrl: string): Promise<Client>;
  /** Builds the request body of one attempt (not streaming). */
  body(request: ProviderRequest): Body;
  /** Returns the body with the provider's streaming fields added. */
  streaming(body: Body): StreamingBody;
  /** Sends a non-streaming request; resolves to the raw response. */
  send(client: Client, body: Body, options: SdkRequestOptions): Promise<unknown>;
  /** Sends a streaming request and assembles its events into a raw response of the non-streaming shape. */
  sendStreaming(client: Client, body: StreamingBody, options: SdkRequestOptions): Promise<unknown>;
  /** Maps a raw response to the output, usage included; throws a MalformedResponseError on a bad shape. */
  output(raw: unknown): ModelOutput;
}

/** Where an SDK provider's endpoint and key come from. */
export interface SdkProviderOptions<Client, Body extends object, StreamingBody extends object> {
  /** The provider part of the model name (`openai`, `openai-api`, `anthropic`). */
  readonly api: string;
  /** The full `provider/model` name (for messages). */
  readonly fullName: string;
  /** The base URL resolved from options and environment; undefined is an error naming `baseUrlEnvVar`. */
  readonly baseUrl: string | undefined;
  readonly baseUrlEnvVar: string;
  readonly apiKey: string | undefined;
  readonly apiKeyEnvVar: string;
  /** Whether a request without a key is an error at once (local compatible servers need none). */
  readonly keyRequired: boolean;
  readonly dialect: SdkDialect<Client, Body, StreamingBody>;
}

/** Creates an SDK provider from its dialect. Throws a PrerequisiteError when the base URL or a required key is missing. */
export function createSdkProvider<Client, Body extends object, StreamingBody extends object>(options: SdkProviderOptions<Client, Body, StreamingBody>): ModelProvider {
  const { baseUrl, dialect } = options;
  if (baseUrl === undefined) {
    throw new PrerequisiteError(`${options.fullName} needs a base URL: set ${options.baseUrlEnvVar} (e.g. http://localhost:8000/v1), or pass baseUrl to getModel().`);
  }
  const keys = new ApiKeyHolder(options.apiKeyEnvVar, options.apiKey);
  if (keys.key === undefined && options.keyRequired) {
    throw new PrerequisiteError(`${options.fullName} needs an API key: set ${options.apiKeyEnvVar}, or pass apiKey to getModel().`);
  }
  let client: Promise<Client> | undefined;
  const connect = (): Promise<Client> => {
    client ??= dialect.connect(keys.key, baseUrl);
    // A failed load is not kept: the next attempt tries again.
    client.catch(() => {
      client = undefined;
    });
    return client;
  };
  return {
    api: options.api,
    offline: false,
    baseUrl,
    defaultMaxConnections: 10,
    apiKeyEnvVar: options.apiKeyEnvVar,
    secrets: () => keys.secrets(),
    reauthenticate(): void {
      keys.refresh();
      client = undefined;
    },
    async generate(request: ProviderRequest): Promise<ProviderResult> {
      const body = dialect.body(request);
      const requestOptions = sdkRequestOptions(request);
      let sent: object;
      let raw: unknown;
      if (request.config.stream === true) {
        const streamingBody = dialect.streaming(body);
        sent = streamingBody;
        raw = await dialect.sendStreaming(await connect(), streamingBody, requestOptions);
      } else {
        sent = body;
        raw = await dialect.send(await connect(), body, requestOptions);
      }
      return { output: dialect.output(raw), call: { request: sent as Record<string, unknown>, response: raw as Record<string, unknown> } };
    },
  };
}
