/**
 * Transcript events recorded per sample (Inspect's `Event` union, the subset hookline emits).
 * @module
 */
import type { ChatMessage, GenerateConfig, ModelOutput, ModelUsage, ToolChoice, ToolInfo } from './model.ts';
import type { EvalError, LimitType, Score } from './log.ts';

/** Fields every transcript event has. */
export interface BaseEvent {
  uuid?: string;
  spanId?: string;
  /** ISO 8601 with microseconds and an offset. */
  timestamp: string;
  /** Seconds of sample working time when the event began. */
  workingStart: number;
  metadata?: Record<string, unknown>;
  pending?: boolean;
}

/** The sample as it was when it started. */
export interface SampleInitEvent extends BaseEvent {
  event: 'sample_init';
  sample: { input: string | ChatMessage[]; target: string | string[]; id?: string | number; choices?: string[]; metadata?: Record<string, unknown> };
  /**
   * JSON snapshot of the task state in wire form (snake_case, e.g. `toWire({ messages, … })`):
   * logs keep it verbatim, as they keep every JSON snapshot.
   */
  state: Record<string, unknown>;
}

/** A limit stopped the sample. */
export interface SampleLimitEvent extends BaseEvent {
  event: 'sample_limit';
  type: LimitType;
  message: string;
  limit?: number;
}

/**
 * One JSON-Patch operation over a wire-form (snake_case) snapshot: `path` uses wire keys
 * (`/messages/1/tool_calls`) and `value` / `replaced` are kept verbatim in logs.
 */
export interface JsonChange {
  op: 'add' | 'remove' | 'replace' | 'move' | 'test' | 'copy';
  path: string;
  from?: string;
  value: unknown;
  /** The value a `remove` or `replace` took away; absent on `add`, as Inspect writes it. */
  replaced?: unknown;
}

/** The task state changed. */
export interface StateEvent extends BaseEvent {
  event: 'state';
  changes: JsonChange[];
}

/** The sample store changed. */
export interface StoreEvent extends BaseEvent {
  event: 'store';
  changes: JsonChange[];
}

/** A raw provider request/response. */
export interface ModelCall {
  request: Record<string, unknown>;
  response?: Record<string, unknown>;
  time?: number;
}

/** A model generate call. */
export interface ModelEvent extends BaseEvent {
  event: 'model';
  model: string;
  role?: string;
  input: ChatMessage[];
  tools: ToolInfo[];
  toolChoice: ToolChoice;
  config: GenerateConfig;
  output: ModelOutput;
  retries?: number;
  error?: string;
  cache?: 'read' | 'write';
  call?: ModelCall;
  completed?: string;
  workingTime?: number;
}

/** A tool call. */
export interface ToolEvent extends BaseEvent {
  event: 'tool';
  type: 'function';
  id: string;
  function: string;
  arguments: Record<string, unknown>;
  result: unknown;
  truncated?: [number, number];
  error?: { type: string; message: string };
  events: unknown[];
  completed?: string;
  workingTime?: number;
  agent?: string;
  failed?: boolean;
}

/** A score was computed. */
export interface ScoreEvent extends BaseEvent {
  event: 'score';
  score: Score;
  target?: string | string[];
  intermediate: boolean;
  scorer?: string;
  modelUsage?: Record<string, ModelUsage>;
}

/** An error stopped the sample. */
export interface ErrorEvent extends BaseEvent {
  event: 'error';
  error: EvalError;
}

/** A log message emitted while the sample ran. */
export interface LoggerEvent extends BaseEvent {
  event: 'logger';
  message: {
    name?: string;
    level: 'debug' | 'trace' | 'http' | 'sandbox' | 'info' | 'warning' | 'error' | 'critical';
    message: string;
    created: number;
    filename: string;
    module: string;
    lineno: number;
  };
}

/** Free-form information. */
export interface InfoEvent extends BaseEvent {
  event: 'info';
  source?: string;
  data: unknown;
}

/** A span opened. */
export interface SpanBeginEvent extends BaseEvent {
  event: 'span_begin';
  id: string;
  parentId?: string;
  type?: string;
  name: string;
}

/** A span closed. */
export interface SpanEndEvent extends BaseEvent {
  event: 'span_end';
  id: string;
}

/** Any transcript event. */
export type TranscriptEvent =
  | SampleInitEvent
  | SampleLimitEvent
  | StateEvent
  | StoreEvent
  | ModelEvent
  | ToolEvent
  | ScoreEvent
  | ErrorEvent
  | LoggerEvent
  | InfoEvent
  | SpanBeginEvent
  | SpanEndEvent;

/** The discriminator values of {@link TranscriptEvent}. */
export type TranscriptEventType = TranscriptEvent['event'];
