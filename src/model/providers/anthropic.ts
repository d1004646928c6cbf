/**
 * `anthropic/<model>` through the official `@anthropic-ai/sdk`. The SDK's own retries are off:
 * the generate pipeline owns retries.
 * @module
 */
import type Anthropic from '@anthropic-ai/sdk';
import { PrerequisiteError } from '../../errors.ts';
import type { ModelProvider, ProviderRequest, ProviderResult } from '../provider.ts';
import { fromAnthropicMessage, toAnthropicBody } from './anthropic-convert.ts';
import { assembleAnthropicStream } from './anthropic-stream.ts';
import { ApiKeyHolder } from './api-key.ts';
import { envValue, SDK_TIMEOUT_MS, sdkRequestOptions } from './sdk-common.ts';

/** Where the Anthropic provider finds its endpoint and key. */
export interface AnthropicProviderOptions {
  readonly fullName: string;
  readonly model: string;
  readonly baseUrl: string | undefined;
  readonly apiKey: string | undefined;
}

const KEY_VAR = 'ANTHROPIC_API_KEY';
const BASE_URL_VAR = 'ANTHROPIC_BASE_URL';

/** Creates the Anthropic provider. Throws when no API key is available. */
export function createAnthropicProvider(options: AnthropicProviderOptions): ModelProvider {
  const baseUrl = options.baseUrl ?? envValue(BASE_URL_VAR) ?? 'https://api.anthropic.com';
  const keys = new ApiKeyHolder(KEY_VAR, options.apiKey);
  if (keys.key === undefined) {
    throw new PrerequisiteError(`${options.fullName} needs an API key: set ${KEY_VAR}, or pass apiKey to getModel().`);
  }
  // An explicit key keeps the SDK from looking for profiles or tokens elsewhere.
  const build = (SDK: typeof Anthropic): Anthropic => new SDK({ apiKey: keys.key ?? null, baseURL: baseUrl, maxRetries: 0, timeout: SDK_TIMEOUT_MS });
  // The SDK loads on the first call, so commands that never call this provider do not pay for it.
  let client: Anthropic | undefined;
  const connect = async (): Promise<Anthropic> => (client ??= build((await import('@anthropic-ai/sdk')).default));

  return {
    api: 'anthropic',
    offline: false,
    baseUrl,
    defaultMaxConnections: 10,
    apiKeyEnvVar: KEY_VAR,
    secrets: () => keys.secrets(),
    reauthenticate(): void {
      keys.refresh();
      client = undefined;
    },
    async generate(request: ProviderRequest): Promise<ProviderResult> {
      const body = toAnthropicBody(request, options.model);
      const requestOptions = sdkRequestOptions(request);
      let raw: unknown;
      if (request.config.stream === true) {
        const streamBody = { ...body, stream: true as const };
        const stream = await (await connect()).messages.create(streamBody, requestOptions);
        raw = await assembleAnthropicStream(stream);
        return { output: fromAnthropicMessage(raw, options.model), call: { request: streamBody, response: raw as Record<string, unknown> } };
      }
      raw = await (await connect()).messages.create(body, requestOptions);
      const output = fromAnthropicMessage(raw, options.model);
      return { output, call: { request: body as unknown as Record<string, unknown>, response: raw as Record<string, unknown> } };
    },
  };
}
