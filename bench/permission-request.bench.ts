/**
 * PermissionRequest overhead: what answering the permission question costs per tool call, side
 * by side in one run. Every candidate runs the same agent turn of 20 tool calls (mockllm, in
 * process; a tool that returns its text):
 *
 * - no question: no ask rule, so the calls run without a permission question (the floor);
 * - a person answering: an `ask` rule holds every call, no hook, and `askPermission` says yes at once;
 * - function hook: the ask rule, and `on('onPermissionRequest', () => ({ behavior: 'allow' }))`;
 * - command hook: the ask rule, and a `hooks.json` PermissionRequest hook, a `sh` script that
 *   reads its stdin and prints Claude Code's allow JSON (a real child process per call);
 * - reference: no question, plus a bare `child_process.spawn` of the same script per call (what
 *   any process start costs, without hookline's runner, protocol and merge).
 *
 * Reported per turn and per call: this process's CPU, the children's CPU (the hook processes) and
 * the wall time, each the median of the rounds, best of three interleaved repetitions (the first
 * candidate rotating).
 *
 *   npm run bench -- permission-request
 * @module
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, type AgentOptions } from '../src/agent/index.ts';
import { on } from '../src/hooks/register.ts';
import { loadCommandHooks } from '../src/hooks/sources/command/load.ts';
import { getModel } from '../src/model/model.ts';
import { modelOutputForToolCall, modelOutputFromText } from '../src/model/output.ts';
import { resetHooks } from '../src/testing/reset.ts';
import { defineTool } from '../src/tools/define-tool.ts';
import type { ModelOutput } from '../src/types/model.ts';
import { type Cost, medianCost } from './lib.ts';

const CALLS = 20;
const ROUNDS = 15;
const WARMUP = 5;
const REPEATS = 3;

let ran = 0;
const echo = defineTool<{ text: string }>({
  name: 'echo', description: 'Echoes its text.',
  parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  execute: ({ text }) => {
    ran++;
    return text;
  },
});

function outputs(): ModelOutput[] {
  const steps = Array.from({ length: CALLS }, (_, i) => modelOutputForToolCall('mockllm/model', 'echo', { text: `call ${i}` }, { id: `call_${i}` }));
  steps.push(modelOutputFromText('mockllm/model', 'done'));
  return steps;
}

interface Candidate {
  readonly name: string;
  readonly options: Partial<AgentOptions>;
  /** Registers the candidate's hook; returns its undo. */
  readonly register: () => Promise<() => void>;
  /** Work done after the turn (the reference row's bare spawns). */
  readonly after?: () => Promise<void>;
}

/** Spawns the hook script once the way any caller would: stdin written, stdout read, exit awaited. */
function bareSpawn(script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script], { stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 && out.includes('allow') ? resolve() : reject(new Error(`the script exited ${code}`))));
    child.stdin.end('{"hook_event_name":"PermissionRequest"}\n');
  });
}

async function turn(steps: readonly ModelOutput[], dir: string, options: Partial<AgentOptions>): Promise<void> {
  let index = 0;
  const model = getModel('mockllm/model', { customOutputs: () => steps[index++ % steps.length]! });
  const before = ran;
  await new Agent({ model, tools: [echo], transcriptDir: dir, cwd: dir, maxTurns: CALLS + 5, ...options }).run('go');
  if (ran - before !== CALLS) throw new Error(`expected ${CALLS} tool runs, got ${ran - before}: a permission question was not answered yes`);
}

function commandHookProject(dir: string): { projectDir: string; userDir: string; hook: string } {
  const userDir = join(dir, 'home');
  mkdirSync(userDir, { recursive: true });
  const hook = join(dir, 'allow.sh');
  writeFileSync(hook, `#!/bin/sh\ncat > /dev/null\nprintf '%s\\n' '{"hookSpecificOutput":{"hookEventName":"PermissionRequest","decision":{"behavior":"allow"}}}'\n`);
  chmodSync(hook, 0o755);
  writeFileSync(join(userDir, 'hooks.json'), JSON.stringify({ hooks: { PermissionRequest: [{ matcher: 'echo', hooks: [{ type: 'command', command: hook }] }] } }));
  return { projectDir: dir, userDir, hook };
}

