/**
 * Resolves a `provider/model` name to its provider.
 * @module
 */
import { ConfigError } from '../../errors.ts';
import type { ModelProvider } from '../provider.ts';
import { createAnthropicProvider } from './anthropic.ts';
import { createMockLlm, type CustomOutputs } from './mockllm.ts';
import { createOpenAiProvider, servicePrefix } from './openai.ts';

/** The providers `getModel()` knows. */
export const PROVIDERS = ['mockllm', 'openai', 'openai-api', 'anthropic'] as const;

/** What a provider is built from. */
export interface ProviderSettings {
  readonly baseUrl?: string | undefined;
  readonly apiKey?: string | undefined;
  readonly customOutputs?: CustomOutputs | undefined;
}

/** Builds the provider of a `provider/model` name. Throws a clear error for a bad name or missing settings. */
export function createProvider(name: string, settings: ProviderSettings): ModelProvider {
  const slash = name.indexOf('/');
  const api = slash < 0 ? name : name.slice(0, slash);
  const model = slash < 0 ? '' : name.slice(slash + 1);
  if (slash <= 0 || model === '') {
    throw new ConfigError(`Invalid model name '${name}': expected 'provider/model', e.g. 'mockllm/model', 'openai/gpt-4o-mini' or 'anthropic/claude-sonnet-4-5'.`);
  }
  if (settings.customOutputs !== undefined && api !== 'mockllm') {
    throw new ConfigError(`customOutputs only applies to mockllm models, not '${name}'. Use getModel('mockllm/model', { customOutputs }).`);
  }
  switch (api) {
    case 'mockllm':
      return createMockLlm(name, settings.customOutputs);
    case 'openai':
      return createOpenAiProvider({
        api: 'openai', fullName: name, model, baseUrl: settings.baseUrl, baseUrlEnvVar: 'OPENAI_BASE_URL',
        apiKey: settings.apiKey, apiKeyEnvVar: 'OPENAI_API_KEY',
      });
    case 'openai-api': {
      const inner = model.indexOf('/');
      if (inner <= 0 || inner === model.length - 1) {
        throw new ConfigError(`Invalid model name '${name}': expected 'openai-api/<service>/<model>', e.g. 'openai-api/vllm/meta-llama/Llama-3.1-8B-Instruct'.`);
      }
      const prefix = servicePrefix(model.slice(0, inner));
      return createOpenAiProvider({
        api: 'openai-api', fullName: name, model: model.slice(inner + 1), baseUrl: settings.baseUrl, baseUrlEnvVar: `${prefix}_BASE_URL`,
        apiKey: settings.apiKey, apiKeyEnvVar: `${prefix}_API_KEY`,
      });
    }
    case 'anthropic':
      return createAnthropicProvider({ fullName: name, model, baseUrl: settings.baseUrl, apiKey: settings.apiKey });
    default:
      throw new ConfigError(`Unknown model provider '${api}' in '${name}'. Use one of: ${PROVIDERS.join(', ')} (e.g. 'openai/gpt-4o-mini').`);
  }
}
