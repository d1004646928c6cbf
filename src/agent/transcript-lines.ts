/**
 * The shape of transcript lines: Claude Code's JSONL, so scripts written for Claude Code
 * transcripts (`jq 'select(.type == "assistant") | .message.content[] | select(.type == "text")'`)
 * read hookline's too.
 *
 * A history message becomes a line `{parentUuid, isSidechain, userType, cwd, sessionId, version,
 * type, message, uuid, timestamp}` whose `type` is `user`, `assistant` or `system` and whose
 * `message` is `{role, content: [blocks]}` with Anthropic's blocks: `text`, `thinking`, `image`,
 * `tool_use` (`id`, `name`, `input`) and, in a `user` line, `tool_result` (`tool_use_id`,
 * `content`, `is_error`). Hook messages are `user` lines with `isMeta: true` (as Claude Code marks
 * text it injected). What hookline needs beyond that sits in extra fields: `turnId` on the line, a
 * `hookline` object (message id, source, metadata, the tool error and function name, whether the
 * content was a list), `parseError` on a `tool_use` block, `detail` on an `image` block.
 * @module
 */
import type { ChatMessage, Content, ToolCall, ToolCallError } from '../types/model.ts';
import { hookTag } from './hook-text.ts';

/** A content block of a Claude-shaped message. */
export type ClaudeBlock = Record<string, unknown> & { readonly type: string };

/** The `message` of a Claude-shaped line. */
export interface ClaudeMessage {
  readonly role: 'user' | 'assistant' | 'system';
  readonly content: ClaudeBlock[];
  readonly model?: string;
  readonly id?: string;
}

/** hookline's own fields of a message line (the `hookline` object). */
export interface HooklineExtras {
  /** The hookline role when it differs from the line's (`tool`). */
  role?: 'tool';
  id?: string;
  source?: string;
  metadata?: Record<string, unknown>;
  error?: ToolCallError;
  function?: string;
  toolCallId?: string[];
  /** The content was a list of parts (a single text block reads back as a string otherwise). */
  parts?: true;
}

/** The `type`, `message` and extra fields of one message line. */
export interface ClaudeMessageLine {
  readonly type: 'user' | 'assistant' | 'system';
  readonly message: ClaudeMessage;
  readonly isMeta?: true;
  readonly hookline?: HooklineExtras;
}

function block(part: Content): ClaudeBlock {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'reasoning':
      if (part.redacted === true) return { type: 'redacted_thinking', data: part.reasoning };
      return part.signature === undefined ? { type: 'thinking', thinking: part.reasoning } : { type: 'thinking', thinking: part.reasoning, signature: part.signature };
    case 'image':
      return { type: 'image', source: { type: 'url', url: part.image }, ...(part.detail === undefined ? {} : { detail: part.detail }) };
  }
}

function blocks(content: string | Content[]): ClaudeBlock[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content.map(block);
}

function toolUse(call: ToolCall): ClaudeBlock {
  return { type: 'tool_use', id: call.id, name: call.function, input: call.arguments, ...(call.parseError === undefined ? {} : { parseError: call.parseError }) };
}

/** Returns the Claude-shaped `type`, `message` and extras of a history message. */
export function toClaudeLine(message: ChatMessage): ClaudeMessageLine {
  const extras: HooklineExtras = {};
  if (message.id !== undefined) extras.id = message.id;
  if (message.source !== undefined) extras.source = message.source;
  if (message.metadata !== undefined) extras.metadata = message.metadata;
  if (Array.isArray(message.content) && message.content.length === 1) extras.parts = true;
  const withExtras = (line: ClaudeMessageLine): ClaudeMessageLine => (Object.keys(extras).length === 0 ? line : { ...line, hookline: extras });
  switch (message.role) {
    case 'assistant': {
      const content = [...blocks(message.content).filter((b) => !(b.type === 'text' && b.text === '' && (message.toolCalls?.length ?? 0) > 0)), ...(message.toolCalls ?? []).map(toolUse)];
      const claude: ClaudeMessage = { role: 'assistant', content, ...(message.model === undefined ? {} : { model: message.model }) };
      return withExtras({ type: 'assistant', message: claude });
    }
    case 'tool': {
      extras.role = 'tool';
      if (message.function !== undefined) extras.function = message.function;
      if (message.error !== undefined) extras.error = message.error;
      const result: ClaudeBlock = {
        type: 'tool_result',
        tool_use_id: message.toolCallId ?? '',
        content: typeof message.content === 'string' ? message.content : blocks(message.content),
        is_error: message.error !== undefined,
      };
      return withExtras({ type: 'user', message: { role: 'user', content: [result] } });
    }
    case 'user': {
      if (message.toolCallId !== undefined) extras.toolCallId = message.toolCallId;
      const line: ClaudeMessageLine = { type: 'user', message: { role: 'user', content: blocks(message.content) } };
      return withExtras(hookTag(message) === undefined ? line : { ...line, isMeta: true });
    }
    case 'system':
      return withExtras({ type: 'system', message: { role: 'system', content: blocks(message.content) } });
  }
}

