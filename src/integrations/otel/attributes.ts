/**
 * Span attributes: the OpenTelemetry GenAI semantic conventions (`gen_ai.*`, the "latest
 * experimental" version: `gen_ai.provider.name`, content as `gen_ai.input.messages` /
 * `gen_ai.output.messages` JSON attributes) plus hookline's own ids (`hookline.*`).
 * @module
 */
import type { Attributes } from '@opentelemetry/api';
import type { EvalContextIds } from '../../hooks/payloads/model.ts';
import type { ChatMessage, Content, GenerateConfig, ModelOutput, ModelUsage } from '../../types/model.ts';

/** hookline's attribute names (ids of the eval hierarchy and of agent sessions). */
export const HL = {
  evalSetId: 'hookline.eval_set.id',
  runId: 'hookline.run.id',
  evalId: 'hookline.eval.id',
  taskName: 'hookline.task.name',
  sampleUuid: 'hookline.sample.uuid',
  sampleId: 'hookline.sample.id',
  epoch: 'hookline.sample.epoch',
  attempt: 'hookline.attempt',
  sessionId: 'hookline.session.id',
  turnId: 'hookline.turn.id',
  model: 'hookline.model',
} as const;

/** Splits `provider/model` into the GenAI provider name and the requested model. */
export function splitModelName(modelName: string): { provider: string; model: string } {
  const slash = modelName.indexOf('/');
  return slash < 0 ? { provider: modelName, model: modelName } : { provider: modelName.slice(0, slash), model: modelName.slice(slash + 1) };
}

/** Adds the eval ids a model, tool or agent payload carries to `out` (absent ids left out) and returns it. */
export function contextAttributes(ids: EvalContextIds, out: Attributes = {}): Attributes {
  if (ids.evalSetId !== undefined) out[HL.evalSetId] = ids.evalSetId;
  if (ids.runId !== undefined) out[HL.runId] = ids.runId;
  if (ids.evalId !== undefined) out[HL.evalId] = ids.evalId;
  if (ids.taskName !== undefined) out[HL.taskName] = ids.taskName;
  if (ids.sampleId !== undefined) out[HL.sampleUuid] = ids.sampleId;
  if (ids.sessionId !== undefined) out[HL.sessionId] = ids.sessionId;
  return out;
}

/** `gen_ai.*` attributes of a chat request: operation, provider, model and request parameters. */
export function requestAttributes(modelName: string, config: GenerateConfig): Attributes {
  const { provider, model } = splitModelName(modelName);
  const out: Attributes = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': provider,
    // Deprecated by gen_ai.provider.name but still read by many back-ends.
    'gen_ai.system': provider,
    'gen_ai.request.model': model,
    'hookline.model': modelName,
  };
  if (config.temperature !== undefined) out['gen_ai.request.temperature'] = config.temperature;
  if (config.maxTokens !== undefined) out['gen_ai.request.max_tokens'] = config.maxTokens;
  if (config.topP !== undefined) out['gen_ai.request.top_p'] = config.topP;
  if (config.topK !== undefined) out['gen_ai.request.top_k'] = config.topK;
  if (config.stopSeqs !== undefined) out['gen_ai.request.stop_sequences'] = config.stopSeqs;
  if (config.frequencyPenalty !== undefined) out['gen_ai.request.frequency_penalty'] = config.frequencyPenalty;
  if (config.presencePenalty !== undefined) out['gen_ai.request.presence_penalty'] = config.presencePenalty;
  if (config.seed !== undefined) out['gen_ai.request.seed'] = config.seed;
  return out;
}

/** `gen_ai.*` attributes of a chat response: model, finish reasons and token usage. */
export function responseAttributes(output: Readonly<ModelOutput>, usage: Readonly<ModelUsage> | undefined, cached: boolean): Attributes {
  const out: Attributes = {
    'gen_ai.response.model': output.model,
    'gen_ai.response.finish_reasons': output.choices.map((c) => c.stopReason),
    'hookline.model.cached': cached,
  };
  if (usage !== undefined) {
    out['gen_ai.usage.input_tokens'] = usage.inputTokens;
    out['gen_ai.usage.output_tokens'] = usage.outputTokens;
    if (usage.inputTokensCacheRead !== undefined) out['gen_ai.usage.cache_read.input_tokens'] = usage.inputTokensCacheRead;
    if (usage.inputTokensCacheWrite !== undefined) out['gen_ai.usage.cache_creation.input_tokens'] = usage.inputTokensCacheWrite;
  }
  return out;
}

type Part = Record<string, unknown>;

function contentParts(content: string | readonly Content[]): Part[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', content }];
  return content.map((part): Part => {
    if (part.type === 'text') return { type: 'text', content: part.text };
    if (part.type === 'reasoning') return { type: 'reasoning', content: part.reasoning };
    return { type: 'uri', modality: 'image', uri: part.image };
  });
}

/** One chat message in the GenAI "parts" shape. */
function messageParts(message: Readonly<ChatMessage>): Part {
  const parts = contentParts(message.content);
  if (message.role === 'assistant') {
    for (const call of message.toolCalls ?? []) parts.push({ type: 'tool_call', id: call.id, name: call.function, arguments: call.arguments });
    return { role: 'assistant', parts };
  }
  if (message.role === 'tool') {
    const response = typeof message.content === 'string' ? message.content : message.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
    return { role: 'tool', parts: [{ type: 'tool_call_response', id: message.toolCallId ?? null, response }] };
  }
  return { role: message.role, parts };
}

/** `gen_ai.input.messages`: the request's messages as a JSON string. */
export function inputMessages(input: readonly ChatMessage[]): string {
  return JSON.stringify(input.map(messageParts));
}

/** `gen_ai.output.messages`: every choice as an assistant message with its finish reason, as a JSON string. */
export function outputMessages(output: Readonly<ModelOutput>): string {
  return JSON.stringify(output.choices.map((choice) => ({ ...messageParts(choice.message), finish_reason: choice.stopReason })));
}

/** A value as an attribute string (strings as they are, anything else as JSON). */
export function jsonAttribute(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
