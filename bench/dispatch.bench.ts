/**
 * Hook dispatch cost per event: hookline's bus against a hand-written loop (the floor) and the
 * usual JavaScript hook and event libraries, for 0, 1, 5 and 20 sync or async handlers.
 *
 * Every engine calls the same handler functions with the same payload, in registration order,
 * and waits for each async handler before the next. eventemitter3 and node:events cannot await
 * from `emit()`, so their async column is `for (const l of emitter.listeners(name)) await l(p)`:
 * the same semantics, paid for with the listener-array copy `listeners()` makes.
 * @module
 */
import { EventEmitter } from 'node:events';
import Emittery from 'emittery';
import { EventEmitter as EventEmitter3 } from 'eventemitter3';
import { createHooks } from 'hookable';
import { AsyncSeriesHook, SyncHook } from 'tapable';
import { getHookBus, type HookBus, Hooks, hooks, on, resetHookBus, type SampleEnd } from '../src/hooks/index.ts';
import { type Candidate, countPromises, formatTable, heapBytesPerOp, measure, type Measurement } from './lib.ts';

type SyncHandler = (payload: SampleEnd) => void;
type AsyncHandler = (payload: SampleEnd) => Promise<void>;

const EVENT = 'onSampleEnd';
const COUNTS = [0, 1, 5, 20] as const;
const FLOOR = 'floor (loop)';
const ON = 'hookline on()';
const CLASS = 'hookline hooks()';
const OTHERS = ['tapable', 'hookable', 'emittery', 'eventemitter3', 'node:events'] as const;
const COLUMNS = [FLOOR, ON, CLASS, ...OTHERS];

const payload: SampleEnd = {
  evalSetId: undefined,
  runId: 'run-1',
  evalId: 'eval-1',
  sampleId: 'sample-1',
  sample: {
    id: 1, epoch: 1, input: 'What is 2 + 2?', target: '4', messages: [],
    output: { model: 'mockllm/model', choices: [], completion: '4' },
    metadata: {}, store: {}, events: [], modelUsage: {}, roleUsage: {}, attachments: {},
  },
};

/**
 * Handlers write here so the JIT cannot drop their work. Kept a small integer (`| 0`): once a
 * module-level number outgrows a small integer, every write allocates a heap number.
 */
let sink = 0;

function syncHandlers(count: number): SyncHandler[] {
  return Array.from({ length: count }, (_, i) => (p: SampleEnd): void => {
    sink = (sink + p.sampleId.length + i) | 0;
  });
}

function asyncHandlers(count: number): AsyncHandler[] {
  return Array.from({ length: count }, (_, i) => async (p: SampleEnd): Promise<void> => {
    sink = (sink + p.sampleId.length + i) | 0;
  });
}

/** A fresh process-wide bus with one `on()` registration per handler. */
function functionBus(handlers: readonly (SyncHandler | AsyncHandler)[]): HookBus {
  const bus = resetHookBus();
  handlers.forEach((handler, i) => on(EVENT, handler, { name: `bench-fn-${i}` }));
  return bus;
}

/** What every benchmark hook class's `enabled()` returns (a module flag, like a cached env check). */
let classHooksEnabled = true;

/**
 * A fresh process-wide bus with one `Hooks` class per handler. Each class overrides `enabled()`,
 * the common way to switch a hook on and off, and the bus calls it per emission.
 */
function classBus(count: number, async: boolean): HookBus {
  const bus = resetHookBus();
  for (let i = 0; i < count; i++) {
    if (async) {
      hooks({ name: `bench-class-${i}` }, class AsyncBenchHooks extends Hooks {
        override enabled(): boolean {
          return classHooksEnabled;
        }
        override async onSampleEnd(p: SampleEnd): Promise<void> {
          sink = (sink + p.sampleId.length + i) | 0;
        }
      });
    } else {
      hooks({ name: `bench-class-${i}` }, class SyncBenchHooks extends Hooks {
        override enabled(): boolean {
          return classHooksEnabled;
        }
        override onSampleEnd(p: SampleEnd): void {
          sink = (sink + p.sampleId.length + i) | 0;
        }
      });
    }
  }
  return bus;
}

