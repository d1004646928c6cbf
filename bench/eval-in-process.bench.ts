/**
 * The per-sample cost of the **built** package in one process, without a log and without start-up:
 * `evaluate()` of 3,000 arithmetic samples on mockllm, with no hooks and with a no-op hook on
 * every event, alternating for 8 timed rounds in a child process per build
 * (`children/eval-in-process.mjs`). With `HOOKLINE_BENCH_BASELINE=<dir of another built
 * checkout>` the two builds take turns, twice each, in separate processes (two builds in one
 * process slow each other). A value is the median per sample over a build's rounds; the hooked /
 * unhooked ratio is the median of the per-round ratios (`median` of `lib.ts`: the upper middle of
 * an even number). Needs `npm run build`.
 *
 * It isolates what the whole-process benchmark (`eval-throughput`) mixes with start-up and the
 * log worker, and varies less with the machine's load.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './lib.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const CHILD = fileURLToPath(new URL('./children/eval-in-process.mjs', import.meta.url));
const SAMPLES = 3000;
const ROUNDS = 8;

interface Series {
  readonly wall: number[];
  readonly cpu: number[];
}

interface Build {
  readonly name: string;
  readonly entry: string;
  readonly plain: Series;
  readonly hooked: Series;
  readonly ratios: number[];
}


function buildOf(name: string, checkout: string): Build {
  const entry = join(checkout, 'dist/index.js');
  if (!existsSync(entry)) throw new Error(`${checkout}/dist is missing: run \`npm run build\` there first.`);
  return { name, entry, plain: { wall: [], cpu: [] }, hooked: { wall: [], cpu: [] }, ratios: [] };
}

function runChild(build: Build): void {
  const result = spawnSync(process.execPath, [CHILD, build.entry, String(SAMPLES), String(ROUNDS)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${build.name} exited ${result.status ?? result.signal}: ${result.stderr.slice(-2000)}`);
  const out = JSON.parse(result.stdout.trim().split('\n').pop()!) as { plain: Series; hooked: Series };
  build.plain.wall.push(...out.plain.wall);
  build.plain.cpu.push(...out.plain.cpu);
  build.hooked.wall.push(...out.hooked.wall);
  build.hooked.cpu.push(...out.hooked.cpu);
  build.ratios.push(...out.hooked.cpu.map((cpu, i) => cpu / out.plain.cpu[i]!));
}

export default async function run(): Promise<void> {
  const baseline = process.env.HOOKLINE_BENCH_BASELINE;
  const builds = [...(baseline === undefined ? [] : [buildOf('baseline', baseline)]), buildOf('this checkout', root)];
  const turns = baseline === undefined ? 1 : 2;
  for (let turn = 0; turn < turns; turn++) {
    for (let i = 0; i < builds.length; i++) runChild(builds[(i + turn) % builds.length]!);
  }
  console.log(`${SAMPLES.toLocaleString('en-US')} samples, no log; ${ROUNDS * turns} timed rounds per build; median per sample.\n`);
  console.log('| build | no hooks (wall, CPU) | every hook, no-op (wall, CPU) | every hook / no hooks (CPU) |');
  console.log('| --- | --- | --- | --- |');
  const us = (values: readonly number[]): string => `${median(values).toFixed(0)} µs`;
  for (const b of builds) {
    console.log(`| ${b.name} | ${us(b.plain.wall)}, ${us(b.plain.cpu)} | ${us(b.hooked.wall)}, ${us(b.hooked.cpu)} | ${median(b.ratios).toFixed(2)}× |`);
  }
}
