/**
 * Whole-process start-up of the built `hookline` command against `node -e 0`: the CPU time
 * (user + system) of each child process, read from this process's `cutime` + `cstime`
 * (/proc/self/stat, clock ticks) around each batch, and the wall time. Candidates take turns
 * batch by batch, the first one rotating every round; a value is the median over rounds of the
 * per-process time. Needs `npm run build` (the command runs from dist/, as installed).
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/hookline.mjs');
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

export default async function run(): Promise<void> {
  if (!existsSync(join(root, 'dist/cli/bin.js'))) throw new Error('dist/ is missing: run `npm run build` first (the benchmark runs the built command).');
  const cwd = mkdtempSync(join(tmpdir(), 'hookline-startup-'));
  const candidates: Candidate[] = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: 'hookline --version', args: [bin, '--version'] },
    { name: 'hookline hooks events', args: [bin, 'hooks', 'events'] },
    { name: 'hookline eval (1 sample)', args: [bin, 'eval', join(root, 'examples/arithmetic.ts'), '--limit', '1', '--log-dir', join(cwd, 'logs')] },
  ];
  const rounds = 12;
  const batch = 5;
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