function syncCandidates(count: number): Candidate[] {
  const handlers = syncHandlers(count);
  const fnBus = functionBus(handlers);
  const clsBus = classBus(count, false);
  const tapable = new SyncHook<[SampleEnd]>(['payload']);
  const hookable = createHooks<{ onSampleEnd: SyncHandler }>();
  const emittery = new Emittery<{ onSampleEnd: SampleEnd }>();
  const ee3 = new EventEmitter3<{ onSampleEnd: SyncHandler }>();
  const node = new EventEmitter().setMaxListeners(0);
  handlers.forEach((h, i) => {
    tapable.tap(`h${i}`, h);
    hookable.hook(EVENT, h);
    emittery.on(EVENT, h);
    ee3.on(EVENT, h);
    node.on(EVENT, h);
  });
  return [
    { name: FLOOR, run: (ops) => { for (let i = 0; i < ops; i++) for (const h of handlers) h(payload); } },
    { name: ON, run: async (ops) => { for (let i = 0; i < ops; i++) { const p = fnBus.emit(EVENT, payload); if (p) await p; } } },
    { name: CLASS, run: async (ops) => { for (let i = 0; i < ops; i++) { const p = clsBus.emit(EVENT, payload); if (p) await p; } } },
    { name: 'tapable', run: (ops) => { for (let i = 0; i < ops; i++) tapable.call(payload); } },
    { name: 'hookable', run: async (ops) => { for (let i = 0; i < ops; i++) { const p = hookable.callHook(EVENT, payload); if (p) await p; } } },
    { name: 'emittery', run: async (ops) => { for (let i = 0; i < ops; i++) await emittery.emitSerial(EVENT, payload); } },
    { name: 'eventemitter3', run: (ops) => { for (let i = 0; i < ops; i++) ee3.emit(EVENT, payload); } },
    { name: 'node:events', run: (ops) => { for (let i = 0; i < ops; i++) node.emit(EVENT, payload); } },
  ];
}

function asyncCandidates(count: number): Candidate[] {
  const handlers = asyncHandlers(count);
  const fnBus = functionBus(handlers);
  const clsBus = classBus(count, true);
  const tapable = new AsyncSeriesHook<[SampleEnd]>(['payload']);
  const hookable = createHooks<{ onSampleEnd: AsyncHandler }>();
  const emittery = new Emittery<{ onSampleEnd: SampleEnd }>();
  const ee3 = new EventEmitter3<{ onSampleEnd: [SampleEnd] }>();
  const node = new EventEmitter().setMaxListeners(0);
  handlers.forEach((h, i) => {
    tapable.tapPromise(`h${i}`, h);
    hookable.hook(EVENT, h);
    emittery.on(EVENT, h);
    // Both emitters type listeners as returning void; async listeners are what is measured here.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    ee3.on(EVENT, h);
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    node.on(EVENT, h);
  });
  return [
    { name: FLOOR, run: async (ops) => { for (let i = 0; i < ops; i++) for (const h of handlers) await h(payload); } },
    { name: ON, run: async (ops) => { for (let i = 0; i < ops; i++) { const p = fnBus.emit(EVENT, payload); if (p) await p; } } },
    { name: CLASS, run: async (ops) => { for (let i = 0; i < ops; i++) { const p = clsBus.emit(EVENT, payload); if (p) await p; } } },
    { name: 'tapable', run: async (ops) => { for (let i = 0; i < ops; i++) await tapable.promise(payload); } },
    { name: 'hookable', run: async (ops) => { for (let i = 0; i < ops; i++) { const p = hookable.callHook(EVENT, payload); if (p) await p; } } },
    { name: 'emittery', run: async (ops) => { for (let i = 0; i < ops; i++) await emittery.emitSerial(EVENT, payload); } },
    { name: 'eventemitter3', run: async (ops) => { for (let i = 0; i < ops; i++) for (const l of ee3.listeners(EVENT) as AsyncHandler[]) await l(payload); } },
    { name: 'node:events', run: async (ops) => { for (let i = 0; i < ops; i++) for (const l of node.listeners(EVENT) as AsyncHandler[]) await l(payload); } },
  ];
}

/** An empty hook-shaped function: the baseline a no-handler emission is compared with. */
function emptyHook(_payload: SampleEnd): Promise<void> | undefined {
  return undefined;
}

const EMPTY_CALL = 'empty function call';
const NONE_COLUMNS = [EMPTY_CALL, 'bus (held)', 'getHookBus()'];

