/**
 * Conversion between hookline's chat types and the Anthropic messages wire format: system
 * messages go to the top-level `system`, tool results are user-side `tool_result` blocks, and
 * consecutive messages of one role are merged.
 * @module
 */
import type {
  ContentBlockParam,
  ImageBlockParam,
  MessageCreateParamsNonStreaming,
  MessageParam,
  Tool,
  ToolChoice as AnthropicToolChoice,
} from '@anthropic-ai/sdk/resources/messages';
import { shortUuid } from '../../util/ids.ts';
import { MalformedResponseError } from '../failure.ts';
import { textOf } from '../output.ts';
import type { ProviderRequest } from '../provider.ts';
import type { ChatMessage, ChatMessageAssistant, Content, ContentImage, ModelOutput, ModelUsage, StopReason, ToolCall, ToolChoice, ToolInfo } from '../../types/model.ts';
import { toolCallFrom } from './tool-args.ts';
import { isRecord } from '../../util/guards.ts';

/** Anthropic requires `max_tokens`; this is used when the config sets none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

/** Anthropic rejects empty messages; Inspect sends this text instead. */
const NO_CONTENT = '(no content)';

function imageBlock(part: ContentImage): ImageBlockParam {
  const match = /^data:(image\/[a-z+]+);base64,(.*)$/s.exec(part.image);
  if (match !== null) {
    return { type: 'image', source: { type: 'base64', media_type: match[1] as 'image/png', data: match[2]! } };
  }
  return { type: 'image', source: { type: 'url', url: part.image } };
}

function userBlocks(content: string | Content[]): ContentBlockParam[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  const blocks: ContentBlockParam[] = [];
  for (const part of content) {
    if (part.type === 'text' && part.text !== '') blocks.push({ type: 'text', text: part.text });
    else if (part.type === 'image') blocks.push(imageBlock(part));
  }
  return blocks;
}

function assistantBlocks(message: ChatMessageAssistant): ContentBlockParam[] {
  const blocks: ContentBlockParam[] = [];
  if (typeof message.content === 'string') {
    if (message.content !== '') blocks.push({ type: 'text', text: message.content });
  } else {
    for (const part of message.content) {
      if (part.type === 'text' && part.text !== '') blocks.push({ type: 'text', text: part.text });
      else if (part.type === 'reasoning' && part.redacted === true) blocks.push({ type: 'redacted_thinking', data: part.reasoning });
      // Thinking without its signature is rejected by the API, so it is not sent back.
      else if (part.type === 'reasoning' && part.signature !== undefined) blocks.push({ type: 'thinking', thinking: part.reasoning, signature: part.signature });
    }
  }
  for (const call of message.toolCalls ?? []) blocks.push({ type: 'tool_use', id: call.id, name: call.function, input: call.arguments });
  return blocks;
}

function push(out: MessageParam[], role: 'user' | 'assistant', blocks: ContentBlockParam[]): void {
  const last = out[out.length - 1];
  if (last !== undefined && last.role === role) {
    (last.content as ContentBlockParam[]).push(...blocks);
    return;
  }
  out.push({ role, content: blocks });
}

/** Converts messages into the top-level system text and the alternating message list. */
export function toAnthropicMessages(input: readonly ChatMessage[], systemMessage: string | undefined): { system: string | undefined; messages: MessageParam[] } {
  const system: string[] = systemMessage === undefined ? [] : [systemMessage];
  const messages: MessageParam[] = [];
  for (const message of input) {
    switch (message.role) {
      case 'system':
        system.push(textOf(message.content));
        break;
      case 'user':
        push(messages, 'user', userBlocks(message.content));
        break;
      case 'assistant':
        push(messages, 'assistant', assistantBlocks(message));
        break;
      case 'tool':
        push(messages, 'user', [{
          type: 'tool_result',
          tool_use_id: message.toolCallId ?? '',
          content: message.error === undefined ? textOf(message.content) : message.error.message,
          ...(message.error === undefined ? {} : { is_error: true }),
        }]);
    }
  }
  for (const m of messages) {
    const blocks = m.content as ContentBlockParam[];
    if (blocks.length === 0) blocks.push({ type: 'text', text: NO_CONTENT });
    else if (blocks.length === 1 && blocks[0]!.type === 'text') m.content = blocks[0].text;
  }
  return { system: system.length === 0 ? undefined : system.join('\n\n'), messages };
}

/** Converts tool descriptions. */
export function toAnthropicTools(tools: readonly ToolInfo[]): Tool[] {
  return tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.parameters as unknown as Tool['input_schema'] }));
}

