/**
 * The event catalog: the single source of truth for every hook event. Method names, wire
 * names, payload and result types, capability, aliases and matcher fields all derive from the
 * {@link catalog} object below; adding an event anywhere else is a compile error.
 * @module
 */
import type { HookDecision, PermissionDecision, ToolUseDecision } from './decision.ts';
import { definedEvent, definedEventForWire } from './defined-events.ts';
import type {
  AgentCreate,
  PostToolUse,
  PreToolUse,
  SessionEnd,
  SessionStart,
  Stop,
  ToolCreate,
  UserPromptSubmit,
} from './payloads/agent.ts';
import type { Interrupt, Notification, PermissionRequest, PostCompact, PostToolUseFailure, PreCompact } from './payloads/agent-events.ts';
import type { AgentResult, StepAction, StepEnd, StepObservation, StepStart } from './payloads/agent-run.ts';
import type { SubagentStart, SubagentStop } from './payloads/subagent.ts';
import type {
  EvalSetEnd,
  EvalSetStart,
  RunEnd,
  RunStart,
  SampleAttemptEnd,
  SampleAttemptStart,
  SampleEnd,
  SampleEvent,
  SampleInit,
  SampleScoring,
  SampleStart,
  TaskEnd,
  TaskStart,
} from './payloads/eval.ts';
import type {
  AfterModelGenerate,
  BeforeModelGenerate,
  ModelCacheUsageData,
  ModelCreate,
  ModelRetry,
  ModelUsageData,
} from './payloads/model.ts';

/** observe: the return value is ignored. decide: may block, add context, rewrite input. mutate: may change the live payload. */
export type Capability = 'observe' | 'decide' | 'mutate';

/** The lifecycle level an event belongs to. */
export type EventLevel = 'evalSet' | 'run' | 'task' | 'sample' | 'model' | 'agent' | 'tool' | 'user';

/** The descriptive part of a catalog entry. */
export interface EventSpec {
  /** PascalCase name used by command hooks, logs and the audit trail. */
  readonly wire: string;
  readonly level: EventLevel;
  readonly capability: Capability;
  /** Other names (from promptulate) that register for this event. */
  readonly aliases: readonly string[];
  /** Payload field a command-hook matcher is tested against; absent = matchers are ignored. */
  readonly matcherField?: string;
  /** When it fires, in one sentence. */
  readonly when: string;
  /** How often it fires. */
  readonly cardinality: string;
  /** Where the event comes from. */
  readonly origin: string;
  /** Payload fields sent to command hooks besides the common ones, in protocol order (absent = all fields). */
  readonly wireFields?: readonly string[];
}

declare const payloadMarker: unique symbol;
declare const resultMarker: unique symbol;

/** A catalog entry: the spec plus phantom payload and result types. */
export interface EventDef<P, R> extends EventSpec {
  readonly [payloadMarker]?: P;
  readonly [resultMarker]?: R;
}

function event<P, R = void>() {
  return <const S extends EventSpec>(spec: S): S & EventDef<P, R> => spec;
}

const sessionWire = ['session_id', 'agent_id', 'agent_type', 'transcript_path', 'cwd', 'hook_event_name', 'model', 'permission_mode'] as const;
const turnWire = ['session_id', 'turn_id', 'agent_id', 'agent_type', 'transcript_path', 'cwd', 'hook_event_name', 'model', 'permission_mode'] as const;

