/**
 * Buffered audit files: lines collect in memory and are written in large synchronous appends
 * (when a file has 256 KiB pending, every second while anything is pending, when its run or
 * session ends, and at process exit), so writing never waits on the event loop and lines never
 * reorder.
 * @module
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { errorMessage } from '../../errors.ts';
import { warn } from '../../runtime/warnings.ts';

/** Pending bytes (approximately, in UTF-16 units) that trigger a write. */
const FLUSH_AT = 256 * 1024;
/** How often pending lines are written while nothing else triggers it. */
const FLUSH_EVERY_MS = 1000;

/** One audit file and its pending lines. */
class AuditFile {
  private pending: string[] = [];
  private pendingSize = 0;
  private fd: number | undefined;
  private failed = false;
  /** Lines written so far (for tests and statistics). */
  lines = 0;

  constructor(readonly path: string) {}

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  add(line: string): boolean {
    if (this.failed) return false;
    this.pending.push(line);
    this.pendingSize += line.length + 1;
    return this.pendingSize >= FLUSH_AT;
  }

  flush(): void {
    if (this.pending.length === 0 || this.failed) return;
    const text = `${this.pending.join('\n')}\n`;
    const count = this.pending.length;
    this.pending = [];
    this.pendingSize = 0;
    try {
      if (this.fd === undefined) {
        mkdirSync(dirname(this.path), { recursive: true });
        this.fd = openSync(this.path, 'a');
      }
      writeSync(this.fd, text);
      this.lines += count;
    } catch (error) {
      this.failed = true;
      warn(
        `The audit log could not write ${this.path}: ${errorMessage(error)}. Its events are not recorded from here on; ` +
          'set HOOKLINE_AUDIT_DIR (or the dir option) to a writable folder.',
        'audit',
        error,
      );
    }
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Every sink with files, written out by one process `exit` listener. */
const live = new Set<AuditSink>();
let exitListener: (() => void) | undefined;

function track(sink: AuditSink): void {
  live.add(sink);
  if (exitListener !== undefined) return;
  exitListener = () => {
    for (const s of live) s.closeAll();
  };
  process.on('exit', exitListener);
}

/** The open audit files, keyed by route (a run, a session, the process). */
export class AuditSink {
  private readonly files = new Map<string, AuditFile>();
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    track(this);
  }

  /** Appends a line to the file of `route`, created at `path()` on first use. */
  write(route: string, path: () => string, line: string): void {
    let file = this.files.get(route);
    if (file === undefined) {
      file = new AuditFile(path());
      this.files.set(route, file);
    }
    if (file.add(line)) file.flush();
    else this.timer ??= setTimeout(this.tick, FLUSH_EVERY_MS).unref();
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    this.flushAll();
  };

  /** The path of a route's file, if it was opened. */
  pathOf(route: string): string | undefined {
    return this.files.get(route)?.path;
  }

  /** Writes and closes a route's file (its run or session ended). */
  close(route: string): void {
    const file = this.files.get(route);
    if (file === undefined) return;
    this.files.delete(route);
    file.close();
  }

  /** Writes every pending line. */
  flushAll(): void {
    for (const file of this.files.values()) file.flush();
  }

  /** Writes and closes every file (a later line reopens its file for appending). */
  closeAll(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const file of this.files.values()) file.close();
    this.files.clear();
  }

  /** Writes and closes every file, and forgets the sink at process exit. */
  dispose(): void {
    this.closeAll();
    live.delete(this);
  }
}