/** Converts the tool choice. */
export function toAnthropicToolChoice(choice: ToolChoice, parallel: boolean | undefined): AnthropicToolChoice {
  const disable = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === 'none') return { type: 'none' };
  if (choice === 'auto') return { type: 'auto', ...disable };
  if (choice === 'any') return { type: 'any', ...disable };
  return { type: 'tool', name: choice.name, ...disable };
}

/** The request body, with sampling fields this SDK version no longer types (sent only when set). */
export type AnthropicRequestBody = MessageCreateParamsNonStreaming & { temperature?: number; top_p?: number; top_k?: number };

/** Builds the request body. */
export function toAnthropicBody(request: ProviderRequest, model: string): AnthropicRequestBody {
  const c = request.config;
  const { system, messages } = toAnthropicMessages(request.input, c.systemMessage);
  const body: AnthropicRequestBody = { model, max_tokens: c.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS, messages };
  if (system !== undefined) body.system = system;
  if (request.tools.length !== 0) {
    body.tools = toAnthropicTools(request.tools);
    body.tool_choice = toAnthropicToolChoice(request.toolChoice, c.parallelToolCalls);
  }
  if (c.temperature !== undefined) body.temperature = c.temperature;
  if (c.topP !== undefined) body.top_p = c.topP;
  if (c.topK !== undefined) body.top_k = c.topK;
  if (c.stopSeqs !== undefined) body.stop_sequences = c.stopSeqs;
  return body;
}

const STOP_REASONS: Readonly<Record<string, StopReason>> = {
  end_turn: 'stop', stop_sequence: 'stop', max_tokens: 'max_tokens', tool_use: 'tool_calls', refusal: 'content_filter',
  model_context_window_exceeded: 'model_length',
};

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function usageOf(raw: unknown): ModelUsage | undefined {
  if (!isRecord(raw)) return undefined;
  const inputTokens = num(raw['input_tokens']);
  const outputTokens = num(raw['output_tokens']);
  const write = num(raw['cache_creation_input_tokens']);
  const read = num(raw['cache_read_input_tokens']);
  const usage: ModelUsage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens + write + read };
  if (write > 0) usage.inputTokensCacheWrite = write;
  if (read > 0) usage.inputTokensCacheRead = read;
  return usage;
}

/** Converts a message body (checked, since proxies vary) into a ModelOutput. */
export function fromAnthropicMessage(raw: unknown, fallbackModel: string): ModelOutput {
  if (!isRecord(raw)) throw new MalformedResponseError(`expected a JSON object, got ${raw === null ? 'null' : typeof raw}`);
  const blocks = raw['content'];
  if (!Array.isArray(blocks)) throw new MalformedResponseError("the body has no 'content' array");
  const model = typeof raw['model'] === 'string' && raw['model'] !== '' ? raw['model'] : fallbackModel;
  const parts: Content[] = [];
  const toolCalls: ToolCall[] = [];
  let text = '';
  blocks.forEach((block: unknown, i) => {
    if (!isRecord(block) || typeof block['type'] !== 'string') throw new MalformedResponseError(`content[${i}] is not a content block`);
    switch (block['type']) {
      case 'text':
        text += str(block['text']);
        parts.push({ type: 'text', text: str(block['text']) });
        break;
      case 'thinking':
        parts.push({ type: 'reasoning', reasoning: str(block['thinking']), ...(typeof block['signature'] === 'string' ? { signature: block['signature'] } : {}) });
        break;
      case 'redacted_thinking':
        parts.push({ type: 'reasoning', reasoning: str(block['data']), redacted: true });
        break;
      case 'tool_use':
        if (typeof block['name'] !== 'string') throw new MalformedResponseError(`content[${i}] is a tool_use block without a name`);
        toolCalls.push(toolCallFrom(typeof block['id'] === 'string' ? block['id'] : `toolu_${i}`, block['name'], block['input']));
    }
  });
  const onlyText = parts.every((p) => p.type === 'text');
  const message: ChatMessageAssistant = { id: shortUuid(), role: 'assistant', content: onlyText ? text : parts, source: 'generate', model };
  if (toolCalls.length !== 0) message.toolCalls = toolCalls;
  const stop = typeof raw['stop_reason'] === 'string' ? raw['stop_reason'] : '';
  const output: ModelOutput = { model, choices: [{ message, stopReason: STOP_REASONS[stop] ?? 'unknown' }], completion: text };
  const usage = usageOf(raw['usage']);
  if (usage !== undefined) output.usage = usage;
  return output;
}
