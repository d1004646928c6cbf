/**
 * The tool executor: runs one tool call the model asked for, with its PreToolUse and
 * PostToolUse hooks, and turns every outcome (success, bad arguments, a thrown error, a denial,
 * hook feedback) into the tool message the model reads. Agent sessions and eval samples both
 * use it, so tool events fire for every tool call.
 *
 * PostToolUse feedback (a `decision: 'block'` reason, or a command hook's exit-2 stderr)
 * **replaces** the tool output the model sees, as Codex does (Claude Code shows it in addition).
 * PostToolUse fires only for calls that produced a result; a tool that threw gets no PostToolUse
 * (Claude Code's rule), a Bash command with a non-zero exit status does (it returned output).
 * A tool that threw or was interrupted gets PostToolUseFailure instead (`failure-hooks.ts`).
 * Between PreToolUse and the call, the permission mode and rules decide whether the call runs,
 * is denied, or needs permission (`permissions/`: PermissionRequest hooks, then a person).
 * @module
 */
import { errorMessage, isCancellation, isLimitExceededError } from '../errors.ts';
import { joinReasons, type MergedDecision } from '../hooks/decision.ts';
import type { ToolUseContext } from '../hooks/payloads/agent.ts';
import type { ChatMessageTool, ToolCall, ToolCallError } from '../types/model.ts';
import { type ActiveContext, contextIds, currentContext } from '../runtime/context.ts';
import { warn } from '../runtime/warnings.ts';
import { resultText } from './format.ts';
import { textOf } from '../model/output.ts';
import { decideIf, emitIf } from '../hooks/emit.ts';
import { isoTimestamp } from '../util/time.ts';
import type { HookContextEvent, HookContextText, ToolCallScope } from './scope.ts';
import { permissionVerdict } from './permissions/policy.ts';
import { askForPermission, permissionDeniedText } from './permissions/request.ts';
import { firePostToolUseFailure } from './failure-hooks.ts';
import { isToolError } from './tool-error.ts';
import { lineageOf } from '../runtime/agent-lineage.ts';
import type { Tool, ToolArgs, ToolResult } from './types.ts';

/** What one tool call came to. */
export interface ToolCallOutcome {
  /** The message the model reads (its `content` is what the model sees). */
  readonly message: ChatMessageTool;
  /** Hook texts for the model, in order; inject them into the next request. */
  readonly contexts: readonly HookContextText[];
  /** A hook asked to end the turn (`continue: false`). */
  readonly stopped: boolean;
  /** The hook's stop reason, for the user. */
  readonly stopReason: string | undefined;
  /** Whether the tool's `execute` ran. */
  readonly ran: boolean;
  /** What `execute` returned (before any hook replaced it). */
  readonly result: ToolResult | undefined;
}

/** The text a model sees when PostToolUse stops execution without a reason. */
export const POST_TOOL_STOP_TEXT = 'PostToolUse hook stopped execution';

/** Returns the text the model sees for a tool call denied by a PreToolUse hook (spec C.7). */
export function blockedToolText(toolName: string, input: Readonly<Record<string, unknown>>, reason: string): string {
  if (toolName === 'Bash' && typeof input.command === 'string') {
    return `Command blocked by PreToolUse hook: ${reason}. Command: ${input.command}`;
  }
  return `Tool call blocked by PreToolUse hook: ${reason}. Tool: ${toolName}`;
}

interface CallState {
  readonly call: ToolCall;
  readonly scope: ToolCallScope;
  readonly context: ActiveContext;
  readonly started: number;
  readonly timestamp: string;
  readonly contexts: HookContextText[];
  /** Set when StepAction fired: the tool and the input the call ran with (for StepObservation). */
  action?: { readonly tool: Tool; readonly input: Readonly<Record<string, unknown>> };
}

function fit(state: CallState, text: string): string {
  return state.scope.fitHookText === undefined ? text : state.scope.fitHookText(text);
}

