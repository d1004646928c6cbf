/**
 * Progress notifications of a run, for displays.
 * @module
 */
import type { EvalLog } from '../types/log.ts';

/** Receives progress of a run; every method is optional. */
export interface EvalProgress {
  /** A task starts: its name, model and number of sample runs (samples × epochs). */
  taskStart?(info: { readonly task: string; readonly model: string; readonly total: number; readonly log: string | undefined }): void;
  /** A sample run finished (possibly with an error); `tokens` is its total usage. */
  sampleEnd?(info: { readonly task: string; readonly model: string; readonly error: boolean; readonly tokens: number }): void;
  /** A task finished. */
  taskEnd?(info: { readonly task: string; readonly model: string; readonly log: EvalLog }): void;
}
