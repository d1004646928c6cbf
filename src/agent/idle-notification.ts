/**
 * The idle notification: when the agent has answered and the prompt has waited for the person's
 * next input for a while (60 s by default), Notification fires once with `notification_type:
 * "idle_prompt"` (Claude Code's idle notification), so a hook can ping the person. Interactive
 * hosts (`hookline chat`) use it; nothing arms it in `run -p`, evals or library sessions.
 * @module
 */
import { ConfigError, errorMessage } from '../errors.ts';
import { emitIf } from '../hooks/emit.ts';
import type { ComponentRef } from '../hooks/payloads/model.ts';
import type { ScopedHandlers } from '../hooks/sources/scoped/lookup.ts';
import { contextIds, NO_CONTEXT } from '../runtime/context.ts';
import { warn } from '../runtime/warnings.ts';

/** Seconds the prompt waits after a turn before the idle notification fires (Claude Code's 60 s). */
export const DEFAULT_IDLE_NOTIFICATION_SECONDS = 60;

/** The message of the idle notification. */
export const IDLE_NOTIFICATION_MESSAGE = 'hookline is waiting for your input';

/** The session an idle notification is about (a `Session` fits). */
export interface IdleSession {
  readonly id: string;
  readonly transcriptPath: string;
  readonly cwd: string;
}

/** The agent whose session waits (an `Agent` fits): its instance hooks receive the notification too. */
export interface IdleAgent {
  readonly component: ComponentRef;
  readonly hooks: { readonly handlers: ScopedHandlers };
}

/** Options of {@link IdleNotifier}. */
export interface IdleNotifierOptions {
  /** Milliseconds the prompt waits before Notification fires; 0 turns it off (default: {@link idleNotificationDelayMs}). */
  readonly delayMs?: number | undefined;
}

/**
 * Returns the idle delay in milliseconds: `seconds` when given (a CLI option), else
 * `HOOKLINE_IDLE_NOTIFICATION` (seconds), else 60 s; 0 turns the notification off. Throws a
 * ConfigError naming the source for anything but a number ≥ 0.
 */
export function idleNotificationDelayMs(seconds?: string, env: NodeJS.ProcessEnv = process.env): number {
  const [raw, source] = seconds !== undefined ? [seconds, '--idle-notification'] : [env.HOOKLINE_IDLE_NOTIFICATION, 'HOOKLINE_IDLE_NOTIFICATION'];
  if (raw === undefined || raw.trim() === '') return DEFAULT_IDLE_NOTIFICATION_SECONDS * 1000;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new ConfigError(`${source} must be a number of seconds ≥ 0 (0 turns the idle notification off), got '${raw}'.`);
  return Math.round(value * 1000);
}

function reportFailure(error: unknown): void {
  warn(`Notification (idle_prompt) hook failed: ${errorMessage(error)}`, 'hooks', error);
}

/**
 * Fires Notification `idle_prompt` once per idle period. The host calls {@link IdleNotifier.waiting}
 * when the prompt waits after a turn, {@link IdleNotifier.inputArrived} when the person types
 * something, and {@link IdleNotifier.dispose} before the session ends. The timer never keeps the
 * process alive.
 */
export class IdleNotifier {
  private readonly delayMs: number;
  private timer: NodeJS.Timeout | undefined;
  /** Set once the notification fired in the current idle period (cleared by input). */
  private notified = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly session: IdleSession, private readonly agent: IdleAgent, options: IdleNotifierOptions = {}) {
    this.delayMs = options.delayMs ?? idleNotificationDelayMs();
  }

  /** Called when the prompt starts waiting after a turn: arms the timer (once per idle period). */
  waiting(): void {
    if (this.delayMs <= 0 || this.notified || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.fire();
    }, this.delayMs);
    this.timer.unref();
  }

  /** Called when the person's input arrives: cancels the timer and starts a new idle period. */
  inputArrived(): void {
    this.cancel();
    this.notified = false;
  }

  /** Called before the session ends: cancels the timer and waits for notifications still being delivered. */
  async dispose(): Promise<void> {
    this.cancel();
    this.notified = true;
    await Promise.all(this.inFlight);
  }

  private cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    this.notified = true;
    const { session, agent } = this;
    let pending: Promise<void> | undefined;
    try {
      pending = emitIf('onNotification', () => Object.assign(contextIds(NO_CONTEXT), {
        sessionId: session.id,
        transcriptPath: session.transcriptPath,
        cwd: session.cwd,
        message: IDLE_NOTIFICATION_MESSAGE,
        title: 'Waiting for input',
        notificationType: 'idle_prompt' as const,
        agent: agent.component,
      }), agent.hooks.handlers, NO_CONTEXT);
    } catch (error) {
      // A hook that threw synchronously (policy `throw`): this runs on a timer, so report it here.
      reportFailure(error);
      return;
    }
    if (pending === undefined) return;
    const delivery = pending.catch(reportFailure).finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }
}