function collectContexts(state: CallState, event: HookContextEvent, decision: MergedDecision): void {
  for (const text of decision.additionalContext) state.contexts.push({ event, text: fit(state, text) });
}

function record(state: CallState, args: Readonly<Record<string, unknown>>, content: string, error: ToolCallError | undefined): void {
  const transcript = state.context.transcript;
  if (transcript === undefined) return;
  const seconds = (performance.now() - state.started) / 1000;
  transcript.record({
    event: 'tool',
    type: 'function',
    id: state.call.id,
    function: state.call.function,
    arguments: { ...args },
    result: content,
    events: [],
    timestamp: state.timestamp,
    workingStart: 0,
    completed: isoTimestamp(),
    workingTime: seconds,
    ...(error === undefined ? {} : { error, failed: true }),
    ...(state.scope.agent === undefined ? {} : { agent: state.scope.agent.name }),
  });
}

function finish(
  state: CallState,
  args: Readonly<Record<string, unknown>>,
  content: string,
  extra: { error?: ToolCallError; stopped?: boolean; stopReason?: string | undefined; ran?: boolean; result?: ToolResult | undefined } = {},
): ToolCallOutcome {
  const message: ChatMessageTool = { role: 'tool', content, toolCallId: state.call.id, function: state.call.function };
  if (extra.error !== undefined) message.error = extra.error;
  record(state, args, content, extra.error);
  return {
    message,
    contexts: state.contexts,
    stopped: extra.stopped ?? false,
    stopReason: extra.stopReason,
    ran: extra.ran ?? false,
    result: extra.result,
  };
}

function failure(state: CallState, args: Readonly<Record<string, unknown>>, type: ToolCallError['type'], text: string, ran = false): ToolCallOutcome {
  return finish(state, args, text, { error: { type, message: text }, ran });
}

/** Returns the fields of every tool event, in a fresh object (see `sessionPayload` for why `Object.assign`). */
function payloadBase(state: CallState, tool: Tool, input: Readonly<Record<string, unknown>>): ToolUseContext {
  const { scope, call } = state;
  return Object.assign(contextIds(state.context), lineageOf(state.context.agent), {
    sessionId: scope.sessionId ?? state.context.sessionId,
    transcriptPath: scope.transcriptPath,
    cwd: scope.cwd,
    model: scope.model,
    permissionMode: scope.permissionMode,
    turnId: scope.turnId,
    toolName: tool.name,
    toolInput: input,
    toolUseId: call.id,
    promptId: scope.promptId,
    component: tool.component,
    agent: scope.agent,
  });
}

function badRewrite(state: CallState, toolName: string, who: string, updated: Readonly<Record<string, unknown>>, problem: string): ToolCallOutcome {
  const text = `${who} rewrote the input of tool '${toolName}' into invalid arguments (${problem}); the tool did not run. The hook must return updatedInput matching the tool's parameters.`;
  warn(text, 'tools');
  return failure(state, updated, 'parsing', text);
}

/**
 * Runs one tool call with its hooks and returns what the model should read. Never throws for a
 * tool's own failure; only cancellation and limit errors propagate. A call that ran (StepAction
 * fired) gets its StepObservation once its outcome is known.
 */
export async function executeToolCall(call: ToolCall, tools: readonly Tool[], scope: ToolCallScope): Promise<ToolCallOutcome> {
  const state: CallState = { call, scope, context: currentContext(), started: performance.now(), timestamp: isoTimestamp(), contexts: [] };
  const outcome = await runToolCall(state, tools);
  const action = state.action;
  if (action === undefined) return outcome;
  const observed = emitIf('onStepObservation', () => Object.assign(payloadBase(state, action.tool, action.input), {
    step: scope.step,
    observation: textOf(outcome.message.content),
    isError: outcome.message.error !== undefined,
    toolResponse: outcome.result,
  }), action.tool.hooks?.handlers, state.context);
  if (observed !== undefined) await observed;
  return outcome;
}

