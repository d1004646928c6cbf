/**
 * What condensing costs the log writer per sample, and what it saves: the writer's per-sample
 * work up to the JSON text (wire copy, condensing, `JSON.stringify`), with attachments only (the
 * form before `events_data`) against `events_data` + attachments (the form written now), side by
 * side on the process CPU clock; plus the bytes written and the reader's cost for each form.
 * Samples: the example eval's (one model call), and a 30-call agentic sample with tool calls
 * (with and without an `onBeforeModelGenerate` listener, which makes every model call's input a
 * copy, so pooling finds messages by content instead of identity).
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate } from '../src/eval/evaluate.ts';
import { match } from '../src/eval/scorers/index.ts';
import { generate, systemMessage } from '../src/eval/solvers/index.ts';
import { task, type Task } from '../src/eval/task.ts';
import { resetHookBus } from '../src/hooks/bus.ts';
import { on } from '../src/hooks/register.ts';
import { condenseSample } from '../src/log/condense.ts';
import { condensedSampleToWire } from '../src/log/condensed-sample.ts';
import { parseJson, serializeJson } from '../src/log/json.ts';
import { sampleFromWire, sampleToWire } from '../src/log/wire.ts';
import { getModel, modelOutputFromText } from '../src/model/index.ts';
import type { EvalSample } from '../src/types/log.ts';
import { manualReaderTask } from '../test/fixtures/log/manual-reader-task.ts';
import { formatTable, measure } from './lib.ts';

function exampleTask(): Task {
  return task({
    name: 'example',
    dataset: [{ id: 1, input: 'What is 12 + 30? Reply with the number only.', target: '42' }],
    solver: [systemMessage('You are a careful calculator.'), generate()],
    scorer: match({ numeric: true }),
    model: getModel('mockllm/model', { customOutputs: () => modelOutputFromText('mockllm/model', '42') }),
  });
}

function agenticTask(calls: number): Task {
  return manualReaderTask({ calls, name: 'agentic', id: 1 });
}

/** Runs a one-sample task and returns its sample as the log writer receives it. */
async function sampleOf(t: Task, withInputHook: boolean): Promise<EvalSample> {
  resetHookBus();
  let sample: EvalSample | undefined;
  on('onSampleEnd', (payload) => {
    sample = payload.sample;
  });
  if (withInputHook) on('onBeforeModelGenerate', () => undefined);
  const logDir = mkdtempSync(join(tmpdir(), 'hookline-bench-condense-'));
  try {
    await evaluate(t, { banner: false, logDir });
  } finally {
    rmSync(logDir, { recursive: true, force: true });
    resetHookBus();
  }
  if (sample === undefined) throw new Error('the benchmark sample did not end');
  return sample;
}

/** Runs the benchmark and prints the tables. */
export default async function run(): Promise<void> {
  const samples: Array<[string, EvalSample]> = [
    ['example eval (1 model call)', await sampleOf(exampleTask(), false)],
    ['agentic, 30 model calls + tools', await sampleOf(agenticTask(30), false)],
    ['agentic, 30 calls, input-copying hook', await sampleOf(agenticTask(30), true)],
  ];
  const BEFORE = 'attachments only (before)';
  const NOW = 'events_data + attachments (now)';
  const writeRows: Array<{ label: string; values: Record<string, number> }> = [];
  const readRows: Array<{ label: string; values: Record<string, number> }> = [];
  const sizes: string[] = [];
  const options = { rounds: 20, warmupRounds: 4, batchMs: 20, clock: 'cpu' } as const;
  for (const [label, sample] of samples) {
    const uncondensed = serializeJson(sampleToWire(sample));
    const before = serializeJson(condenseSample(sampleToWire(sample)));
    const now = serializeJson(condensedSampleToWire(sample));
    sizes.push(`${label}: uncondensed ${uncondensed.length.toLocaleString('en')} B, ${BEFORE} ${before.length.toLocaleString('en')} B, ${NOW} ${now.length.toLocaleString('en')} B`);
    const [w0, w1] = await measure(
      [
        { name: BEFORE, run: (ops) => { for (let i = 0; i < ops; i++) serializeJson(condenseSample(sampleToWire(sample))); } },
        { name: NOW, run: (ops) => { for (let i = 0; i < ops; i++) serializeJson(condensedSampleToWire(sample)); } },
      ],
      options,
    );
    writeRows.push({ label, values: { [BEFORE]: w0!.nsPerOp, [NOW]: w1!.nsPerOp } });
    const [r0, r1] = await measure(
      [
        { name: BEFORE, run: (ops) => { for (let i = 0; i < ops; i++) sampleFromWire(parseJson(before), 'bench'); } },
        { name: NOW, run: (ops) => { for (let i = 0; i < ops; i++) sampleFromWire(parseJson(now), 'bench'); } },
      ],
      options,
    );
    readRows.push({ label, values: { [BEFORE]: r0!.nsPerOp, [NOW]: r1!.nsPerOp } });
  }
  console.log('Writer, per sample: wire copy + condensing + JSON.stringify (process CPU, median of interleaved rounds)\n');
  console.log(formatTable({ rowLabel: 'sample', columns: [BEFORE, NOW], baseline: BEFORE, rows: writeRows }));
  console.log('\nReader, per sample: JSON.parse + resolving + camelCase copy\n');
  console.log(formatTable({ rowLabel: 'sample', columns: [BEFORE, NOW], baseline: BEFORE, rows: readRows }));
  console.log(`\nBytes per sample:\n${sizes.map((line) => `- ${line}`).join('\n')}`);
}
