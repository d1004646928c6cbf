/**
 * The cost of read-only payloads: `bus.emit()` freezes every payload before the first handler
 * sees it (and locks all but the mutable fields of `onBeforeModelGenerate`). Each emission here
 * builds a fresh payload, as hosts do, and the candidates run interleaved in one process:
 *
 * - `unfrozen`: what `emit()` did before — `dispatchObservers(bus.handlers(event), payload)`;
 * - `emit() (frozen)`: today's `bus.emit(event, payload)`;
 * - `floor (loop)`: the handlers called in a bare loop, for scale.
 * @module
 */
import type { BeforeModelGenerate, SampleEnd } from '../src/hooks/index.ts';
import { type HookBus, on, resetHookBus } from '../src/hooks/index.ts';
import { dispatchObservers } from '../src/hooks/dispatch.ts';
import { type Candidate, formatTable, measure, type Measurement } from './lib.ts';

const COUNTS = [1, 5, 20] as const;
const FLOOR = 'floor (loop)';
const BEFORE = 'unfrozen (before)';
const AFTER = 'emit() (frozen)';
const COLUMNS = [FLOOR, BEFORE, AFTER];

const sample: SampleEnd['sample'] = {
  id: 1, epoch: 1, input: 'What is 2 + 2?', target: '4', messages: [],
  output: { model: 'mockllm/model', choices: [], completion: '4' },
  metadata: {}, store: {}, events: [], modelUsage: {}, roleUsage: {}, attachments: {},
};

/** Small integer sink, so the JIT keeps the handlers' work (see dispatch.bench.ts). */
let sink = 0;
const ids = ['sample-0', 'sample-1', 'sample-2', 'sample-3'];

/** A fresh onSampleEnd payload, as the sample runner builds one per emission. */
function sampleEnd(i: number): SampleEnd {
  return { evalSetId: undefined, runId: 'run-1', evalId: 'eval-1', sampleId: ids[i & 3]!, sample };
}

/** A fresh onBeforeModelGenerate payload, shaped as the generate pipeline builds it. */
function beforeGenerate(i: number): BeforeModelGenerate {
  return {
    modelName: 'mockllm/model', input: [], tools: [], toolChoice: 'auto', config: {}, cache: undefined,
    component: { kind: 'model', name: 'mockllm/model', id: 'm1' },
    evalSetId: undefined, runId: 'run-1', evalId: 'eval-1', sampleId: ids[i & 3], taskName: 't', epoch: 1,
  } as unknown as BeforeModelGenerate;
}

function busWith(event: 'onSampleEnd' | 'onBeforeModelGenerate', handlers: readonly ((p: never) => unknown)[]): HookBus {
  const bus = resetHookBus();
  handlers.forEach((handler, i) => on(event, handler as never, { name: `bench-${i}` }));
  return bus;
}

function candidates(count: number, async: boolean): Candidate[] {
  const handlers = Array.from({ length: count }, (_, i) => (async
    ? async (p: SampleEnd): Promise<void> => { sink = (sink + p.sampleId.length + i) | 0; }
    : (p: SampleEnd): Promise<void> | undefined => { sink = (sink + p.sampleId.length + i) | 0; return undefined; }));
  const bus = busWith('onSampleEnd', handlers);
  const list = bus.handlers('onSampleEnd');
  return [
    { name: FLOOR, run: async (ops) => { for (let i = 0; i < ops; i++) { const p = sampleEnd(i); for (const h of handlers) { const r = h(p); if (r) await r; } } } },
    { name: BEFORE, run: async (ops) => { for (let i = 0; i < ops; i++) { const p = dispatchObservers(list, sampleEnd(i)); if (p) await p; } } },
    { name: AFTER, run: async (ops) => { for (let i = 0; i < ops; i++) { const p = bus.emit('onSampleEnd', sampleEnd(i)); if (p) await p; } } },
  ];
}

function mutateCandidates(): Candidate[] {
  const handler = (p: BeforeModelGenerate): void => { sink = (sink + p.input.length + 1) | 0; };
  const bus = busWith('onBeforeModelGenerate', [handler]);
  const list = bus.handlers('onBeforeModelGenerate');
  return [
    { name: FLOOR, run: (ops) => { for (let i = 0; i < ops; i++) handler(beforeGenerate(i)); } },
    { name: BEFORE, run: async (ops) => { for (let i = 0; i < ops; i++) { const p = dispatchObservers(list, beforeGenerate(i)); if (p) await p; } } },
    { name: AFTER, run: async (ops) => { for (let i = 0; i < ops; i++) { const p = bus.emit('onBeforeModelGenerate', beforeGenerate(i)); if (p) await p; } } },
  ];
}

const OPTIONS = { clock: 'cpu', rounds: 40 } as const;

function byName(results: readonly Measurement[]): Record<string, number> {
  return Object.fromEntries(results.map((r) => [r.name, r.nsPerOp]));
}

function spreadNote(groups: readonly (readonly Measurement[])[]): string {
  const spreads = groups.flat().map((m) => m.spread).sort((a, b) => a - b);
  return `Round-to-round spread (IQR / median): median ${(spreads[spreads.length >> 1]! * 100).toFixed(0)} %, largest ${(spreads[spreads.length - 1]! * 100).toFixed(0)} %.`;
}

async function table(title: string, async: boolean): Promise<void> {
  const groups: Measurement[][] = [];
  const rows = [];
  for (const count of COUNTS) {
    const results = await measure(candidates(count, async), OPTIONS);
    groups.push(results);
    rows.push({ label: String(count), values: byName(results) });
  }
  console.log(`\n### ${title} (ns per emission of onSampleEnd with a fresh payload; ratio to the unfrozen dispatch)\n`);
  console.log(formatTable({ rowLabel: 'handlers', columns: COLUMNS, baseline: BEFORE, rows }));
  console.log(`\n${spreadNote(groups)}`);
}

/** Runs the payload-freezing benchmark and prints its tables. */
export default async function run(): Promise<void> {
  await table('Sync handlers', false);
  await table('Async handlers', true);
  const mutate = await measure(mutateCandidates(), OPTIONS);
  console.log('\n### onBeforeModelGenerate, 1 sync handler (fields locked except input, tools, toolChoice, config)\n');
  console.log(formatTable({ rowLabel: 'handlers', columns: COLUMNS, baseline: BEFORE, rows: [{ label: '1', values: byName(mutate) }] }));
  console.log(`\n${spreadNote([mutate])}`);
  resetHookBus();
}
