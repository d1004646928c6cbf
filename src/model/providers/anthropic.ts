/**
 * `anthropic/<model>` through the official `@anthropic-ai/sdk`, on the shared SDK skeleton
 * (`sdk-provider.ts`): this file holds only what differs, the Messages API.
 * @module
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { ModelProvider } from '../provider.ts';
import { type AnthropicRequestBody, fromAnthropicMessage, toAnthropicBody } from './anthropic-convert.ts';
import { assembleAnthropicStream } from './anthropic-stream.ts';
import { createSdkProvider, envValue, SDK_CLIENT_DEFAULTS, type SdkDialect } from './sdk-provider.ts';

/** Where the Anthropic provider finds its endpoint and key. */
export interface AnthropicProviderOptions {
  readonly fullName: string;
  readonly model: string;
  readonly baseUrl: string | undefined;
  readonly apiKey: string | undefined;
}

type StreamingBody = Omit<AnthropicRequestBody, 'stream'> & { stream: true };

const KEY_VAR = 'ANTHROPIC_API_KEY';
const BASE_URL_VAR = 'ANTHROPIC_BASE_URL';

function anthropicDialect(model: string): SdkDialect<Anthropic, AnthropicRequestBody, StreamingBody> {
  return {
    // An explicit key keeps the SDK from looking for profiles or tokens elsewhere.
    connect: async (key, baseUrl) => new (await import('@anthropic-ai/sdk')).default({ ...SDK_CLIENT_DEFAULTS, apiKey: key ?? null, baseURL: baseUrl }),
    body: (request) => toAnthropicBody(request, model),
    streaming: (body) => ({ ...body, stream: true }),
    send: (client, body, options) => client.messages.create(body, options),
    sendStreaming: async (client, body, options) => assembleAnthropicStream(await client.messages.create(body, options)),
    output: (raw) => fromAnthropicMessage(raw, model),
  };
}

/** Creates the Anthropic provider. Throws when no API key is available. */
export function createAnthropicProvider(options: AnthropicProviderOptions): ModelProvider {
  return createSdkProvider({
    api: 'anthropic',
    fullName: options.fullName,
    baseUrl: options.baseUrl ?? envValue(BASE_URL_VAR) ?? 'https://api.anthropic.com',
    baseUrlEnvVar: BASE_URL_VAR,
    apiKey: options.apiKey,
    apiKeyEnvVar: KEY_VAR,
    keyRequired: true,
    dialect: anthropicDialect(options.model),
  });
}
