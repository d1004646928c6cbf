/**
 * Conversion between hookline's chat types and the OpenAI chat completions wire format (used by
 * `openai/…` and every OpenAI-compatible server).
 * @module
 */
import type {
  ChatCompletionContentPart,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import { shortUuid } from '../../util/ids.ts';
import { MalformedResponseError } from '../failure.ts';
import { textOf } from '../output.ts';
import type { ProviderRequest } from '../provider.ts';
import type { ChatMessage, ChatMessageAssistant, Content, ModelOutput, ModelUsage, StopReason, ToolCall, ToolChoice, ToolInfo } from '../../types/model.ts';
import { toolCallFrom } from './tool-args.ts';
import { isRecord } from '../../util/guards.ts';
import { isHookContextMessage } from '../../types/hook-message.ts';

/**
 * The request body, with the extra fields OpenAI-compatible servers accept. `max_tokens` and
 * `seed` are re-declared: the SDK marks them deprecated for OpenAI, but compatible servers rely on them.
 */
export type OpenAiRequestBody = Omit<ChatCompletionCreateParamsNonStreaming, 'max_tokens' | 'seed'> & {
  max_tokens?: number;
  seed?: number;
  top_k?: number;
};

function userContent(content: string | Content[]): string | ChatCompletionContentPart[] {
  if (typeof content === 'string') return content;
  const parts: ChatCompletionContentPart[] = [];
  for (const part of content) {
    if (part.type === 'text') parts.push({ type: 'text', text: part.text });
    else if (part.type === 'image') parts.push({ type: 'image_url', image_url: part.detail === undefined ? { url: part.image } : { url: part.image, detail: part.detail } });
  }
  return parts;
}

function assistantMessage(message: ChatMessageAssistant): ChatCompletionMessageParam {
  const text = textOf(message.content);
  const calls = message.toolCalls ?? [];
  if (calls.length === 0) return { role: 'assistant', content: text };
  return {
    role: 'assistant',
    content: text === '' ? null : text,
    tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.function, arguments: JSON.stringify(c.arguments) } })),
  };
}

/**
 * Converts messages (a `config.systemMessage` comes first). With `hookContextRole: 'developer'`
 * (OpenAI itself) hook context goes in a `developer` message, as Codex sends it; otherwise
 * (OpenAI-compatible servers, whose chat templates often reject a system or developer message
 * after the first) it stays the tagged user message.
 */
export function toOpenAiMessages(input: readonly ChatMessage[], systemMessage: string | undefined, hookContextRole: 'developer' | 'user' = 'user'): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  if (systemMessage !== undefined) out.push({ role: 'system', content: systemMessage });
  for (const message of input) {
    switch (message.role) {
      case 'system':
        out.push({ role: 'system', content: textOf(message.content) });
        break;
      case 'user':
        if (hookContextRole === 'developer' && isHookContextMessage(message)) out.push({ role: 'developer', content: textOf(message.content) });
        else out.push({ role: 'user', content: userContent(message.content) });
        break;
      case 'assistant':
        out.push(assistantMessage(message));
        break;
      case 'tool':
        out.push({
          role: 'tool',
          tool_call_id: message.toolCallId ?? '',
          content: message.error === undefined ? textOf(message.content) : `Error: ${message.error.message}`,
        });
    }
  }
  return out;
}

/** Converts tool descriptions. */
export function toOpenAiTools(tools: readonly ToolInfo[]): ChatCompletionTool[] {
  return tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters as unknown as Record<string, unknown> } }));
}

/** Converts the tool choice (`any` is OpenAI's `required`). */
export function toOpenAiToolChoice(choice: ToolChoice): ChatCompletionToolChoiceOption {
  if (choice === 'any') return 'required';
  if (choice === 'auto' || choice === 'none') return choice;
  return { type: 'function', function: { name: choice.name } };
}

