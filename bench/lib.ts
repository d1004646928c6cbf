/**
 * Shared benchmark helpers: machine info, an interleaved timer, markdown tables, and two
 * cheap facts (promises created, heap bytes per operation).
 *
 * Every `bench/*.bench.ts` file default-exports `async function run(): Promise<void>` and is run
 * by `npm run bench` (see `bench/run.ts`). Benchmarks are not tests: nothing here asserts timings.
 * @module
 */
import { createHook } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { arch, availableParallelism, cpus, loadavg, release, totalmem, type } from 'node:os';

/** The machine a run happened on. */
export interface MachineInfo {
  readonly node: string;
  readonly v8: string;
  readonly cpu: string;
  readonly cores: number;
  readonly os: string;
  readonly memoryGiB: number;
  /** 1-minute load average when the run started (a busy shared machine shows here). */
  readonly load: number;
}

/** Returns the Node version, CPU model, core count, OS and current load of this machine. */
export function machineInfo(): MachineInfo {
  return {
    node: process.version,
    v8: process.versions.v8,
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: availableParallelism(),
    os: `${type()} ${release()} ${arch()}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    load: loadavg()[0] ?? 0,
  };
}

/** Returns {@link machineInfo} as one line, for the top of a benchmark's output. */
export function formatMachineInfo(info: MachineInfo = machineInfo()): string {
  return `Node ${info.node} (V8 ${info.v8}) · ${info.cpu} · ${info.cores} cores · ${info.memoryGiB} GiB · ${info.os} · load ${info.load.toFixed(2)}`;
}

/**
 * One thing to time. `run(ops)` performs `ops` operations back to back and may return a promise
 * (awaited before the clock stops). Write the loop inside `run` yourself, so each candidate has
 * its own call site, as real calling code would.
 */
export interface Candidate {
  readonly name: string;
  readonly run: (ops: number) => void | Promise<void>;
}

/** Knobs of {@link measure}. */
export interface MeasureOptions {
  /** Timed rounds; every candidate runs one batch per round (default 30). */
  readonly rounds?: number;
  /** Target duration of one batch in milliseconds (default 2). */
  readonly batchMs?: number;
  /** Untimed round-robin rounds before timing, to let the JIT settle (default 8). */
  readonly warmupRounds?: number;
  /**
   * `'wall'` (default): elapsed time, right for anything that waits (I/O, child processes).
   * `'cpu'`: this process's user + system CPU time (all its threads, garbage collector
   * included), for code that never waits: time the machine gave to other processes is left out,
   * which keeps results usable on a busy shared machine.
   */
  readonly clock?: 'wall' | 'cpu';
}

/** What {@link measure} found for one candidate. */
export interface Measurement {
  readonly name: string;
  /** Median over rounds of the per-round nanoseconds per operation. */
  readonly nsPerOp: number;
  /** Interquartile range of the per-round values divided by the median (0.05 = 5 %). */
  readonly spread: number;
  readonly opsPerBatch: number;
  readonly rounds: number;
  /**
   * Median over rounds of wall time divided by CPU time: about 1 on an idle machine (a little
   * more for code that waits), higher when other processes took the CPU away.
   */
  readonly wallPerCpu: number;
}

interface BatchTime {
  readonly wallNs: number;
  readonly cpuNs: number;
}

async function timeBatch(candidate: Candidate, ops: number): Promise<BatchTime> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const pending = candidate.run(ops);
  if (pending !== undefined) await pending;
  const wallNs = Number(process.hrtime.bigint() - start);
  const used = process.cpuUsage(cpu);
  return { wallNs, cpuNs: (used.user + used.system) * 1000 };
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

/** Batch size that makes one batch last about `batchMs`, from a measured ns/op. */
function opsFor(nsPerOp: number, batchMs: number): number {
  return Math.max(1, Math.min(2 ** 30, Math.round((batchMs * 1e6) / Math.max(nsPerOp, 0.01))));
}

/**
 * Times several candidates interleaved in this process and returns their median ns/op, in the
 * order given. Each candidate is first calibrated (batch size doubled until a batch takes
 * `batchMs`), then all run round-robin for the warm-up rounds and the timed rounds; the starting
 * candidate rotates every round. Noise from a shared machine (other processes, GC, frequency
 * changes) therefore lands on every candidate alike, and the median drops the rounds it spoiled.
 */
export async function measure(candidates: readonly Candidate[], options: MeasureOptions = {}): Promise<Measurement[]> {
  const rounds = options.rounds ?? 30;
  const batchMs = options.batchMs ?? 2;
  const warmupRounds = options.warmupRounds ?? 8;
  const pick = options.clock === 'cpu' ? (t: BatchTime) => t.cpuNs : (t: BatchTime) => t.wallNs;
  const ops: number[] = [];
  for (const candidate of candidates) {
    let n = 1;
    let elapsed = pick(await timeBatch(candidate, n));
    while (elapsed < batchMs * 1e6 * 0.25 && n < 2 ** 30) {
      n *= 2;
      elapsed = pick(await timeBatch(candidate, n));
    }
    ops.push(opsFor(elapsed / n, batchMs));
  }
  const samples: number[][] = candidates.map(() => []);
  const contention: number[][] = candidates.map(() => []);
  for (let round = 0; round < warmupRounds + rounds; round++) {
    for (let k = 0; k < candidates.length; k++) {
      const i = (k + round) % candidates.length;
      const n = ops[i]!;
      const time = await timeBatch(candidates[i]!, n);
      const nsPerOp = pick(time) / n;
      if (round < warmupRounds) {
        ops[i] = opsFor(nsPerOp, batchMs);
      } else {
        samples[i]!.push(nsPerOp);
        contention[i]!.push(time.wallNs / Math.max(time.cpuNs, 1));
      }
    }
  }
  return candidates.map((candidate, i) => {
    const sorted = samples[i]!.sort((a, b) => a - b);
    const median = quantile(sorted, 0.5);
    return {
      name: candidate.name,
      nsPerOp: median,
      spread: (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / median,
      opsPerBatch: ops[i]!,
      rounds,
      wallPerCpu: quantile(contention[i]!.sort((a, b) => a - b), 0.5),
    };
  });
}

/** Formats nanoseconds with about three significant digits. */
export function formatNs(ns: number): string {
  if (ns < 10) return ns.toFixed(2);
  if (ns < 100) return ns.toFixed(1);
  return Math.round(ns).toLocaleString('en-US');
}

/** A table for {@link formatTable}: one row per setting, one column per candidate. */
export interface Table {
  /** Header of the first column (what the rows vary, e.g. "handlers"). */
  readonly rowLabel: string;
  /** Candidate names, in display order. */
  readonly columns: readonly string[];
  /** Column whose value every other cell is divided by; shown without a ratio. */
  readonly baseline: string;
  readonly rows: readonly { readonly label: string; readonly values: Readonly<Record<string, number | undefined>> }[];
}

/**
 * Returns a markdown table of ns/op where every cell but the baseline's also shows its ratio to
 * the baseline of the same row (`123 ns (1.05×)`). Missing values print as `—`.
 */
export function formatTable(table: Table): string {
  const header = [table.rowLabel, ...table.columns];
  const lines = [header, header.map(() => '---')];
  for (const row of table.rows) {
    const base = row.values[table.baseline];
    lines.push([
      row.label,
      ...table.columns.map((column) => {
        const value = row.values[column];
        if (value === undefined) return '—';
        if (column === table.baseline || base === undefined) return `${formatNs(value)} ns`;
        return `${formatNs(value)} ns (${(value / base).toFixed(2)}×)`;
      }),
    ]);
  }
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/**
 * Returns how many promises `fn` created (counted with an async_hooks `PROMISE` init hook), the
 * ones created while an awaited `fn` was still running included. Enabling the hook slows promises
 * down, so never time code while counting.
 */
export async function countPromises(fn: () => void | Promise<void>): Promise<number> {
  let count = 0;
  const hook = createHook({
    init(_id, kind) {
      if (kind === 'PROMISE') count++;
    },
  });
  hook.enable();
  try {
    const pending = fn();
    if (pending !== undefined) await pending;
  } finally {
    hook.disable();
  }
  return count;
}

/**
 * Returns the median heap growth per operation, in bytes, of `run(ops)` over many chunks of
 * `ops` operations (synchronous code only). A chunk during which the garbage collector ran shows
 * a shrinking heap and is outvoted by the median, so no `--expose-gc` is needed; values well
 * under 1 byte mean "allocates nothing".
 */
export function heapBytesPerOp(run: (ops: number) => void, ops = 10_000, chunks = 41): number {
  for (let i = 0; i < 5; i++) run(ops);
  const deltas: number[] = [];
  for (let i = 0; i < chunks; i++) {
    const before = process.memoryUsage().heapUsed;
    run(ops);
    deltas.push(process.memoryUsage().heapUsed - before);
  }
  return quantile(deltas.sort((a, b) => a - b), 0.5) / ops;
}

/** Returns the CPU time (user + system) this process has used so far, in milliseconds. */
export function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * Returns the median CPU milliseconds of one call of `fn` over `rounds` calls, after `warmup`
 * calls (the upper middle sample when `rounds` is even).
 */
export async function medianCpuMs(fn: () => Promise<void>, rounds: number, warmup: number): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const before = cpuMs();
    await fn();
    samples.push(cpuMs() - before);
  }
  return median(samples);
}

/** CPU (user + system of this process) and wall milliseconds of one timed step. */
export interface StepCost {
  readonly cpuMs: number;
  readonly wallMs: number;
}

/**
 * Returns the CPU and wall milliseconds of `timed(prepared)`, after an untimed `prepare()` (for
 * work that needs fresh state each time, e.g. a session to compact).
 */
export async function timeStep<T>(prepare: () => T | Promise<T>, timed: (prepared: T) => Promise<unknown>): Promise<StepCost> {
  const prepared = await prepare();
  const cpu = cpuMs();
  const wall = performance.now();
  await timed(prepared);
  return { cpuMs: cpuMs() - cpu, wallMs: performance.now() - wall };
}

/** Returns the median of `values` (the upper middle one when their number is even). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * Returns the CPU time (user + system) the process's finished, waited-for child processes have
 * used so far, in milliseconds (Linux `/proc/self/stat` `cutime` + `cstime`, 10 ms ticks).
 */
export function childCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after the command name start at field 3 (state); cutime and cstime are fields 16 and 17.
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

/** The median cost of one call: this process's CPU, its children's CPU and the wall time, each in ms. */
export interface Cost {
  readonly cpu: number;
  readonly childCpu: number;
  readonly wall: number;
}

/**
 * Returns the median of each part of the cost of one call of `fn` over `rounds` calls, after
 * `warmup` calls: {@link medianCpuMs} plus the children's CPU and the wall time, for work that
 * spawns processes or waits.
 */
export async function medianCost(fn: () => Promise<void>, rounds: number, warmup: number): Promise<Cost> {
  for (let i = 0; i < warmup; i++) await fn();
  const cpu: number[] = [];
  const childCpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const [cpuBefore, childBefore, wallBefore] = [cpuMs(), childCpuMs(), performance.now()];
    await fn();
    wall.push(performance.now() - wallBefore);
    cpu.push(cpuMs() - cpuBefore);
    childCpu.push(childCpuMs() - childBefore);
  }
  const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { cpu: median(cpu), childCpu: median(childCpu), wall: median(wall) };
}
