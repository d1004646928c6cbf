/**
 * hookline: a TypeScript runtime for LLM evaluations and agents built around one typed
 * lifecycle hooks system. This entry holds the authoring API: tasks, datasets, solvers,
 * scorers, metrics, hooks, agents, tools, models, errors, and the payload and result types.
 *
 * Other audiences have their own entries: `hookline/command-hooks` (hooks.json loading and
 * running), `hookline/log` (reading and writing eval logs), `hookline/integrations`
 * (OpenTelemetry, audit log) and `hookline/testing` (fakes for hook authors).
 * @module
 */

// The built-in integrations join start-up (each enabled by its environment variables).
import './integrations/startup.ts';

// Errors
export {
  CancelledError,
  ConfigError,
  errorMessage,
  HookError,
  HooklineError,
  type HooklineErrorCode,
  InvalidHookError,
  isCancellation,
  isHooklineError,
  isLimitExceededError,
  type LimitKind,
  LimitExceededError,
  PluginLoadError,
  PrerequisiteError,
} from './errors.ts';
export { VERSION } from './version.ts';

// Hooks: the catalog, class and function hooks, scoped hooks, start-up
export {
  type AliasMap,
  type CanonicalOf,
  type Capability,
  catalog,
  type DecideEvent,
  EVENT_NAMES,
  type EventLevel,
  type EventSpec,
  type HookAliasName,
  type HookEventName,
  type HookName,
  type ObserveEvent,
  type PayloadOf,
  type ResultOf,
  type WireName,
} from './hooks/catalog.ts';
export type { HookDecision, MergedDecision, PermissionDecision, ToolUseDecision } from './hooks/decision.ts';
export type { HookPolicy, HookSource, OnHookError, PolicyFor } from './hooks/handler.ts';
export { type HandlerResult, type HookHandler, type HookMethods, Hooks, type HooksClass, isHooksClass, type MaybePromise } from './hooks/hooks-class.ts';
export {
  type HookMeta,
  hooks,
  type HooksDecorator,
  type HooksFactory,
  on,
  type OnOptions,
  registerHooks,
  type RegisteredHooks,
  type Unregister,
  unregisterHooks,
  type ValidHooksClass,
  type DefinedEventNames,
  type DefinedOnOptions,
} from './hooks/register.ts';
export { flushHooks, initHooks, type InitHooksOptions } from './hooks/startup.ts';
export {
  type AnyDefinedEvent,
  type DefinedDecisionEvent,
  type DefinedEvent,
  type DefinedEventScope,
  type DefinedHandler,
  type DefinedPayloadOf,
  defineEvent,
  type DefineEventOptions,
} from './hooks/user-events.ts';
export { DEFAULT_HOOK_TIMEOUT_MS, setDefaultHookTimeout } from './hooks/timeout.ts';
export { hasApiKeyOverride, overrideApiKey } from './hooks/api-key.ts';
export {
  component,
  ComponentHooks,
  componentHooks,
  type ComponentHookOptions,
  type ComponentHooksMeta,
} from './hooks/sources/scoped/component.ts';
export { InstanceHooks } from './hooks/sources/scoped/instance-hooks.ts';
export {
  COMPONENT_KINDS,
  type ComponentKind,
  SCOPED_EVENTS,
  type ScopedEventName,
  type ScopedHookMap,
  type ScopedHookName,
  type ScopedHookOptions,
  type ScopedHooksInput,
} from './hooks/sources/scoped/kinds.ts';

// Payload types
export type {
  AgentCreate,
  PermissionMode,
  PostToolUse,
  PreToolUse,
  SessionContext,
  SessionEnd,
  SessionStart,
  Stop,
  ToolCreate,
  ToolUseContext,
  TurnContext,
  UserPromptSubmit,
} from './hooks/payloads/agent.ts';
export type { CompactTrigger, Interrupt, Notification, NotificationType, PermissionBehavior, PermissionRequest, PermissionRuleValue, PermissionUpdate, PermissionUpdateDestination, PostCompact, PostToolUseFailure, PreCompact } from './hooks/payloads/agent-events.ts';
export type { AgentEnding, AgentResult, StepAction, StepEnd, StepObservation, StepStart, StoppingEvent } from './hooks/payloads/agent-run.ts';
export type { SubagentStart, SubagentStop } from './hooks/payloads/subagent.ts';
export type { AgentLineage, AgentParent } from './hooks/payloads/agent.ts';
export type {
  EvalSetEnd,
  EvalSetStart,
  RunEnd,
  RunStart,
  SampleAttemptEnd,
  SampleAttemptStart,
  SampleContext,
  SampleEnd,
  SampleEvent,
  SampleInit,
  SampleScoring,
  SampleStart,
  TaskEnd,
  TaskStart,
} from './hooks/payloads/eval.ts';
export type {
  AfterModelGenerate,
  ApiKeyOverride,
  BeforeModelGenerate,
  ComponentRef,
  EvalContextIds,
  ModelCacheUsageData,
  ModelCreate,
  ModelRetry,
  ModelUsageData,
} from './hooks/payloads/model.ts';

