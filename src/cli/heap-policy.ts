/**
 * The command's heap growth policy. A long eval allocates a steady stream of short-lived
 * objects, and V8's default policy lets the old generation grow to three or four times what is
 * live before it collects: about 420 MB of resident memory for a 100,000-sample eval whose live
 * heap stays under 130 MB. Capping the growth factor at 2× keeps that run near 300 MB for a few
 * per cent more garbage-collection time (measured in BENCHMARKS.md, *Eval memory at scale*).
 *
 * Applied only by the `hookline` command, and only when the user has not chosen a heap policy of
 * their own: any heap-sizing flag in `NODE_OPTIONS` or on the node command line wins, and
 * `HOOKLINE_HEAP_GROWING_PERCENT=0` turns the policy off (V8's default).
 * @module
 */
import { setFlagsFromString } from 'node:v8';

/** The growth factor the command uses, as V8's percentage (100 → the heap may double). */
export const DEFAULT_HEAP_GROWING_PERCENT = 100;

const USER_HEAP_FLAGS = /--(?:heap-growing-percent|heap_growing_percent|max-old-space-size|max_old_space_size|optimize-for-size|optimize_for_size)\b/;

/**
 * Returns the heap growing percentage the command should set, or undefined to leave V8's
 * default: from `HOOKLINE_HEAP_GROWING_PERCENT` (0 = V8's default), else
 * {@link DEFAULT_HEAP_GROWING_PERCENT} unless the user passed a heap flag to node. Throws on a
 * value that is not a whole number from 0 to 1000.
 */
export function heapGrowingPercent(env: NodeJS.ProcessEnv = process.env, nodeFlags: readonly string[] = [...process.execArgv, env.NODE_OPTIONS ?? '']): number | undefined {
  const raw = env.HOOKLINE_HEAP_GROWING_PERCENT;
  if (raw !== undefined && raw.trim() !== '') {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > 1000) {
      throw new RangeError(`HOOKLINE_HEAP_GROWING_PERCENT must be a whole number from 0 to 1000 (0 keeps V8's default), got '${raw}'.`);
    }
    return value === 0 ? undefined : value;
  }
  return nodeFlags.some((flag) => USER_HEAP_FLAGS.test(flag)) ? undefined : DEFAULT_HEAP_GROWING_PERCENT;
}

/** Applies {@link heapGrowingPercent} to this process's V8 heap; called once at command start. */
export function applyHeapPolicy(): void {
  const percent = heapGrowingPercent();
  if (percent !== undefined) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
