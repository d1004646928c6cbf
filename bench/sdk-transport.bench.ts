/**
 * The CPU cost of one request to an OpenAI-compatible server through the official SDK, by
 * transport, and what the model layer and an eval sample add on top: 1,000 requests, 100 at a
 * time, against the local latency server (a child process on 127.0.0.1 answering after 100 ms, so
 * its CPU is not counted). Candidates take turns for `HOOKLINE_BENCH_ROUNDS` rounds (default 4,
 * the first a warm-up); the value is the median CPU per request.
 *
 * - `openai SDK, global fetch`: `new OpenAI()` as users make it.
 * - `openai SDK, httpFetch`: the same with hookline's transport (`src/model/providers/http-fetch.ts`).
 * - `node:http alone`: the floor, a keep-alive `http.request` with the same body, JSON parsed.
 * - `model.generate()`: hookline's model layer (which uses httpFetch).
 * - `evaluate() sample`: a whole eval sample (`generate()` + `includes()`, no log).
 * @module
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { evaluate } from '../src/eval/evaluate.ts';
import { includes } from '../src/eval/scorers/index.ts';
import { generate } from '../src/eval/solvers/index.ts';
import { task } from '../src/eval/task.ts';
import { getModel } from '../src/model/index.ts';
import { httpFetch } from '../src/model/providers/http-fetch.ts';
import { cpuMs, median } from './lib.ts';

const REQUESTS = 1000;
const IN_FLIGHT = 100;
const LATENCY_MS = 100;
const MESSAGES = [{ role: 'user' as const, content: 'Q1' }];

/** Runs `send` REQUESTS times, IN_FLIGHT at a time. */
async function inFlight(send: () => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < REQUESTS) {
      next++;
      await send();
    }
  }));
}

function rawHttp(baseUrl: string): () => Promise<unknown> {
  const agent = new Agent({ keepAlive: true });
  const url = new URL(`${baseUrl}/chat/completions`);
  const body = JSON.stringify({ model: 'gpt-4o-mini', messages: MESSAGES });
  return () => new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: 'Bearer bench-key' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs the candidates side by side and prints the table. */
export default async function run(): Promise<void> {
  const server = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./children/latency-server.ts', import.meta.url)), String(LATENCY_MS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout })[Symbol.asyncIterator]();
  const first: IteratorResult<string> = await lines.next();
  if (first.done === true) throw new Error('the latency server exited');
  const baseUrl = first.value;
  try {
    const sdk = new OpenAI({ baseURL: baseUrl, apiKey: 'bench-key', maxRetries: 0 });
    const sdkHttp = new OpenAI({ baseURL: baseUrl, apiKey: 'bench-key', maxRetries: 0, fetch: httpFetch });
    const model = getModel('openai/gpt-4o-mini', { baseUrl, apiKey: 'bench-key', config: { maxConnections: IN_FLIGHT } });
    const dataset = Array.from({ length: REQUESTS }, (_, i) => ({ id: i + 1, input: 'Q1', target: 'Default output' }));
    const candidates: [string, () => Promise<void>][] = [
      ['openai SDK, global fetch', () => inFlight(() => sdk.chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES }))],
      ['openai SDK, httpFetch', () => inFlight(() => sdkHttp.chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES }))],
      ['node:http alone', () => inFlight(rawHttp(baseUrl))],
      ['model.generate()', () => inFlight(() => model.generate('Q1'))],
      ['evaluate() sample', async () => {
        const [log] = await evaluate(task({ name: 'transport', dataset, solver: generate(), scorer: includes(), model }), { banner: false, noLog: true, keepSamples: false });
        if (log?.status !== 'success') throw new Error(`the eval ended with status ${log?.status}`);
      }],
    ];
    const rounds = Number(process.env.HOOKLINE_BENCH_ROUNDS ?? '4');
    const cpu = new Map<string, number[]>(candidates.map(([name]) => [name, []]));
    const wall = new Map<string, number[]>(candidates.map(([name]) => [name, []]));
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < candidates.length; i++) {
        const [name, runOnce] = candidates[(i + round) % candidates.length]!;
        const cpu0 = cpuMs();
        const t0 = performance.now();
        await runOnce();
        if (round === 0) continue;
        cpu.get(name)!.push(((cpuMs() - cpu0) / REQUESTS) * 1000);
        wall.get(name)!.push(performance.now() - t0);
      }
    }
    const reference = median(cpu.get('openai SDK, global fetch')!);
    console.log(`${REQUESTS} requests, ${IN_FLIGHT} in flight, server latency ${LATENCY_MS} ms (ideal wall ${(REQUESTS * LATENCY_MS) / IN_FLIGHT} ms); ${rounds - 1} measured rounds, medians.\n`);
    console.log('| candidate | CPU per request | / SDK with global fetch | wall |');
    console.log('| --- | --- | --- | --- |');
    for (const [name] of candidates) {
      const us = median(cpu.get(name)!);
      console.log(`| ${name} | ${us.toFixed(0)} µs | ${(us / reference).toFixed(2)}× | ${median(wall.get(name)!).toFixed(0)} ms |`);
    }
  } finally {
    server.stdin.end();
  }
}
