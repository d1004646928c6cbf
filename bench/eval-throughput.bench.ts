/**
 * Whole-process throughput of the built command: `hookline eval examples/arithmetic.ts
 * -T count=10000` with the default `.eval` log, with no hooks and with a no-op hook on every
 * event (the same task file with {@link EVERY_HOOK} added, so that both load the same way). Candidates take turns, the first one rotating every
 * round; a value is the median over rounds of the wall time, of the child's CPU time (user +
 * system, all threads, from this process's `cutime` + `cstime`) and of its event loop's CPU time
 * (its main thread's, written at exit by `children/event-loop-cpu.mjs`). The hooked / unhooked
 * ratios are medians of the per-round ratios. Needs `npm run build`.
 *
 * `HOOKLINE_BENCH_BASELINE=<dir>` adds the same candidates run from another built checkout (for a
 * before / after table in one run).
 * `HOOKLINE_BENCH_SAMPLES` (default 10,000) and `HOOKLINE_BENCH_ROUNDS` (default 3) size the run.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const TICKS_PER_SECOND = 100;
/** Appended to the example: registers a `Hooks` class with an empty method for every event. */
const EVERY_HOOK = `
import { EVENT_NAMES, Hooks, hooks } from 'hookline';
class EveryHook extends Hooks {}
for (const name of EVENT_NAMES) {
  Object.defineProperty(EveryHook.prototype, name, { value: (): undefined => undefined, writable: true, configurable: true });
}
hooks({ name: 'bench-every-hook' }, EveryHook);
`;
const EVENT_LOOP_CPU = fileURLToPath(new URL('./children/event-loop-cpu.mjs', import.meta.url));

interface Candidate {
  readonly name: string;
  readonly checkout: string;
  /** The task file (absolute). */
  readonly file: string;
  readonly wall: number[];
  readonly cpu: number[];
  /** CPU seconds of the child's main thread (the event loop). */
  readonly loop: number[];
  readonly bytes: number[];
}

/** CPU seconds used by waited-for children so far (user + system). */
function childCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs one eval of `candidate` in `cwd` (no tsconfig there: the task imports the checkout's own build). */
function runOnce(candidate: Candidate, samples: number, cwd: string): void {
  const logDir = join(cwd, 'logs');
  const loopFile = join(cwd, 'event-loop-cpu');
  rmSync(logDir, { recursive: true, force: true });
  rmSync(loopFile, { force: true });
  const cpuBefore = childCpuSeconds();
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', EVENT_LOOP_CPU, join(candidate.checkout, 'bin/hookline.mjs'), 'eval', candidate.file, '-T', `count=${samples}`, '--log-dir', logDir], {
    cwd, encoding: 'utf8', env: { ...process.env, HOOKLINE_NO_BANNER: '1', HOOKLINE_BENCH_EVENT_LOOP_CPU_FILE: loopFile }, maxBuffer: 64 * 1024 * 1024,
  });
  const wall = (performance.now() - started) / 1000;
  const cpu = childCpuSeconds() - cpuBefore;
  if (result.status !== 0) throw new Error(`${candidate.name} exited ${result.status ?? result.signal}: ${result.stderr.slice(-2000)}`);
  const log = readdirSync(logDir).find((f) => f.endsWith('.eval'));
  if (log === undefined) throw new Error(`${candidate.name} wrote no .eval log`);
  candidate.wall.push(wall);
  candidate.cpu.push(cpu);
  candidate.loop.push(Number(readFileSync(loopFile, 'utf8')));
  candidate.bytes.push(statSync(join(logDir, log)).size);
}

/** The candidates of one checkout; its every-hook task file is written to `dir`. */
function candidatesOf(label: string, checkout: string, dir: string): Candidate[] {
  if (!existsSync(join(checkout, 'dist/cli/bin.js'))) throw new Error(`${checkout}/dist is missing: run \`npm run build\` there first (the benchmark runs the built command).`);
  const example = join(checkout, 'examples/arithmetic.ts');
  const everyHook = join(dir, `${label === '' ? 'current' : 'baseline'}-every-hook.ts`);
  writeFileSync(everyHook, readFileSync(example, 'utf8') + EVERY_HOOK);
  return [
    { name: `${label}no hooks`, checkout, file: example, wall: [], cpu: [], loop: [], bytes: [] },
    { name: `${label}every hook (no-op)`, checkout, file: everyHook, wall: [], cpu: [], loop: [], bytes: [] },
  ];
}

export default async function run(): Promise<void> {
  const samples = Number(process.env.HOOKLINE_BENCH_SAMPLES ?? '10000');
  const rounds = Number(process.env.HOOKLINE_BENCH_ROUNDS ?? '3');
  const baseline = process.env.HOOKLINE_BENCH_BASELINE;
  const cwd = mkdtempSync(join(tmpdir(), 'hookline-throughput-'));
  const candidates = [...(baseline === undefined ? [] : candidatesOf('baseline: ', baseline, cwd)), ...candidatesOf('', root, cwd)];
  try {
    runOnce(candidates[candidates.length - 1]!, 100, cwd); // warm the file cache
    for (const c of candidates) c.wall.length = c.cpu.length = c.loop.length = c.bytes.length = 0;
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < candidates.length; i++) runOnce(candidates[(i + round) % candidates.length]!, samples, cwd);
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
  const inspect = 2.3 + 0.0165 * samples;
  console.log(`${samples.toLocaleString('en-US')} samples, ${rounds} rounds; median per process. Inspect AI reference: ${inspect.toFixed(0)} s (2.3 s + 16.5 ms per sample).\n`);
  console.log('| command | wall | CPU (user + sys) | event-loop CPU | × faster than Inspect (wall) | .eval size | every hook / no hooks (wall, CPU, event-loop CPU) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    const hooked = i % 2 === 1;
    const plain = candidates[i - 1];
    const ratioOf = (of: (x: Candidate) => number[]): string => `${median(of(c).map((v, r) => v / of(plain!)[r]!)).toFixed(2)}×`;
    const ratio = hooked && plain !== undefined ? `${ratioOf((x) => x.wall)}, ${ratioOf((x) => x.cpu)}, ${ratioOf((x) => x.loop)}` : '';
    console.log(`| ${c.name} | ${median(c.wall).toFixed(2)} s | ${median(c.cpu).toFixed(2)} s | ${median(c.loop).toFixed(2)} s | ${(inspect / median(c.wall)).toFixed(0)}× | ${(median(c.bytes) / 1e6).toFixed(1)} MB | ${ratio} |`);
  }
}
