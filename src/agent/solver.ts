/**
 * The agent as an eval solver: runs the agent loop on a sample's messages so every agent and
 * tool event fires inside eval samples too.
 * @module
 */
import type { ChatMessage, ModelOutput } from '../model/types.ts';
import { isTool } from '../tools/define-tool.ts';
import { currentContext } from '../util/context.ts';
import { Agent } from './agent.ts';
import type { AgentOptions } from './types.ts';

/** The part of an eval TaskState the agent solver reads and writes. */
export interface AgentSolverState {
  messages: ChatMessage[];
  output?: ModelOutput;
  completed?: boolean;
  /** Tools of the task; used when the agent was given none. */
  tools?: readonly unknown[];
}

/** A solver: takes the task state (and the eval's generate, unused here) and returns it updated. */
export type AgentSolver = <S extends AgentSolverState>(state: S, generate?: unknown) => Promise<S>;

/** Options of {@link agentSolver} besides the agent. */
export interface AgentSolverOptions {
  /** Where the per-sample session transcripts go (default: the agent's folder). */
  readonly transcriptDir?: string;
  /** Working directory of tools (default: the agent's). */
  readonly cwd?: string;
}

function agentFor(source: Agent | AgentOptions, state: AgentSolverState): Agent {
  if (source instanceof Agent) return source;
  if (source.tools !== undefined || state.tools === undefined) return new Agent(source);
  return new Agent({ ...source, tools: state.tools.filter(isTool) });
}

/**
 * Returns a solver that runs a session of the agent on each sample: the sample's messages are
 * the history, and its last user message is submitted as the prompt (so UserPromptSubmit,
 * PreToolUse, PostToolUse and Stop fire as in an interactive session). The state gets the
 * session's history and last output; a blocked or stopped turn marks the state completed (a
 * blocked prompt leaves the messages as they were). With
 * agent options that have no tools, the task state's tools are used (one agent per sample).
 */
export function agentSolver(agent: Agent | AgentOptions, options: AgentSolverOptions = {}): AgentSolver {
  const shared = agent instanceof Agent || agent.tools !== undefined ? (agent instanceof Agent ? agent : new Agent(agent)) : undefined;
  return async <S extends AgentSolverState>(state: S): Promise<S> => {
    const runner = shared ?? agentFor(agent, state);
    const messages = state.messages;
    const last = messages[messages.length - 1];
    const prompt = last?.role === 'user' ? (last) : undefined;
    const sessionOptions = {
      messages: prompt === undefined ? messages : messages.slice(0, -1),
      ...(options.transcriptDir === undefined ? {} : { transcriptDir: options.transcriptDir }),
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(currentContext().signal === undefined ? {} : { signal: currentContext().signal! }),
    };
    const session = runner.session(sessionOptions);
    try {
      const result = prompt === undefined ? await session.continue() : await session.send(prompt);
      // A blocked prompt keeps the sample's input as it was (it was never sent).
      if (result.outcome !== 'blocked') state.messages = [...session.messages];
      if (result.output !== undefined) state.output = result.output;
      if (result.outcome === 'blocked' || result.outcome === 'stopped') state.completed = true;
      return state;
    } finally {
      await session.end('other');
    }
  };
}
