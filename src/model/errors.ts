/**
 * The model layer's error: every provider failure that reaches a caller is a {@link ModelError}
 * naming the provider, the model and (when there was one) the HTTP status.
 * @module
 */
import { HooklineError, isHooklineError } from '../errors.ts';

/** What a {@link ModelError} carries besides its message. */
export interface ModelErrorOptions {
  /** The provider, e.g. `openai`, `anthropic`, `mockllm`. */
  readonly provider: string;
  /** The full model name (`provider/model`). */
  readonly model?: string | undefined;
  readonly statusCode?: number | undefined;
  /** Whether the retry loop may try again. */
  readonly retryable?: boolean | undefined;
  /** The name of the underlying exception (`RateLimitError`, `TimeoutError`, …). */
  readonly exceptionType?: string | undefined;
  readonly cause?: unknown;
}

/**
 * Thrown by `generate()` when the provider rejects a request, keeps failing after retries,
 * returns a malformed body, or when scripted outputs run out. Messages never contain API keys.
 */
export class ModelError extends HooklineError {
  readonly provider: string;
  readonly model: string | undefined;
  readonly statusCode: number | undefined;
  readonly retryable: boolean;
  readonly exceptionType: string | undefined;

  constructor(message: string, options: ModelErrorOptions) {
    super('MODEL_ERROR', message, { cause: options.cause });
    this.provider = options.provider;
    this.model = options.model;
    this.statusCode = options.statusCode;
    this.retryable = options.retryable ?? false;
    this.exceptionType = options.exceptionType;
  }
}

/** Tells whether a value is a {@link ModelError} (from any copy of the library). */
export function isModelError(value: unknown): value is ModelError {
  return isHooklineError(value) && value.code === 'MODEL_ERROR';
}
