/**
 * `mockllm/<anything>`: the offline model. Answers `Default output from mockllm/model`, or
 * scripted outputs (a list consumed in order, or a function of the request).
 * @module
 */
import { ModelError } from '../errors.ts';
import { modelOutputFromText, withFreshMessageIds } from '../output.ts';
import type { ModelProvider, ProviderRequest, ProviderResult } from '../provider.ts';
import type { ChatMessage, GenerateConfig, ModelOutput, ModelUsage, ToolChoice, ToolInfo } from '../../types/model.ts';

/** Computes a scripted output from the request (sync or async). */
export type CustomOutputFunction = (
  input: ChatMessage[],
  tools: ToolInfo[],
  toolChoice: ToolChoice,
  config: GenerateConfig,
) => ModelOutput | Promise<ModelOutput>;

/** Scripted outputs of a mockllm model: a list (consumed in order) or a function. */
export type CustomOutputs = ModelOutput[] | Iterable<ModelOutput> | CustomOutputFunction;

/** The exact default completion (as in Inspect). */
export const MOCKLLM_DEFAULT_OUTPUT = 'Default output from mockllm/model';

/**
 * Returns an approximate token count of the input plus the tool JSON (about 4 characters per
 * token, times 1.1 as Inspect pads its tokenizer count), at least 1.
 */
export function approximateInputTokens(input: readonly ChatMessage[], tools: readonly ToolInfo[]): number {
  let chars = 0;
  for (const message of input) {
    const content = message.content;
    if (typeof content === 'string') chars += content.length;
    else for (const part of content) chars += part.type === 'text' ? part.text.length : part.type === 'reasoning' ? part.reasoning.length : 0;
  }
  if (tools.length !== 0) chars += JSON.stringify(tools).length;
  return Math.max(1, Math.ceil((chars / 4) * 1.1));
}

function mockUsage(request: ProviderRequest, output: ModelOutput): ModelUsage {
  const inputTokens = approximateInputTokens(request.input, request.tools);
  const outputTokens = output.completion.length;
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

function checkOutput(value: unknown, where: string): ModelOutput {
  const v = value as Partial<ModelOutput> | null;
  if (v === null || typeof v !== 'object' || !Array.isArray(v.choices) || typeof v.completion !== 'string') {
    throw new ModelError(
      `${where} is not a ModelOutput (expected an object with 'choices' and 'completion'). Build outputs with modelOutputFromText() or modelOutputForToolCall().`,
      { provider: 'mockllm', exceptionType: 'ValueError' },
    );
  }
  return v as ModelOutput;
}

/** Creates the mockllm provider for one model instance. */
export function createMockLlm(modelName: string, customOutputs: CustomOutputs | undefined): ModelProvider {
  const fn = typeof customOutputs === 'function' ? customOutputs : undefined;
  const iterator = customOutputs === undefined || typeof customOutputs === 'function' ? undefined : customOutputs[Symbol.iterator]();
  let used = 0;

  function next(): ModelOutput {
    const item = iterator!.next();
    if (item.done === true) {
      throw new ModelError(
        `custom_outputs ran out of values: ${modelName} has returned all ${used} scripted outputs. Give it more outputs, or a function that computes each one.`,
        { provider: 'mockllm', model: modelName, exceptionType: 'ValueError' },
      );
    }
    used++;
    return checkOutput(item.value, `custom_outputs value ${used} of ${modelName}`);
  }

  function finish(request: ProviderRequest, output: ModelOutput, withUsage: boolean): ProviderResult {
    if (withUsage && output.usage === undefined) output.usage = mockUsage(request, output);
    // A copy: the input may be the caller's live list, which grows after this call.
    return { output, call: { request: { model: modelName, messages: request.input.slice() }, response: { content: output.completion } } };
  }

  return {
    api: 'mockllm',
    offline: true,
    baseUrl: undefined,
    defaultMaxConnections: undefined,
    apiKeyEnvVar: undefined,
    secrets: () => [],
    generate(request: ProviderRequest): Promise<ProviderResult> {
      try {
        if (fn !== undefined) {
          const produced = fn(request.input, request.tools, request.toolChoice, request.config);
          if (produced instanceof Promise) {
            return produced.then((o) => finish(request, withFreshMessageIds(checkOutput(o, `The custom_outputs function of ${modelName} returned a value that`)), false));
          }
          return Promise.resolve(finish(request, withFreshMessageIds(checkOutput(produced, `The custom_outputs function of ${modelName} returned a value that`)), false));
        }
        const output = iterator === undefined ? modelOutputFromText('mockllm', MOCKLLM_DEFAULT_OUTPUT) : withFreshMessageIds(next());
        return Promise.resolve(finish(request, output, true));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}