/**
 * The no-handler group runs on the (empty) process-wide bus, reached both ways hosts do. `has()`
 * is compared with an empty call in a plain loop (`if (f()) …`); `emit()` with an empty call in
 * the same awaited pattern (`const p = f(payload); if (p) await p;` inside an async function).
 */
function noHandlerCandidates(): Candidate[] {
  const bus = resetHookBus();
  return [
    { name: 'has:empty', run: (ops) => { for (let i = 0; i < ops; i++) if (emptyHook(payload)) sink = (sink + 1) | 0; } },
    { name: 'has:bus', run: (ops) => { for (let i = 0; i < ops; i++) if (bus.has(EVENT)) sink = (sink + 1) | 0; } },
    { name: 'has:global', run: (ops) => { for (let i = 0; i < ops; i++) if (getHookBus().has(EVENT)) sink = (sink + 1) | 0; } },
    { name: 'emit:empty', run: async (ops) => { for (let i = 0; i < ops; i++) { const p = emptyHook(payload); if (p) await p; } } },
    { name: 'emit:bus', run: async (ops) => { for (let i = 0; i < ops; i++) { const p = bus.emit(EVENT, payload); if (p) await p; } } },
    { name: 'emit:global', run: async (ops) => { for (let i = 0; i < ops; i++) { const p = getHookBus().emit(EVENT, payload); if (p) await p; } } },
  ];
}

/** Rows `has` and `emit` of the no-handler table, keyed by {@link NONE_COLUMNS}. */
function noHandlerRows(results: readonly Measurement[]): { label: string; values: Record<string, number> }[] {
  const ns = byName(results);
  const row = (prefix: string): Record<string, number> => ({
    [EMPTY_CALL]: ns[`${prefix}:empty`]!,
    'bus (held)': ns[`${prefix}:bus`]!,
    'getHookBus()': ns[`${prefix}:global`]!,
  });
  return [
    { label: '`has(event)` (plain loop)', values: row('has') },
    { label: '`emit(event, payload)` (awaited pattern)', values: row('emit') },
  ];
}

function byName(results: readonly Measurement[]): Record<string, number> {
  return Object.fromEntries(results.map((r) => [r.name, r.nsPerOp]));
}

/** Every group is timed on the process's CPU clock, so a busy machine inflates less. */
const OPTIONS = { clock: 'cpu', rounds: 40 } as const;

function noise(groups: readonly (readonly Measurement[])[]): string {
  const all = groups.flat();
  const spreads = all.map((m) => m.spread).sort((a, b) => a - b);
  const contention = Math.max(...all.map((m) => m.wallPerCpu));
  return `Round-to-round spread (IQR / median): median ${(spreads[spreads.length >> 1]! * 100).toFixed(0)} %, largest ${(spreads[spreads.length - 1]! * 100).toFixed(0)} %; wall / CPU time up to ${contention.toFixed(2)}.`;
}

async function dispatchTable(title: string, build: (count: number) => Candidate[]): Promise<Record<number, Record<string, number>>> {
  const groups: Measurement[][] = [];
  const values: Record<number, Record<string, number>> = {};
  for (const count of COUNTS) {
    const results = await measure(build(count), OPTIONS);
    groups.push(results);
    values[count] = byName(results);
  }
  console.log(`\n### ${title} (ns per emit; ratio to the floor)\n`);
  console.log(formatTable({ rowLabel: 'handlers', columns: COLUMNS, baseline: FLOOR, rows: COUNTS.map((c) => ({ label: String(c), values: values[c]! })) }));
  console.log(`\n${noise(groups)}`);
  return values;
}

/** Promises created per emission, counted over 1,000 awaited emissions. */
async function promisesPerEmit(emit: () => Promise<void> | undefined): Promise<number> {
  const count = await countPromises(async () => {
    for (let i = 0; i < 1000; i++) {
      const p = emit();
      if (p) await p;
    }
  });
  return (count - 1) / 1000; // minus the counting wrapper's own promise
}

