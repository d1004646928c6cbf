/**
 * The generate pipeline. For every HTTP attempt: `onBeforeModelGenerate` (live payload) → cache
 * lookup → provider call → usage accounting, `onModelUsage`, `onAfterModelGenerate` → cache
 * store. Failed attempts are classified and retried with back-off (`onModelRetry` before each
 * sleep). Hooks are only paid for when someone listens.
 * @module
 */
import { errorMessage, isHooklineError } from '../errors.ts';
import { AUTH_REFRESH_LIMIT, hasApiKeyOverride } from '../hooks/api-key.ts';
import { emitIf, hasListeners, type ScopedHandlers } from '../hooks/emit.ts';
import { hooksStarted, initHooks } from '../hooks/startup.ts';
import type { ComponentRef } from '../hooks/payloads/model.ts';
import type { ModelEvent } from '../types/events.ts';
import { type ActiveContext, contextIds, currentContext } from '../runtime/context.ts';
import { type AttemptLimits, DeadlineReachedError, runAttempt, sleep, throwIfCancelled } from './attempt.ts';
import { cacheKey } from './cache-key.ts';
import { type CachePolicy, type ResolvedCachePolicy, resolveCachePolicy } from './cache-policy.ts';
import { readCacheEntry, resolveCacheDir, writeCacheEntry } from './cache-store.ts';
import { isoTimestamp } from '../util/time.ts';
import { copyJson, unchangedCopy } from './call-state.ts';
import { connectionSemaphore } from './concurrency.ts';
import { isModelError } from './errors.ts';
import { classifyFailure, type Failure, redact, toModelError } from './failure.ts';
import { withFreshMessageIds } from './output.ts';
import type { ModelProvider, ProviderResult } from './provider.ts';
import { checkInput, prepareTools } from './request.ts';
import { announceRetry, retryDelayMs, type RetryBackoff } from './retry.ts';
import type { ChatMessage, GenerateConfig, ModelOutput, ToolChoice, ToolInfo } from '../types/model.ts';

/** Options of one `generate()` call. */
export interface GenerateOptions {
  /** Tools the model may call. */
  tools?: ToolInfo[] | undefined;
  /** Whether and which tool the model must call (default `auto`). */
  toolChoice?: ToolChoice | undefined;
  /** Settings merged over the model's own config for this call. */
  config?: GenerateConfig | undefined;
  /** Answer from / store in the local cache (`true` = default policy). */
  cache?: boolean | CachePolicy | undefined;
  /** Cancels the call (besides the context's signal). */
  signal?: AbortSignal | undefined;
}

/** What the pipeline needs from a model instance. */
export interface ModelRuntime {
  readonly name: string;
  readonly component: ComponentRef;
  readonly config: GenerateConfig;
  readonly provider: ModelProvider;
  readonly cacheDir: string | undefined;
  readonly backoff: RetryBackoff;
  /** The model's own instance-scope handlers. */
  readonly scoped: ScopedHandlers | undefined;
}

/** The per-call state shared by the steps below. */
interface Call {
  readonly rt: ModelRuntime;
  readonly ctx: ActiveContext;
  readonly started: number;
  /** Epoch milliseconds when the call began (formatted only if a transcript records it). */
  readonly startedAt: number;
  readonly signal: AbortSignal | undefined;
  readonly policy: ResolvedCachePolicy | undefined;
  input: ChatMessage[];
  tools: ToolInfo[];
  toolChoice: ToolChoice;
  config: GenerateConfig;
  retries: number;
}

function elapsedSeconds(since: number): number {
  return (performance.now() - since) / 1000;
}

/** The call's cancellation signal: the context's and the caller's, combined when both exist. */
function signalOf(ctx: ActiveContext, signal: AbortSignal | undefined): AbortSignal | undefined {
  if (ctx.signal === undefined || signal === undefined || signal === ctx.signal) return signal ?? ctx.signal;
  return AbortSignal.any([ctx.signal, signal]);
}