function row(name: string, cost: Cost, floor: Cost): string {
  const perCall = (ms: number): string => `${((ms * 1000) / CALLS).toFixed(0)} µs`;
  const extra = (ms: number, base: number): string => perCall(ms - base);
  return `| ${name} | ${cost.cpu.toFixed(1)} | ${(cost.cpu / floor.cpu).toFixed(2)}× | ${cost.childCpu.toFixed(0)} | ${cost.wall.toFixed(1)} | ${(cost.wall / floor.wall).toFixed(2)}× | ${extra(cost.cpu, floor.cpu)} | ${extra(cost.cpu + cost.childCpu, floor.cpu + floor.childCpu)} | ${extra(cost.wall, floor.wall)} |`;
}

/** Prints the cost of a turn of 20 tool calls for each candidate, and the extra cost per call. */
export default async function run(): Promise<void> {
  resetHooks();
  process.env.HOOKLINE_NO_BANNER = '1';
  const dir = mkdtempSync(join(tmpdir(), 'hookline-bench-permission-'));
  const steps = outputs();
  const ask = { permissions: { ask: ['echo'] } };
  const { hook, ...dirs } = commandHookProject(dir);
  const candidates: Candidate[] = [
    { name: 'no question (no ask rule)', options: {}, register: () => Promise.resolve(() => undefined) },
    { name: 'ask rule, a person says yes (askPermission)', options: { ...ask, askPermission: () => Promise.resolve(true) }, register: () => Promise.resolve(() => undefined) },
    { name: 'ask rule, function hook allows', options: ask, register: () => Promise.resolve(on('onPermissionRequest', () => ({ behavior: 'allow' }))) },
    {
      name: 'ask rule, command hook allows (sh)',
      options: ask,
      register: async () => {
        const loaded = await loadCommandHooks({ ...dirs, register: true });
        return () => loaded.unregister();
      },
    },
    {
      name: 'reference: no question, plus one bare spawn of the same script per call',
      options: {},
      register: () => Promise.resolve(() => undefined),
      after: async () => {
        for (let i = 0; i < CALLS; i++) await bareSpawn(hook);
      },
    },
  ];
  try {
    const best = new Map<string, Cost>();
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      // Interleaved, the first candidate rotating, so that machine noise and warm-up hit every candidate alike.
      for (const [i] of candidates.entries()) {
        const candidate = candidates[(i + repeat) % candidates.length]!;
        const undo = await candidate.register();
        try {
          const cost = await medianCost(async () => {
            await turn(steps, dir, candidate.options);
            await candidate.after?.();
          }, ROUNDS, WARMUP);
          const seen = best.get(candidate.name);
          best.set(candidate.name, seen === undefined ? cost : { cpu: Math.min(seen.cpu, cost.cpu), childCpu: Math.min(seen.childCpu, cost.childCpu), wall: Math.min(seen.wall, cost.wall) });
        } finally {
          undo();
        }
      }
    }
    const floor = best.get(candidates[0]!.name)!;
    console.log(`Per turn of ${CALLS} tool calls (ms, median of ${ROUNDS} turns, best of ${REPEATS}); extra per call against "no question".\n`);
    console.log('| candidate | CPU ms | CPU ratio | children CPU ms | wall ms | wall ratio | extra CPU / call | extra CPU incl. children / call | extra wall / call |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const candidate of candidates) console.log(row(candidate.name, best.get(candidate.name)!, floor));
  } finally {
    resetHooks();
    rmSync(dir, { recursive: true, force: true });
  }
}