async function facts(): Promise<void> {
  console.log('\n### Facts\n');
  const syncFn = functionBus(syncHandlers(5));
  const syncClass = classBus(5, false);
  const returned = new Set<unknown>();
  const created = await countPromises(() => {
    for (let i = 0; i < 1000; i++) returned.add(syncFn.emit(EVENT, payload)).add(syncClass.emit(EVENT, payload));
  });
  console.log(`- 1,000 emits each to 5 sync on() handlers and to 5 sync hooks() classes created ${created} promises (async_hooks PROMISE init count); emit() returned ${[...returned].map(String).join(', ')}.`);

  const handlers = asyncHandlers(5);
  const asyncFn = functionBus(handlers);
  const series = new AsyncSeriesHook<[SampleEnd]>(['payload']);
  const emittery = new Emittery<{ onSampleEnd: SampleEnd }>();
  handlers.forEach((h, i) => {
    series.tapPromise(`h${i}`, h);
    emittery.on(EVENT, h);
  });
  const perEmit = {
    [FLOOR]: await promisesPerEmit(async () => { for (const h of handlers) await h(payload); }),
    [ON]: await promisesPerEmit(() => asyncFn.emit(EVENT, payload)),
    tapable: await promisesPerEmit(() => series.promise(payload)),
    emittery: await promisesPerEmit(() => emittery.emitSerial(EVENT, payload)),
  };
  console.log(`- Promises per emit with 5 async handlers, counted the same way (includes the handlers' own 5, and the throwaway promise V8 makes per \`await\` while the hook is on; the floor runs as an async function): ${Object.entries(perEmit).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}.`);

  const empty = resetHookBus();
  const bytes = {
    'empty function call': heapBytesPerOp((ops) => { for (let i = 0; i < ops; i++) if (emptyHook(payload)) sink = (sink + 1) | 0; }),
    'has() with no handler': heapBytesPerOp((ops) => { for (let i = 0; i < ops; i++) if (empty.has(EVENT)) sink = (sink + 1) | 0; }),
    'emit() with no handler': heapBytesPerOp((ops) => { for (let i = 0; i < ops; i++) if (empty.emit(EVENT, payload)) sink = (sink + 1) | 0; }),
    'emit() to 5 sync on() handlers': heapBytesPerOp((ops) => { for (let i = 0; i < ops; i++) if (syncFn.emit(EVENT, payload)) sink = (sink + 1) | 0; }),
  };
  console.log(`- Heap growth per call (median of 41 chunks of 10,000 calls; under 1 B means nothing is allocated): ${Object.entries(bytes).map(([k, v]) => `${k} ${v.toFixed(2)} B`).join(', ')}.`);
}

function verdicts(none: ReturnType<typeof noHandlerRows>, async: Record<number, Record<string, number>>): void {
  console.log('\n### Targets\n');
  const [has, emit] = none;
  const emitRatio = emit!.values['getHookBus()']! / emit!.values[EMPTY_CALL]!;
  const hasRatio = has!.values['getHookBus()']! / has!.values[EMPTY_CALL]!;
  console.log(`- No-handler emit within 2× an empty function call: ${emitRatio <= 2 ? 'MET' : 'NOT MET'} (getHookBus().emit() ${emitRatio.toFixed(2)}×, getHookBus().has() ${hasRatio.toFixed(2)}×).`);
  for (const column of [ON, CLASS]) {
    const ratio = async[5]![column]! / async[5]![FLOOR]!;
    console.log(`- 5 async observers within 1.2× the floor, ${column}: ${ratio <= 1.2 ? 'MET' : 'NOT MET'} (${ratio.toFixed(2)}×).`);
  }
  const losses: string[] = [];
  for (const count of COUNTS.filter((c) => c > 0)) {
    for (const other of OTHERS) if (async[count]![other]! <= async[count]![ON]!) losses.push(`${other} at ${count}`);
  }
  console.log(`- Faster than every listed engine on the async paths (hookline on(), 1/5/20 handlers): ${losses.length === 0 ? 'MET' : `NOT MET (not faster than: ${losses.join(', ')})`}.`);
}

/** Runs the dispatch benchmark and prints its tables, facts and target verdicts. */
export default async function run(): Promise<void> {
  const noneResults = await measure(noHandlerCandidates(), OPTIONS);
  const none = noHandlerRows(noneResults);
  console.log('### No handler (ns per call; ratio to an empty function call in the same loop)\n');
  console.log(formatTable({ rowLabel: 'call', columns: NONE_COLUMNS, baseline: EMPTY_CALL, rows: none }));
  console.log(`\n${noise([noneResults])}`);
  await dispatchTable('Sync handlers', syncCandidates);
  const asyncValues = await dispatchTable('Async handlers', asyncCandidates);
  await facts();
  verdicts(none, asyncValues);
  resetHookBus();
  classHooksEnabled = sink !== 0; // written once, so the flag stays a variable like a real switch
}
