/**
 * Session transcripts: one JSONL file per session, one line per message or event, written
 * synchronously so the file (and every line before a hook fires) is on disk when hooks read it.
 *
 * Lines have Claude Code's shape (see `transcript-lines.ts`): every line carries `type`, `uuid`,
 * `parentUuid` (the previous line's), `sessionId`, `timestamp`, `cwd`, `version`, `isSidechain`
 * and `userType`; history messages are `user` / `assistant` / `system` lines with a `message` of
 * Anthropic content blocks (tool results are `user` lines with a `tool_result` block, hook
 * messages `user` lines with `isMeta: true`). hookline's lifecycle records are `system` lines
 * whose `subtype` is `session_meta` (first line: model, agent, system prompt), `session_start`
 * (`source`), `turn_start` / `turn_end` (`turnId`, `outcome`) or `session_end` (`reason`).
 * {@link readTranscript} turns lines back into {@link TranscriptEntry} values in hookline's own
 * vocabulary; resuming replays the `message` of every message line in order. A blocked prompt is
 * never written. Transcripts written before this shape (snake_case lines) still read back.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { HooklineError, errorMessage } from '../errors.ts';
import type { ChatMessage } from '../types/model.ts';
import { isoTimestamp } from '../util/time.ts';
import { fromWire } from '../util/wire-case.ts';
import { warn } from '../runtime/warnings.ts';
import { VERSION } from '../version.ts';
import { hookTag } from './hook-text.ts';
import { fromClaudeLine, toClaudeLine } from './transcript-lines.ts';

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
  | 'compact_skipped'
  | 'turn_interrupted';

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

/** Returns the `uuid` of the last line of an existing transcript (to chain `parentUuid` on resume). */
function lastUuid(path: string): string | null {
  if (!existsSync(path)) return null;
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = /"uuid":"([^"]+)"/.exec(lines[i]!.slice(-200));
    if (match !== null) return match[1]!;
  }
  return null;
}

/** Appends lines to one session's transcript file. */
export class TranscriptWriter {
  /** The absolute path of the file. */
  readonly path: string;
  private sessionIdValue: string;
  private readonly cwd: string;
  private parentUuid: string | null;
  /** Open while a turn runs (one write per line instead of open/write/close); closed at its end. */
  private fd: number | undefined;

  /**
   * Creates the file (and its folder) if needed; the file exists when the constructor returns.
   * An existing file (a resumed session) is appended to, chaining from its last line.
   */
  constructor(path: string, sessionId: string, options: { readonly cwd?: string } = {}) {
    this.path = path;
    this.sessionIdValue = sessionId;
    this.cwd = options.cwd ?? process.cwd();
    mkdirSync(dirname(path), { recursive: true });
    this.parentUuid = lastUuid(path);
    appendFileSync(path, '');
  }

  /** The session id written on each line. */
  get sessionId(): string {
    return this.sessionIdValue;
  }

  private append(type: string, fields: Record<string, unknown>): void {
    const uuid = randomUUID();
    const line = {
      parentUuid: this.parentUuid, isSidechain: false, userType: 'external', cwd: this.cwd, sessionId: this.sessionIdValue, version: VERSION,
      type, ...fields, uuid, timestamp: isoTimestamp(),
    };
    this.parentUuid = uuid;
    this.fd ??= openSync(this.path, 'a');
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
  }

  /**
   * Appends one lifecycle line: a `system` line whose `subtype` is `type`. After `turn_end` and
   * `session_end` the file is closed (it reopens on the next line), so an idle or forgotten
   * session holds no file descriptor.
   */
  write(type: TranscriptEntryType, fields: Record<string, unknown> = {}): void {
    this.append('system', { subtype: type, ...fields });
    if ((type === 'turn_end' || type === 'session_end') && this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  /** Appends a history message as a Claude-shaped `user`, `assistant` or `system` line. */
  writeMessage(message: ChatMessage, fields: Record<string, unknown> = {}): void {
    const { type, ...rest } = toClaudeLine(message);
    this.append(type, { ...rest, ...fields });
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

/** Returns a line in hookline's vocabulary (a Claude-shaped line, or a line of the earlier snake_case shape). */
function entryOf(line: Record<string, unknown>): TranscriptEntry {
  if (typeof line.uuid !== 'string') return fromWire(line) as TranscriptEntry;
  const { type, subtype, message, hookline: _extras, isMeta: _meta, ...rest } = line;
  if (type === 'system' && typeof subtype === 'string' && message === undefined) {
    return { ...rest, type: subtype as TranscriptEntryType } as TranscriptEntry;
  }
  const history = fromClaudeLine(line as { type: string; message: unknown; hookline?: unknown });
  if (history === undefined) return { ...rest, type: type as TranscriptEntryType } as TranscriptEntry;
  return { ...rest, type: entryTypeOf(history), message: history, ...(hookTag(history) === undefined ? {} : { event: hookTag(history)!.event }) } as TranscriptEntry;
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
    entries.push(entryOf(value as Record<string, unknown>));
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
