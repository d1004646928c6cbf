/**
 * One measured eval in its own process (run by `eval-memory.bench.ts`): the arithmetic example
 * with `count` samples through the built package's `evaluate()`, in a log format or without a log. Prints one JSON
 * line: max RSS, wall time, and the time per sample of the first and the last thousand samples.
 * It applies the heap policy of the `hookline` command (`src/cli/heap-policy.ts`), so it measures
 * what the command does.
 *
 *   node --import tsx bench/children/eval-memory-child.ts 10000 eval
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arithmetic } from '../../examples/arithmetic.ts';
import { applyHeapPolicy } from '../../src/cli/heap-policy.ts';

// The built package, as the command runs it (run from a folder without a tsconfig.json, the
// example's `import 'hookline'` resolves to this same dist/ by the package's own name). Typed as
// the sources it is built from; a computed specifier keeps the type check from needing dist/.
// The heap policy is the command's own code, which the bundle keeps inside the command's entry:
// it comes from the sources (it only sets a V8 flag).
const dist = new URL('../../dist/', import.meta.url).href;
const { evaluate } = (await import(`${dist}index.js`)) as typeof import('../../src/index.ts');

const count = Number(process.argv[2] ?? '1000');
// The heap policy of the `hookline` command for a task this size (HOOKLINE_HEAP_GROWING_PERCENT=0 for V8's default).
applyHeapPolicy(count);
const format = (process.argv[3] ?? 'eval') as 'eval' | 'json' | 'none';
const logDir = mkdtempSync(join(tmpdir(), 'hookline-memory-bench-'));
const marks: number[] = [];
let done = 0;
const started = performance.now();
try {
  const [log] = await evaluate(arithmetic({ count }), {
    banner: false,
    ...(format === 'none' ? { noLog: true } : { logDir, logFormat: format }),
    progress: {
      sampleEnd: () => {
        done++;
        if (done === 1 || done === 1000 || done === count - 1000 || done === count) marks.push(performance.now());
      },
    },
  });
  const wall = performance.now() - started;
  if (log?.status !== 'success') throw new Error(`the eval ended with status ${log?.status}`);
  const [m1, m1000, mLastStart, mEnd] = marks;
  const firstUs = m1 !== undefined && m1000 !== undefined ? ((m1000 - m1) / 999) * 1000 : Number.NaN;
  const lastUs = count > 2000 && mLastStart !== undefined && mEnd !== undefined ? ((mEnd - mLastStart) / 1000) * 1000 : Number.NaN;
  console.log(JSON.stringify({ count, format, maxRssMb: process.resourceUsage().maxRSS / 1024, wallMs: wall, usPerSample: (wall * 1000) / count, firstUs, lastUs }));
} finally {
  rmSync(logDir, { recursive: true, force: true });
}
