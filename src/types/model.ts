/**
 * Chat, tool and generation types with Inspect AI's shapes (camelCase here, snake_case in logs).
 * @module
 */

/** A text part of a message. */
export interface ContentText {
  type: 'text';
  text: string;
}

/** A reasoning part of an assistant message. */
export interface ContentReasoning {
  type: 'reasoning';
  reasoning: string;
  signature?: string;
  redacted?: boolean;
}

/** An image part (a URL, a data URL or a local path). */
export interface ContentImage {
  type: 'image';
  image: string;
  detail?: 'auto' | 'low' | 'high';
}

/** One part of a multi-part message. */
export type Content = ContentText | ContentReasoning | ContentImage;

/** Where a message came from. */
export type MessageSource = 'input' | 'generate' | 'operator';

interface ChatMessageBase {
  id?: string;
  content: string | Content[];
  source?: MessageSource;
  metadata?: Record<string, unknown>;
}

/** A system message. */
export interface ChatMessageSystem extends ChatMessageBase {
  role: 'system';
}

/** A user message. */
export interface ChatMessageUser extends ChatMessageBase {
  role: 'user';
  toolCallId?: string[];
}

/** A tool call requested by the model. */
export interface ToolCall {
  id: string;
  function: string;
  arguments: Record<string, unknown>;
  type: 'function';
  /** Set when the model's arguments could not be parsed as JSON. */
  parseError?: string;
}

/** An assistant message, possibly requesting tool calls. */
export interface ChatMessageAssistant extends ChatMessageBase {
  role: 'assistant';
  toolCalls?: ToolCall[];
  model?: string;
}

/** The error a tool reported. */
export interface ToolCallError {
  type: 'parsing' | 'timeout' | 'unicode_decode' | 'permission' | 'file_not_found' | 'is_a_directory' | 'limit' | 'approval' | 'unknown';
  message: string;
}

/** The result of a tool call, sent back to the model. */
export interface ChatMessageTool extends ChatMessageBase {
  role: 'tool';
  toolCallId?: string;
  function?: string;
  error?: ToolCallError;
}

/** Any chat message. */
export type ChatMessage = ChatMessageSystem | ChatMessageUser | ChatMessageAssistant | ChatMessageTool;

/** A JSON Schema object describing a tool's parameters. */
export interface ToolParams {
  type: 'object';
  properties: Record<string, JsonSchema>;
  required: string[];
  additionalProperties?: boolean;
}

/** A JSON Schema (kept open: tools may use any draft-2020 keyword). */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  default?: unknown;
  [keyword: string]: unknown;
}

/** What a model is told about one tool. */
export interface ToolInfo {
  name: string;
  description: string;
  parameters: ToolParams;
  options?: Record<string, unknown>;
}

/** Forces a specific tool. */
export interface ToolFunction {
  name: string;
}

/** Whether and which tools the model may call. */
export type ToolChoice = 'auto' | 'any' | 'none' | ToolFunction;

/** Generation settings (a subset of Inspect's GenerateConfig; every field optional). */
export interface GenerateConfig {
  maxRetries?: number;
  /** Seconds before retries give up (whole call, back-off included). */
  timeout?: number;
  /** Seconds before one HTTP attempt is abandoned. */
  attemptTimeout?: number;
  maxConnections?: number;
  systemMessage?: string;
  maxTokens?: number;
  topP?: number;
  temperature?: number;
  stopSeqs?: string[];
  frequencyPenalty?: number;
  presencePenalty?: number;
  seed?: number;
  topK?: number;
  parallelToolCalls?: boolean;
  reasoningEffort?: 'minimal' | 'low' | 'medium' | 'high';
  /** Stream the response where the provider supports it. */
  stream?: boolean;
}

/** Why the model stopped generating. */
export type StopReason = 'stop' | 'max_tokens' | 'model_length' | 'tool_calls' | 'content_filter' | 'unknown';

/** Token usage of one or more calls. */
export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  inputTokensCacheWrite?: number;
  inputTokensCacheRead?: number;
  reasoningTokens?: number;
  totalCost?: number;
}

/** One completion choice. */
export interface ChatCompletionChoice {
  message: ChatMessageAssistant;
  stopReason: StopReason;
}

/** What a generate call returns. */
export interface ModelOutput {
  model: string;
  choices: ChatCompletionChoice[];
  /** Text of the first choice. */
  completion: string;
  usage?: ModelUsage;
  /** Seconds the provider call took. */
  time?: number;
  metadata?: Record<string, unknown>;
  error?: string;
}
