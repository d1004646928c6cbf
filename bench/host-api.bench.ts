/**
 * The host API (`emitIf` / `decideIf`, and a user-defined event's `emit`) against what hosts
 * wrote by hand before it (`bus.has()`, build, `bus.emit()`), and the cost of the default hook
 * deadline on the async path (the same emission with the deadline on and off). Candidates run
 * interleaved in one process on the CPU clock (`bench/lib.ts`); every emission builds a fresh
 * `onSampleEnd` payload, as the sample runner does.
 * @module
 */
import { getHookBus, on, resetHookBus, setDefaultHookTimeout, type SampleEnd } from '../src/hooks/index.ts';
import { emitIf } from '../src/hooks/emit.ts';
import { defineEvent } from '../src/hooks/user-events.ts';
import { NO_CONTEXT } from '../src/runtime/context.ts';
import { type Candidate, formatTable, measure, type Measurement } from './lib.ts';

const sample: SampleEnd['sample'] = {
  id: 1, epoch: 1, input: 'What is 2 + 2?', target: '4', messages: [],
  output: { model: 'mockllm/model', choices: [], completion: '4' },
  metadata: {}, store: {}, events: [], modelUsage: {}, roleUsage: {}, attachments: {},
};

let sink = 0;
const ids = ['sample-0', 'sample-1', 'sample-2', 'sample-3'];
let counter = 0;

function sampleEnd(): SampleEnd {
  return { evalSetId: undefined, runId: 'run-1', evalId: 'eval-1', sampleId: ids[counter++ & 3]!, sample };
}

const reviewDone = defineEvent<SampleEnd>()({ name: 'onBenchReviewDone', when: 'Benchmark only.' });

const OPTIONS = { clock: 'cpu', rounds: 40 } as const;

function byName(results: readonly Measurement[]): Record<string, number> {
  return Object.fromEntries(results.map((r) => [r.name, r.nsPerOp]));
}

function spreadNote(groups: readonly (readonly Measurement[])[]): string {
  const spreads = groups.flat().map((m) => m.spread).sort((a, b) => a - b);
  return `Round-to-round spread (IQR / median): median ${(spreads[spreads.length >> 1]! * 100).toFixed(0)} %, largest ${(spreads[spreads.length - 1]! * 100).toFixed(0)} %.`;
}

const BY_HAND = 'by hand: has(), build, emit()';
const EMIT_IF = 'emitIf()';
const DEFINED = 'defined event .emit()';

/** Emissions through each path, with `count` handlers registered on each event. */
function hostCandidates(count: number, async: boolean): Candidate[] {
  resetHookBus();
  for (let i = 0; i < count; i++) {
    const handler = async
      ? async (p: SampleEnd): Promise<void> => { sink = (sink + p.sampleId.length + i) | 0; }
      : (p: SampleEnd): void => { sink = (sink + p.sampleId.length + i) | 0; };
    on('onSampleEnd', handler, { name: `bench-${i}` });
    on(reviewDone, handler, { name: `bench-defined-${i}` });
  }
  return [
    { name: BY_HAND, run: async (ops) => { for (let i = 0; i < ops; i++) { const bus = getHookBus(); if (bus.has('onSampleEnd')) { const p = bus.emit('onSampleEnd', sampleEnd()); if (p) await p; } } } },
    { name: EMIT_IF, run: async (ops) => { for (let i = 0; i < ops; i++) { const p = emitIf('onSampleEnd', sampleEnd, undefined, NO_CONTEXT); if (p) await p; } } },
    { name: DEFINED, run: async (ops) => { for (let i = 0; i < ops; i++) { const p = reviewDone.emit(sampleEnd, undefined, NO_CONTEXT); if (p) await p; } } },
  ];
}

const FLOOR = 'floor (loop)';
const WITH_DEADLINE = 'emitIf(), 60 s deadline (default)';
const NO_DEADLINE = 'emitIf(), no deadline (timeout 0)';

/** The async path with the default deadline on and off (the switch is flipped per batch). */
function deadlineCandidates(count: number): Candidate[] {
  resetHookBus();
  const handlers = Array.from({ length: count }, (_, i) => async (p: SampleEnd): Promise<void> => { sink = (sink + p.sampleId.length + i) | 0; });
  handlers.forEach((handler, i) => on('onSampleEnd', handler, { name: `bench-${i}` }));
  const emitAll = async (ops: number, timeoutMs: number | undefined): Promise<void> => {
    setDefaultHookTimeout(timeoutMs);
    for (let i = 0; i < ops; i++) { const p = emitIf('onSampleEnd', sampleEnd, undefined, NO_CONTEXT); if (p) await p; }
    setDefaultHookTimeout(undefined);
  };
  return [
    { name: FLOOR, run: async (ops) => { for (let i = 0; i < ops; i++) { const p = sampleEnd(); for (const h of handlers) await h(p); } } },
    { name: WITH_DEADLINE, run: (ops) => emitAll(ops, undefined) },
    { name: NO_DEADLINE, run: (ops) => emitAll(ops, 0) },
  ];
}

async function hostTable(title: string, async: boolean): Promise<void> {
  const groups: Measurement[][] = [];
  const rows = [];
  for (const count of [0, 1, 5]) {
    const results = await measure(hostCandidates(count, async), OPTIONS);
    groups.push(results);
    rows.push({ label: String(count), values: byName(results) });
  }
  console.log(`\n### ${title} (ns per emission; ratio to the hand-written pattern)\n`);
  console.log(formatTable({ rowLabel: 'handlers', columns: [BY_HAND, EMIT_IF, DEFINED], baseline: BY_HAND, rows }));
  console.log(`\n${spreadNote(groups)}`);
}

/** Runs the host-API benchmark and prints its tables. */
export default async function run(): Promise<void> {
  await hostTable('Host API, sync handlers', false);
  await hostTable('Host API, async handlers', true);
  const groups: Measurement[][] = [];
  const rows = [];
  for (const count of [1, 5, 20]) {
    const results = await measure(deadlineCandidates(count), OPTIONS);
    groups.push(results);
    rows.push({ label: String(count), values: byName(results) });
  }
  console.log('\n### The default hook deadline on the async path (ns per emission; ratio to the floor)\n');
  console.log(formatTable({ rowLabel: 'handlers', columns: [FLOOR, WITH_DEADLINE, NO_DEADLINE], baseline: FLOOR, rows }));
  console.log(`\n${spreadNote(groups)}`);
  resetHookBus();
}
