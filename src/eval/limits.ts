/**
 * Per-sample limits: messages, tokens and time. Reaching one stops the sample with the limit
 * recorded; it is not an error.
 * @module
 */
import { LimitExceededError } from '../errors.ts';
import type { ModelUsage } from '../types/model.ts';

/** The limits of one sample. */
export interface SampleLimitOptions {
  readonly messageLimit?: number | undefined;
  readonly tokenLimit?: number | undefined;
  readonly timeLimit?: number | undefined;
}

/** Tracks a sample's usage against its limits. */
export class SampleLimits {
  /** Tokens used so far, and per model. */
  totalTokens = 0;
  readonly modelUsage: Record<string, ModelUsage> = {};

  constructor(readonly options: SampleLimitOptions) {}

  /** Throws when a conversation of `count` messages reaches the message limit. */
  checkMessages(count: number): void {
    const limit = this.options.messageLimit;
    if (limit !== undefined && count >= limit) {
      throw new LimitExceededError('message', { value: count, limit, message: `Message limit exceeded (${count} of ${limit} messages)` });
    }
  }

  /** Adds one call's usage; throws when the token limit is exceeded. */
  recordUsage(modelName: string, usage: ModelUsage): void {
    const total = (this.modelUsage[modelName] ??= { inputTokens: 0, outputTokens: 0, totalTokens: 0 });
    total.inputTokens += usage.inputTokens;
    total.outputTokens += usage.outputTokens;
    total.totalTokens += usage.totalTokens;
    if (usage.inputTokensCacheRead !== undefined) total.inputTokensCacheRead = (total.inputTokensCacheRead ?? 0) + usage.inputTokensCacheRead;
    if (usage.inputTokensCacheWrite !== undefined) total.inputTokensCacheWrite = (total.inputTokensCacheWrite ?? 0) + usage.inputTokensCacheWrite;
    if (usage.reasoningTokens !== undefined) total.reasoningTokens = (total.reasoningTokens ?? 0) + usage.reasoningTokens;
    if (usage.totalCost !== undefined) total.totalCost = (total.totalCost ?? 0) + usage.totalCost;
    this.totalTokens += usage.totalTokens;
    const limit = this.options.tokenLimit;
    if (limit !== undefined && this.totalTokens > limit) {
      throw new LimitExceededError('token', { value: this.totalTokens, limit, message: `Token limit exceeded (${this.totalTokens} of ${limit} tokens)` });
    }
  }

  /**
   * Runs `work` under the time limit: when it runs out, `controller` is aborted and the returned
   * promise rejects with a time LimitExceededError. Without a controller (made only when there
   * is a time limit) it just runs `work`.
   */
  async withTimeLimit<T>(controller: AbortController | undefined, work: () => Promise<T>): Promise<T> {
    const seconds = this.options.timeLimit;
    if (seconds === undefined || controller === undefined) return await work();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new LimitExceededError('time', { value: seconds, limit: seconds, message: `Time limit exceeded (${seconds} seconds)` });
        controller.abort(error);
        reject(error);
      }, seconds * 1000);
    });
    try {
      return await Promise.race([work(), expired]);
    } finally {
      clearTimeout(timer);
    }
  }
}
