/**
 * Concurrency under latency: 1,000 samples against a local OpenAI-compatible server (the test
 * fixture server on 127.0.0.1, in a child process so that its CPU time is not counted) that
 * answers every request after 100 ms, through the real OpenAI SDK, with `maxConnections` 100 and 500 and no `maxSamples` (sample concurrency follows
 * connections). Reports wall time against the ideal (samples × latency / connections), the most
 * requests the server saw at once, and the process CPU time per sample. Each setting runs
 * {@link ROUNDS} times in a row: the first round (a cold process: the JIT and the SDK warming up)
 * is reported apart, the others as their median. No log is written.
 * @module
 */
import { evaluate } from '../src/eval/evaluate.ts';
import { includes } from '../src/eval/scorers/index.ts';
import { generate } from '../src/eval/solvers/index.ts';
import { task } from '../src/eval/task.ts';
import { getModel } from '../src/model/index.ts';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { cpuMs, median } from './lib.ts';

const SAMPLES = 1000;
const LATENCY_MS = 100;
/** Runs per setting: one cold, then the ones whose median is reported. */
const ROUNDS = 4;



/** Runs the eval once per connection count and prints the table. */
export default async function run(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./children/latency-server.ts', import.meta.url)), String(LATENCY_MS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const next: IteratorResult<string> = await lines.next();
    if (next.done === true) throw new Error('the latency server exited');
    return next.value;
  };
  const baseUrl = await nextLine();
  const rows: string[] = [];
  try {
    for (const connections of [100, 500]) {
      const runs: { wall: number; cpu: number; maxInFlight: number }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const model = getModel('openai/gpt-4o-mini', { baseUrl, apiKey: 'bench-key', config: { maxConnections: connections } });
        const t = task({ name: 'latency', dataset: Array.from({ length: SAMPLES }, (_, i) => ({ id: i + 1, input: `Q${i + 1}`, target: 'Default output' })), solver: generate(), scorer: includes(), model });
        const cpu0 = cpuMs();
        const t0 = performance.now();
        const [log] = await evaluate(t, { banner: false, noLog: true });
        const wall = performance.now() - t0;
        const cpu = cpuMs() - cpu0;
        if (log?.status !== 'success') throw new Error(`the eval ended with status ${log?.status}`);
        child.stdin.write('stats\n');
        const { maxInFlight } = JSON.parse(await nextLine()) as { maxInFlight: number };
        runs.push({ wall, cpu, maxInFlight });
      }
      const ideal = (SAMPLES * LATENCY_MS) / connections;
      const row = (label: string, wall: number, cpu: number, inFlight: number): string =>
        `| ${connections} | ${label} | ${(wall / 1000).toFixed(2)} s | ${(ideal / 1000).toFixed(2)} s | ${(ideal / wall).toFixed(2)} | ${inFlight} | ${((cpu / SAMPLES) * 1000).toFixed(0)} µs |`;
      const [cold, ...warm] = runs;
      rows.push(row('first (cold)', cold!.wall, cold!.cpu, cold!.maxInFlight));
      rows.push(row(`median of the next ${warm.length}`, median(warm.map((r) => r.wall)), median(warm.map((r) => r.cpu)), Math.max(...warm.map((r) => r.maxInFlight))));
    }
  } finally {
    child.stdin.end();
  }
  console.log('| max connections | rounds | wall | ideal (samples × 100 ms / connections) | achieved / ideal | most requests in flight | CPU per sample |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
}
