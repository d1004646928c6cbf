/**
 * `getModel()` and the {@link Model} it returns.
 * @module
 */
import { errorMessage } from '../errors.ts';
import { emitIf } from '../hooks/emit.ts';
import type { ComponentRef } from '../hooks/payloads/model.ts';
import { InstanceHooks } from '../hooks/sources/scoped/instance-hooks.ts';
import type { ScopedHooksInput } from '../hooks/sources/scoped/kinds.ts';
import { shortUuid } from '../util/ids.ts';
import { warn } from '../runtime/warnings.ts';
import { type GenerateOptions, type ModelRuntime, runGenerate } from './generate.ts';
import type { CustomOutputs } from './providers/mockllm.ts';
import { createProvider } from './providers/registry.ts';
import { resolveBackoff, type RetryBackoff } from './retry.ts';
import type { ChatMessage, GenerateConfig, ModelOutput } from '../types/model.ts';

/** A model: a provider and a model name, with default generation settings. */
export interface Model {
  /** `provider/model`, e.g. `mockllm/model`. */
  readonly name: string;
  /** Unique per instance. */
  readonly id: string;
  /** Identity for scoped hooks: `{ kind: 'model', name, id }`. */
  readonly component: ComponentRef;
  /** Settings every call starts from (a call's own `config` is merged over them). */
  readonly config: GenerateConfig;
  /**
   * This model's instance hooks (from the `hooks` option): they receive its `onModelCreate`
   * and the call events of its `generate()` calls, after global and component hooks.
   */
  readonly hooks: InstanceHooks<'model'>;
  /**
   * Generates a completion. A string input becomes one user message. Fires the model hooks,
   * retries retryable failures and uses the local cache when `options.cache` asks for it.
   */
  generate(input: string | ChatMessage[], options?: GenerateOptions): Promise<ModelOutput>;
}

/** Options of {@link getModel}. */
export interface GetModelOptions {
  /** Default settings of every call. */
  config?: GenerateConfig | undefined;
  /** The provider's base URL (default: the provider's environment variable, then its public URL). */
  baseUrl?: string | undefined;
  /** The API key (default: the provider's environment variable). Never logged. */
  apiKey?: string | undefined;
  /**
   * mockllm only: outputs consumed in order (running out is an error), or a function computing
   * each output from the request.
   */
  customOutputs?: CustomOutputs | undefined;
  /** The local cache folder of this model (default: HOOKLINE_CACHE_DIR, XDG cache, ~/.cache/hookline). */
  cacheDir?: string | undefined;
  /** Back-off between retries, in milliseconds (default: HOOKLINE_RETRY_BASE_MS, else 3 s / 1800 s / 3 s). */
  retryBackoff?: Partial<RetryBackoff> | undefined;
  /**
   * Instance hooks of this model: a `Hooks` instance or a map of event → handler (canonical or
   * promptulate names, e.g. `onLlmStart`). They receive `onModelCreate` and the events of this
   * model's calls, after global and component hooks. Available later as `model.hooks`.
   */
  hooks?: ScopedHooksInput<'model'> | undefined;
}

class ModelImpl implements Model {
  readonly id: string;
  readonly component: ComponentRef;
  readonly hooks: InstanceHooks<'model'>;
  private readonly runtime: ModelRuntime;

  constructor(
    readonly name: string,
    readonly config: GenerateConfig,
    runtime: Omit<ModelRuntime, 'name' | 'component' | 'config' | 'scoped'>,
    hooks: ScopedHooksInput<'model'> | undefined,
  ) {
    this.id = shortUuid();
    this.component = Object.freeze({ kind: 'model', name, id: this.id });
    this.hooks = new InstanceHooks<'model'>(this.component, hooks);
    this.runtime = { ...runtime, name, component: this.component, config, scoped: this.hooks.handlers };
  }

  generate(input: string | ChatMessage[], options?: GenerateOptions): Promise<ModelOutput> {
    return runGenerate(this.runtime, input, options);
  }
}

/**
 * Returns a new model for a `provider/model` name (default `mockllm/model`, offline) and fires
 * `onModelCreate` (its own instance hooks included). Providers: `mockllm/…`, `openai/…`,
 * `openai-api/<service>/…` (any OpenAI-compatible server; `<SERVICE>_BASE_URL` and
 * `<SERVICE>_API_KEY`) and `anthropic/…`. Throws when the name is invalid, a required base URL
 * or key is missing, or `options.hooks` is not a valid hooks value.
 */
export function getModel(name = 'mockllm/model', options?: GetModelOptions): Model {
  const provider = createProvider(name, { baseUrl: options?.baseUrl, apiKey: options?.apiKey, customOutputs: options?.customOutputs });
  const config = Object.freeze({ ...options?.config });
  const model = new ModelImpl(name, config, {
    provider,
    cacheDir: options?.cacheDir,
    backoff: resolveBackoff(options?.retryBackoff),
  }, options?.hooks);
  emitCreate(model, provider.baseUrl);
  return model;
}

function emitCreate(model: Model, baseUrl: string | undefined): void {
  const pending = emitIf('onModelCreate', () => ({ modelName: model.name, baseUrl, config: model.config, component: model.component }), model.hooks.handlers);
  // getModel() is synchronous: an asynchronous handler finishes on its own; its failure is reported.
  pending?.catch((error: unknown) => {
    warn(`A hook failed on onModelCreate for ${model.name}: ${errorMessage(error)}`, 'hooks', error);
  });
}
