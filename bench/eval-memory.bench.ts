/**
 * Memory and time per sample of whole evals at 1k, 10k and 100k samples, per log format (`.eval`,
 * `.json`, no log): each eval runs alone in a child process (`children/eval-memory-child.ts`,
 * the arithmetic example through `evaluate()`), which reports its max RSS, its wall time per
 * sample and the time per sample of its first and last thousand samples (flat cost: they agree).
 * `HOOKLINE_BENCH_MEMORY_SIZES=1000,10000` picks the sizes (default 1,000, 10,000 and 100,000).
 * Measures the built package (its log worker is the compiled one a user runs): needs `npm run build`.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

interface ChildResult {
  count: number;
  format: string;
  maxRssMb: number;
  wallMs: number;
  usPerSample: number;
  firstUs: number;
  lastUs: number;
}

const child = fileURLToPath(new URL('./children/eval-memory-child.ts', import.meta.url));

function runChild(count: number, format: string): ChildResult {
  // From a folder without a tsconfig.json: its paths would send `hookline` to the sources.
  const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), child, String(count), format], { cwd: tmpdir(), encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: 30 * 60 * 1000 });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !line.startsWith('{')) throw new Error(`the ${count}-sample ${format} eval failed (exit ${result.status ?? result.signal}): ${result.stderr.slice(-2000)}`);
  return JSON.parse(line) as ChildResult;
}

function fmt(value: number, digits = 0): string {
  return Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–';
}

/** Runs every size × format once, largest last, and prints the table. */
export default async function run(): Promise<void> {
  if (!existsSync(fileURLToPath(new URL('../dist/index.js', import.meta.url)))) throw new Error('dist/ is missing: run `npm run build` first (the benchmark measures the built package).');
  const sizes = (process.env.HOOKLINE_BENCH_MEMORY_SIZES ?? '1000,10000,100000').split(',').map(Number);
  const rows: string[] = [];
  for (const count of sizes) {
    for (const format of ['eval', 'json', 'none']) {
      const r = runChild(count, format);
      const name = format === 'none' ? 'no log' : `.${format}`;
      rows.push(`| ${fmt(count)} | ${name} | ${fmt(r.maxRssMb)} MB | ${fmt(r.wallMs / 1000, 1)} s | ${fmt(r.usPerSample)} µs | ${fmt(r.firstUs)} µs | ${fmt(r.lastUs)} µs |`);
      console.log(rows[rows.length - 1]);
    }
  }
  console.log('\n| samples | log | max RSS | wall | per sample | first 1k, per sample | last 1k, per sample |\n| --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
  await Promise.resolve();
}
