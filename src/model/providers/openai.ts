/**
 * `openai/<model>` and `openai-api/<service>/<model>` through the official `openai` SDK. The
 * SDK's own retries are off: the generate pipeline owns retries.
 * @module
 */
import type OpenAI from 'openai';
import { PrerequisiteError } from '../../errors.ts';
import type { ModelProvider, ProviderRequest, ProviderResult } from '../provider.ts';
import { ApiKeyHolder } from './api-key.ts';
import { envValue, SDK_TIMEOUT_MS, sdkRequestOptions } from './sdk-common.ts';
import { fromOpenAiCompletion, toOpenAiBody } from './openai-convert.ts';
import { assembleOpenAiStream } from './openai-stream.ts';

/** Where an OpenAI-style provider finds its endpoint and key. */
export interface OpenAiProviderOptions {
  /** `openai` or `openai-api`. */
  readonly api: 'openai' | 'openai-api';
  /** The full `provider/model` name (for messages). */
  readonly fullName: string;
  /** The model name sent to the server. */
  readonly model: string;
  readonly baseUrl: string | undefined;
  readonly baseUrlEnvVar: string;
  readonly apiKey: string | undefined;
  readonly apiKeyEnvVar: string;
}

/** Returns the environment-variable prefix of an OpenAI-compatible service (`lm-studio` → `LM_STUDIO`). */
export function servicePrefix(service: string): string {
  return service.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** Creates an OpenAI (or OpenAI-compatible) provider. Throws when the base URL or key is missing. */
export function createOpenAiProvider(options: OpenAiProviderOptions): ModelProvider {
  const compatible = options.api === 'openai-api';
  const baseUrl = options.baseUrl ?? envValue(options.baseUrlEnvVar) ?? (compatible ? undefined : 'https://api.openai.com/v1');
  if (baseUrl === undefined) {
    throw new PrerequisiteError(
      `${options.fullName} needs a base URL: set ${options.baseUrlEnvVar} (e.g. http://localhost:8000/v1), or pass baseUrl to getModel().`,
    );
  }
  const keys = new ApiKeyHolder(options.apiKeyEnvVar, options.apiKey);
  if (keys.key === undefined && !compatible) {
    throw new PrerequisiteError(`${options.fullName} needs an API key: set ${options.apiKeyEnvVar}, or pass apiKey to getModel().`);
  }
  const build = (SDK: typeof OpenAI): OpenAI => new SDK({
    // Local OpenAI-compatible servers (vLLM, Ollama, LM Studio) often need no key at all.
    apiKey: keys.key ?? 'EMPTY',
    baseURL: baseUrl,
    maxRetries: 0,
    timeout: SDK_TIMEOUT_MS,
    ...(compatible ? { organization: null, project: null } : {}),
  });
  // The SDK loads on the first call, so commands that never call this provider do not pay for it.
  let client: OpenAI | undefined;
  const connect = async (): Promise<OpenAI> => (client ??= build((await import('openai')).default));

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
      const body = toOpenAiBody(request, options.model, compatible);
      const requestOptions = sdkRequestOptions(request);
      let raw: unknown;
      if (request.config.stream === true) {
        const streamBody = { ...body, stream: true as const, stream_options: { include_usage: true } };
        const stream = await (await connect()).chat.completions.create(streamBody, requestOptions);
        raw = await assembleOpenAiStream(stream);
        return { output: fromOpenAiCompletion(raw, options.model), call: { request: streamBody, response: raw as Record<string, unknown> } };
      }
      raw = await (await connect()).chat.completions.create(body, requestOptions);
      const output = fromOpenAiCompletion(raw, options.model);
      return { output, call: { request: body as unknown as Record<string, unknown>, response: raw as Record<string, unknown> } };
    },
  };
}
