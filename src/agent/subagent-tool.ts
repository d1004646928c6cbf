/**
 * The subagent tool (Claude Code's `Task`): the model asks for a task to be done by a named
 * subagent; the tool runs a child agent session with the subagent's system prompt and tools and
 * returns its final text as the tool result.
 *
 * What happens, in order: SubagentStart (the parent's hooks; `additionalContext` goes to the
 * subagent), the child run (its own session and transcript under `subagents/` next to the
 * parent's; no SessionStart, SessionEnd or UserPromptSubmit; its events carry `agentId` /
 * `agentType`), SubagentStop instead of Stop when it finishes (may block and keep it going, with
 * the parent's `stopHookBlockCap`), AgentResult of the child run. The parent agent's instance hooks
 * receive the child's events too (its tool, model, step, compaction and AgentResult events).
 * @module
 */
import { dirname, join } from 'node:path';
import { decideIf, type ScopedHandlers } from '../hooks/emit.ts';
import type { AgentParent } from '../hooks/payloads/agent.ts';
import { currentContext } from '../runtime/context.ts';
import { defineTool } from '../tools/define-tool.ts';
import { ToolError } from '../tools/tool-error.ts';
import type { Tool } from '../tools/types.ts';
import { shortUuid } from '../util/ids.ts';
import { hookContextMessage } from './hook-text.ts';
import { type AgentSettings, type SessionCore, type SubagentLink, turnPayload } from './session-core.ts';
import { Session } from './session.ts';
import type { ChatMessage } from '../types/model.ts';

/** A subagent the model can hand a task to. */
export interface AgentDefinition {
  /** The subagent type the model names (`subagent_type`), e.g. `code-reviewer`. */
  readonly name: string;
  /** When to use it; shown to the model in the tool's description. */
  readonly description: string;
  /** The subagent's system prompt. */
  readonly system?: string | undefined;
  /** Names of the parent's tools it may use (default: all of them except the subagent tool). */
  readonly tools?: readonly string[] | undefined;
  /** Model requests allowed per run (default: the parent's `maxTurns`). */
  readonly maxTurns?: number | undefined;
}

/** What a session puts into the agent frame of the context, for the subagent tool. */
export interface FrameOwner {
  readonly core: SessionCore;
  readonly turnId: string | undefined;
}

/** The subagent tool's name (Claude Code's). */
export const SUBAGENT_TOOL_NAME = 'Task';

// A type literal (not an interface): tool arguments must be assignable to a JSON object.
type TaskInput = {
  readonly description: string;
  readonly prompt: string;
  readonly subagent_type: string;
};

function childSettings(parent: AgentSettings, definition: AgentDefinition, link: SubagentLink): AgentSettings {
  const allowed = definition.tools;
  const tools = parent.tools.filter((t) => t.name !== SUBAGENT_TOOL_NAME && (allowed === undefined || allowed.includes(t.name)));
  const component = Object.freeze({ kind: 'agent' as const, name: definition.name, id: shortUuid() });
  // `hooks` stays the parent agent's: its instance hooks apply inside its subagents, as Claude Code
  // applies the session's hooks there; the payloads' agentId / agentType / parent tell the runs apart.
  return {
    ...parent,
    tools,
    system: definition.system,
    component,
    maxTurns: definition.maxTurns ?? parent.maxTurns,
    subagent: link,
  };
}

async function runSubagent(definitions: readonly AgentDefinition[], input: TaskInput, cwd: string, signal: AbortSignal | undefined): Promise<string> {
  const definition = definitions.find((d) => d.name === input.subagent_type);
  if (definition === undefined) {
    throw new ToolError('unknown', `Unknown subagent_type '${input.subagent_type}'. Use one of: ${definitions.map((d) => d.name).join(', ')}.`);
  }
  const ctx = currentContext();
  const frame = ctx.agent;
  const owner = frame?.owner as FrameOwner | undefined;
  if (frame === undefined || owner === undefined || owner.turnId === undefined) {
    throw new ToolError('unknown', `The ${SUBAGENT_TOOL_NAME} tool runs subagents only inside an agent session.`);
  }
  const agentId = `agent-${shortUuid()}`;
  const parent: AgentParent = { agentType: frame.agentType, agentId: frame.agentId, sessionId: frame.sessionId };
  const parentTurn = Object.assign(turnPayload(owner.core, owner.turnId), { parent });
  // The parent agent's instance hooks (the context carries them untyped: it sits below the hooks layer).
  const parentHandlers = ctx.scopedHandlers as ScopedHandlers | undefined;
  const messages: ChatMessage[] = [];
  const started = decideIf('onSubagentStart', () => Object.assign({}, parentTurn, { agentId, agentType: definition.name }));
  if (started !== undefined) {
    const decision = await started;
    for (const text of decision.additionalContext) messages.push(hookContextMessage('SubagentStart', owner.core.fitHookText(text)));
  }
  messages.push({ role: 'user', content: input.prompt });
  const link: SubagentLink = { agentId, agentType: definition.name, parentTurn, parentHandlers };
  const session = new Session({
    host: { settings: childSettings(owner.core.agent, definition, link), name: definition.name, created: undefined },
    cwd,
    transcriptDir: join(dirname(owner.core.transcriptPath), 'subagents'),
    source: undefined,
    messages,
    signal,
    agentId,
  });
  try {
    const result = await session.continue();
    if (result.text !== '') return result.text;
    return `The subagent ${definition.name} ended without an answer (${result.outcome}${result.reason === undefined ? '' : `: ${result.reason}`}).`;
  } finally {
    await session.end();
  }
}

/**
 * Returns the subagent tool for `agents` (Claude Code's `Task`: input `description`, `prompt`,
 * `subagent_type`). Add it through the Agent's `agents` option; the subagent uses the parent's model
 * and a subset of its tools. An unknown `subagent_type` is a tool error the model reads (naming the known types).
 */
export function subagentTool(agents: readonly AgentDefinition[]): Tool {
  const list = agents.map((a) => `- ${a.name}: ${a.description}`).join('\n');
  return defineTool({
    name: SUBAGENT_TOOL_NAME,
    description: `Runs a task in a subagent with its own context and returns its final answer. Available subagent types:\n${list}`,
    parameters: {
      type: 'object',
      properties: {
        description: { type: 'string', description: 'A short (3-5 word) description of the task' },
        prompt: { type: 'string', description: 'The task for the subagent to perform' },
        // No enum: an unknown type gets an error that names the known ones.
        subagent_type: { type: 'string', description: `The type of subagent to use: ${agents.map((a) => a.name).join(', ')}` },
      },
      required: ['description', 'prompt', 'subagent_type'],
    },
    execute: (input: TaskInput, context) => runSubagent(agents, input, context.cwd, context.signal),
  });
}
