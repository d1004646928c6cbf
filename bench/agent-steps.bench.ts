/**
 * What the agent-run events (AgentResult, StepStart/StepEnd, StepAction/StepObservation) cost.
 *
 * 1. One emission through `emitIf` with nobody listening, against a bare loop (the floor), and
 *    with one no-op handler: ns per emission, heap bytes and promises per emission.
 * 2. One agent turn of 100 tool calls (mockllm in process): CPU per turn with no hooks, and with
 *    one no-op handler on each of the five new events.
 * 3. Building one StepStart payload (what each delivery pays before dispatch): the spread literals
 *    the builders used before (`{ ...turnPayload(), step }`) against `Object.assign` on a fresh
 *    object, as `turnPayload` builds it now.
 *
 *   npm run bench -- agent-steps
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from '../src/agent/index.ts';
import { emitIf } from '../src/hooks/emit.ts';
import type { StepAction } from '../src/hooks/payloads/agent-run.ts';
import { on } from '../src/hooks/register.ts';
import { getModel } from '../src/model/model.ts';
import { modelOutputForToolCall, modelOutputFromText } from '../src/model/output.ts';
import { contextIds, currentContext, NO_CONTEXT } from '../src/runtime/context.ts';
import { lineageOf } from '../src/runtime/agent-lineage.ts';
import { type SessionCore, turnPayload } from '../src/agent/session-core.ts';
import { resetHooks } from '../src/testing/reset.ts';
import { defineTool } from '../src/tools/define-tool.ts';
import type { ModelOutput } from '../src/types/model.ts';
import { countPromises, formatMachineInfo, formatNs, heapBytesPerOp, measure, medianCpuMs } from './lib.ts';

const CALLS = 100;
const ROUNDS = 20;
let sink = 0;

const echo = defineTool<{ text: string }>({
  name: 'echo', description: 'Echoes its text.',
  parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  execute: ({ text }) => text,
});

const payload: StepAction = {
  sessionId: 's', transcriptPath: '/t.jsonl', cwd: '/', model: 'mockllm/model', permissionMode: 'default', turnId: 't',
  toolName: 'echo', toolInput: { text: 'x' }, toolUseId: 'c', component: echo.component, agent: undefined, step: 1,
};

function emitAction(): Promise<void> | undefined {
  return emitIf('onStepAction', () => payload, undefined, NO_CONTEXT);
}

function outputs(): ModelOutput[] {
  const steps = Array.from({ length: CALLS }, (_, i) => modelOutputForToolCall('mockllm/model', 'echo', { text: `call ${i}` }, { id: `call_${i}` }));
  steps.push(modelOutputFromText('mockllm/model', 'done'));
  return steps;
}

async function agentTurn(steps: readonly ModelOutput[], dir: string): Promise<void> {
  let index = 0;
  const model = getModel('mockllm/model', { customOutputs: () => steps[index++ % steps.length]! });
  const result = await new Agent({ model, tools: [echo], transcriptDir: dir, maxTurns: CALLS + 5 }).run('go');
  if (result.modelCalls !== CALLS + 1) throw new Error(`expected ${CALLS + 1} model calls, got ${result.modelCalls}`);
}


function addNoOpHooks(): () => void {
  const off = [
    on('onAgentResult', () => undefined),
    on('onStepStart', () => undefined),
    on('onStepEnd', () => undefined),
    on('onStepAction', () => undefined),
    on('onStepObservation', () => undefined),
  ];
  return () => {
    for (const o of off) o();
  };
}

/** The fields a session core gives a payload (a stand-in: only these are read). */
const core = {
  sessionId: 'session-1', transcriptPath: '/tmp/session-1.jsonl', cwd: '/tmp',
  agent: { model: { name: 'mockllm/model' }, permissionMode: 'default', component: Object.freeze({ kind: 'agent', name: 'agent', id: 'a1' }) },
} as unknown as SessionCore;

/** The StepStart payload as the builders made it before: literals that start with a spread. */
function spreadStepStart(step: number): object {
  const ctx = currentContext();
  const session = {
    ...contextIds(ctx), ...lineageOf(ctx.agent),
    sessionId: core.sessionId, transcriptPath: core.transcriptPath, cwd: core.cwd, model: core.agent.model.name, permissionMode: core.agent.permissionMode, component: core.agent.component,
  };
  const turn = { ...session, turnId: 'turn-1' };
  return { ...turn, step };
}

