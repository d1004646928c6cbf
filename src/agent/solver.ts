/**
 * The agent as an eval solver: runs the agent loop on a sample's messages so every agent and
 * tool event fires inside eval samples too.
 * @module
 */
import type { ChatMessage, ModelOutput } from '../types/model.ts';
import { isTool } from '../tools/define-tool.ts';
import { currentContext } from '../runtime/context.ts';
import { ConfigError } from '../errors.ts';
import { Agent } from './agent.ts';
import type { AgentModel, AgentOptions } from './types.ts';

/** The part of an eval TaskState the agent solver reads and writes. */
export interface AgentSolverState {
  messages: ChatMessage[];
  output?: ModelOutput;
  completed?: boolean;
  /** Tools of the task; used when the agent options have none. */
  tools?: readonly unknown[];
  /** The task's model; used when the agent options have none. */
  model?: AgentModel;
  /** Cancels the sample (besides the context's signal). */
  signal?: AbortSignal;
}

/** Agent options for {@link agentSolver}: like {@link AgentOptions}, but the model may come from the task. */
export type AgentSolverAgentOptions = Omit<AgentOptions, 'model'> & { readonly model?: AgentModel };

/** A solver: takes the task state (and the eval's generate, unused here) and returns it updated. */
export type AgentSolver = <S extends AgentSolverState>(state: S, generate?: unknown) => Promise<S>;

/** Options of {@link agentSolver} besides the agent. */
export interface AgentSolverOptions {
  /** Where the per-sample session transcripts go (default: the agent's folder). */
  readonly transcriptDir?: string;
  /** Working directory of tools (default: the agent's). */
  readonly cwd?: string;
}

function agentFor(source: AgentSolverAgentOptions, state: AgentSolverState): Agent {
  const model = source.model ?? state.model;
  if (model === undefined) {
    throw new ConfigError('agentSolver(): no model. Pass { model } in the agent options, or run the solver in a task that has one.');
  }
  const tools = source.tools ?? (state.tools === undefined ? undefined : state.tools.filter(isTool));
  return new Agent({ ...source, model, ...(tools === undefined ? {} : { tools }) });
}

/**
 * Returns a solver that runs a session of the agent on each sample: the sample's messages are
 * the history, and its last user message is submitted as the prompt (so UserPromptSubmit,
 * PreToolUse, PostToolUse and Stop fire as in an interactive session). The state gets the
 * session's history and last output; a blocked or stopped turn marks the state completed (a
 * blocked prompt leaves the messages as they were). Agent options without a model or without
 * tools take the task's (`state.model`, `state.tools`), building one agent per sample.
 */
export function agentSolver(agent: Agent | AgentSolverAgentOptions, options: AgentSolverOptions = {}): AgentSolver {
  const perSample = !(agent instanceof Agent) && (agent.model === undefined || agent.tools === undefined);
  const shared = agent instanceof Agent ? agent : perSample ? undefined : new Agent(agent as AgentOptions);
  return async <S extends AgentSolverState>(state: S): Promise<S> => {
    const runner = shared ?? agentFor(agent as AgentSolverAgentOptions, state);
    const messages = state.messages;
    const last = messages[messages.length - 1];
    const prompt = last?.role === 'user' ? last : undefined;
    // Inside an eval sample both are usually the same signal: combine only distinct ones.
    const signals = [...new Set([currentContext().signal, state.signal])].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const session = runner.session({
      messages: prompt === undefined ? messages : messages.slice(0, -1),
      ...(options.transcriptDir === undefined ? {} : { transcriptDir: options.transcriptDir }),
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(signal === undefined ? {} : { signal }),
    });
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
