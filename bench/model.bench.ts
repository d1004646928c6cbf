/**
 * Per-call overhead of `generate()` on mockllm (no network): with no hooks at all, against a
 * sync and an async function hook on every model event (before, after, usage, retry, cache
 * usage; onModelCreate fires only at construction). Also prints what 1,000 calls cost, i.e. the
 * model-layer time of a 1,000-sample eval with hooks.
 * @module
 */
import { on, resetHookBus } from '../src/hooks/index.ts';
import { type ChatMessage, getModel, type Model } from '../src/model/index.ts';
import { type Candidate, countPromises, formatNs, formatTable, measure } from './lib.ts';

const MODEL_EVENTS = ['onBeforeModelGenerate', 'onAfterModelGenerate', 'onModelRetry', 'onModelUsage', 'onModelCacheUsage'] as const;

const NONE = 'no hooks';
const SYNC = 'sync hook on every model event';
const ASYNC = 'async hook on every model event';

const input: ChatMessage[] = [
  { role: 'system', content: 'You are a careful grader.' },
  { role: 'user', content: 'What is 2 + 2? Answer with a number only.' },
];

/** Handlers write here so the JIT cannot drop their work (kept a small integer). */
let sink = 0;

/** Registers one handler per model event; returns the function that removes them. */
function register(async: boolean): () => void {
  const offs = MODEL_EVENTS.map((event, i) =>
    on(event, async
      ? async (): Promise<void> => { sink = (sink + i) | 0; }
      : (): void => { sink = (sink + i) | 0; }, { name: `bench-model-${event}` }),
  );
  return () => {
    for (const off of offs) off();
  };
}

async function calls(model: Model, ops: number): Promise<void> {
  for (let i = 0; i < ops; i++) await model.generate(input);
}

/** A candidate whose hooks are registered for its own batches only (two bus rebuilds per batch). */
function candidate(name: string, model: Model, hooks: 'none' | 'sync' | 'async'): Candidate {
  return {
    name,
    run: async (ops) => {
      const off = hooks === 'none' ? undefined : register(hooks === 'async');
      try {
        await calls(model, ops);
      } finally {
        off?.();
      }
    },
  };
}

/** Prints the overhead table and the promise counts. */
export default async function run(): Promise<void> {
  resetHookBus();
  const model = getModel('mockllm/model');
  const candidates = [candidate(NONE, model, 'none'), candidate(SYNC, model, 'sync'), candidate(ASYNC, model, 'async')];
  const results = await measure(candidates, { clock: 'cpu', batchMs: 20, rounds: 20 });
  const values = Object.fromEntries(results.map((r) => [r.name, r.nsPerOp]));
  console.log(formatTable({ rowLabel: 'mockllm/model', columns: [NONE, SYNC, ASYNC], baseline: NONE, rows: [{ label: 'generate() per call', values }] }));
  console.log('');
  for (const r of results) {
    console.log(`- ${r.name}: ${formatNs(r.nsPerOp)} ns/call (spread ${(r.spread * 100).toFixed(1)} %), 1,000 calls ≈ ${(r.nsPerOp / 1000).toFixed(2)} ms`);
  }
  const none = values[NONE]!;
  console.log(`- overhead of hooks on every model event: sync ${(values[SYNC]! / none).toFixed(2)}×, async ${(values[ASYNC]! / none).toFixed(2)}× the no-hook call`);
  for (const [label, hooks] of [[NONE, 'none'], [SYNC, 'sync'], [ASYNC, 'async']] as const) {
    const off = hooks === 'none' ? undefined : register(hooks === 'async');
    const promises = await countPromises(() => calls(model, 100));
    off?.();
    console.log(`- promises per call, ${label}: ${(promises / 100).toFixed(1)}`);
  }
  resetHookBus();
}