/** Every hook event hookline emits, keyed by its in-process method name. */
export const catalog = {
  onEvalSetStart: event<EvalSetStart>()({
    wire: 'EvalSetStart', level: 'evalSet', capability: 'observe', aliases: [], origin: 'Inspect',
    when: 'An eval set starts, after its id is resolved for the log directory.',
    cardinality: 'Once per evalSet() call.',
  }),
  onEvalSetEnd: event<EvalSetEnd>()({
    wire: 'EvalSetEnd', level: 'evalSet', capability: 'observe', aliases: [], origin: 'Inspect',
    when: 'An eval set returns normally (not when it raises).',
    cardinality: 'Once per evalSet() call that returns.',
  }),
  onRunStart: event<RunStart>()({
    wire: 'RunStart', level: 'run', capability: 'observe', aliases: [], origin: 'Inspect',
    when: 'A run starts, after models, tasks and options are resolved.',
    cardinality: 'Once per evaluate() call that gets past set-up; evalRetry() gives one run per log.',
  }),
  onRunEnd: event<RunEnd>()({
    wire: 'RunEnd', level: 'run', capability: 'observe', aliases: [], origin: 'Inspect',
    when: 'A run ends, normally or with an exception (even when RunStart never fired).',
    cardinality: 'Exactly once per evaluate() call.',
  }),
  onTaskStart: event<TaskStart>()({
    wire: 'TaskStart', level: 'task', capability: 'observe', aliases: [], origin: 'Inspect',
    when: 'A task attempt starts, after its log header is written.',
    cardinality: 'Once per task attempt (a task retry fires it again with a new evalId).',
  }),
  onTaskEnd: event<TaskEnd>()({
    wire: 'TaskEnd', level: 'task', capability: 'observe', aliases: [], origin: 'Inspect',
    when: 'A task finishes normally and its log is complete (not on error or cancellation).',
    cardinality: 'At most once per task attempt.',
  }),
  onSampleInit: event<SampleInit>()({
    wire: 'SampleInit', level: 'sample', capability: 'observe', aliases: [], origin: 'Inspect',
    when: 'A sample is being set up, before its first attempt and any sandbox.',
    cardinality: 'Once per sample per epoch.',
  }),
  onSampleStart: event<SampleStart>()({
    wire: 'SampleStart', level: 'sample', capability: 'observe', aliases: [], origin: 'Inspect',
    when: 'A sample starts, inside its limits, on its first attempt.',
    cardinality: 'Once per sample per epoch (first attempt only).',
  }),
  onSampleAttemptStart: event<SampleAttemptStart>()({
    wire: 'SampleAttemptStart', level: 'sample', capability: 'observe', aliases: [], origin: 'Inspect',
    when: 'One attempt of a sample starts.',
    cardinality: 'Once per attempt (attempt is 1-based).',
  }),
  onSampleEvent: event<SampleEvent>()({
    wire: 'SampleEvent', level: 'sample', capability: 'observe', aliases: [], origin: 'Inspect',
    when: 'A transcript event of a running sample completed; delivered in order from a queue.',
    cardinality: 'Once per completed transcript event; all drained before the attempt ends.',
  }),
  onSampleScoring: event<SampleScoring>()({
    wire: 'SampleScoring', level: 'sample', capability: 'observe', aliases: [], origin: 'Inspect',
    when: 'The solver of an attempt finished and scoring is about to begin (scored or not).',
    cardinality: 'Once per attempt that reaches the scoring phase.',
  }),
  onSampleAttemptEnd: event<SampleAttemptEnd>()({
    wire: 'SampleAttemptEnd', level: 'sample', capability: 'observe', aliases: [], origin: 'Inspect',
    when: 'One attempt of a sample ended, after its events were drained.',
    cardinality: 'Once per attempt whose start fired.',
  }),
  onSampleEnd: event<SampleEnd>()({
    wire: 'SampleEnd', level: 'sample', capability: 'observe', aliases: [], origin: 'Inspect',
    when: 'A sample ended after its final attempt and was written to the log.',
    cardinality: 'Once per sample per epoch.',
  }),
  onModelCreate: event<ModelCreate>()({
    wire: 'ModelCreate', level: 'model', capability: 'observe', aliases: ['onLlmCreate'], origin: 'promptulate on_llm_create',
    when: 'A model instance is created by getModel().',
    cardinality: 'Once per model instance.',
  }),
  onBeforeModelGenerate: event<BeforeModelGenerate>()({
    wire: 'BeforeModelGenerate', level: 'model', capability: 'mutate', aliases: ['onLlmStart'], origin: 'Inspect; promptulate on_llm_start',
    when: 'Before each HTTP attempt of a generate call, before the cache lookup; input, tools, toolChoice and config are live.',
    cardinality: 'Once per HTTP attempt (retries included, cache hits included).',
  }),
  onAfterModelGenerate: event<AfterModelGenerate>()({
    wire: 'AfterModelGenerate', level: 'model', capability: 'observe', aliases: ['onLlmResult'], origin: 'promptulate on_llm_result',
    when: 'A generate call returned its output (from the provider or the cache).',
    cardinality: 'Once per successful generate call.',
  }),
  onModelRetry: event<ModelRetry>()({
    wire: 'ModelRetry', level: 'model', capability: 'observe', aliases: [], origin: 'Inspect',
    when: 'An HTTP attempt failed with a retryable error, before the back-off sleep.',
    cardinality: 'Once per retry.',
  }),
  onModelUsage: event<ModelUsageData>()({
    wire: 'ModelUsage', level: 'model', capability: 'observe', aliases: [], origin: 'Inspect',
    when: 'A provider call (not a cache hit) succeeded and reported usage.',
    cardinality: 'Once per successful provider call with usage.',
  }),
  onModelCacheUsage: event<ModelCacheUsageData>()({
    wire: 'ModelCacheUsage', level: 'model', capability: 'observe', aliases: [], origin: 'Inspect',
    when: 'A generate call was answered from the local cache and the cached output has usage.',
    cardinality: 'Once per cache hit with usage.',
  }),
  onAgentCreate: event<AgentCreate>()({
    wire: 'AgentCreate', level: 'agent', capability: 'observe', aliases: [], origin: 'promptulate on_agent_create',
    when: 'An Agent is constructed.',
    cardinality: 'Once per agent instance.',
  }),
  onSessionStart: event<SessionStart, HookDecision>()({
    wire: 'SessionStart', level: 'agent', capability: 'decide', aliases: [], origin: 'Codex, Claude Code',
    when: 'An agent session starts, resumes or is cleared, before the first prompt; may add context or stop.',
    cardinality: 'Once per session start, resume or clear.',
    matcherField: 'source',
    wireFields: [...sessionWire, 'source'],
  }),
  onSessionEnd: event<SessionEnd>()({
    wire: 'SessionEnd', level: 'agent', capability: 'observe', aliases: [], origin: 'Codex, Claude Code',
    when: 'An agent session ends.',
    cardinality: 'Once per session.',
    matcherField: 'reason',
    wireFields: ['session_id', 'transcript_path', 'cwd', 'hook_event_name', 'reason'],
  }),
  onUserPromptSubmit: event<UserPromptSubmit, HookDecision>()({
    wire: 'UserPromptSubmit', level: 'agent', capability: 'decide', aliases: ['onAgentStart'], origin: 'Codex; promptulate on_agent_start',
    when: 'The user submitted a prompt, before the model sees it; blocking drops it unrecorded.',
    cardinality: 'Once per prompt.',
    wireFields: [...turnWire, 'prompt', 'prompt_id'],
  }),
  onStop: event<Stop, HookDecision>()({
    wire: 'Stop', level: 'agent', capability: 'decide', aliases: [], origin: 'Codex, Claude Code',
    when: 'The agent finished its reply (no more tool calls); blocking makes it continue with the reason.',
    cardinality: 'Once per reply, again after each blocked stop.',
    wireFields: [...turnWire, 'stop_hook_active', 'last_assistant_message'],
  }),
  onAgentResult: event<AgentResult>()({
    wire: 'AgentResult', level: 'agent', capability: 'observe', aliases: [], origin: 'promptulate on_agent_result',
    when: 'The agent returned its result, however the run ended (completed, blocked, stopped by a hook, turn limit, Stop-hook cap, cancelled, error); carries the final text and the typed ending.',
    cardinality: 'Exactly once per send(), continue() or run(), after every Stop re-run; before the error propagates when the run failed.',
  }),
  onStepStart: event<StepStart>()({
    wire: 'StepStart', level: 'agent', capability: 'observe', aliases: [], origin: 'promptulate agent steps',
    when: 'A step of the agent loop starts: its model request is about to be made (after the turn-limit check).',
    cardinality: 'Once per model request of an agent run; always followed by one StepEnd.',
  }),
  onStepEnd: event<StepEnd>()({
    wire: 'StepEnd', level: 'agent', capability: 'observe', aliases: [], origin: 'promptulate agent steps',
    when: 'A step ended: its model request returned and its tool calls ran (outcome tool_calls), or it answered (answer, before Stop), a tool hook stopped the run (stopped), or it threw (error).',
    cardinality: 'Once per StepStart, on every exit path.',
  }),
  onToolCreate: event<ToolCreate>()({
    wire: 'ToolCreate', level: 'tool', capability: 'observe', aliases: [], origin: 'promptulate on_tool_create',
    when: 'A tool is defined with defineTool().',
    cardinality: 'Once per tool instance.',
  }),
  onPreToolUse: event<PreToolUse, ToolUseDecision>()({
    wire: 'PreToolUse', level: 'tool', capability: 'decide', aliases: ['onToolStart'], origin: 'Codex; promptulate on_tool_start',
    when: 'The model asked for a tool call, before it runs; may deny it or rewrite its input.',
    cardinality: 'Once per tool call.',
    matcherField: 'toolName',
    wireFields: [...turnWire, 'tool_name', 'tool_input', 'tool_use_id', 'prompt_id'],
  }),
  onPostToolUse: event<PostToolUse, HookDecision>()({
    wire: 'PostToolUse', level: 'tool', capability: 'decide', aliases: ['onToolResult'], origin: 'Codex; promptulate on_tool_result',
    when: 'A tool call produced its result, before the model sees it; may replace it with feedback.',
    cardinality: 'Once per tool call that ran.',
    matcherField: 'toolName',
    wireFields: [...turnWire, 'tool_name', 'tool_input', 'tool_use_id', 'prompt_id', 'tool_response', 'duration_ms'],
  }),
  onPostToolUseFailure: event<PostToolUseFailure, HookDecision>()({
    wire: 'PostToolUseFailure', level: 'tool', capability: 'decide', aliases: [], origin: 'Claude Code',
    when: 'A tool call failed (the tool threw) or was interrupted, before the model sees the error; may add context for the model.',
    cardinality: 'Once per tool call that ran and failed or was interrupted (instead of PostToolUse).',
    matcherField: 'toolName',
    wireFields: [...turnWire, 'tool_name', 'tool_input', 'tool_use_id', 'error', 'is_interrupt'],
  }),
  onPermissionRequest: event<PermissionRequest, PermissionDecision>()({
    wire: 'PermissionRequest', level: 'tool', capability: 'decide', aliases: [], origin: 'Codex, Claude Code',
    when: 'A tool call needs permission (an ask rule or a PreToolUse ask), before anyone is asked; may allow or deny it on the person\'s behalf.',
    cardinality: 'Once per tool call that needs permission (not for calls the mode or rules settle).',
    matcherField: 'toolName',
    wireFields: [...turnWire, 'tool_name', 'tool_input', 'permission_suggestions'],
  }),
  onNotification: event<Notification>()({
    wire: 'Notification', level: 'agent', capability: 'observe', aliases: [], origin: 'Claude Code',
    when: 'hookline waits for the person: a permission question is about to be asked (`permission_prompt`), or the chat prompt has waited for input since the agent answered (`idle_prompt`, after 60 s by default).',
    cardinality: 'Once per permission question asked of a person; once per idle period of the chat prompt (never in `run -p` or evals).',
    matcherField: 'notificationType',
    wireFields: ['session_id', 'transcript_path', 'cwd', 'hook_event_name', 'message', 'title', 'notification_type'],
  }),
  onPreCompact: event<PreCompact, HookDecision>()({
    wire: 'PreCompact', level: 'agent', capability: 'decide', aliases: [], origin: 'Codex, Claude Code',
    when: 'The conversation is about to be compacted into a model-written summary (/compact, or past the token budget); blocking or continue:false keeps it as it is.',
    cardinality: 'Once per compaction attempt.',
    matcherField: 'trigger',
    wireFields: ['session_id', 'turn_id', 'transcript_path', 'cwd', 'hook_event_name', 'model', 'trigger', 'custom_instructions'],
  }),
  onPostCompact: event<PostCompact>()({
    wire: 'PostCompact', level: 'agent', capability: 'observe', aliases: [], origin: 'Codex, Claude Code',
    when: 'The conversation was compacted: the history is now the summary plus the kept hook context; SessionStart (source compact) follows.',
    cardinality: 'Once per compaction that happened.',
    matcherField: 'trigger',
    wireFields: ['session_id', 'turn_id', 'transcript_path', 'cwd', 'hook_event_name', 'model', 'trigger', 'compact_summary'],
  }),
  onSubagentStart: event<SubagentStart, HookDecision>()({
    wire: 'SubagentStart', level: 'agent', capability: 'decide', aliases: [], origin: 'Codex, Claude Code',
    when: 'The subagent tool is about to run a subagent, before its first request; hooks may add context for the subagent (blocking is ignored).',
    cardinality: 'Once per subagent run.',
    matcherField: 'agentType',
    wireFields: ['session_id', 'turn_id', 'transcript_path', 'cwd', 'hook_event_name', 'model', 'permission_mode', 'agent_id', 'agent_type'],
  }),
  onSubagentStop: event<SubagentStop, HookDecision>()({
    wire: 'SubagentStop', level: 'agent', capability: 'decide', aliases: [], origin: 'Codex, Claude Code',
    when: 'A subagent finished its reply (no more tool calls); replaces Stop inside a subagent; blocking keeps the subagent going with the reason.',
    cardinality: 'Once per subagent reply, again after each blocked stop (capped by stopHookBlockCap).',
    matcherField: 'agentType',
    wireFields: ['session_id', 'turn_id', 'transcript_path', 'agent_transcript_path', 'cwd', 'hook_event_name', 'model', 'permission_mode', 'stop_hook_active', 'agent_id', 'agent_type', 'last_assistant_message'],
  }),
  onInterrupt: event<Interrupt>()({
    wire: 'Interrupt', level: 'agent', capability: 'observe', aliases: [], origin: 'Codex',
    when: 'The person interrupted the running turn (Ctrl-C in chat or run); the history is consistent again and the turn has ended.',
    cardinality: 'Once per interrupted turn.',
    wireFields: [...turnWire],
  }),
  onStepAction: event<StepAction>()({
    wire: 'StepAction', level: 'tool', capability: 'observe', aliases: ['onAgentAction'], origin: 'promptulate on_agent_action',
    when: 'A tool call is about to run: PreToolUse allowed it (and a person approved an ask); carries the input it runs with.',
    cardinality: 'Once per tool call that runs; never for a denied, invalid or skipped call.',
    matcherField: 'toolName',
  }),
  onStepObservation: event<StepObservation>()({
    wire: 'StepObservation', level: 'tool', capability: 'observe', aliases: ['onAgentObservation'], origin: 'promptulate on_agent_observation',
    when: 'A tool call that ran produced what the model reads next (after PostToolUse), or threw (isError).',
    cardinality: 'Once per StepAction (not when cancellation or a limit ends the call).',
    matcherField: 'toolName',
  }),
} as const;

