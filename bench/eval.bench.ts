/**
 * Wall time of a 1,000-sample mockllm eval (generate() + includes() scorer), with no hooks and
 * with a no-op `Hooks` class implementing every event method, each with the log on (the default
 * `.eval` format) and with `noLog: true`, interleaved in one process, timed on the process CPU
 * clock (the wall time is printed too: on an idle machine they agree). Compared with the
 * reference: Inspect AI takes about 20 s for the same eval on this kind of machine; the target is
 * 50× faster (under 0.4 s) with every hook together costing under 5 %.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate } from '../src/eval/evaluate.ts';
import { includes } from '../src/eval/scorers/index.ts';
import { generate } from '../src/eval/solvers/index.ts';
import { task, type Task } from '../src/eval/task.ts';
import { EVENT_NAMES } from '../src/hooks/catalog.ts';
import { getHookBus, resetHookBus } from '../src/hooks/bus.ts';
import { Hooks } from '../src/hooks/hooks-class.ts';
import { hooks, unregisterHooks } from '../src/hooks/register.ts';
import { type Candidate, measure, type Measurement } from './lib.ts';

/** Samples of the benchmark eval. */
export const SAMPLES = 1000;

/** Inspect AI's wall time for the same eval (from the issue), in milliseconds. */
export const INSPECT_REFERENCE_MS = 20_000;

/** The benchmark task: 1,000 prompts answered by mockllm's default output, scored with includes(). */
export function benchTask(): Task {
  return task({
    name: 'bench_eval',
    dataset: Array.from({ length: SAMPLES }, (_, i) => ({ id: i + 1, input: `Question ${i + 1}: what does the model say?`, target: 'Default output' })),
    solver: generate(),
    scorer: includes(),
  });
}

/** A hook implementing every event method with an empty body. */
class NoOpHooks extends Hooks {}
for (const name of EVENT_NAMES) {
  Object.defineProperty(NoOpHooks.prototype, name, { value: (): undefined => undefined, writable: true, configurable: true });
}

/** Options of one benchmark eval: the log in `logDir`, or none. */
export function evalOptions(logDir: string | undefined): Parameters<typeof evaluate>[1] {
  return logDir === undefined ? { banner: false, noLog: true, maxSamples: 25 } : { banner: false, logDir, maxSamples: 25 };
}

/** A candidate that runs the eval `ops` times with `setUp()`'s hooks registered around it. */
export function evalCandidate(name: string, t: Task, logDir: string | undefined, setUp: () => () => void): Candidate {
  return {
    name,
    run: async (ops) => {
      const tearDown = setUp();
      try {
        for (let i = 0; i < ops; i++) {
          const [log] = await evaluate(t, evalOptions(logDir));
          if (log?.status !== 'success') throw new Error(`benchmark eval ended with status ${log?.status}`);
        }
      } finally {
        tearDown();
      }
    },
  };
}

const noHooks = (): (() => void) => () => undefined;

function allHooks(): () => void {
  hooks({ name: 'bench-noop' }, NoOpHooks);
  return () => void unregisterHooks('bench-noop');
}

/** Formats the CPU milliseconds of one eval, and the wall time it took on this (shared) machine. */
export function ms(m: Measurement | undefined): string {
  return m === undefined ? '—' : `${(m.nsPerOp / 1e6).toFixed(0)} ms (wall ${((m.nsPerOp * m.wallPerCpu) / 1e6).toFixed(0)} ms)`;
}

/** Formats `a / b` as a ratio and a percentage change. */
export function ratio(a: Measurement | undefined, b: Measurement | undefined): string {
  if (a === undefined || b === undefined) return '—';
  const r = a.nsPerOp / b.nsPerOp;
  return `${r.toFixed(3)}× (${r >= 1 ? '+' : ''}${((r - 1) * 100).toFixed(1)} %)`;
}

/** Runs the four candidates interleaved and prints the table and the verdicts. */
export default async function run(): Promise<void> {
  resetHookBus();
  const t = benchTask();
  const logDir = mkdtempSync(join(tmpdir(), 'hookline-bench-eval-'));
  try {
    const candidates = [
      evalCandidate('log, no hooks', t, logDir, noHooks),
      evalCandidate('log, every hook', t, logDir, allHooks),
      evalCandidate('noLog, no hooks', t, undefined, noHooks),
      evalCandidate('noLog, every hook', t, undefined, allHooks),
    ];
    const results = await measure(candidates, { rounds: 10, warmupRounds: 2, batchMs: 1, clock: 'cpu' });
    const [logNone, logAll, noLogNone, noLogAll] = results;
    console.log(`${SAMPLES}-sample mockllm eval (generate + includes), median of ${results[0]?.rounds} interleaved rounds.`);
    console.log('Times are process CPU time (all threads, GC included), which a busy shared machine inflates least; wall time in brackets.\n');
    console.log('| | no hooks | every hook (no-op class, all events) | hooks / no hooks |');
    console.log('| --- | --- | --- | --- |');
    console.log(`| log on (.eval) | ${ms(logNone)} | ${ms(logAll)} | ${ratio(logAll, logNone)} |`);
    console.log(`| noLog | ${ms(noLogNone)} | ${ms(noLogAll)} | ${ratio(noLogAll, noLogNone)} |`);
    console.log(`| log writer's share (log / noLog, no hooks) | ${ratio(logNone, noLogNone)} | | |`);
    console.log(`\nspread (IQR / median): ${results.map((r) => `${r.name} ${(r.spread * 100).toFixed(0)} %`).join(', ')}`);
    console.log(`wall / CPU: ${results.map((r) => `${r.name} ${r.wallPerCpu.toFixed(2)}`).join(', ')}`);
    const speedup = INSPECT_REFERENCE_MS / ((logNone?.nsPerOp ?? Infinity) / 1e6);
    console.log(`\nInspect AI reference ≈ ${INSPECT_REFERENCE_MS / 1000} s → ${speedup.toFixed(0)}× faster with the log on (target ≥ 50×, i.e. < 400 ms): ${speedup >= 50 ? 'met' : 'not met'}`);
    for (const [label, a, b] of [['log on', logAll, logNone], ['noLog', noLogAll, noLogNone]] as const) {
      const overhead = a !== undefined && b !== undefined ? a.nsPerOp / b.nsPerOp - 1 : NaN;
      console.log(`every hook together, ${label}: ${(overhead * 100).toFixed(1)} % (target < 5 %): ${overhead < 0.05 ? 'met' : 'not met'}`);
    }
    if (getHookBus().list().length !== 0) throw new Error('a benchmark hook was left registered');
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
}
