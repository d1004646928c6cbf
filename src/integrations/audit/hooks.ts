/**
 * `AuditLogHooks`: records every catalog event, in delivery order, as one JSON line. Files:
 * one per run (`run-<runId>.jsonl`: every event carrying that run id, plus events without ids
 * while exactly that run is open), one per agent session outside a run
 * (`session-<sessionId>.jsonl`), and one per process for the rest
 * (`process-<time>-<pid>.jsonl`: eval-set events, models and tools created outside a run).
 * `seq` increases across all files, so merging them by `seq` restores the global order.
 * @module
 */
import { join, resolve } from 'node:path';
import { catalog, EVENT_NAMES, type HookEventName } from '../../hooks/catalog.ts';
import { Hooks } from '../../hooks/hooks-class.ts';
import { DEFAULT_MAX_LINE_BYTES, formatAuditLine } from './line.ts';
import { AuditSink } from './sink.ts';

/** Options of the audit log. */
export interface AuditLogOptions {
  /**
   * Folder of the files (default: `HOOKLINE_AUDIT_DIR`, else `<log dir>/audit`: the eval set's
   * log dir inside an eval set, else `HOOKLINE_LOG_DIR`, else `./logs`).
   */
  readonly dir?: string | undefined;
  /** Write every event to this one file instead (appending). */
  readonly file?: string | undefined;
  /** Cap of one line in bytes (default 64 KiB); bigger payloads become a truncation marker. */
  readonly maxLineBytes?: number | undefined;
  /**
   * Events not to record (method or wire names, e.g. `['SampleEvent']`, which is most of the
   * volume of an eval). The hook does not subscribe to them, so the runtime skips them too.
   */
  readonly exclude?: readonly string[] | undefined;
}

interface Ids {
  readonly runId?: unknown;
  readonly sessionId?: unknown;
  readonly evalSetId?: unknown;
  readonly logDir?: unknown;
}

function compactTime(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/**
 * Writes the audit log. Every catalog event has a method (declared below the class), all
 * synchronous: a line is built when the event is delivered and written in batches.
 */
export class AuditLogHooks extends Hooks {
  private readonly sink = new AuditSink();
  private readonly options: AuditLogOptions;
  private readonly maxLineBytes: number;
  private readonly processRoute: string;
  private readonly openRuns = new Set<string>();
  private evalSetLogDir: string | undefined;
  private seq = 0;

  constructor(options: AuditLogOptions = {}) {
    super();
    this.options = options;
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.processRoute = `process-${compactTime(new Date())}-${process.pid}`;
  }

  /** Lines recorded so far (the last `seq`). */
  get recorded(): number {
    return this.seq;
  }

  /** The folder files go to right now. */
  directory(): string {
    const dir = this.options.dir ?? process.env.HOOKLINE_AUDIT_DIR;
    if (dir !== undefined && dir !== '') return resolve(dir);
    return resolve(join(this.evalSetLogDir ?? process.env.HOOKLINE_LOG_DIR ?? './logs', 'audit'));
  }

  /** The file of a run (`run-<id>`), a session (`session-<id>`) or the process (`process`), once written to. */
  fileOf(route: string): string | undefined {
    return this.sink.pathOf(route === 'process' ? this.processRoute : route);
  }

  private route(p: Ids): string {
    if (typeof p.runId === 'string') return `run-${p.runId}`;
    if (typeof p.sessionId === 'string') return `session-${p.sessionId}`;
    if (this.openRuns.size === 1) for (const runId of this.openRuns) return `run-${runId}`;
    return this.processRoute;
  }

  /** Records one event (what every event method calls). */
  record(event: HookEventName, payload: unknown): void {
    const ids = (payload ?? {}) as Ids;
    if (event === 'onEvalSetStart' && typeof ids.logDir === 'string') this.evalSetLogDir = ids.logDir;
    if (event === 'onRunStart' && typeof ids.runId === 'string') this.openRuns.add(ids.runId);
    const route = this.route(ids);
    const line = formatAuditLine(event, payload, ++this.seq, new Date().toISOString(), process.cwd(), this.maxLineBytes);
    const file = this.options.file;
    this.sink.write(file === undefined ? route : 'file', () => (file === undefined ? join(this.directory(), `${route}.jsonl`) : resolve(file)), line);
    if (event === 'onRunEnd' && typeof ids.runId === 'string') {
      this.openRuns.delete(ids.runId);
      this.sink.close(route);
    } else if (event === 'onSessionEnd' && route.startsWith('session-')) {
      this.sink.close(route);
    } else if (event === 'onEvalSetEnd') {
      this.evalSetLogDir = undefined;
    }
  }

  /** Writes every pending line now. */
  flush(): void {
    this.sink.flushAll();
  }

  /** Writes everything and closes the files (the hook keeps working: files reopen on the next event). */
  close(): void {
    this.sink.closeAll();
  }

  /** Closes the files and stops the exit handler (after unregistering). */
  dispose(): void {
    this.sink.dispose();
  }
}

// One method per catalog event, each recording its event (aliases resolve to these).
for (const name of EVENT_NAMES) {
  Object.defineProperty(AuditLogHooks.prototype, name, {
    value(this: AuditLogHooks, payload: unknown): undefined {
      this.record(name, payload);
      return undefined;
    },
    writable: true,
    configurable: true,
  });
}

/** Wire names of every event the audit log records, in catalog order. */
export const AUDITED_EVENTS: readonly string[] = EVENT_NAMES.map((name) => catalog[name].wire);
