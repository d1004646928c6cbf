/**
 * Prompts sent while a turn is running (Codex's queued prompts): `session.send()` queues them
 * instead of failing, and every one goes through UserPromptSubmit before it is used.
 *
 * - The running turn takes queued prompts at its next model request, and before its Stop hooks
 *   (an accepted prompt then keeps the turn going instead of Stop firing). They share the turn's
 *   `turn_id`; each has its own `prompt_id`, which the later tool events carry.
 * - A blocked prompt is never recorded nor sent; its hooks' context is recorded and reaches the
 *   request that carries the next accepted prompt. Its `send()` resolves at once with outcome
 *   `blocked`. A prompt accepted before it stays accepted: the turn goes on with it.
 * - A prompt with `continue: false` is not used either, and it ends the running turn after the
 *   current step (as `continue: false` does everywhere); the queue goes on after it.
 * - Prompts still queued when a turn ends run as the next turn, through the same hooks. The
 *   `send()` of an accepted prompt resolves with the result of the turn that carried it.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { decideIf } from '../hooks/emit.ts';
import { joinReasons } from '../hooks/decision.ts';
import { textOf } from '../model/output.ts';
import { NO_CONTEXT } from '../runtime/context.ts';
import type { ChatMessageUser } from '../types/model.ts';
import { endingOf } from './agent-result.ts';
import { appendContexts, appendMessage, type SessionCore, turnPayload } from './session-core.ts';
import type { TurnResult } from './types.ts';

/** One prompt waiting for its turn, with the `send()` promise it settles. */
export interface QueuedPrompt {
  readonly message: ChatMessageUser;
  readonly signal: AbortSignal | undefined;
  resolve(result: TurnResult): void;
  reject(error: unknown): void;
}

/** What UserPromptSubmit made of one prompt. */
export interface PromptSubmission {
  /** The prompt was recorded and will be sent. */
  readonly accepted: boolean;
  /** A hook returned `continue: false`. */
  readonly stopped: boolean;
  readonly reason: string | undefined;
  readonly promptId: string;
  readonly systemMessages: readonly string[];
}

/**
 * Runs UserPromptSubmit for one prompt: an accepted prompt is appended to the history (then its
 * hooks' context); a blocked or stopped one is not, but its hooks' context is.
 */
export async function submitPrompt(core: SessionCore, turnId: string, prompt: ChatMessageUser): Promise<PromptSubmission> {
  const promptId = randomUUID();
  const pending = decideIf('onUserPromptSubmit', () => Object.assign(turnPayload(core, turnId), { prompt: textOf(prompt.content), promptId }), core.agent.hooks.handlers, NO_CONTEXT);
  if (pending === undefined) {
    appendMessage(core, prompt, turnId);
    return { accepted: true, stopped: false, reason: undefined, promptId, systemMessages: [] };
  }
  const decision = await pending;
  if (decision.blocked || decision.stopped) {
    appendContexts(core, 'UserPromptSubmit', decision.additionalContext, turnId);
    const reason = decision.stopped ? (decision.stopReason ?? joinReasons(decision)) : joinReasons(decision);
    return { accepted: false, stopped: decision.stopped, reason: reason === '' ? undefined : reason, promptId, systemMessages: decision.systemMessages };
  }
  appendMessage(core, prompt, turnId);
  appendContexts(core, 'UserPromptSubmit', decision.additionalContext, turnId);
  return { accepted: true, stopped: false, reason: undefined, promptId, systemMessages: decision.systemMessages };
}

/** The prompts a session holds while a turn runs, in the order they were sent. */
export class PromptQueue {
  private readonly items: QueuedPrompt[] = [];
  /** Accepted prompts of the running turn, settled with its result. */
  private carried: QueuedPrompt[] = [];

  /** How many prompts wait. */
  get size(): number {
    return this.items.length;
  }

  /** Adds a prompt at the end. */
  push(item: QueuedPrompt): void {
    this.items.push(item);
  }

  /** Takes the first prompt (undefined when none waits). */
  shift(): QueuedPrompt | undefined {
    return this.items.shift();
  }

  /**
   * Called by the running turn at a model-request boundary: submits every waiting prompt in order.
   * Returns how many were accepted, the last accepted prompt id, and whether one asked to stop.
   */
  async drain(core: SessionCore, turnId: string): Promise<{ accepted: number; promptId: string | undefined; stopped: PromptSubmission | undefined }> {
    let accepted = 0;
    let promptId: string | undefined;
    for (let item = this.items.shift(); item !== undefined; item = this.items.shift()) {
      const submission = await submitPrompt(core, turnId, item.message);
      if (submission.accepted) {
        accepted++;
        promptId = submission.promptId;
        this.carried.push(item);
        continue;
      }
      const outcome = submission.stopped ? 'stopped' : 'blocked';
      item.resolve({
        turnId, outcome, ending: endingOf(core.agent, outcome, submission.reason, 'UserPromptSubmit'), text: '', output: undefined,
        reason: submission.reason, modelCalls: 0, usage: undefined, systemMessages: submission.systemMessages,
      });
      if (submission.stopped) return { accepted, promptId, stopped: submission };
    }
    return { accepted, promptId, stopped: undefined };
  }

  /** Settles the accepted prompts of a turn that ended: with its result, or its error. */
  settleCarried(result: TurnResult | undefined, error?: unknown): void {
    const carried = this.carried;
    this.carried = [];
    for (const item of carried) {
      if (result === undefined) item.reject(error);
      else item.resolve(result);
    }
  }
}