/** Runs one `generate()` call. */
export async function runGenerate(rt: ModelRuntime, input: string | ChatMessage[], options: GenerateOptions | undefined): Promise<ModelOutput> {
  checkInput(rt.name, input);
  // A model used on its own (no eval, no agent) starts the hook system on its first call.
  if (!hooksStarted()) await initHooks();
  const ctx = currentContext();
  const signal = signalOf(ctx, options?.signal);
  const behind = ctx.transcript?.ready?.(); // onSampleEvent hooks far behind: let them catch up
  if (behind !== undefined) await behind;
  throwIfCancelled(signal);
  const [tools, toolChoice] = prepareTools(options?.tools, options?.toolChoice);
  const call: Call = {
    rt,
    ctx,
    started: performance.now(),
    startedAt: performance.timeOrigin + performance.now(),
    signal,
    policy: resolveCachePolicy(options?.cache),
    input: typeof input === 'string' ? [{ role: 'user', content: input, source: 'input' }] : input,
    tools,
    toolChoice,
    config: options?.config === undefined ? rt.config : { ...rt.config, ...options.config },
    retries: 0,
  };
  const hasBefore = hasListeners('onBeforeModelGenerate', rt.scoped, ctx);
  // Hooks edit copies in place; the caller's messages and the model's config stay untouched.
  if (hasBefore) call.config = { ...call.config };
  const callerInput = call.input;
  const baseTools = call.tools;
  const timeout = call.config.timeout;
  const deadline = timeout === undefined ? undefined : Date.now() + timeout * 1000;
  let transientRetries = 0;

  for (let attempt = 1; ; attempt++) {
    if (hasBefore) {
      // Tools start clean on every attempt, so edits do not accumulate across retries.
      const input = call.input === callerInput ? copyJson(callerInput) : call.input;
      const tools = copyJson(baseTools);
      const payload = {
        modelName: rt.name, input, tools, toolChoice: call.toolChoice, config: call.config,
        cache: call.policy === undefined ? undefined : ('write' as const), component: rt.component, ...contextIds(ctx),
      };
      const pending = emitIf('onBeforeModelGenerate', () => payload, rt.scoped, ctx);
      if (pending) await pending;
      // A copy no hook changed gives way to the caller's objects, which the sample's messages
      // share: its log then holds each message once, as without hooks (a structured clone keeps
      // shared objects shared). A later attempt copies them again.
      call.input = payload.input === input && unchangedCopy(input, callerInput) ? callerInput : payload.input;
      call.tools = payload.tools === tools && unchangedCopy(tools, baseTools) ? baseTools : payload.tools;
      call.toolChoice = payload.toolChoice;
      call.config = payload.config;
    }
    const key = call.policy === undefined ? undefined : keyOf(call);
    if (key !== undefined) {
      const cached = await readCacheEntry(resolveCacheDir(rt.cacheDir), rt.name, key);
      if (cached !== undefined) return finishFromCache(call, withFreshMessageIds(cached));
    }
    const attemptStarted = performance.now();
    let result: ProviderResult;
    try {
      result = await runAttempt(rt.provider, { input: call.input, tools: call.tools, toolChoice: call.toolChoice, config: call.config, signal: undefined }, limitsOf(call, deadline));
    } catch (error) {
      // Limits, cancellation and propagating hook failures are not provider failures.
      if (isHooklineError(error) && !isModelError(error)) throw error;
      const failure = classifyFailure(error, rt.provider.offline);
      if (failure.kind === 'cancelled') throw error;
      if (error instanceof DeadlineReachedError) throw giveUp(call, failure, timeout);
      if (failure.kind === 'auth' && call.retries < (call.config.maxRetries ?? AUTH_REFRESH_LIMIT) && rt.provider.reauthenticate !== undefined && hasApiKeyOverride()) {
        // A fresh key per failure (short-lived tokens), within the call's retry budget.
        await emitRetry(call, attempt, 0, failure);
        rt.provider.reauthenticate();
        call.retries++;
        continue;
      }
      if (failure.kind !== 'retryable') throw giveUp(call, failure);
      const maxRetries = call.config.maxRetries;
      if (maxRetries !== undefined && transientRetries >= maxRetries) throw giveUp(call, failure);
      const waitMs = retryDelayMs(rt.backoff, transientRetries + 1, failure.retryAfterMs);
      if (deadline !== undefined && Date.now() + waitMs >= deadline) throw giveUp(call, failure, timeout);
      announceRetry(rt.name, transientRetries + 1, failure, waitMs, rt.provider.secrets());
      await emitRetry(call, attempt, waitMs / 1000, failure);
      await sleep(waitMs, call.signal);
      transientRetries++;
      call.retries++;
      continue;
    }
    return finishFromProvider(call, result, elapsedSeconds(attemptStarted), key);
  }
}

function keyOf(call: Call): string {
  return cacheKey({
    model: call.rt.name, input: call.input, tools: call.tools, toolChoice: call.toolChoice, config: call.config,
    baseUrl: call.rt.provider.baseUrl, policy: call.policy!, epoch: call.ctx.epoch,
  });
}

function limitsOf(call: Call, deadline: number | undefined): AttemptLimits {
  const limit = call.config.maxConnections ?? call.rt.provider.defaultMaxConnections;
  const attempt = call.config.attemptTimeout;
  return {
    attemptMs: attempt === undefined ? undefined : attempt * 1000,
    deadline,
    signal: call.signal,
    semaphore: limit === undefined ? undefined : connectionSemaphore(call.rt.name, call.rt.provider.baseUrl, limit),
  };
}

