/**
 * The OpenAI-compatible server of `eval-concurrency.bench.ts`, in its own process so that its
 * CPU time is not counted as hookline's: the test fixture server on 127.0.0.1, answering every
 * request after `LATENCY_MS` (argv[2], default 100). Prints its base URL, then serves until stdin
 * closes; on a `stats` line it prints the most requests it had in flight and resets the count.
 * @module
 */
import { createInterface } from 'node:readline';
import { FakeLlmServer, openaiCompletion } from '../../test/fixtures/model/fake-llm-server.ts';

const latency = Number(process.argv[2] ?? '100');
const server = await FakeLlmServer.start();
server.onRequest(() => {
  // Keep no record of requests: the benchmark sends thousands.
  server.requests.length = 0;
  return { delayMs: latency, body: openaiCompletion({ content: 'Default output' }) };
});
console.log(server.openaiBaseUrl);
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() !== 'stats') return;
  console.log(JSON.stringify({ maxInFlight: server.maxInFlight }));
  server.maxInFlight = 0;
});
lines.on('close', () => void server.close().then(() => process.exit(0)));
