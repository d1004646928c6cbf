/**
 * Every event method a `Hooks` subclass may implement, with its documentation. Generated from
 * the event catalog by `npm run docs` (scripts/docs-hook-methods.ts): edit the catalog, not this file.
 * @module
 */
import type { CanonicalOf, HookName, PayloadOf } from './catalog.ts';
import type { HandlerResult } from './handler-result.ts';

type M<N extends HookName> = HandlerResult<CanonicalOf<N>>;
type P<N extends HookName> = PayloadOf<CanonicalOf<N>>;

/**
 * Every event method a `Hooks` subclass may implement: one per catalog event, and one per alias.
 * Each receives one payload object and may return a promise, which is awaited before the next
 * hook runs.
 */
export interface HookMethods {
  /**
   * An eval set starts, after its id is resolved for the log directory.
   *
   * Once per evalSet() call. Return value: ignored.
   *
   * Wire name `EvalSetStart` (command hooks, logs); origin: Inspect.
   */
  onEvalSetStart?(payload: P<'onEvalSetStart'>): M<'onEvalSetStart'>;
  /**
   * An eval set returns normally (not when it raises).
   *
   * Once per evalSet() call that returns. Return value: ignored.
   *
   * Wire name `EvalSetEnd` (command hooks, logs); origin: Inspect.
   */
  onEvalSetEnd?(payload: P<'onEvalSetEnd'>): M<'onEvalSetEnd'>;
  /**
   * A run starts, after models, tasks and options are resolved.
   *
   * Once per evaluate() call that gets past set-up; evalRetry() gives one run per log. Return value: ignored.
   *
   * Wire name `RunStart` (command hooks, logs); origin: Inspect.
   */
  onRunStart?(payload: P<'onRunStart'>): M<'onRunStart'>;
  /**
   * A run ends, normally or with an exception (even when RunStart never fired).
   *
   * Exactly once per evaluate() call. Return value: ignored.
   *
   * Wire name `RunEnd` (command hooks, logs); origin: Inspect.
   */
  onRunEnd?(payload: P<'onRunEnd'>): M<'onRunEnd'>;
  /**
   * A task attempt starts, after its log header is written.
   *
   * Once per task attempt (a task retry fires it again with a new evalId). Return value: ignored.
   *
   * Wire name `TaskStart` (command hooks, logs); origin: Inspect.
   */
  onTaskStart?(payload: P<'onTaskStart'>): M<'onTaskStart'>;
  /**
   * A task finishes normally and its log is complete (not on error or cancellation).
   *
   * At most once per task attempt. Return value: ignored.
   *
   * Wire name `TaskEnd` (command hooks, logs); origin: Inspect.
   */
  onTaskEnd?(payload: P<'onTaskEnd'>): M<'onTaskEnd'>;
  /**
   * A sample is being set up, before its first attempt and any sandbox.
   *
   * Once per sample per epoch. Return value: ignored.
   *
   * Wire name `SampleInit` (command hooks, logs); origin: Inspect.
   */
  onSampleInit?(payload: P<'onSampleInit'>): M<'onSampleInit'>;
  /**
   * A sample starts, inside its limits, on its first attempt.
   *
   * Once per sample per epoch (first attempt only). Return value: ignored.
   *
   * Wire name `SampleStart` (command hooks, logs); origin: Inspect.
   */
  onSampleStart?(payload: P<'onSampleStart'>): M<'onSampleStart'>;
  /**
   * One attempt of a sample starts.
   *
   * Once per attempt (attempt is 1-based). Return value: ignored.
   *
   * Wire name `SampleAttemptStart` (command hooks, logs); origin: Inspect.
   */
  onSampleAttemptStart?(payload: P<'onSampleAttemptStart'>): M<'onSampleAttemptStart'>;
  /**
   * A transcript event of a running sample completed; delivered in order from a queue.
   *
   * Once per completed transcript event; all drained before the attempt ends. Return value: ignored.
   *
   * Wire name `SampleEvent` (command hooks, logs); origin: Inspect.
   */
  onSampleEvent?(payload: P<'onSampleEvent'>): M<'onSampleEvent'>;
  /**
   * The solver of an attempt finished and scoring is about to begin (scored or not).
   *
   * Once per attempt that reaches the scoring phase. Return value: ignored.
   *
   * Wire name `SampleScoring` (command hooks, logs); origin: Inspect.
   */
  onSampleScoring?(payload: P<'onSampleScoring'>): M<'onSampleScoring'>;
  /**
   * One attempt of a sample ended, after its events were drained.
   *
   * Once per attempt whose start fired. Return value: ignored.
   *
   * Wire name `SampleAttemptEnd` (command hooks, logs); origin: Inspect.
   */
  onSampleAttemptEnd?(payload: P<'onSampleAttemptEnd'>): M<'onSampleAttemptEnd'>;
  /**
   * A sample ended after its final attempt and was written to the log.
   *
   * Once per sample per epoch. Return value: ignored.
   *
   * Wire name `SampleEnd` (command hooks, logs); origin: Inspect.
   */
  onSampleEnd?(payload: P<'onSampleEnd'>): M<'onSampleEnd'>;
  /**
   * A model instance is created by getModel().
   *
   * Once per model instance. Return value: ignored.
   *
   * Wire name `ModelCreate` (command hooks, logs); origin: promptulate on_llm_create.
   * Also registered under `onLlmCreate`.
   */
  onModelCreate?(payload: P<'onModelCreate'>): M<'onModelCreate'>;
  /**
   * Before each HTTP attempt of a generate call, before the cache lookup; input, tools, toolChoice and config are live.
   *
   * Once per HTTP attempt (retries included, cache hits included). Return value: ignored; change `input`, `tools`, `toolChoice` or `config` of the payload in place.
   *
   * Wire name `BeforeModelGenerate` (command hooks, logs); origin: Inspect; promptulate on_llm_start.
   * Also registered under `onLlmStart`.
   */
  onBeforeModelGenerate?(payload: P<'onBeforeModelGenerate'>): M<'onBeforeModelGenerate'>;
  /**
   * A generate call returned its output (from the provider or the cache).
   *
   * Once per successful generate call. Return value: ignored.
   *
   * Wire name `AfterModelGenerate` (command hooks, logs); origin: promptulate on_llm_result.
   * Also registered under `onLlmResult`.
   */
  onAfterModelGenerate?(payload: P<'onAfterModelGenerate'>): M<'onAfterModelGenerate'>;
  /**
   * An HTTP attempt failed with a retryable error, before the back-off sleep.
   *
   * Once per retry. Return value: ignored.
   *
   * Wire name `ModelRetry` (command hooks, logs); origin: Inspect.
   */
  onModelRetry?(payload: P<'onModelRetry'>): M<'onModelRetry'>;
  /**
   * A provider call (not a cache hit) succeeded and reported usage.
   *
   * Once per successful provider call with usage. Return value: ignored.
   *
   * Wire name `ModelUsage` (command hooks, logs); origin: Inspect.
   */
  onModelUsage?(payload: P<'onModelUsage'>): M<'onModelUsage'>;
  /**
   * A generate call was answered from the local cache and the cached output has usage.
   *
   * Once per cache hit with usage. Return value: ignored.
   *
   * Wire name `ModelCacheUsage` (command hooks, logs); origin: Inspect.
   */
  onModelCacheUsage?(payload: P<'onModelCacheUsage'>): M<'onModelCacheUsage'>;
  /**
   * An Agent is constructed.
   *
   * Once per agent instance. Return value: ignored.
   *
   * Wire name `AgentCreate` (command hooks, logs); origin: promptulate on_agent_create.
   */
  onAgentCreate?(payload: P<'onAgentCreate'>): M<'onAgentCreate'>;
  /**
   * An agent session starts, resumes or is cleared, before the first prompt; may add context or stop.
   *
   * Once per session start, resume or clear. Return value: a decision (block with a reason, add context, stop, or rewrite input), or nothing; results merge across handlers.
   *
   * Wire name `SessionStart` (command hooks, logs); origin: Codex, Claude Code.
   */
  onSessionStart?(payload: P<'onSessionStart'>): M<'onSessionStart'>;
  /**
   * An agent session ends.
   *
   * Once per session. Return value: ignored.
   *
   * Wire name `SessionEnd` (command hooks, logs); origin: Codex, Claude Code.
   */
  onSessionEnd?(payload: P<'onSessionEnd'>): M<'onSessionEnd'>;
  /**
   * The user submitted a prompt, before the model sees it; blocking drops it unrecorded.
   *
   * Once per prompt. Return value: a decision (block with a reason, add context, stop, or rewrite input), or nothing; results merge across handlers.
   *
   * Wire name `UserPromptSubmit` (command hooks, logs); origin: Codex; promptulate on_agent_start.
   * Also registered under `onAgentStart`.
   */
  onUserPromptSubmit?(payload: P<'onUserPromptSubmit'>): M<'onUserPromptSubmit'>;
  /**
   * The agent finished its reply (no more tool calls); blocking makes it continue with the reason.
   *
   * Once per reply, again after each blocked stop. Return value: a decision (block with a reason, add context, stop, or rewrite input), or nothing; results merge across handlers.
   *
   * Wire name `Stop` (command hooks, logs); origin: Codex, Claude Code.
   */
  onStop?(payload: P<'onStop'>): M<'onStop'>;
  /**
   * The agent returned its result, however the run ended (completed, blocked, stopped by a hook, turn limit, Stop-hook cap, cancelled, error); carries the final text and the typed ending.
   *
   * Exactly once per send(), continue() or run(), after every Stop re-run; before the error propagates when the run failed. Return value: ignored.
   *
   * Wire name `AgentResult` (command hooks, logs); origin: promptulate on_agent_result.
   */
  onAgentResult?(payload: P<'onAgentResult'>): M<'onAgentResult'>;
  /**
   * A step of the agent loop starts: its model request is about to be made (after the turn-limit check).
   *
   * Once per model request of an agent run; always followed by one StepEnd. Return value: ignored.
   *
   * Wire name `StepStart` (command hooks, logs); origin: promptulate agent steps.
   */
  onStepStart?(payload: P<'onStepStart'>): M<'onStepStart'>;
  /**
   * A step ended: its model request returned and its tool calls ran (outcome tool_calls), or it answered (answer, before Stop), a tool hook stopped the run (stopped), or it threw (error).
   *
   * Once per StepStart, on every exit path. Return value: ignored.
   *
   * Wire name `StepEnd` (command hooks, logs); origin: promptulate agent steps.
   */
  onStepEnd?(payload: P<'onStepEnd'>): M<'onStepEnd'>;
  /**
   * A tool is defined with defineTool().
   *
   * Once per tool instance. Return value: ignored.
   *
   * Wire name `ToolCreate` (command hooks, logs); origin: promptulate on_tool_create.
   */
  onToolCreate?(payload: P<'onToolCreate'>): M<'onToolCreate'>;
  /**
   * The model asked for a tool call, before it runs; may deny it or rewrite its input.
   *
   * Once per tool call. Return value: a decision (block with a reason, add context, stop, or rewrite input), or nothing; results merge across handlers.
   *
   * Wire name `PreToolUse` (command hooks, logs); origin: Codex; promptulate on_tool_start.
   * Also registered under `onToolStart`.
   */
  onPreToolUse?(payload: P<'onPreToolUse'>): M<'onPreToolUse'>;
  /**
   * A tool call produced its result, before the model sees it; may replace it with feedback.
   *
   * Once per tool call that ran. Return value: a decision (block with a reason, add context, stop, or rewrite input), or nothing; results merge across handlers.
   *
   * Wire name `PostToolUse` (command hooks, logs); origin: Codex; promptulate on_tool_result.
   * Also registered under `onToolResult`.
   */
  onPostToolUse?(payload: P<'onPostToolUse'>): M<'onPostToolUse'>;
  /**
   * A tool call failed (the tool threw) or was interrupted, before the model sees the error; may add context for the model.
   *
   * Once per tool call that ran and failed or was interrupted (instead of PostToolUse). Return value: a decision (block with a reason, add context, stop, or rewrite input), or nothing; results merge across handlers.
   *
   * Wire name `PostToolUseFailure` (command hooks, logs); origin: Claude Code.
   */
  onPostToolUseFailure?(payload: P<'onPostToolUseFailure'>): M<'onPostToolUseFailure'>;
  /**
   * A tool call needs permission (an ask rule or a PreToolUse ask), before anyone is asked; may allow or deny it on the person's behalf.
   *
   * Once per tool call that needs permission (not for calls the mode or rules settle). Return value: a decision (block with a reason, add context, stop, or rewrite input), or nothing; results merge across handlers.
   *
   * Wire name `PermissionRequest` (command hooks, logs); origin: Codex, Claude Code.
   */
  onPermissionRequest?(payload: P<'onPermissionRequest'>): M<'onPermissionRequest'>;
  /**
   * hookline waits for the person: a permission question is about to be asked (`permission_prompt`), or the chat prompt has waited for input since the agent answered (`idle_prompt`, after 60 s by default).
   *
   * Once per permission question asked of a person; once per idle period of the chat prompt (never in `run -p` or evals). Return value: ignored.
   *
   * Wire name `Notification` (command hooks, logs); origin: Claude Code.
   */
  onNotification?(payload: P<'onNotification'>): M<'onNotification'>;
  /**
   * The conversation is about to be compacted into a model-written summary (/compact, or past the token budget); blocking or continue:false keeps it as it is.
   *
   * Once per compaction attempt. Return value: a decision (block with a reason, add context, stop, or rewrite input), or nothing; results merge across handlers.
   *
   * Wire name `PreCompact` (command hooks, logs); origin: Codex, Claude Code.
   */
  onPreCompact?(payload: P<'onPreCompact'>): M<'onPreCompact'>;
  /**
   * The conversation was compacted: the history is now the summary plus the kept hook context; SessionStart (source compact) follows.
   *
   * Once per compaction that happened. Return value: ignored.
   *
   * Wire name `PostCompact` (command hooks, logs); origin: Codex, Claude Code.
   */
  onPostCompact?(payload: P<'onPostCompact'>): M<'onPostCompact'>;
  /**
   * The subagent tool is about to run a subagent, before its first request; hooks may add context for the subagent (blocking is ignored).
   *
   * Once per subagent run. Return value: a decision (block with a reason, add context, stop, or rewrite input), or nothing; results merge across handlers.
   *
   * Wire name `SubagentStart` (command hooks, logs); origin: Codex, Claude Code.
   */
  onSubagentStart?(payload: P<'onSubagentStart'>): M<'onSubagentStart'>;
  /**
   * A subagent finished its reply (no more tool calls); replaces Stop inside a subagent; blocking keeps the subagent going with the reason.
   *
   * Once per subagent reply, again after each blocked stop (capped by stopHookBlockCap). Return value: a decision (block with a reason, add context, stop, or rewrite input), or nothing; results merge across handlers.
   *
   * Wire name `SubagentStop` (command hooks, logs); origin: Codex, Claude Code.
   */
  onSubagentStop?(payload: P<'onSubagentStop'>): M<'onSubagentStop'>;
  /**
   * The person interrupted the running turn (Ctrl-C in chat or run); the history is consistent again and the turn has ended.
   *
   * Once per interrupted turn. Return value: ignored.
   *
   * Wire name `Interrupt` (command hooks, logs); origin: Codex.
   */
  onInterrupt?(payload: P<'onInterrupt'>): M<'onInterrupt'>;
  /**
   * A tool call is about to run: PreToolUse allowed it (and a person approved an ask); carries the input it runs with.
   *
   * Once per tool call that runs; never for a denied, invalid or skipped call. Return value: ignored.
   *
   * Wire name `StepAction` (command hooks, logs); origin: promptulate on_agent_action.
   * Also registered under `onAgentAction`.
   */
  onStepAction?(payload: P<'onStepAction'>): M<'onStepAction'>;
  /**
   * A tool call that ran produced what the model reads next (after PostToolUse), or threw (isError).
   *
   * Once per StepAction (not when cancellation or a limit ends the call). Return value: ignored.
   *
   * Wire name `StepObservation` (command hooks, logs); origin: promptulate on_agent_observation.
   * Also registered under `onAgentObservation`.
   */
  onStepObservation?(payload: P<'onStepObservation'>): M<'onStepObservation'>;
  /**
   * A model instance is created by getModel().
   *
   * Once per model instance. Return value: ignored.
   *
   * Wire name `ModelCreate` (command hooks, logs); origin: promptulate on_llm_create.
   * Alias of {@link HookMethods.onModelCreate} (the same event under the name `onLlmCreate`).
   */
  onLlmCreate?(payload: P<'onLlmCreate'>): M<'onLlmCreate'>;
  /**
   * Before each HTTP attempt of a generate call, before the cache lookup; input, tools, toolChoice and config are live.
   *
   * Once per HTTP attempt (retries included, cache hits included). Return value: ignored; change `input`, `tools`, `toolChoice` or `config` of the payload in place.
   *
   * Wire name `BeforeModelGenerate` (command hooks, logs); origin: Inspect; promptulate on_llm_start.
   * Alias of {@link HookMethods.onBeforeModelGenerate} (the same event under the name `onLlmStart`).
   */
  onLlmStart?(payload: P<'onLlmStart'>): M<'onLlmStart'>;
  /**
   * A generate call returned its output (from the provider or the cache).
   *
   * Once per successful generate call. Return value: ignored.
   *
   * Wire name `AfterModelGenerate` (command hooks, logs); origin: promptulate on_llm_result.
   * Alias of {@link HookMethods.onAfterModelGenerate} (the same event under the name `onLlmResult`).
   */
  onLlmResult?(payload: P<'onLlmResult'>): M<'onLlmResult'>;
  /**
   * The user submitted a prompt, before the model sees it; blocking drops it unrecorded.
   *
   * Once per prompt. Return value: a decision (block with a reason, add context, stop, or rewrite input), or nothing; results merge across handlers.
   *
   * Wire name `UserPromptSubmit` (command hooks, logs); origin: Codex; promptulate on_agent_start.
   * Alias of {@link HookMethods.onUserPromptSubmit} (the same event under the name `onAgentStart`).
   */
  onAgentStart?(payload: P<'onAgentStart'>): M<'onAgentStart'>;
  /**
   * The model asked for a tool call, before it runs; may deny it or rewrite its input.
   *
   * Once per tool call. Return value: a decision (block with a reason, add context, stop, or rewrite input), or nothing; results merge across handlers.
   *
   * Wire name `PreToolUse` (command hooks, logs); origin: Codex; promptulate on_tool_start.
   * Alias of {@link HookMethods.onPreToolUse} (the same event under the name `onToolStart`).
   */
  onToolStart?(payload: P<'onToolStart'>): M<'onToolStart'>;
  /**
   * A tool call produced its result, before the model sees it; may replace it with feedback.
   *
   * Once per tool call that ran. Return value: a decision (block with a reason, add context, stop, or rewrite input), or nothing; results merge across handlers.
   *
   * Wire name `PostToolUse` (command hooks, logs); origin: Codex; promptulate on_tool_result.
   * Alias of {@link HookMethods.onPostToolUse} (the same event under the name `onToolResult`).
   */
  onToolResult?(payload: P<'onToolResult'>): M<'onToolResult'>;
  /**
   * A tool call is about to run: PreToolUse allowed it (and a person approved an ask); carries the input it runs with.
   *
   * Once per tool call that runs; never for a denied, invalid or skipped call. Return value: ignored.
   *
   * Wire name `StepAction` (command hooks, logs); origin: promptulate on_agent_action.
   * Alias of {@link HookMethods.onStepAction} (the same event under the name `onAgentAction`).
   */
  onAgentAction?(payload: P<'onAgentAction'>): M<'onAgentAction'>;
  /**
   * A tool call that ran produced what the model reads next (after PostToolUse), or threw (isError).
   *
   * Once per StepAction (not when cancellation or a limit ends the call). Return value: ignored.
   *
   * Wire name `StepObservation` (command hooks, logs); origin: promptulate on_agent_observation.
   * Alias of {@link HookMethods.onStepObservation} (the same event under the name `onAgentObservation`).
   */
  onAgentObservation?(payload: P<'onAgentObservation'>): M<'onAgentObservation'>;
}