async function emitRetry(call: Call, attempt: number, waitTime: number, failure: Failure): Promise<void> {
  const pending = emitIf('onModelRetry', () => ({
    modelName: call.rt.name, attempt, waitTime, exceptionType: failure.exceptionType, statusCode: failure.statusCode, component: call.rt.component, ...contextIds(call.ctx),
  }), call.rt.scoped, call.ctx);
  if (pending) await pending;
}

/**
 * Records the failed call in the transcript and returns the error to throw: a {@link ModelError},
 * or the original error when it did not come from the provider's HTTP exchange (a scripted
 * function's own exception, a bug) so that its type and stack survive.
 */
function giveUp(call: Call, failure: Failure, timeoutSeconds?: number): unknown {
  const { provider } = call.rt;
  const passThrough = timeoutSeconds === undefined && failure.kind === 'fatal' && failure.local;
  const error = passThrough ? failure.error : toModelError(failure, {
    api: provider.api, model: call.rt.name, baseUrl: provider.baseUrl, apiKeyEnvVar: provider.apiKeyEnvVar,
    retries: call.retries, secrets: provider.secrets(),
  }, timeoutSeconds);
  if (call.ctx.transcript !== undefined) {
    const message = redact(errorMessage(error), provider.secrets());
    record(call, { model: call.rt.name, choices: [], completion: '', error: message }, undefined, undefined, message);
  }
  return error;
}

function record(call: Call, output: ModelOutput, cache: 'read' | 'write' | undefined, result: ProviderResult | undefined, error?: string): void {
  const event: ModelEvent = {
    event: 'model',
    timestamp: isoTimestamp(call.startedAt),
    workingStart: 0,
    model: call.rt.name,
    input: call.input.slice(),
    tools: call.tools,
    toolChoice: call.toolChoice,
    config: call.config,
    output,
    retries: call.retries,
    completed: isoTimestamp(),
    workingTime: elapsedSeconds(call.started),
  };
  if (cache !== undefined) event.cache = cache;
  if (result?.call !== undefined) event.call = result.call;
  if (error !== undefined) event.error = error;
  call.ctx.transcript?.record(event);
}

/** Awaits a hook emission only when it returned a promise. */
function then<T>(pending: Promise<void> | undefined, value: T): T | Promise<T> {
  return pending === undefined ? value : pending.then(() => value);
}

async function finishFromCache(call: Call, output: ModelOutput): Promise<ModelOutput> {
  const { ctx, rt } = call;
  if (ctx.transcript !== undefined) record(call, output, 'read', undefined);
  const usage = output.usage;
  if (usage !== undefined) {
    const pending = emitIf('onModelCacheUsage', () => ({ modelName: rt.name, usage, component: rt.component, ...contextIds(ctx) }), rt.scoped, ctx);
    if (pending) await pending;
  }
  return then(emitAfter(call, output, true), output);
}

/**
 * Completes a provider call: transcript, usage accounting, `onModelUsage`, `onAfterModelGenerate`,
 * cache store. Stays synchronous (no promise) when no hook returns one and nothing is cached.
 */
function finishFromProvider(call: Call, result: ProviderResult, callDuration: number, key: string | undefined): ModelOutput | Promise<ModelOutput> {
  const { ctx, rt } = call;
  const output = result.output;
  output.time = callDuration;
  if (ctx.transcript !== undefined) record(call, output, call.policy === undefined ? undefined : 'write', result);
  const usage = output.usage;
  let pending: Promise<void> | undefined;
  if (usage !== undefined) {
    ctx.recordUsage?.(rt.name, usage);
    pending = emitIf('onModelUsage', () => ({ modelName: rt.name, usage, callDuration, retries: call.retries, component: rt.component, ...contextIds(ctx) }), rt.scoped, ctx);
  }
  if (pending === undefined && key === undefined) return then(emitAfter(call, output, false), output);
  return finishAsync(call, output, pending, key);
}

async function finishAsync(call: Call, output: ModelOutput, usagePending: Promise<void> | undefined, key: string | undefined): Promise<ModelOutput> {
  if (usagePending !== undefined) await usagePending;
  const afterPending = emitAfter(call, output, false);
  if (afterPending !== undefined) await afterPending;
  if (key !== undefined && !output.choices.some((c) => c.stopReason === 'content_filter')) {
    await writeCacheEntry(resolveCacheDir(call.rt.cacheDir), call.rt.name, key, output, call.policy!.expirySeconds);
  }
  return output;
}

function emitAfter(call: Call, output: ModelOutput, cached: boolean): Promise<void> | undefined {
  const { ctx, rt } = call;
  // The input as it was sent: the caller's list may grow after the call (a solver appends the reply).
  return emitIf('onAfterModelGenerate', () => ({
    modelName: rt.name, input: call.input.slice(), output, usage: output.usage, cached, duration: elapsedSeconds(call.started),
    component: rt.component, ...contextIds(ctx),
  }), rt.scoped, ctx);
}
