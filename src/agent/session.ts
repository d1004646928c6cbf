/**
 * Sessions: one conversation with an agent, its history and its transcript, and the session
 * lifecycle events (SessionStart, SessionEnd).
 * @module
 */
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { HooklineError } from '../errors.ts';
import { decideIf, emitIf } from '../hooks/emit.ts';
import type { SessionEnd, SessionStart } from '../hooks/payloads/agent.ts';
import { hooksStarted, initHooks } from '../hooks/startup.ts';
import type { ChatMessage, ChatMessageUser } from '../types/model.ts';
import { currentContext, NO_CONTEXT, runInContext } from '../runtime/context.ts';
import { agentFrame } from '../runtime/agent-lineage.ts';
import { shortUuid } from '../util/ids.ts';
import { VERSION } from '../version.ts';
import { spillHookText } from './hook-text.ts';
import { sessionToolEnv } from './session-env.ts';
import { PromptQueue } from './prompt-queue.ts';
import { type AgentSettings, appendContexts, modelLabel, type SessionCore, sessionPayload } from './session-core.ts';
import { SessionPermissions } from './session-permissions.ts';
import { TranscriptWriter, transcriptFileName } from './transcript.ts';
import { newTurnId, runTurn, TurnState } from './turn.ts';
import { withAgentResult } from './agent-result.ts';
import { type CompactionResult, compactSession } from './compaction.ts';
import type { FrameOwner } from './subagent-tool.ts';
import { settleInterrupt } from './interrupt.ts';
import { INTERRUPT_HOOK_BUDGET_MS } from '../tools/failure-hooks.ts';
import type { TurnResult } from './types.ts';

/** How a session came to be (the SessionStart `source`). */
export type SessionSource = SessionStart['source'];

/** Why a session ended (the SessionEnd `reason`). */
export type SessionEndReason = SessionEnd['reason'];

/** What the session needs from its agent, besides the settings. */
export interface SessionHost {
  readonly settings: AgentSettings;
  readonly name: string;
  /** Settles when the agent's onAgentCreate hooks have run (rejects if one failed with policy `throw`). */
  readonly created: Promise<void> | undefined;
}

/** How a session is set up (built by the agent). */
export interface SessionInit {
  readonly host: SessionHost;
  readonly cwd: string;
  readonly transcriptDir: string;
  /** Undefined for a subagent's session: SubagentStart replaces SessionStart (and no SessionEnd fires). */
  readonly source: SessionSource | undefined;
  readonly messages: readonly ChatMessage[];
  readonly signal: AbortSignal | undefined;
  /** Resume: the existing session id and transcript file. */
  readonly resume?: { readonly sessionId: string; readonly transcriptPath: string } | undefined;
  /** The id this session's agent reports (`agentId`) when it runs inside another agent's tool (default: a new id). */
  readonly agentId?: string | undefined;
}

/** The session was used after it ended, or while a turn was running. */
export class SessionStateError extends HooklineError {
  constructor(message: string) {
    super('PREREQUISITE', message);
  }
}

/**
 * One conversation with an agent. Its JSONL transcript exists from construction, before any
 * hook runs. SessionStart fires before the first prompt (or on {@link Session.start}); a
 * `continue: false` from it keeps the pending prompt from running. Use {@link Session.send} for
 * each user prompt, {@link Session.clear} to start over and {@link Session.end} when done.
 */
export class Session {
  private readonly host: SessionHost;
  private readonly transcriptDir: string;
  private readonly signal: AbortSignal | undefined;
  private readonly agentId: string;
  private core: SessionCore;
  private pendingStart: SessionSource | undefined;
  private started = false;
  private ended = false;
  private running = false;
  /** Prompts sent while a turn runs. */
  private readonly queue = new PromptQueue();
  /** The turn started for queued prompts after the previous one ended. */
  private queuedTurn: Promise<void> | undefined;
  /** A SessionStart stop from {@link Session.start}, applied to the next prompt. */
  private stopPending: { reason: string | undefined; systemMessages: readonly string[] } | undefined;

  /** @internal Built by `Agent.session()` / `Agent.resume()`. */
  constructor(init: SessionInit) {
    this.host = init.host;
    this.transcriptDir = init.transcriptDir;
    this.signal = init.signal;
    this.agentId = init.agentId ?? `agent-${shortUuid()}`;
    this.pendingStart = init.source;
    this.core = this.createCore(init.cwd, init.messages, init.resume);
  }

  /** The session id (changes after {@link Session.clear}). */
  get id(): string {
    return this.core.sessionId;
  }

  /** The transcript file (changes after {@link Session.clear}). */
  get transcriptPath(): string {
    return this.core.transcriptPath;
  }

  /** The working directory of tools. */
  get cwd(): string {
    return this.core.cwd;
  }

