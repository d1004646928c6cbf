/**
 * Options of a run (`evaluate()`, `evalSet()`, `evalRetry()` and the CLI).
 * @module
 */
import type { CachePolicy, GetModelOptions, Model } from '../model/index.ts';
import type { GenerateConfig } from '../types/model.ts';
import type { LogFormat } from '../log/index.ts';
import type { EvalProgress } from './progress.ts';
import type { Epochs, ScoreReducer } from './types.ts';

/** Options of {@link evaluate}. Run options override the task's own. */
export interface EvalOptions {
  /** Model(s) to run every task against (default: the task's model, `HOOKLINE_MODEL`, else `mockllm/model`). */
  readonly model?: string | Model | readonly (string | Model)[];
  /** Options for models created from a name. */
  readonly modelOptions?: GetModelOptions;
  /** Folder of the logs (default `HOOKLINE_LOG_DIR`, else `./logs`). */
  readonly logDir?: string;
  /** Log format (default `HOOKLINE_LOG_FORMAT`, else `eval`). */
  readonly logFormat?: LogFormat;
  /** Write no log file (results are still returned). */
  readonly noLog?: boolean;
  /**
   * With `noLog`, keep every complete sample in memory for the returned log (default: only for
   * tasks of at most 1,000 sample runs, so that memory stays flat). With a log file the returned
   * log reads its samples back from the file on first access, whatever this says.
   */
  readonly keepSamples?: boolean;
  /** The first N samples, or a 1-based inclusive range `[from, to]`. */
  readonly limit?: number | readonly [number, number];
  /** Only these sample ids. */
  readonly sampleId?: string | number | readonly (string | number)[];
  readonly epochs?: number | Epochs;
  readonly epochsReducer?: string | ScoreReducer | readonly (string | ScoreReducer)[];
  /**
   * Samples of one task run at once (default: `config.maxConnections` when set, else 25). A
   * sample that ran to the end gives its place to the next while it waits for the log write, so
   * up to as many more may be waiting for the log.
   */
  readonly maxSamples?: number;
  /** Tasks run at once (default 1). */
  readonly maxTasks?: number;
  readonly retryOnError?: number;
  readonly failOnError?: boolean | number;
  readonly continueOnFail?: boolean;
  readonly scoreOnError?: boolean;
  readonly messageLimit?: number;
  readonly tokenLimit?: number;
  readonly timeLimit?: number;
  /** Generation settings merged over every task's. */
  readonly config?: GenerateConfig;
  /** Use the local model cache. */
  readonly cache?: boolean | CachePolicy;
  /** Working directory of tools (default: the current directory). */
  readonly cwd?: string;
  /** Cancels the run (the logs are finished as `cancelled`). */
  readonly signal?: AbortSignal;
  /** Receives progress (used by the CLI display). */
  readonly progress?: EvalProgress;
  /** Print the start-up banner of active hooks (default: true unless HOOKLINE_NO_BANNER). */
  readonly banner?: boolean;
  /** Logs of earlier attempts whose completed samples are reused (by task identity). */
  readonly previousLogs?: readonly import('../types/log.ts').EvalLog[];
  /** Set by evalSet(): the eval set this run belongs to. */
  readonly evalSetId?: string;
  /** Only write log headers into RunEnd/TaskEnd payloads (evalSet does). */
  readonly logHeaderOnly?: boolean;
  /** Task ids to reuse, by task identifier (evalSet and evalRetry keep them stable). */
  readonly taskIds?: ReadonlyMap<string, string>;
}
