/**
 * Whole-process start-up of the built `hookline` command against `node -e 0`: the CPU time
 * (user + system) of each child process, read from this process's `cutime` + `cstime`
 * (/proc/self/stat, clock ticks) around each batch, and the wall time. Candidates take turns
 * batch by batch, the first one rotating every round; a value is the median over rounds of the
 * per-process time. Needs `npm run build` (the command runs from dist/, as installed).
 *
 * The one-sample evals run the example task file, which is compiled without a loader, and a task
 * file that imports it (a file of its own), which loads through tsx.
 * `HOOKLINE_BENCH_BASELINE=<dir>` adds the same commands run from another built checkout.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const TICKS_PER_SECOND = 100;

interface Candidate {
  readonly name: string;
  readonly args: readonly string[];
}

/** CPU seconds used by waited-for children so far (user + system). */
function childCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after the command name start at field 3 (state); cutime and cstime are fields 16 and 17.
  return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
}

function runBatch(candidate: Candidate, count: number, cwd: string): { cpu: number; wall: number } {
  const cpuBefore = childCpuSeconds();
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const result = spawnSync(process.execPath, candidate.args, { cwd, stdio: 'ignore', env: { ...process.env, HOOKLINE_NO_BANNER: '1' } });
    if (result.status !== 0) throw new Error(`${candidate.name} exited ${result.status ?? result.signal}`);
  }
  return { cpu: (childCpuSeconds() - cpuBefore) / count, wall: (performance.now() - started) / 1000 / count };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function ms(seconds: number): string {
  return `${(seconds * 1000).toFixed(1)} ms`;
}

/** The `hookline` commands of one built checkout; a task file that needs tsx is written to `cwd`. */
function commandsOf(label: string, checkout: string, cwd: string): Candidate[] {
  if (!existsSync(join(checkout, 'dist/cli/bin.js'))) throw new Error(`${checkout}/dist is missing: run \`npm run build\` there first (the benchmark runs the built command).`);
  const bin = join(checkout, 'bin/hookline.mjs');
  const example = join(checkout, 'examples/arithmetic.ts');
  const throughTsx = join(cwd, `${label === '' ? 'current' : 'baseline'}-reexport.ts`);
  writeFileSync(throughTsx, `export { arithmetic } from ${JSON.stringify(example)};\n`);
  const evalOf = (file: string): string[] => [bin, 'eval', file, '--limit', '1', '--log-dir', join(cwd, 'logs')];
  return [
    { name: `${label}hookline --version`, args: [bin, '--version'] },
    { name: `${label}hookline hooks events`, args: [bin, 'hooks', 'events'] },
    { name: `${label}hookline eval (1 sample)`, args: evalOf(example) },
    { name: `${label}hookline eval (1 sample, a task file that needs tsx)`, args: evalOf(throughTsx) },
  ];
}

export default async function run(): Promise<void> {
  const cwd = mkdtempSync(join(tmpdir(), 'hookline-startup-'));
  const baseline = process.env.HOOKLINE_BENCH_BASELINE;
  const candidates: Candidate[] = [
    { name: 'node -e 0', args: ['-e', '0'] },
    ...(baseline === undefined ? [] : commandsOf('baseline: ', baseline, cwd)),
    ...commandsOf('', root, cwd),
  ];
  const rounds = baseline === undefined ? 12 : 8;
  const batch = baseline === undefined ? 5 : 3;
  const samples = new Map(candidates.map((c) => [c.name, { cpu: [] as number[], wall: [] as number[] }]));
  runBatch(candidates[0]!, 2, cwd); // warm the file cache
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < candidates.length; i++) {
      const candidate = candidates[(i + round) % candidates.length]!;
      const { cpu, wall } = runBatch(candidate, batch, cwd);
      samples.get(candidate.name)!.cpu.push(cpu);
      samples.get(candidate.name)!.wall.push(wall);
    }
  }
  rmSync(cwd, { recursive: true, force: true });
  const base = median(samples.get('node -e 0')!.cpu);
  console.log(`${rounds} rounds × ${batch} processes per candidate; median per process. CPU = user + system of the child (10 ms ticks, averaged over a batch).\n`);
  console.log('| command | CPU | CPU / node -e 0 | wall |');
  console.log('| --- | --- | --- | --- |');
  for (const candidate of candidates) {
    const { cpu, wall } = samples.get(candidate.name)!;
    console.log(`| \`${candidate.name}\` | ${ms(median(cpu))} | ${(median(cpu) / base).toFixed(2)}× | ${ms(median(wall))} |`);
  }
}
