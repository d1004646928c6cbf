/**
 * Runs the benchmarks: `npm run bench` runs every `bench/*.bench.ts` in name order;
 * `npm run bench -- dispatch model` runs only the files whose name contains one of the words.
 * Each file default-exports `async function run(): Promise<void>`.
 * @module
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatMachineInfo } from './lib.ts';

type BenchModule = { readonly default?: unknown };

const dir = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((word) => name.includes(word)))
  .sort();

if (files.length === 0) {
  const known = readdirSync(dir).filter((name) => name.endsWith('.bench.ts')).join(', ') || 'none';
  console.error(`No benchmark file matches ${filters.map((f) => `'${f}'`).join(', ')}. Known files: ${known}. Pass part of a file name, e.g. \`npm run bench -- dispatch\`.`);
  process.exit(1);
}

console.log(formatMachineInfo());
for (const name of files) {
  console.log(`\n## ${name.replace(/\.bench\.ts$/, '')}\n`);
  const started = performance.now();
  try {
    const loaded = (await import(pathToFileURL(`${dir}${name}`).href)) as BenchModule;
    if (typeof loaded.default !== 'function') {
      throw new Error(`bench/${name} has no default export; export \`default async function run(): Promise<void>\`.`);
    }
    await (loaded.default as () => unknown)();
  } catch (error) {
    // One broken benchmark must not hide the others' results.
    console.error(`bench/${name} failed:`, error);
    process.exitCode = 1;
    continue;
  }
  console.log(`\n(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
