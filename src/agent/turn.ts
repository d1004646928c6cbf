/**
 * The turn loop: UserPromptSubmit, then model requests and tool calls until the model stops
 * calling tools, then Stop (which may keep the turn going with its reasons as the next user
 * instruction).
 * @module
 */
import { errorMessage } from '../errors.ts';
import { joinReasons } from '../hooks/decision.ts';
import { textOf } from '../model/output.ts';
import type { ChatMessageAssistant, ChatMessageUser, ModelOutput, ModelUsage } from '../types/model.ts';
import { executeToolCalls } from '../tools/execute.ts';
import { shortUuid } from '../util/ids.ts';
import { warn } from '../runtime/warnings.ts';
import { hookPromptMessage } from './hook-text.ts';
import { appendContexts, appendMessage, requestMessages, type SessionCore } from './session-core.ts';
import { submitPrompt } from './prompt-queue.ts';
import type { ToolCallScope } from '../tools/scope.ts';
import type { TurnOutcome, TurnResult } from './types.ts';
import type { StoppingEvent } from '../hooks/payloads/agent-run.ts';
import { endingOf } from './agent-result.ts';
import { beginStep, endStep, failStep } from './steps.ts';
import { compactIfOverBudget } from './compaction.ts';
import { decideStop, stopEventOf } from './subagent-stop.ts';
import { applyPermissionUpdates } from './session-permissions.ts';
import type { PermissionUpdate } from '../hooks/payloads/agent-events.ts';

function addUsage(total: ModelUsage | undefined, usage: ModelUsage | undefined): ModelUsage | undefined {
  if (usage === undefined) return total;
  if (total === undefined) return { ...usage };
  const sum: ModelUsage = {
    inputTokens: total.inputTokens + usage.inputTokens,
    outputTokens: total.outputTokens + usage.outputTokens,
    totalTokens: total.totalTokens + usage.totalTokens,
  };
  for (const key of ['inputTokensCacheWrite', 'inputTokensCacheRead', 'reasoningTokens', 'totalCost'] as const) {
    const a = total[key];
    const b = usage[key];
    if (a !== undefined || b !== undefined) sum[key] = (a ?? 0) + (b ?? 0);
  }
  return sum;
}

/** Collects what a turn produced (also read when the turn fails, for the AgentResult event). */
export class TurnState {
  modelCalls = 0;
  usage: ModelUsage | undefined;
  output: ModelOutput | undefined;
  text = '';
  step = 0;
  stepOpen = false;
  readonly systemMessages: string[] = [];

  constructor(
    readonly core: SessionCore,
    readonly turnId: string,
  ) {}

  addOutput(output: ModelOutput, message: ChatMessageAssistant): void {
    this.modelCalls++;
    this.output = output;
    this.usage = addUsage(this.usage, output.usage);
    this.text = textOf(message.content);
  }

  end(outcome: TurnOutcome, reason?: string, by?: StoppingEvent): TurnResult {
    this.core.writer.write('turn_end', { turnId: this.turnId, outcome, modelCalls: this.modelCalls, usage: this.usage });
    return {
      turnId: this.turnId,
      outcome,
      ending: endingOf(this.core.agent, outcome, reason === '' ? undefined : reason, by),
      text: this.text,
      output: this.output,
      reason: reason === '' ? undefined : reason,
      modelCalls: this.modelCalls,
      usage: this.usage,
      systemMessages: this.systemMessages,
    };
  }
}

/** Returns a new turn id. */
export function newTurnId(): string {
  return `turn-${shortUuid()}`;
}

/**
 * Submits `prompt` (when given) and runs the turn to its end. Without a prompt the loop runs on
 * the history as it is (used when a sample's input already ends with the user's message).
 */
export async function runTurn(core: SessionCore, prompt: ChatMessageUser | undefined, signal: AbortSignal | undefined, turn = new TurnState(core, newTurnId())): Promise<TurnResult> {
  const turnId = turn.turnId;
  try {
    return await turnLoop(core, turn, prompt, signal);
  } catch (error) {
    await failStep(core, turn, error);
    // The transcript says how the turn ended even when a model call or a hook threw.
    core.writer.write('turn_end', { turnId, outcome: 'error', error: errorMessage(error), modelCalls: turn.modelCalls });
    throw error;
  }
}

/** Submits the prompts queued so far; the tool events after an accepted one carry its prompt id. */
async function takeQueued(core: SessionCore, turnId: string, scope: { promptId: string | undefined }): Promise<{ accepted: boolean; stopped: string | undefined }> {
  if (core.queue === undefined || core.queue.size === 0) return { accepted: false, stopped: undefined };
  const queued = await core.queue.drain(core, turnId);
  if (queued.promptId !== undefined) scope.promptId = queued.promptId;
  return { accepted: queued.accepted > 0, stopped: queued.stopped === undefined ? undefined : (queued.stopped.reason ?? '') };
}

