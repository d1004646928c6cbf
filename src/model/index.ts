/**
 * The model layer's public surface: `getModel()`, the Model interface, output builders, cache
 * policies and ModelError.
 * @module
 */
export type { CachePolicy } from './cache-policy.ts';
export { parseExpiry } from './cache-policy.ts';
export { resolveCacheDir } from './cache-store.ts';
export { isModelError, ModelError, type ModelErrorOptions } from './errors.ts';
export type { GenerateOptions } from './generate.ts';
export { getModel, type GetModelOptions, type Model } from './model.ts';
export { modelOutputForToolCall, type ModelOutputForToolCallOptions, modelOutputFromText, type ModelOutputFromTextOptions } from './output.ts';
export { type CustomOutputFunction, type CustomOutputs, MOCKLLM_DEFAULT_OUTPUT } from './providers/mockllm.ts';
export { PROVIDERS } from './providers/registry.ts';
export type { RetryBackoff } from './retry.ts';
export type * from '../types/model.ts';
