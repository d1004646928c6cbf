/**
 * The command's heap growth policy for long evals. A long eval allocates a steady stream of
 * short-lived objects, and V8's default policy lets the old generation grow to three or four
 * times what is live before it collects: about 420–460 MB of resident memory for a
 * 100,000-sample eval whose live heap stays under 130 MB. Capping the growth factor at 1.5×
 * keeps that run under 300 MB, for more garbage-collection work: about 8 % more CPU on a
 * 10,000-sample run (measured in BENCHMARKS.md, *Eval memory at scale*). So the cap is applied
 * only once a task of at least {@link LARGE_TASK_SAMPLE_RUNS} sample runs starts, where memory is
 * what runs out; shorter evals keep V8's default and its speed.
 *
 * Applied only by the `hookline` command, and only when the user has not chosen a heap policy of
 * their own: any heap-sizing flag in `NODE_OPTIONS` or on the node command line wins, and
 * `HOOKLINE_HEAP_GROWING_PERCENT` sets the percentage for every eval (`0` keeps V8's default).
 * @module
 */
import { setFlagsFromString } from 'node:v8';

/** The growth factor the command uses for large tasks, as V8's percentage (50 → the heap may grow by half). */
export const DEFAULT_HEAP_GROWING_PERCENT = 50;

/** Sample runs (samples × epochs) of one task from which the command caps the heap growth. */
export const LARGE_TASK_SAMPLE_RUNS = 20_000;

const USER_HEAP_FLAGS = /--(?:heap-growing-percent|heap_growing_percent|max-old-space-size|max_old_space_size|optimize-for-size|optimize_for_size)\b/;

/** The user's setting, `HOOKLINE_HEAP_GROWING_PERCENT`: a percentage, 0 (V8's default), or undefined when unset. */
function userSetting(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.HOOKLINE_HEAP_GROWING_PERCENT;
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 1000) {
    throw new RangeError(`HOOKLINE_HEAP_GROWING_PERCENT must be a whole number from 0 to 1000 (0 keeps V8's default), got '${raw}'.`);
  }
  return value;
}

/**
 * Throws when `HOOKLINE_HEAP_GROWING_PERCENT` is set to something that is not a whole
 * percentage; called at command start so that a typo stops the command before it runs anything.
 */
export function checkHeapPolicySetting(env: NodeJS.ProcessEnv = process.env): void {
  userSetting(env);
}

/**
 * Returns the heap growing percentage to set for a task of `sampleRuns` sample runs, or
 * undefined to leave V8's policy alone: `HOOKLINE_HEAP_GROWING_PERCENT` when set (0 = V8's
 * default), none when the user passed a heap flag to node, else
 * {@link DEFAULT_HEAP_GROWING_PERCENT} for tasks of at least {@link LARGE_TASK_SAMPLE_RUNS}.
 */
export function heapGrowingPercent(sampleRuns: number, env: NodeJS.ProcessEnv = process.env, nodeFlags: readonly string[] = [...process.execArgv, env.NODE_OPTIONS ?? '']): number | undefined {
  const setting = userSetting(env);
  if (setting !== undefined) return setting === 0 ? undefined : setting;
  if (nodeFlags.some((flag) => USER_HEAP_FLAGS.test(flag))) return undefined;
  return sampleRuns >= LARGE_TASK_SAMPLE_RUNS ? DEFAULT_HEAP_GROWING_PERCENT : undefined;
}

let applied: number | undefined;

/**
 * Applies {@link heapGrowingPercent} to this process's V8 heap when a task of `sampleRuns`
 * sample runs starts; the cap, once set, stays for the rest of the process.
 */
export function applyHeapPolicy(sampleRuns: number): void {
  const percent = heapGrowingPercent(sampleRuns);
  if (percent === undefined || percent === applied) return;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  applied = percent;
}
