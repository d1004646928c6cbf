/**
 * The eval display: a live progress bar on a terminal (samples done/total, errors, tokens,
 * elapsed), plain lines elsewhere, and the final summary table of metrics and log paths.
 * @module
 */
import type { EvalProgress } from '../eval/progress.ts';
import type { EvalLog } from '../types/log.ts';
import { formatRetryNotice, type RetryNotice } from '../model/retry.ts';

interface TaskProgress {
  readonly task: string;
  readonly model: string;
  readonly total: number;
  done: number;
  errors: number;
  tokens: number;
  /** The last plain line written for this task (not written again). */
  printed: string;
  finished: boolean;
}

function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A progress display writing to `out` (live when it is a terminal). */
export class EvalDisplay implements EvalProgress {
  private readonly tasks: TaskProgress[] = [];
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private lastPlain = 0;
  private stopped = false;
  /** The latest retry, shown under the bars (live) or as a line (plain). */
  private lastRetry: string | undefined;
  private retriesNotShown = 0;
  private lastRetryLine = 0;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr, private readonly live = out.isTTY && process.env.CI === undefined) {}

  taskStart(info: { task: string; model: string; total: number; log: string | undefined }): void {
    this.tasks.push({ task: info.task, model: info.model, total: info.total, done: 0, errors: 0, tokens: 0, printed: '', finished: false });
    if (!this.live) this.out.write(`running ${info.task} (${info.model}): ${info.total} sample(s)${info.log === undefined ? '' : `, log ${info.log}`}\n`);
    else this.timer ??= setInterval(() => this.render(), 100).unref();
  }

  /** The running task a notification is about (by model too, when the notification names it). */
  private find(task: string, model: string | undefined): TaskProgress | undefined {
    return this.tasks.find((t) => !t.finished && t.task === task && (model === undefined || t.model === model));
  }

  sampleEnd(info: { task: string; model?: string; error: boolean; tokens: number }): void {
    const progress = this.find(info.task, info.model);
    if (progress === undefined) return;
    progress.done = Math.min(progress.total, progress.done + 1);
    progress.tokens += info.tokens;
    if (info.error) progress.errors++;
    if (!this.live && (Date.now() - this.lastPlain > 2000 || progress.done === progress.total)) this.plain(progress);
  }

  taskEnd(info: { task: string; log: EvalLog }): void {
    const progress = this.find(info.task, info.log.eval.model);
    if (progress !== undefined) {
      // Catches up when a task ends early (cancelled, failed): its results count what completed.
      progress.done = Math.max(progress.done, Math.min(progress.total, info.log.results?.completedSamples ?? 0));
      progress.finished = true;
      if (!this.live) this.plain(progress, info.log.status);
    }
    if (this.live && !this.stopped) this.render();
  }

  /**
   * Shows a model retry: under the progress bars on a terminal, else as a line (at most one a
   * second; the next line counts the ones in between).
   */
  retry(notice: RetryNotice): void {
    this.lastRetry = `retrying: ${formatRetryNotice(notice)}`;
    if (this.live || this.stopped) return;
    if (Date.now() - this.lastRetryLine < 1000) {
      this.retriesNotShown++;
      return;
    }
    const more = this.retriesNotShown === 0 ? '' : ` (+${this.retriesNotShown} more retries)`;
    this.retriesNotShown = 0;
    this.lastRetryLine = Date.now();
    this.out.write(`hookline: ${formatRetryNotice(notice)}${more}\n`);
  }

  /** Writes a plain progress line, unless it would repeat the last one of that task. */
  private plain(progress: TaskProgress, status?: string): void {
    const text = this.line(progress);
    const suffix = status === undefined || status === 'success' ? '' : `  ${status}`;
    const key = `${text.replace(/\s+\d+:\d\d$/, '')}${suffix}`;
    if (key === progress.printed) return;
    this.lastPlain = Date.now();
    progress.printed = key;
    this.out.write(`${text}${suffix}\n`);
  }

  private line(p: TaskProgress): string {
    const width = 24;
    const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    return `${p.task} ${bar} ${p.done}/${p.total} samples  errors ${p.errors}  tokens ${p.tokens}  ${formatDuration(Date.now() - this.started)}`;
  }

  private rendered = 0;

  private render(): void {
    let text = this.rendered > 0 ? `\x1b[${this.rendered}F` : '';
    for (const p of this.tasks) text += `\x1b[2K${this.line(p)}\n`;
    if (this.lastRetry !== undefined) text += `\x1b[2K${this.lastRetry}\n`;
    this.rendered = this.tasks.length + (this.lastRetry === undefined ? 0 : 1);
    this.out.write(text);
  }

  /** Stops the live refresh, leaving the last state on screen; later calls do nothing. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    // Rendered once more, before anything else is printed below it (a later render would move
    // the cursor up into that output).
    if (this.live && this.tasks.length > 0) this.render();
  }
}

function metricCells(log: EvalLog): string {
  const cells: string[] = [];
  for (const score of log.results?.scores ?? []) {
    for (const [key, metric] of Object.entries(score.metrics)) {
      cells.push(`${score.name}/${key}=${Number.isFinite(metric.value) ? metric.value.toFixed(3) : String(metric.value)}`);
    }
  }
  return cells.join('  ') || '-';
}

/** The final summary: one row per log with status, samples, metrics and the log path. */
export function summaryTable(logs: readonly EvalLog[]): string {
  const rows = logs.map((log) => [
    log.eval.task,
    log.eval.model,
    log.status,
    `${log.results?.completedSamples ?? 0}/${log.results?.totalSamples ?? 0}`,
    metricCells(log),
  ]);
  const header = ['task', 'model', 'status', 'samples', 'metrics'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const format = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const lines = [format(header), format(widths.map((w) => '-'.repeat(w))), ...rows.map(format)];
  for (const log of logs) {
    if (log.error !== undefined) lines.push(`error in ${log.eval.task}: ${log.error.message.split('\n')[0]}`);
    if (log.location !== undefined) lines.push(`log: ${log.location}`);
  }
  return `${lines.join('\n')}\n`;
}