/** Every canonical event method name. */
export type HookEventName = keyof typeof catalog;

/** The payload type of an event. */
export type PayloadOf<E extends HookEventName> = (typeof catalog)[E] extends EventDef<infer P, unknown> ? P : never;

/** The result a handler of an event may return. */
export type ResultOf<E extends HookEventName> = (typeof catalog)[E] extends EventDef<unknown, infer R> ? R : never;

/** Events by capability. */
export type EventsWith<C extends Capability> = {
  [E in HookEventName]: (typeof catalog)[E]['capability'] extends C ? E : never;
}[HookEventName];

/** Events whose handlers may block, add context or rewrite input. */
export type DecideEvent = EventsWith<'decide'>;

/** Events whose return value is ignored. */
export type ObserveEvent = EventsWith<'observe'>;

/** Alias names and the canonical event they stand for. */
export type AliasMap = {
  [E in HookEventName as (typeof catalog)[E]['aliases'][number]]: E;
};

/** Every alias name. */
export type HookAliasName = keyof AliasMap;

/** A canonical event name or one of its aliases. */
export type HookName = HookEventName | HookAliasName;

/** The canonical event a name stands for. */
export type CanonicalOf<N extends HookName> = N extends HookEventName ? N : N extends HookAliasName ? AliasMap[N] : never;