async function runToolCall(state: CallState, tools: readonly Tool[]): Promise<ToolCallOutcome> {
  const { call, scope } = state;
  const given = call.arguments;
  const tool = tools.find((t) => t.name === call.function);
  if (tool === undefined) {
    const names = tools.map((t) => t.name).join(', ') || '(none)';
    return failure(state, given, 'unknown', `Tool '${call.function}' does not exist. Call one of the available tools: ${names}.`);
  }
  if (call.parseError !== undefined) {
    // The provider layer words parseError (it names the tool and quotes the raw text).
    const problem = call.parseError.trim().replace(/\.?$/, '.');
    return failure(state, given, 'parsing', `${problem} Send the arguments of '${tool.name}' as one JSON object matching its parameters.`);
  }
  const check = tool.validate(given);
  if (!check.ok) {
    return failure(state, given, 'parsing', `Invalid arguments for tool '${tool.name}': ${check.error}. Call it again with arguments that match its parameters schema.`);
  }
  let input: Readonly<Record<string, unknown>> = given;
  let args: ToolArgs = check.value;
  let hookAsked: readonly string[] | undefined;
  let hookAllowed = false;

  // Instance hooks: the enclosing agent's, then the tool's own (`?.`: a tool from another copy of hookline may have none).
  const own = tool.hooks?.handlers;
  const preDecision = decideIf('onPreToolUse', () => payloadBase(state, tool, input), own, state.context);
  if (preDecision !== undefined) {
    const decision = await preDecision;
    collectContexts(state, 'PreToolUse', decision);
    if (decision.blocked || decision.stopped) {
      // Claude Code: continue:false stops everything; the call is denied and the turn ends.
      const reason = decision.reasons[0] ?? decision.stopReason ?? 'no reason given';
      return finish(state, input, fit(state, blockedToolText(tool.name, input, reason)), { stopped: decision.stopped, stopReason: decision.stopReason ?? reason });
    }
    hookAsked = decision.asked?.reasons;
    hookAllowed = decision.allowed === true;
    if (decision.updatedInput !== undefined) {
      const recheck = tool.validate(decision.updatedInput);
      if (!recheck.ok) return badRewrite(state, tool.name, 'A PreToolUse hook', decision.updatedInput, recheck.error);
      input = decision.updatedInput;
      args = recheck.value;
    }
  }

  const verdict = permissionVerdict(scope.permissionMode, scope.permissionRules, tool.name, input, scope.cwd, hookAsked, hookAllowed);
  if (verdict.kind === 'deny') return finish(state, input, fit(state, permissionDeniedText(tool.name, verdict.reason)));
  if (verdict.kind === 'ask') {
    const asked = input;
    const answer = await askForPermission({ context: state.context, scope, own, toolName: tool.name, input, payload: () => payloadBase(state, tool, asked) }, verdict);
    if (!answer.allowed) {
      const text = verdict.origin === 'hook' ? blockedToolText(tool.name, input, answer.reason) : permissionDeniedText(tool.name, answer.reason);
      return finish(state, input, fit(state, text), { stopped: answer.stopped, stopReason: answer.stopReason });
    }
    if (answer.updatedInput !== undefined) {
      const recheck = tool.validate(answer.updatedInput);
      if (!recheck.ok) return badRewrite(state, tool.name, 'A PermissionRequest hook', answer.updatedInput, recheck.error);
      input = answer.updatedInput;
      args = recheck.value;
    }
  }

  state.action = { tool, input };
  const acting = emitIf('onStepAction', () => Object.assign(payloadBase(state, tool, input), { step: scope.step }), own, state.context);
  if (acting !== undefined) await acting;
  let result: ToolResult;
  const executed = performance.now();
  try {
    result = await tool.execute(args, { cwd: scope.cwd, toolUseId: call.id, sessionId: scope.sessionId, signal: scope.signal ?? state.context.signal, env: scope.env });
  } catch (error) {
    const interrupted = isCancellation(error);
    if (isLimitExceededError(error)) throw error;
    const type = isToolError(error) ? error.errorType : 'unknown';
    const text = interrupted ? `Tool '${tool.name}' was interrupted.` : isToolError(error) ? error.message : `Tool '${tool.name}' failed: ${errorMessage(error)}`;
    const failed = await firePostToolUseFailure(state.context, own, () => Object.assign(payloadBase(state, tool, input), { error: text, isInterrupt: interrupted }), interrupted);
    if (interrupted) throw error;
    if (failed === undefined) return failure(state, input, type, text, true);
    collectContexts(state, 'PostToolUseFailure', failed);
    const feedback = failed.reasons.length > 0 ? fit(state, `${text}\n\n${joinReasons(failed)}`) : text;
    return finish(state, input, feedback, { error: { type, message: feedback }, ran: true, stopped: failed.stopped, stopReason: failed.stopReason });
  }
  const durationMs = Math.round(performance.now() - executed);
  let content = tool.resultText === undefined ? resultText(result) : tool.resultText(result);

  const postDecision = decideIf('onPostToolUse', () => Object.assign(payloadBase(state, tool, input), { toolResponse: result, durationMs }), own, state.context);
  if (postDecision !== undefined) {
    const decision = await postDecision;
    if (decision.stopped) {
      const text = decision.reasons.length > 0 ? joinReasons(decision) : (decision.stopReason ?? POST_TOOL_STOP_TEXT);
      content = fit(state, text);
      collectContexts(state, 'PostToolUse', decision);
      return finish(state, input, content, { stopped: true, stopReason: decision.stopReason ?? text, ran: true, result });
    }
    if (decision.blocked) {
      if (decision.reasons.length > 0) content = fit(state, joinReasons(decision));
      else warn(`A PostToolUse hook blocked tool '${tool.name}' without a reason; the tool output is kept. Give the block a reason.`, 'tools');
    }
    collectContexts(state, 'PostToolUse', decision);
  }
  return finish(state, input, content, { ran: true, result });
}

