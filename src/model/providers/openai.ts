/**
 * `openai/<model>` and `openai-api/<service>/<model>` through the official `openai` SDK, on the
 * shared SDK skeleton (`sdk-provider.ts`): this file holds only what differs, the Chat
 * Completions API and the compatible servers' settings.
 * @module
 */
import type OpenAI from 'openai';
import type { ModelProvider } from '../provider.ts';
import { fromOpenAiCompletion, type OpenAiRequestBody, toOpenAiBody } from './openai-convert.ts';
import { assembleOpenAiStream } from './openai-stream.ts';
import { createSdkProvider, envValue, SDK_CLIENT_DEFAULTS, type SdkDialect } from './sdk-provider.ts';

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

type StreamingBody = Omit<OpenAiRequestBody, 'stream'> & { stream: true; stream_options: { include_usage: true } };

function openAiDialect(model: string, compatible: boolean): SdkDialect<OpenAI, OpenAiRequestBody, StreamingBody> {
  return {
    connect: async (key, baseUrl) => new (await import('openai')).default({
      ...SDK_CLIENT_DEFAULTS,
      // Local OpenAI-compatible servers (vLLM, Ollama, LM Studio) often need no key at all.
      apiKey: key ?? 'EMPTY',
      baseURL: baseUrl,
      ...(compatible ? { organization: null, project: null } : {}),
    }),
    body: (request) => toOpenAiBody(request, model, compatible),
    streaming: (body) => ({ ...body, stream: true, stream_options: { include_usage: true } }),
    send: (client, body, options) => client.chat.completions.create(body, options),
    sendStreaming: async (client, body, options) => assembleOpenAiStream(await client.chat.completions.create(body, options)),
    output: (raw) => fromOpenAiCompletion(raw, model),
  };
}

/** Creates an OpenAI (or OpenAI-compatible) provider. Throws when the base URL or key is missing. */
export function createOpenAiProvider(options: OpenAiProviderOptions): ModelProvider {
  const compatible = options.api === 'openai-api';
  return createSdkProvider({
    api: options.api,
    fullName: options.fullName,
    baseUrl: options.baseUrl ?? envValue(options.baseUrlEnvVar) ?? (compatible ? undefined : 'https://api.openai.com/v1'),
    baseUrlEnvVar: options.baseUrlEnvVar,
    apiKey: options.apiKey,
    apiKeyEnvVar: options.apiKeyEnvVar,
    keyRequired: !compatible,
    dialect: openAiDialect(options.model, compatible),
  });
}