  /** The history (without the system prompt), as the next request will carry it. */
  get messages(): readonly ChatMessage[] {
    return this.core.history;
  }

  /** Whether {@link Session.end} was called. */
  get isEnded(): boolean {
    return this.ended;
  }

  private createCore(cwd: string, messages: readonly ChatMessage[], resume?: SessionInit['resume']): SessionCore {
    const sessionId = resume?.sessionId ?? randomUUID();
    const transcriptPath = resume?.transcriptPath ?? join(this.transcriptDir, transcriptFileName(sessionId));
    const writer = new TranscriptWriter(transcriptPath, sessionId, { cwd });
    const settings = this.host.settings;
    const spillDir = join(dirname(transcriptPath), 'hook-outputs', sessionId);
    const core: SessionCore = {
      agent: settings,
      sessionId,
      transcriptPath,
      cwd,
      writer,
      history: [],
      fitHookText: (text) => spillHookText(text, spillDir),
      queue: this.queue,
      permissions: new SessionPermissions(settings.permissionMode, settings.permissionRules),
    };
    if (resume === undefined) {
      writer.write('session_meta', { cwd, model: modelLabel(settings.model), agent: this.host.name, system: settings.system, version: VERSION });
      for (const message of messages) {
        core.history.push(message);
        writer.writeMessage(message);
      }
    } else {
      core.history.push(...messages);
    }
    return core;
  }

  private assertUsable(what: string): void {
    if (this.ended) throw new SessionStateError(`Cannot ${what}: the session ${this.id} has ended. Start a new session with agent.session() or agent.resume().`);
    if (this.running) throw new SessionStateError(`Cannot ${what} while a turn is running in session ${this.id}. Await the previous send() first.`);
  }

  /**
   * Runs `fn` as part of this session: its id, its signal, and the agent's instance hooks for
   * the tool and model events fired inside (replacing those of an enclosing agent's session).
   */
  private inContext<T>(signal: AbortSignal | undefined, fn: () => Promise<T>, turnId?: string): Promise<T> {
    const ask = this.host.settings.askPermission;
    // The agent lineage: an enclosing session's frame (this session runs inside its tool call) is the parent.
    const owner: FrameOwner = { core: this.core, turnId };
    const agent = agentFrame(this.host.name, this.agentId, this.core.sessionId, currentContext().agent, owner);
    return runInContext({ sessionId: this.core.sessionId, agent, signal, scopedHandlers: this.host.settings.hooks.handlers, ...(ask === undefined ? {} : { askPermission: ask }) }, fn);
  }

  private combinedSignal(signal: AbortSignal | undefined): AbortSignal | undefined {
    if (signal === undefined) return this.signal;
    if (this.signal === undefined) return signal;
    return AbortSignal.any([this.signal, signal]);
  }

  private async fireStart(): Promise<{ stopped: boolean; reason: string | undefined; systemMessages: readonly string[] }> {
    const source = this.pendingStart;
    if (source === undefined) return { stopped: false, reason: undefined, systemMessages: [] };
    this.pendingStart = undefined;
    // An agent built in code gets the same start-up as the CLI: plugins, hooks.json, required hooks.
    if (!hooksStarted()) await initHooks({ cwd: this.core.cwd });
    if (this.host.created !== undefined) await this.host.created;
    this.started = true;
    this.core.writer.write('session_start', { source });
    // Agent events take the agent's own instance hooks (not an enclosing agent's).
    const pending = decideIf('onSessionStart', () => Object.assign(sessionPayload(this.core), { source }), this.host.settings.hooks.handlers, NO_CONTEXT);
    if (pending === undefined) return { stopped: false, reason: undefined, systemMessages: [] };
    const decision = await pending;
    this.core.toolEnv = await sessionToolEnv(this.core.transcriptPath, this.core.sessionId, this.core.toolEnv);
    appendContexts(this.core, 'SessionStart', decision.additionalContext);
    return { stopped: decision.stopped, reason: decision.stopReason, systemMessages: decision.systemMessages };
  }

  /**
   * Fires SessionStart now if it has not fired yet (otherwise does nothing). Returns whether a
   * hook asked to stop, which keeps the next prompt from running.
   */
  async start(): Promise<{ readonly stopped: boolean; readonly reason: string | undefined }> {
    this.assertUsable('start');
    this.running = true;
    try {
      const result = await this.inContext(this.signal, () => this.fireStart());
      if (result.stopped) this.stopPending = result;
      return result;
    } finally {
      this.running = false;
    }
  }