/** The text given for tool calls skipped because an earlier call in the batch stopped the turn. */
export const SKIPPED_TOOL_TEXT = 'Tool call skipped: a hook stopped execution before this call ran.';

/** What a batch of tool calls came to. */
export interface ToolBatchOutcome {
  /** One outcome per call, in order (skipped calls included). */
  readonly outcomes: readonly ToolCallOutcome[];
  /** Every hook text, in order. */
  readonly contexts: readonly HookContextText[];
  readonly stopped: boolean;
  readonly stopReason: string | undefined;
}

/**
 * Runs the tool calls of one assistant message in order. After a hook stops execution, the
 * remaining calls are answered with {@link SKIPPED_TOOL_TEXT} so every call has a result.
 * `onOutcome` sees each outcome as soon as it is known (to record it right away).
 */
export async function executeToolCalls(
  calls: readonly ToolCall[],
  tools: readonly Tool[],
  scope: ToolCallScope,
  onOutcome?: (outcome: ToolCallOutcome) => void,
): Promise<ToolBatchOutcome> {
  const outcomes: ToolCallOutcome[] = [];
  const contexts: HookContextText[] = [];
  let stopReason: string | undefined;
  let stopped = false;
  for (const call of calls) {
    if (stopped) {
      outcomes.push({
        message: { role: 'tool', content: SKIPPED_TOOL_TEXT, toolCallId: call.id, function: call.function, error: { type: 'approval', message: SKIPPED_TOOL_TEXT } },
        contexts: [], stopped: false, stopReason: undefined, ran: false, result: undefined,
      });
      onOutcome?.(outcomes[outcomes.length - 1]!);
      continue;
    }
    const outcome = await executeToolCall(call, tools, scope);
    outcomes.push(outcome);
    onOutcome?.(outcome);
    contexts.push(...outcome.contexts);
    if (outcome.stopped) {
      stopped = true;
      stopReason = outcome.stopReason;
    }
  }
  return { outcomes, contexts, stopped, stopReason };
}
