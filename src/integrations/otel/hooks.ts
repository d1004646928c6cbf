/**
 * `OpenTelemetryHooks`: an ordinary `Hooks` class that turns hook events into OpenTelemetry
 * spans (GenAI semantic conventions). It listens to no per-transcript event (`onSampleEvent`) and
 * no usage event, so it adds no emission the runtime would otherwise skip, except
 * `onBeforeModelGenerate` (which makes the model layer copy the request it lets hooks edit).
 * @module
 */
import { trace, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { Hooks } from '../../hooks/hooks-class.ts';
import type { PostToolUse, PreToolUse, SessionEnd, SessionStart, Stop, UserPromptSubmit } from '../../hooks/payloads/agent.ts';
import type {
  EvalSetEnd,
  EvalSetStart,
  RunEnd,
  RunStart,
  SampleAttemptEnd,
  SampleAttemptStart,
  SampleEnd,
  SampleInit,
  SampleScoring,
  TaskEnd,
  TaskStart,
} from '../../hooks/payloads/eval.ts';
import type { AfterModelGenerate, BeforeModelGenerate, ModelRetry } from '../../hooks/payloads/model.ts';
import { VERSION } from '../../version.ts';
import { CallSpans } from './call-spans.ts';
import * as evalSpans from './eval-spans.ts';
import { SpanTree } from './span-tree.ts';

/** Options of the OpenTelemetry hooks. */
export interface OpenTelemetryOptions {
  /**
   * Where spans go (default: the globally registered provider, so the application's own SDK,
   * processors and exporters apply).
   */
  readonly tracerProvider?: TracerProvider | undefined;
  /**
   * Record prompts, completions, tool arguments and tool results as span attributes
   * (`gen_ai.input.messages`, `gen_ai.output.messages`, `gen_ai.tool.call.arguments`,
   * `gen_ai.tool.call.result`). Default: `HOOKLINE_OTEL_CAPTURE_CONTENT=1` (or
   * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`), else off.
   */
  readonly captureContent?: boolean | undefined;
  /**
   * Flush the provider when a run, an eval set or a session ends (default true). The flush waits
   * at most {@link OpenTelemetryOptions.flushTimeoutMs}.
   */
  readonly flushOnEnd?: boolean | undefined;
  /** Longest wait for a flush at a run's end, in milliseconds (default 5000). */
  readonly flushTimeoutMs?: number | undefined;
}

/** Tells whether an environment variable is set to a true-ish value (`1`, `true`, `yes`, `on`). */
export function envFlag(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

/** The content option from the environment. */
export function captureContentFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return envFlag(env.HOOKLINE_OTEL_CAPTURE_CONTENT) || envFlag(env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT);
}

type Flushable = { forceFlush?: () => Promise<void>; getDelegate?: () => unknown };

/** Flushes a provider (or the SDK provider behind the global proxy), waiting at most `ms`. */
async function flushProvider(provider: TracerProvider, ms: number): Promise<void> {
  const direct = provider as Flushable;
  const target = (typeof direct.forceFlush === 'function' ? direct : (direct.getDelegate?.() as Flushable | undefined)) ?? direct;
  if (typeof target.forceFlush !== 'function') return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  try {
    await Promise.race([target.forceFlush().catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Produces spans for eval sets, runs, tasks, samples, attempts, agent sessions, turns, model
 * calls and tool calls. Register it with `hooks()` through {@link otelHooks}, or call
 * `enableOpenTelemetry()`.
 */
export class OpenTelemetryHooks extends Hooks {
  /** The open spans (exposed for tests and for `shutdown`). */
  readonly tree: SpanTree;
  /** Where the spans go. */
  readonly tracerProvider: TracerProvider;
  private readonly calls: CallSpans;
  private readonly flushOnEnd: boolean;
  private readonly flushTimeoutMs: number;
  private tracer: Tracer | undefined;

  constructor(options: OpenTelemetryOptions = {}) {
    super();
    this.tracerProvider = options.tracerProvider ?? trace.getTracerProvider();
    this.flushOnEnd = options.flushOnEnd ?? true;
    this.flushTimeoutMs = options.flushTimeoutMs ?? 5000;
    this.tree = new SpanTree(() => (this.tracer ??= this.tracerProvider.getTracer('hookline', VERSION)));
    this.calls = new CallSpans(this.tree, options.captureContent ?? captureContentFromEnv());
  }

  /** Flushes the tracer provider (bounded by `flushTimeoutMs`). */
  flush(): Promise<void> {
    return flushProvider(this.tracerProvider, this.flushTimeoutMs);
  }

  /** Ends every span still open (as ERROR, incomplete), e.g. when the process exits mid-run. */
  endOpenSpans(reason = 'the process ended before the span’s end event'): void {
    this.tree.closeAll({ error: reason, attributes: { 'hookline.span.incomplete': true } });
  }

  private flushIfOwnerEnds(): Promise<void> | undefined {
    return this.flushOnEnd ? this.flush() : undefined;
  }

  override onEvalSetStart(p: EvalSetStart): void {
    evalSpans.evalSetStart(this.tree, p);
  }

  override onEvalSetEnd(p: EvalSetEnd): Promise<void> | undefined {
    evalSpans.evalSetEnd(this.tree, p);
    return this.flushIfOwnerEnds();
  }

  override onRunStart(p: RunStart): void {
    evalSpans.runStart(this.tree, p);
  }

  override onRunEnd(p: RunEnd): Promise<void> | undefined {
    evalSpans.runEnd(this.tree, p);
    // Inside an eval set the set's end flushes.
    return p.evalSetId === undefined ? this.flushIfOwnerEnds() : undefined;
  }

  override onTaskStart(p: TaskStart): void {
    evalSpans.taskStart(this.tree, p);
  }

  override onTaskEnd(p: TaskEnd): void {
    evalSpans.taskEnd(this.tree, p);
  }

  override onSampleInit(p: SampleInit): void {
    evalSpans.sampleInit(this.tree, p);
  }

  override onSampleAttemptStart(p: SampleAttemptStart): void {
    evalSpans.attemptStart(this.tree, p);
  }

  override onSampleScoring(p: SampleScoring): void {
    evalSpans.sampleScoring(this.tree, p);
  }

  override onSampleAttemptEnd(p: SampleAttemptEnd): void {
    evalSpans.attemptEnd(this.tree, p);
  }

  override onSampleEnd(p: SampleEnd): void {
    evalSpans.sampleEnd(this.tree, p);
  }

  override onBeforeModelGenerate(p: BeforeModelGenerate): void {
    this.calls.beforeModelGenerate(p);
  }

  override onAfterModelGenerate(p: AfterModelGenerate): void {
    this.calls.afterModelGenerate(p);
  }

  override onModelRetry(p: ModelRetry): void {
    this.calls.modelRetry(p);
  }

  override onSessionStart(p: SessionStart): undefined {
    this.calls.sessionStart(p);
    return undefined;
  }

  override onSessionEnd(p: SessionEnd): Promise<void> | undefined {
    this.calls.sessionEnd(p);
    // A session inside an eval is flushed with its run.
    return p.runId === undefined ? this.flushIfOwnerEnds() : undefined;
  }

  override onUserPromptSubmit(p: UserPromptSubmit): undefined {
    this.calls.userPromptSubmit(p);
    return undefined;
  }

  override onStop(p: Stop): undefined {
    this.calls.stop(p);
    return undefined;
  }

  override onPreToolUse(p: PreToolUse): undefined {
    this.calls.preToolUse(p);
    return undefined;
  }

  override onPostToolUse(p: PostToolUse): undefined {
    this.calls.postToolUse(p);
    return undefined;
  }
}
