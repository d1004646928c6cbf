/**
 * The `generate` the runtime hands to solvers: calls the task's model with the state's
 * messages, appends the reply, and runs tool calls (with their PreToolUse / PostToolUse hooks)
 * until the model stops calling tools.
 * @module
 */
import { hookContextMessage } from '../agent/hook-text.ts';
import type { CachePolicy } from '../model/index.ts';
import type { GenerateConfig, ToolChoice } from '../types/model.ts';
import { executeToolCalls } from '../tools/execute.ts';
import type { SampleLimits } from './limits.ts';
import type { Generate, GenerateStateOptions, TaskState } from './types.ts';

/** What the runtime's generate needs besides the state. */
export interface GenerateDeps {
  readonly limits: SampleLimits;
  /** The task's generation settings. */
  readonly config: GenerateConfig;
  readonly cache: boolean | CachePolicy | undefined;
  /** Working directory of tools. */
  readonly cwd: string;
}

/** Returns the `generate` function of one sample run. */
export function createGenerate(deps: GenerateDeps): Generate {
  return async (state: TaskState, options?: GenerateStateOptions): Promise<TaskState> => {
    let toolChoice: ToolChoice | undefined = state.toolChoice;
    const config = options?.config === undefined ? deps.config : { ...deps.config, ...options.config };
    const cache = options?.cache ?? deps.cache;
    for (;;) {
      deps.limits.checkMessages(state.messages.length);
      const output = await state.model.generate(state.messages, {
        tools: state.tools.map((t) => t.info),
        ...(toolChoice === undefined ? {} : { toolChoice }),
        config,
        ...(cache === undefined ? {} : { cache }),
        // Cancellation and the time limit reach the call through the sample's context.
      });
      state.output = output;
      const message = output.choices[0]?.message;
      if (message !== undefined) state.messages.push(message);
      if (state.completed) return state;
      const calls = message?.toolCalls;
      if (calls === undefined || calls.length === 0 || options?.toolCalls === 'none') return state;
      const batch = await executeToolCalls(calls, state.tools, {
        cwd: deps.cwd,
        permissionMode: 'default',
        model: state.model.name,
        signal: state.signal,
      });
      for (const outcome of batch.outcomes) state.messages.push(outcome.message);
      for (const context of batch.contexts) state.messages.push(hookContextMessage(context.event, context.text));
      if (batch.stopped) {
        state.completed = true;
        return state;
      }
      if (options?.toolCalls === 'single') return state;
      // A forced tool choice applies to the first call only.
      if (toolChoice !== undefined && toolChoice !== 'auto' && toolChoice !== 'none') toolChoice = 'auto';
    }
  };
}
