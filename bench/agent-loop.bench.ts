/**
 * Agent-loop cost: the CPU one turn with 100 tool calls spends beyond its model requests and its
 * tools. The floor makes the same 101 model requests (mockllm, in process, each carrying the
 * conversation so far) and runs the same tool 100 times in a plain loop; the agent runs the turn through `Agent.run()` (session, transcript,
 * hook emissions with no listener, tool executor). The difference is the loop's own cost.
 *
 *   npm run bench -- agent-loop
 * @module
 */
import { tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from '../src/agent/index.ts';
import { getModel } from '../src/model/model.ts';
import { modelOutputForToolCall, modelOutputFromText } from '../src/model/output.ts';
import { defineTool } from '../src/tools/define-tool.ts';
import type { ChatMessage, ModelOutput } from '../src/types/model.ts';
import { resetHooks } from '../src/testing/reset.ts';
import { medianCpuMs } from './lib.ts';

const CALLS = 100;
const ROUNDS = 30;

function outputs(): ModelOutput[] {
  const steps = Array.from({ length: CALLS }, (_, i) => modelOutputForToolCall('mockllm/model', 'echo', { text: `call ${i}` }, { id: `call_${i}` }));
  steps.push(modelOutputFromText('mockllm/model', 'done'));
  return steps;
}

function model(steps: readonly ModelOutput[]) {
  let index = 0;
  return getModel('mockllm/model', { customOutputs: () => steps[index++ % steps.length]! });
}

const echo = defineTool<{ text: string }>({
  name: 'echo', description: 'Echoes its text.',
  parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  execute: ({ text }) => text,
});


/** The same model requests and tool runs, with no agent around them. */
async function floorTurn(steps: readonly ModelOutput[]): Promise<void> {
  const m = model(steps);
  const history: ChatMessage[] = [{ role: 'user', content: 'go' }];
  for (let i = 0; i <= CALLS; i++) {
    const output = await m.generate(history, { tools: [echo.info] });
    const message = output.choices[0]!.message;
    history.push(message);
    const call = message.toolCalls?.[0];
    if (call === undefined) break;
    const text = await echo.execute(call.arguments as { text: string }, { cwd: '.', toolUseId: call.id, sessionId: undefined, signal: undefined });
    // The model requests carry the growing conversation, as the agent's do.
    history.push({ role: 'tool', content: typeof text === 'string' ? text : JSON.stringify(text), toolCallId: call.id, function: call.function });
  }
}

async function agentTurn(steps: readonly ModelOutput[], dir: string): Promise<void> {
  const result = await new Agent({ model: model(steps), tools: [echo], transcriptDir: dir, maxTurns: CALLS + 5 }).run('go');
  if (result.modelCalls !== CALLS + 1) throw new Error(`expected ${CALLS + 1} model calls, got ${result.modelCalls}`);
}

/** Prints the floor, the agent turn and the loop's own cost per turn of 100 tool calls. */
export default async function run(): Promise<void> {
  resetHooks();
  process.env.HOOKLINE_NO_BANNER = '1';
  const dir = mkdtempSync(join(tmpdir(), 'hookline-bench-agent-'));
  const steps = outputs();
  try {
    // Interleaved so that machine noise hits both alike.
    const floors: number[] = [];
    const agents: number[] = [];
    for (let i = 0; i < 3; i++) {
      floors.push(await medianCpuMs(() => floorTurn(steps), ROUNDS, 5));
      agents.push(await medianCpuMs(() => agentTurn(steps, dir), ROUNDS, 5));
    }
    const floor = Math.min(...floors);
    const agent = Math.min(...agents);
    console.log(`| per turn of ${CALLS} tool calls (CPU ms, median of ${ROUNDS}, best of 3) | ms | ratio to floor |`);
    console.log('|---|---|---|');
    console.log(`| floor: ${CALLS + 1} model requests + ${CALLS} tool runs, no agent | ${floor.toFixed(1)} | 1.00 |`);
    console.log(`| Agent.run() | ${agent.toFixed(1)} | ${(agent / floor).toFixed(2)} |`);
    console.log(`| agent-loop cost (difference) | ${(agent - floor).toFixed(1)} | |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