  /**
   * Runs one user turn: UserPromptSubmit, model requests and tool calls until the model stops
   * calling tools, then Stop. A prompt blocked by a hook is never sent nor recorded. Sent while a
   * turn is running, the prompt is queued: the running turn takes it at its next model request
   * (through UserPromptSubmit), or it runs as the next turn (see `prompt-queue.ts`); the promise
   * settles with the result of the turn that carried it.
   */
  async send(prompt: string | ChatMessageUser, options: { signal?: AbortSignal } = {}): Promise<TurnResult> {
    const message: ChatMessageUser = typeof prompt === 'string' ? { role: 'user', content: prompt } : prompt;
    if (!this.running || this.ended) return this.turn(message, options.signal);
    return new Promise<TurnResult>((resolve, reject) => {
      this.queue.push({ message, signal: options.signal, resolve, reject });
    });
  }

  /**
   * Runs the agent loop on the history as it is, without a new prompt (for a history that
   * already ends with the user's message). Stop hooks apply as in {@link Session.send}.
   */
  async continue(options: { signal?: AbortSignal } = {}): Promise<TurnResult> {
    return this.turn(undefined, options.signal);
  }

  private async turn(prompt: ChatMessageUser | undefined, signal: AbortSignal | undefined): Promise<TurnResult> {
    this.assertUsable('send a prompt');
    this.running = true;
    const combined = this.combinedSignal(signal);
    try {
      const turn = new TurnState(this.core, newTurnId());
      const result = await this.inContext(combined, () => withAgentResult(this.core, turn, async () => {
        const start = await this.fireStart();
        const stop = start.stopped ? start : this.stopPending;
        this.stopPending = undefined;
        if (stop !== undefined) {
          this.core.writer.write('turn_end', { turnId: turn.turnId, outcome: 'stopped' });
          return { turnId: turn.turnId, outcome: 'stopped', ending: { kind: 'stopped', by: 'SessionStart', reason: stop.reason }, text: '', output: undefined, reason: stop.reason, modelCalls: 0, usage: undefined, systemMessages: stop.systemMessages };
        }
        return runTurn(this.core, prompt, combined, turn).catch((error: unknown) => settleInterrupt(this.core, turn.turnId, error));
      }), turn.turnId);
      this.queue.settleCarried(result);
      return result;
    } catch (error) {
      this.queue.settleCarried(undefined, error);
      throw error;
    } finally {
      this.running = false;
      this.runQueued();
    }
  }

  /** Runs the prompts still queued when a turn ended as the next turn (the rest join that turn). */
  private runQueued(): void {
    const next = this.queue.shift();
    if (next === undefined) return;
    this.queuedTurn = this.turn(next.message, next.signal).then(
      (result) => { next.resolve(result); },
      (error: unknown) => { next.reject(error); },
    );
  }

  /**
   * Compacts the conversation now (`/compact [instructions]` in chat): PreCompact, a summary
   * written by the model, PostCompact, then SessionStart with source `compact` (see
   * `compaction.ts`). Returns what happened; a PreCompact block leaves the history as it is.
   */
  async compact(instructions = ''): Promise<CompactionResult> {
    this.assertUsable('compact');
    this.running = true;
    try {
      return await this.inContext(this.signal, async () => {
        await this.fireStart();
        return compactSession(this.core, 'manual', instructions, undefined, this.signal);
      });
    } finally {
      this.running = false;
    }
  }

  /**
   * Ends this conversation and starts a fresh one in the same object: SessionEnd fires with
   * reason `clear`, the history is emptied, and a new session id and transcript are used;
   * SessionStart fires with source `clear` before the next prompt.
   */
  async clear(): Promise<void> {
    this.assertUsable('clear');
    await this.fireEnd('clear');
    this.core = this.createCore(this.core.cwd, []);
    this.pendingStart = 'clear';
    this.stopPending = undefined;
  }

  private async fireEnd(reason: SessionEndReason): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.core.writer.write('session_end', { reason });
    // A session cancelled by its signal (Ctrl-C in `run`) still ends through its hooks, with the
    // interrupt hooks' fresh budget (Codex caps SessionEnd at 3 s too).
    const signal = this.signal?.aborted === true ? AbortSignal.timeout(INTERRUPT_HOOK_BUDGET_MS) : this.signal;
    await this.inContext(signal, async () => {
      const pending = emitIf('onSessionEnd', () => Object.assign(sessionPayload(this.core), { reason }), this.host.settings.hooks.handlers, NO_CONTEXT);
      if (pending !== undefined) await pending;
    });
  }

  /**
   * Ends the session: SessionEnd fires (if SessionStart did) and the transcript gets its end
   * marker. Calling it again does nothing.
   */
  async end(reason: SessionEndReason = 'other'): Promise<void> {
    if (this.ended) return;
    // Prompts queued before end() still run, through their hooks.
    while (this.queuedTurn !== undefined) {
      const pending = this.queuedTurn;
      await pending;
      if (this.queuedTurn === pending) this.queuedTurn = undefined;
    }
    if (this.running) throw new SessionStateError(`Cannot end session ${this.id} while a turn is running. Await send() first, or abort it with its signal.`);
    this.ended = true;
    await this.fireEnd(reason);
  }
}