/** Builds the request body. `compatible` servers get `max_tokens` and `top_k`; OpenAI gets `max_completion_tokens`. */
export function toOpenAiBody(request: ProviderRequest, model: string, compatible: boolean): OpenAiRequestBody {
  const c = request.config;
  const body: OpenAiRequestBody = { model, messages: toOpenAiMessages(request.input, c.systemMessage, compatible ? 'user' : 'developer') };
  if (request.tools.length !== 0) {
    body.tools = toOpenAiTools(request.tools);
    body.tool_choice = toOpenAiToolChoice(request.toolChoice);
    if (c.parallelToolCalls !== undefined) body.parallel_tool_calls = c.parallelToolCalls;
  }
  if (c.maxTokens !== undefined) {
    if (compatible) body.max_tokens = c.maxTokens;
    else body.max_completion_tokens = c.maxTokens;
  }
  if (c.temperature !== undefined) body.temperature = c.temperature;
  if (c.topP !== undefined) body.top_p = c.topP;
  if (c.stopSeqs !== undefined) body.stop = c.stopSeqs;
  if (c.frequencyPenalty !== undefined) body.frequency_penalty = c.frequencyPenalty;
  if (c.presencePenalty !== undefined) body.presence_penalty = c.presencePenalty;
  if (c.seed !== undefined) body.seed = c.seed;
  if (c.reasoningEffort !== undefined) body.reasoning_effort = c.reasoningEffort;
  if (compatible && c.topK !== undefined) body.top_k = c.topK;
  return body;
}

const STOP_REASONS: Readonly<Record<string, StopReason>> = {
  stop: 'stop', length: 'max_tokens', tool_calls: 'tool_calls', function_call: 'tool_calls', content_filter: 'content_filter',
};

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function usageOf(raw: unknown): ModelUsage | undefined {
  if (!isRecord(raw)) return undefined;
  const usage: ModelUsage = { inputTokens: num(raw['prompt_tokens']), outputTokens: num(raw['completion_tokens']), totalTokens: num(raw['total_tokens']) };
  if (usage.totalTokens === 0) usage.totalTokens = usage.inputTokens + usage.outputTokens;
  const cached = isRecord(raw['prompt_tokens_details']) ? raw['prompt_tokens_details']['cached_tokens'] : undefined;
  if (typeof cached === 'number' && cached > 0) usage.inputTokensCacheRead = cached;
  const reasoning = isRecord(raw['completion_tokens_details']) ? raw['completion_tokens_details']['reasoning_tokens'] : undefined;
  if (typeof reasoning === 'number' && reasoning > 0) usage.reasoningTokens = reasoning;
  return usage;
}

function toolCallsOf(raw: unknown, choiceIndex: number): ToolCall[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw new MalformedResponseError(`choices[${choiceIndex}].message.tool_calls is not an array`);
  return raw.map((item: unknown, i) => {
    const fn = isRecord(item) ? item['function'] : undefined;
    if (!isRecord(item) || !isRecord(fn) || typeof fn['name'] !== 'string') {
      throw new MalformedResponseError(`choices[${choiceIndex}].message.tool_calls[${i}] has no function name`);
    }
    return toolCallFrom(typeof item['id'] === 'string' ? item['id'] : `call_${i}`, fn['name'], fn['arguments']);
  });
}

/** Converts a chat completion body (checked, since servers vary) into a ModelOutput. */
export function fromOpenAiCompletion(raw: unknown, fallbackModel: string): ModelOutput {
  if (!isRecord(raw)) throw new MalformedResponseError(`expected a JSON object, got ${raw === null ? 'null' : typeof raw}`);
  const choices = raw['choices'];
  if (!Array.isArray(choices) || choices.length === 0) throw new MalformedResponseError("the body has no 'choices' array");
  const model = typeof raw['model'] === 'string' && raw['model'] !== '' ? raw['model'] : fallbackModel;
  const converted = choices.map((choice: unknown, i) => {
    const message = isRecord(choice) ? choice['message'] : undefined;
    if (!isRecord(choice) || !isRecord(message)) throw new MalformedResponseError(`choices[${i}] has no 'message' object`);
    const text = typeof message['content'] === 'string' ? message['content'] : '';
    const reasoning = typeof message['reasoning_content'] === 'string' ? message['reasoning_content'] : typeof message['reasoning'] === 'string' ? message['reasoning'] : undefined;
    const content: string | Content[] = reasoning === undefined || reasoning === '' ? text : [{ type: 'reasoning', reasoning }, { type: 'text', text }];
    const assistant: ChatMessageAssistant = { id: shortUuid(), role: 'assistant', content, source: 'generate', model };
    const toolCalls = toolCallsOf(message['tool_calls'], i);
    if (toolCalls !== undefined && toolCalls.length !== 0) assistant.toolCalls = toolCalls;
    const finish = typeof choice['finish_reason'] === 'string' ? choice['finish_reason'] : '';
    return { message: assistant, stopReason: STOP_REASONS[finish] ?? 'unknown', text };
  });
  const output: ModelOutput = {
    model,
    choices: converted.map(({ message, stopReason }) => ({ message, stopReason })),
    completion: converted[0]!.text,
  };
  const usage = usageOf(raw['usage']);
  if (usage !== undefined) output.usage = usage;
  return output;
}