async function payloadBuild(): Promise<void> {
  const built = await measure([
    { name: 'spread literals (before)', run: (ops) => { for (let i = 0; i < ops; i++) sink += Object.keys(Object.freeze(spreadStepStart(i))).length; } },
    { name: 'Object.assign on a fresh object (now)', run: (ops) => { for (let i = 0; i < ops; i++) sink += Object.keys(Object.freeze(Object.assign(turnPayload(core, 'turn-1'), { step: i }))).length; } },
  ], { clock: 'cpu', rounds: 15 });
  console.log('');
  console.log('| one StepStart payload, built and frozen (CPU clock) | ns/op | ratio |');
  console.log('|---|---|---|');
  for (const m of built) console.log(`| ${m.name} | ${formatNs(m.nsPerOp)} | ${(m.nsPerOp / built[0]!.nsPerOp).toFixed(3)} |`);
}

/** Prints the emission table, the per-turn table and the payload-build table. */
export default async function run(): Promise<void> {
  resetHooks();
  process.env.HOOKLINE_NO_BANNER = '1';
  console.log(formatMachineInfo());

  const unused = await measure([
    { name: 'floor: empty loop', run: (ops) => { for (let i = 0; i < ops; i++) sink = (sink + 1) | 0; } },
    { name: 'emitIf, nobody listens', run: (ops) => { for (let i = 0; i < ops; i++) if (emitAction() !== undefined) sink++; } },
  ], { clock: 'cpu' });
  const unusedHeap = heapBytesPerOp((ops) => { for (let i = 0; i < ops; i++) if (emitAction() !== undefined) sink++; });
  const unusedPromises = await countPromises(() => { for (let i = 0; i < 1000; i++) if (emitAction() !== undefined) sink++; });
  const off = on('onStepAction', () => undefined);
  const used = await measure([{ name: 'emitIf, one no-op hook', run: (ops) => { for (let i = 0; i < ops; i++) if (emitAction() !== undefined) sink++; } }], { clock: 'cpu' });
  const usedHeap = heapBytesPerOp((ops) => { for (let i = 0; i < ops; i++) if (emitAction() !== undefined) sink++; });
  const usedPromises = await countPromises(() => { for (let i = 0; i < 1000; i++) if (emitAction() !== undefined) sink++; });
  off();
  console.log('| one onStepAction emission (CPU clock) | ns/op | heap bytes/op | promises per 1,000 |');
  console.log('|---|---|---|---|');
  console.log(`| ${unused[0]!.name} | ${formatNs(unused[0]!.nsPerOp)} | — | — |`);
  console.log(`| ${unused[1]!.name} | ${formatNs(unused[1]!.nsPerOp)} | ${unusedHeap.toFixed(1)} | ${unusedPromises} |`);
  console.log(`| ${used[0]!.name} | ${formatNs(used[0]!.nsPerOp)} | ${usedHeap.toFixed(1)} | ${usedPromises} |`);

  const dir = mkdtempSync(join(tmpdir(), 'hookline-bench-steps-'));
  const steps = outputs();
  try {
    const bare: number[] = [];
    const hooked: number[] = [];
    for (let i = 0; i < 3; i++) {
      bare.push(await medianCpuMs(() => agentTurn(steps, dir), ROUNDS, 3));
      const remove = addNoOpHooks();
      hooked.push(await medianCpuMs(() => agentTurn(steps, dir), ROUNDS, 3));
      remove();
    }
    const a = Math.min(...bare);
    const b = Math.min(...hooked);
    console.log('');
    console.log(`| Agent.run(), ${CALLS} tool calls (CPU ms per turn, median of ${ROUNDS}, best of 3) | ms | ratio |`);
    console.log('|---|---|---|');
    console.log(`| no hooks (the new events take the unused path) | ${a.toFixed(1)} | 1.00 |`);
    console.log(`| one no-op hook on each of AgentResult, StepStart, StepEnd, StepAction, StepObservation (${2 * (CALLS + 1) + 2 * CALLS + 1} deliveries) | ${b.toFixed(1)} | ${(b / a).toFixed(2)} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await payloadBuild();
  if (sink === -1) console.log('');
}