function str(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function part(b: Record<string, unknown>): Content | undefined {
  switch (b.type) {
    case 'text':
      return { type: 'text', text: str(b.text, '') };
    case 'thinking':
      return typeof b.signature === 'string' ? { type: 'reasoning', reasoning: str(b.thinking, ''), signature: b.signature } : { type: 'reasoning', reasoning: str(b.thinking, '') };
    case 'redacted_thinking':
      return { type: 'reasoning', reasoning: str(b.data, ''), redacted: true };
    case 'image': {
      const source = (b.source ?? {}) as Record<string, unknown>;
      const image = typeof source.url === 'string' ? source.url : `data:${str(source.media_type, 'image/png')};base64,${str(source.data, '')}`;
      const detail = b.detail;
      return detail === 'auto' || detail === 'low' || detail === 'high' ? { type: 'image', image, detail } : { type: 'image', image };
    }
    default:
      return undefined;
  }
}

function contentOf(list: readonly Record<string, unknown>[], parts: boolean): string | Content[] {
  const result: Content[] = [];
  for (const b of list) {
    const p = part(b);
    if (p !== undefined) result.push(p);
  }
  const only = result[0];
  if (!parts && result.length === 1 && only?.type === 'text') return only.text;
  if (!parts && result.length === 0) return '';
  return result;
}

/** Returns the history message of a Claude-shaped message line (the inverse of {@link toClaudeLine}). */
export function fromClaudeLine(line: { readonly type: string; readonly message: unknown; readonly hookline?: unknown }): ChatMessage | undefined {
  const message = line.message as Partial<ClaudeMessage> | null;
  if (message === null || typeof message !== 'object') return undefined;
  const extras = (line.hookline ?? {}) as HooklineExtras;
  const list = (Array.isArray(message.content) ? message.content : typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : []) as Record<string, unknown>[];
  const base: { id?: string; source?: 'input' | 'generate' | 'operator'; metadata?: Record<string, unknown> } = {};
  if (extras.id !== undefined) base.id = extras.id;
  if (extras.source !== undefined) base.source = extras.source as 'input' | 'generate' | 'operator';
  if (extras.metadata !== undefined) base.metadata = extras.metadata;
  const parts = extras.parts === true;
  if (extras.role === 'tool') {
    const result = list.find((b) => b.type === 'tool_result') ?? {};
    const raw = result.content;
    const content = typeof raw === 'string' ? raw : contentOf(Array.isArray(raw) ? (raw as Record<string, unknown>[]) : [], parts);
    return {
      role: 'tool', ...base, content, toolCallId: str(result.tool_use_id, ''),
      ...(extras.function === undefined ? {} : { function: extras.function }),
      ...(extras.error === undefined ? {} : { error: extras.error }),
    };
  }
  const content = contentOf(list, parts);
  if (line.type === 'assistant') {
    const calls: ToolCall[] = list.filter((b) => b.type === 'tool_use').map((b) => ({
      id: str(b.id, ''), function: str(b.name, ''), arguments: (b.input ?? {}) as Record<string, unknown>, type: 'function',
      ...(typeof b.parseError === 'string' ? { parseError: b.parseError } : {}),
    }));
    return { role: 'assistant', ...base, content, ...(calls.length === 0 ? {} : { toolCalls: calls }), ...(message.model === undefined ? {} : { model: message.model }) };
  }
  if (line.type === 'system') return { role: 'system', ...base, content };
  return { role: 'user', ...base, content, ...(extras.toolCallId === undefined ? {} : { toolCallId: extras.toolCallId }) };
}
