/**
 * The Agent: a model, tools and a system prompt, from which sessions are made.
 * @module
 */
import { resolve } from 'node:path';
import { ConfigError, errorMessage } from '../errors.ts';
import { emitIf } from '../hooks/emit.ts';

import type { ComponentRef } from '../hooks/payloads/model.ts';
import { InstanceHooks } from '../hooks/sources/scoped/instance-hooks.ts';
import type { ChatMessageUser } from '../types/model.ts';
import { ToolDefinitionError } from '../tools/tool-error.ts';
import { resolvePermissionRules } from '../tools/permissions/rules.ts';
import { DEFAULT_COMPACT_TOKENS } from './compaction.ts';
import { shortUuid } from '../util/ids.ts';
import { warn } from '../runtime/warnings.ts';
import type { AgentSettings } from './session-core.ts';
import { Session, type SessionHost } from './session.ts';
import { subagentTool } from './subagent-tool.ts';
import { defaultTranscriptDir, readTranscript } from './transcript.ts';
import type { AgentOptions, RunResult, SessionOptions } from './types.ts';
import { NO_CONTEXT } from '../runtime/context.ts';

function checkCount(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigError(`Agent option ${name} must be a whole number ≥ 0, got ${String(value)}. Pass e.g. ${name}: ${fallback}.`);
  }
  return value;
}

/**
 * An agent: runs a model in a loop with tools. Construction fires `onAgentCreate` (the `hooks`
 * option's handlers included: they are attached first). Make a
 * session with {@link Agent.session}, resume one with {@link Agent.resume}, or run one prompt
 * in a fresh session with {@link Agent.run}.
 *
 * @example
 * ```ts
 * const agent = new Agent({ model: getModel('mockllm/model'), tools: builtinTools(), system: 'Be brief.' });
 * const { text } = await agent.run('List the files here.');
 * ```
 */
export class Agent implements SessionHost {
  readonly name: string;
  /** Identity of this agent in hook payloads. */
  readonly component: ComponentRef;
  /**
   * This agent's instance hooks (from the `hooks` option; add more with `agent.hooks.on()`).
   * They receive its own events and the tool and model events of its sessions.
   */
  readonly hooks: InstanceHooks<'agent'>;
  readonly settings: AgentSettings;
  readonly cwd: string;
  readonly transcriptDir: string;
  /** @internal Settles when onAgentCreate hooks have run. */
  readonly created: Promise<void> | undefined;

  constructor(options: AgentOptions) {
    if (options === null || typeof options !== 'object' || options.model === undefined || typeof options.model.generate !== 'function') {
      throw new ConfigError('new Agent(): options.model is required (a model from getModel()). Pass { model: getModel("mockllm/model") }.');
    }
    const tools = [...(options.tools ?? [])];
    if (options.agents !== undefined && options.agents.length > 0) tools.push(subagentTool(options.agents));
    const seen = new Set<string>();
    for (const tool of tools) {
      if (seen.has(tool.name)) throw new ToolDefinitionError(`new Agent(): two tools are named '${tool.name}'. Give each tool a unique name.`);
      seen.add(tool.name);
    }
    this.name = options.name ?? 'agent';
    this.component = Object.freeze({ kind: 'agent', name: this.name, id: shortUuid() });
    this.hooks = new InstanceHooks<'agent'>(this.component, options.hooks);
    this.cwd = resolve(options.cwd ?? process.cwd());
    this.transcriptDir = resolve(options.transcriptDir ?? defaultTranscriptDir());
    this.settings = {
      model: options.model,
      tools,
      system: options.system,
      component: this.component,
      hooks: this.hooks,
      maxTurns: checkCount('maxTurns', options.maxTurns, 100),
      stopHookBlockCap: checkCount('stopHookBlockCap', options.stopHookBlockCap, 8),
      permissionMode: options.permissionMode ?? 'default',
      permissionRules: options.permissions === undefined ? undefined : resolvePermissionRules(options.permissions, 'new Agent(): options.permissions'),
      compactTokens: checkCount('compactTokens', options.compactTokens, DEFAULT_COMPACT_TOKENS),
      config: options.config,
      askPermission: options.askPermission,
    };
    this.created = this.announce();
  }

  private announce(): Promise<void> | undefined {
    // Only this agent's own instance hooks, attached above: an agent built inside another
    // agent's session is not that agent's event.
    const pending = emitIf('onAgentCreate', () => ({
      component: this.component,
      model: this.settings.model.name,
      tools: this.settings.tools.map((t) => t.name),
      system: this.settings.system,
    }), this.hooks.handlers, NO_CONTEXT);
    if (pending === undefined) return undefined;
    // Surfaced when the first session starts; the catch only keeps it from being unhandled here.
    pending.catch((error: unknown) => {
      warn(`onAgentCreate for agent '${this.name}' failed: ${errorMessage(error)}`, 'agent', error);
    });
    return pending;
  }

  /** The model of this agent. */
  get model(): AgentSettings['model'] {
    return this.settings.model;
  }

  /** The tools of this agent. */
  get tools(): AgentSettings['tools'] {
    return this.settings.tools;
  }

  /** Returns a new session; its transcript file exists when this returns. */
  session(options: SessionOptions = {}): Session {
    return new Session({
      host: this,
      cwd: resolve(this.cwd, options.cwd ?? '.'),
      transcriptDir: resolve(options.transcriptDir ?? this.transcriptDir),
      source: 'startup',
      messages: options.messages ?? [],
      signal: options.signal,
    });
  }

  /**
   * Returns a session that continues the conversation recorded in a transcript: same session
   * id, same file (new lines are appended), history rebuilt from it; SessionStart fires with
   * source `resume` before the next prompt.
   */
  resume(transcriptPath: string, options: Omit<SessionOptions, 'messages' | 'transcriptDir'> = {}): Session {
    const path = resolve(transcriptPath);
    const contents = readTranscript(path);
    return new Session({
      host: this,
      cwd: resolve(this.cwd, options.cwd ?? '.'),
      transcriptDir: this.transcriptDir,
      source: 'resume',
      messages: contents.messages,
      signal: options.signal,
      resume: { sessionId: contents.sessionId, transcriptPath: path },
    });
  }

  /** Runs one prompt in a fresh session, ends the session, and returns the turn's result. */
  async run(prompt: string | ChatMessageUser, options: SessionOptions = {}): Promise<RunResult> {
    const session = this.session(options);
    try {
      const result = await session.send(prompt);
      return { ...result, sessionId: session.id, transcriptPath: session.transcriptPath };
    } finally {
      await session.end('other');
    }
  }
}
