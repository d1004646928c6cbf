/**
 * A scripted model for tests of hooks, agents and solvers: a mockllm model that answers with
 * given outputs in order and records every request it receives.
 * @module
 */
import { getModel, type GetModelOptions, type Model } from '../model/model.ts';
import { modelOutputForToolCall, modelOutputFromText } from '../model/output.ts';
import type { ChatMessage, ModelOutput, ToolInfo } from '../types/model.ts';

/** One scripted step: an output, or a function of the request's messages. */
export type ScriptedStep = ModelOutput | ((input: ChatMessage[]) => ModelOutput);

/** A model plus the requests it received. */
export interface ScriptedModel {
  readonly model: Model;
  /** The messages of every request, deep-copied, in order. */
  readonly requests: ChatMessage[][];
  /** The tools of every request. */
  readonly tools: ToolInfo[][];
}

/**
 * Returns a mockllm model answering with `steps` in order; a request past the last step fails
 * with an error naming how many were scripted.
 */
export function scriptedModel(steps: readonly ScriptedStep[], options: Omit<GetModelOptions, 'customOutputs'> = {}): ScriptedModel {
  const requests: ChatMessage[][] = [];
  const tools: ToolInfo[][] = [];
  let index = 0;
  const model = getModel('mockllm/model', {
    ...options,
    customOutputs: (input, toolInfos) => {
      requests.push(structuredClone(input));
      tools.push(structuredClone(toolInfos));
      const step = steps[index++];
      if (step === undefined) throw new Error(`scripted model: no step ${index} (only ${steps.length} scripted)`);
      return typeof step === 'function' ? step(input) : step;
    },
  });
  return { model, requests, tools };
}

/** Returns an assistant answer with this text (a step of {@link scriptedModel}). */
export function say(text: string): ModelOutput {
  return modelOutputFromText('mockllm/model', text);
}

/** Returns an assistant message calling one tool (a step of {@link scriptedModel}). */
export function callTool(tool: string, args: Record<string, unknown>, id = `call_${tool}`): ModelOutput {
  return modelOutputForToolCall('mockllm/model', tool, args, { id });
}