// Models
export type { CachePolicy } from './model/cache-policy.ts';
export { isModelError, ModelError, type ModelErrorOptions } from './model/errors.ts';
export type { GenerateOptions } from './model/generate.ts';
export { getModel, type GetModelOptions, type Model } from './model/model.ts';
export { modelOutputForToolCall, type ModelOutputForToolCallOptions, modelOutputFromText, type ModelOutputFromTextOptions } from './model/output.ts';
export { type CustomOutputFunction, type CustomOutputs, MOCKLLM_DEFAULT_OUTPUT } from './model/providers/mockllm.ts';
export type { RetryBackoff } from './model/retry.ts';
export type {
  ChatCompletionChoice,
  ChatMessage,
  ChatMessageAssistant,
  ChatMessageSystem,
  ChatMessageTool,
  ChatMessageUser,
  Content,
  ContentImage,
  ContentReasoning,
  ContentText,
  GenerateConfig,
  JsonSchema,
  MessageSource,
  ModelOutput,
  ModelUsage,
  StopReason,
  ToolCall,
  ToolCallError,
  ToolChoice,
  ToolFunction,
  ToolInfo,
  ToolParams,
} from './types/model.ts';

// Tools
export { BUILTIN_TOOL_NAMES, type BuiltinToolName, bashTool, type BashInput, type BashResponse, type BashToolOptions, builtinTools } from './tools/builtin/index.ts';
export { type EditInput, editTool, type ReadInput, readTool, type WriteInput, writeTool } from './tools/builtin/files.ts';
export { defineTool, isTool } from './tools/define-tool.ts';
export { isToolError, ToolDefinitionError, ToolError } from './tools/tool-error.ts';
export type { JsonValue, Tool, ToolArgs, ToolArgsCheck, ToolContext, ToolDefinition, ToolParameters, ToolResult } from './tools/types.ts';

// Agents
export { Agent } from './agent/agent.ts';
export { type AgentDefinition, SUBAGENT_TOOL_NAME, subagentTool } from './agent/subagent-tool.ts';
export { loadAgentDefinitions, parseAgentFile } from './agent/agent-files.ts';
export { DEFAULT_IDLE_NOTIFICATION_SECONDS, type IdleAgent, idleNotificationDelayMs, IdleNotifier, type IdleNotifierOptions, type IdleSession } from './agent/idle-notification.ts';
export { type SessionEndReason, Session, type SessionSource, SessionStateError } from './agent/session.ts';
export { type AgentSolver, type AgentSolverAgentOptions, agentSolver, type AgentSolverOptions, type AgentSolverState } from './agent/solver.ts';
export { defaultTranscriptDir, readTranscript, type TranscriptContents, type TranscriptEntry, type TranscriptEntryType, TranscriptError } from './agent/transcript.ts';
export { setupAgent, type SetupAgentOptions } from './agent/setup.ts';
export type { AgentModel, AgentOptions, RunResult, SessionOptions, TurnOutcome, TurnResult } from './agent/types.ts';

// Evals: tasks, running them, datasets, solvers, scorers, metrics
export { isTask, task, type Task, TaskError, type TaskOptions } from './eval/task.ts';
export { defineTask, loadTasks, type TaskFactory } from './eval/load-tasks.ts';
export { evaluate, type TaskInput } from './eval/evaluate.ts';
export { evalSet, type EvalSetOptions, type EvalSetResult } from './eval/eval-set.ts';
export { evalRetry, type EvalRetryOptions } from './eval/eval-retry.ts';
export type { EvalOptions } from './eval/options.ts';
export type { EvalProgress } from './eval/progress.ts';
export type {
  Dataset,
  Epochs,
  Generate,
  GenerateStateOptions,
  Metric,
  ReducedScore,
  Sample,
  Scorer,
  ScorerFn,
  ScoreReducer,
  Solver,
  SolverFn,
  Target,
  TaskState,
} from './eval/types.ts';
export type { LoadedDataset, SelectOptions } from './eval/dataset/build.ts';
export { csvDataset, type CsvDatasetOptions } from './eval/dataset/csv.ts';
export { DatasetError, type SampleSource } from './eval/dataset/errors.ts';
export type { FieldSpec, RecordOptions, RecordToSample } from './eval/dataset/fields.ts';
export { jsonDataset, type JsonDatasetOptions } from './eval/dataset/json.ts';
export { memoryDataset, type MemoryDatasetOptions } from './eval/dataset/memory.ts';
export { chain, type ChainSolver } from './eval/solvers/chain.ts';
export { defineSolver } from './eval/solvers/define.ts';
export { generate } from './eval/solvers/generate.ts';
export { MULTIPLE_ANSWER_TEMPLATE, multipleChoice, type MultipleChoiceOptions, SINGLE_ANSWER_TEMPLATE } from './eval/solvers/multiple-choice.ts';
export {
  chainOfThought,
  DEFAULT_COT_TEMPLATE,
  promptTemplate,
  setUserPrompt,
  systemMessage,
  type TemplateParams,
  userMessage,
  userPrompt,
} from './eval/solvers/prompt.ts';
export { choice } from './eval/scorers/choice.ts';
export { CORRECT, INCORRECT, NOANSWER, PARTIAL } from './eval/scorers/constants.ts';
export { defineScorer } from './eval/scorers/define.ts';
export { exact, includes, type IncludesOptions, match, type MatchOptions } from './eval/scorers/match.ts';
export {
  DEFAULT_GRADE_PATTERN,
  DEFAULT_MODEL_GRADED_FACT_TEMPLATE,
  DEFAULT_MODEL_GRADED_QA_TEMPLATE,
  modelGradedFact,
  type ModelGradedOptions,
  modelGradedQa,
} from './eval/scorers/model-graded.ts';
export { answer, type AnswerKind, pattern, type PatternOptions } from './eval/scorers/pattern.ts';
export { accuracy, defineMetric, mean, type MetricFn, std, stderr, variance } from './eval/metrics/metrics.ts';
export { atLeast, defineReducer, maxScore, meanScore, medianScore, modeScore, passAtK, passK } from './eval/metrics/reducers.ts';
export { type ScoreScalar, valueToFloat } from './eval/metrics/value.ts';