/** The wire (PascalCase) names. */
export type WireName = (typeof catalog)[HookEventName]['wire'];

/** Every canonical event name, in catalog order. */
export const EVENT_NAMES = Object.freeze(Object.keys(catalog)) as readonly HookEventName[];

const aliasIndex = new Map<string, HookEventName>();
const wireIndex = new Map<string, HookEventName>();
for (const name of EVENT_NAMES) {
  const spec: EventSpec = catalog[name];
  wireIndex.set(spec.wire, name);
  for (const alias of spec.aliases) aliasIndex.set(alias, name);
}

/**
 * Returns a table with one key per event, each set to `value`. Copied from the catalog literal so
 * that V8 keeps it in fast mode: adding the keys one by one leaves it a dictionary, which turns
 * every lookup into a hash lookup (10–35 ns instead of about 2). The bus and instance hooks keep
 * their per-event lists in such tables.
 */
export function eventTable<V>(value: V): Record<HookEventName, V> {
  const table = { ...catalog } as unknown as Record<HookEventName, V>;
  for (const name of EVENT_NAMES) table[name] = value;
  return table;
}

/** Tells whether a string is a canonical event name. */
export function isHookEventName(name: string): name is HookEventName {
  return Object.hasOwn(catalog, name);
}

/**
 * Resolves a canonical name or alias to the canonical event, or undefined for unknown names. A
 * user-defined event (`defineEvent()`) resolves to its own name.
 */
export function resolveEventName(name: string): HookEventName | undefined {
  if (isHookEventName(name)) return name;
  return aliasIndex.get(name) ?? (definedEvent(name)?.name as HookEventName | undefined);
}

/** Resolves a wire name (`PreToolUse`, or a defined event's) to its event, or undefined. */
export function eventForWireName(wire: string): HookEventName | undefined {
  return wireIndex.get(wire) ?? definedEventForWire(wire);
}

/** The descriptive spec of an event (a catalog entry, or a user-defined event's spec). */
export function eventSpec(name: HookEventName): EventSpec {
  return isHookEventName(name) ? catalog[name] : definedEvent(name)!;
}