async function turnLoop(core: SessionCore, turn: TurnState, prompt: ChatMessageUser | undefined, signal: AbortSignal | undefined): Promise<TurnResult> {
  const turnId = turn.turnId;
  core.writer.write('turn_start', { turnId });
  let promptId: string | undefined;
  if (prompt !== undefined) {
    // A blocked prompt is neither recorded nor sent; its hooks' context is kept for the next request.
    const submission = await submitPrompt(core, turnId, prompt);
    turn.systemMessages.push(...submission.systemMessages);
    promptId = submission.promptId;
    if (!submission.accepted) return turn.end(submission.stopped ? 'stopped' : 'blocked', submission.reason, 'UserPromptSubmit');
  }

  const { model, tools, maxTurns, stopHookBlockCap, config } = core.agent;
  const toolInfos = tools.map((t) => t.info);
  const scope: ToolCallScope & { promptId: string | undefined; step: number | undefined } = {
    cwd: core.cwd,
    // Read per call: a PermissionRequest hook's updatedPermissions may change them mid-turn.
    get permissionMode() { return core.permissions?.mode ?? core.agent.permissionMode; },
    get permissionRules() { return core.permissions === undefined ? core.agent.permissionRules : core.permissions.rules; },
    applyPermissionUpdates: core.permissions === undefined ? undefined : (updates: readonly PermissionUpdate[]) => applyPermissionUpdates(core.permissions!, updates, core.cwd),
    sessionId: core.sessionId,
    transcriptPath: core.transcriptPath,
    model: model.name,
    turnId,
    step: undefined as number | undefined,
    promptId,
    env: core.toolEnv,
    agent: core.agent.component,
    signal,
    fitHookText: (text: string) => core.fitHookText(text),
  };
  let stopBlocks = 0;
  for (;;) {
    if (turn.modelCalls >= maxTurns) {
      warn(`The turn reached maxTurns (${maxTurns} model requests) and was ended. Raise maxTurns if the task needs more steps.`, 'agent');
      return turn.end('max_turns', `Reached the limit of ${maxTurns} model requests in one turn.`);
    }
    // Prompts sent while the turn runs join it here, each through UserPromptSubmit.
    const queued = await takeQueued(core, turnId, scope);
    if (queued.stopped !== undefined) return turn.end('stopped', queued.stopped, 'UserPromptSubmit');
    const compaction = await compactIfOverBudget(core, turnId, signal);
    if (compaction?.stopped === true) return turn.end('stopped', compaction.stopReason, 'PreCompact');
    const started = beginStep(core, turn, scope);
    if (started !== undefined) await started;
    const options: Parameters<typeof model.generate>[1] = {};
    if (toolInfos.length > 0) options.tools = toolInfos;
    if (config !== undefined) options.config = config;
    if (signal !== undefined) options.signal = signal;
    const output = await model.generate(requestMessages(core), options);
    const message: ChatMessageAssistant = output.choices[0]?.message ?? { role: 'assistant', content: output.completion };
    turn.addOutput(output, message);
    appendMessage(core, message, turnId);

    const calls = message.toolCalls ?? [];
    if (calls.length > 0) {
      const batch = await executeToolCalls(calls, tools, scope, (outcome) => {
        appendMessage(core, outcome.message, turnId);
      });
      for (const context of batch.contexts) appendContexts(core, context.event, [context.text], turnId);
      const ended = endStep(core, turn, batch.stopped ? 'stopped' : 'tool_calls', turn.text, calls.length);
      if (ended !== undefined) await ended;
      if (batch.stopped) return turn.end('stopped', batch.stopReason, batch.outcomes.some((o) => o.stopped && o.ran) ? 'PostToolUse' : 'PreToolUse');
      continue;
    }
    const answered = endStep(core, turn, 'answer', turn.text, 0);
    if (answered !== undefined) await answered;
    // An accepted queued prompt keeps the turn going: the model answers it before Stop fires.
    const waiting = await takeQueued(core, turnId, scope);
    if (waiting.stopped !== undefined) return turn.end('stopped', waiting.stopped, 'UserPromptSubmit');
    if (waiting.accepted) continue;

    const pending = decideStop(core, turnId, stopBlocks > 0, turn.text);
    if (pending === undefined) return turn.end('completed');
    const decision = await pending;
    turn.systemMessages.push(...decision.systemMessages);
    appendContexts(core, stopEventOf(core), decision.additionalContext, turnId);
    if (decision.stopped) return turn.end('stopped', decision.stopReason, stopEventOf(core));
    const prompted = decision.blocked && decision.reasons.length > 0;
    if (decision.blocked && !prompted) warn('Stop hook requested continuation without a prompt; ignoring the block.', 'agent');
    // Claude Code: context from a Stop hook keeps the turn going even without a block (Codex ends it).
    if (!prompted && decision.additionalContext.length === 0) return turn.end('completed');
    if (stopBlocks >= stopHookBlockCap) {
      warn(
        `Stop hooks kept the turn going ${stopBlocks} times in a row (a block or additionalContext); the turn ended anyway (stopHookBlockCap = ${stopHookBlockCap}). ` +
          'Make the Stop hook pass when stop_hook_active is true, or raise stopHookBlockCap.',
        'agent',
      );
      return turn.end('stop_hook_cap', joinReasons(decision));
    }
    stopBlocks++;
    if (prompted) appendMessage(core, hookPromptMessage(decision.reasons.map((r) => core.fitHookText(r))), turnId);
  }
}
