/**
 * Session transcripts: one JSONL file per session, one line per message or event, written
 * synchronously so the file (and every line before a hook fires) is on disk when hooks read it.
 *
 * Every line is a snake_case object with `type`, `timestamp` and `session_id`. Types:
 * `session_meta` (first line: cwd, model, agent, system prompt), `session_start` (`source`),
 * `turn_start` / `turn_end` (`turn_id`, `outcome`), `system` / `user` / `assistant` / `tool`
 * (a `message`), `hook_context` and `hook_prompt` (a `message` the hooks added, with its
 * `event`), and `session_end` (`reason`). Resuming replays the `message` of every line in order.
 * A blocked prompt is never written.
 * @module
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { HooklineError, errorMessage } from '../errors.ts';
import type { ChatMessage } from '../types/model.ts';
import { isoTimestamp } from '../util/time.ts';
import { fromWire, toWire } from '../util/wire-case.ts';
import { warn } from '../runtime/warnings.ts';
import { hookTag } from './hook-text.ts';

/** The kinds of transcript lines. */
export type TranscriptEntryType =
  | 'session_meta'
  | 'session_start'
  | 'session_end'
  | 'turn_start'
  | 'turn_end'
  | 'system'
  | 'user'
  | 'assistant'
  | 'tool'
  | 'hook_context'
  | 'hook_prompt'
  | 'compact_boundary'
  | 'compact_skipped';

/** One transcript line (camelCase here, snake_case on disk). */
export interface TranscriptEntry {
  readonly type: TranscriptEntryType;
  readonly timestamp: string;
  readonly sessionId: string;
  readonly turnId?: string | undefined;
  readonly message?: ChatMessage | undefined;
  readonly [field: string]: unknown;
}

/** A transcript file cannot be read back. */
export class TranscriptError extends HooklineError {
  /** The transcript file. */
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super('LOG_INVALID', message, options);
    this.file = file;
  }
}

/** Returns the default folder for transcripts: `$HOOKLINE_HOME/sessions` (default `~/.hookline/sessions`). */
export function defaultTranscriptDir(): string {
  const home = process.env.HOOKLINE_HOME;
  return join(home !== undefined && home !== '' ? home : join(homedir(), '.hookline'), 'sessions');
}

/** Returns a transcript file name: a sortable UTC time and the session id. */
export function transcriptFileName(sessionId: string, date = new Date()): string {
  const stamp = date.toISOString().replace(/\.\d+Z$/, '').replace(/:/g, '-');
  return `${stamp}-${sessionId}.jsonl`;
}

/** Returns the transcript line type of a history message. */
export function entryTypeOf(message: ChatMessage): TranscriptEntryType {
  const tag = hookTag(message);
  if (tag !== undefined) return tag.kind === 'context' ? 'hook_context' : 'hook_prompt';
  return message.role;
}

/** Appends lines to one session's transcript file. */
export class TranscriptWriter {
  /** The absolute path of the file. */
  readonly path: string;
  private sessionIdValue: string;

  /** Creates the file (and its folder) if needed; the file exists when the constructor returns. */
  constructor(path: string, sessionId: string) {
    this.path = path;
    this.sessionIdValue = sessionId;
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, '');
  }

  /** The session id written on each line. */
  get sessionId(): string {
    return this.sessionIdValue;
  }

  /** Appends one line. */
  write(type: TranscriptEntryType, fields: Record<string, unknown> = {}): void {
    const entry = { type, timestamp: isoTimestamp(), sessionId: this.sessionIdValue, ...fields };
    appendFileSync(this.path, `${JSON.stringify(toWire(entry))}\n`);
  }

  /** Appends a history message (its line type follows its role or hook tag). */
  writeMessage(message: ChatMessage, fields: Record<string, unknown> = {}): void {
    const tag = hookTag(message);
    this.write(entryTypeOf(message), { ...fields, ...(tag === undefined ? {} : { event: tag.event }), message });
  }
}

/** A transcript read back. */
export interface TranscriptContents {
  readonly path: string;
  readonly sessionId: string;
  /** Every line, in order. */
  readonly entries: readonly TranscriptEntry[];
  /** The history to resume from: the message of every message line, in order. */
  readonly messages: ChatMessage[];
}

/** Reads a transcript file; throws a {@link TranscriptError} naming the file and line when it is not one. */
export function readTranscript(path: string): TranscriptContents {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TranscriptError(path, `Could not read transcript ${path}: ${errorMessage(error)}. Pass the path of a session transcript (.jsonl).`, { cause: error });
  }
  const lines = text.split('\n');
  const entries: TranscriptEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const last = lines.slice(i + 1).every((l) => l.trim() === '');
      if (last) {
        warn(`Transcript ${path}: skipping an incomplete last line (${i + 1}); it was probably cut off by a crash.`, 'agent');
        continue;
      }
      throw new TranscriptError(path, `Transcript ${path} line ${i + 1} is not valid JSON: ${errorMessage(error)}. Fix or remove that line.`, { cause: error });
    }
    if (value === null || typeof value !== 'object' || typeof (value as { type?: unknown }).type !== 'string') {
      throw new TranscriptError(path, `Transcript ${path} line ${i + 1} is not a transcript entry (no "type"). Pass the path of a session transcript.`);
    }
    entries.push(fromWire(value) as TranscriptEntry);
  }
  const sessionId = entries.find((e) => typeof e.sessionId === 'string')?.sessionId;
  if (sessionId === undefined) {
    throw new TranscriptError(path, `Transcript ${path} has no session id (is it empty?). Pass the path of a session transcript.`);
  }
  const messages: ChatMessage[] = [];
  for (const entry of entries) {
    // A compaction replaced the history: the summary and the kept context follow the boundary.
    if (entry.type === 'compact_boundary') messages.length = 0;
    else if (entry.message !== undefined) messages.push(entry.message);
  }
  return { path, sessionId, entries, messages };
}
