/**
 * What context compaction costs hookline, beyond the model's own time.
 *
 * 1. The budget check before every model request (`estimateTokens` over the history, as
 *    `compactIfOverBudget` runs it): ns per check as the history grows, once every message has
 *    been measured (the usual case: only the newest messages are new) and for a history whose
 *    messages are all new.
 * 2. One compaction (`session.compact()`: PreCompact, the summarising request, the new history
 *    and transcript lines, PostCompact, SessionStart `compact`) of a 201-message history, with no
 *    hooks, with an in-process no-op hook on PreCompact and PostCompact, and with a command hook
 *    script on both; the floor is the summarising request alone (the same mockllm `generate()`
 *    call), so the difference is compaction's own cost. Candidates alternate round by round.
 *
 *   npm run bench -- compaction
 * @module
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from '../src/agent/agent.ts';
import { COMPACT_PROMPT, estimateTokens } from '../src/agent/compaction.ts';
import type { Session } from '../src/agent/session.ts';
import { on } from '../src/hooks/register.ts';
import { loadCommandHooks } from '../src/hooks/sources/command/index.ts';
import { getModel } from '../src/model/model.ts';
import { modelOutputFromText } from '../src/model/output.ts';
import { resetHooks } from '../src/testing/reset.ts';
import type { ChatMessage } from '../src/types/model.ts';
import { formatNs, measure, median, type StepCost, timeStep } from './lib.ts';

const TOOL_CALLS = 100;
const ROUNDS = 25;
const SUMMARY = 'The user asked for a refactoring; 100 commands ran; the tests pass; next: update the docs.';
let sink = 0;

/** A conversation of `calls` tool calls: the prompt, then an assistant call and its result per call. */
function history(calls: number): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'user', content: 'Refactor the parser and keep the tests green.' }];
  for (let i = 0; i < calls; i++) {
    messages.push({ role: 'assistant', content: `Step ${i}: running the next command.`, toolCalls: [{ id: `call_${i}`, type: 'function', function: 'Bash', arguments: { command: `npm test -- test/parser/case-${i}.test.ts`, description: 'run one test file' } }] });
    messages.push({ role: 'tool', content: `ok ${i}\n${'test output line\n'.repeat(40)}`, toolCallId: `call_${i}`, function: 'Bash' });
  }
  return messages;
}

async function budgetCheck(): Promise<void> {
  const sizes = [10, 100, 1_000, 10_000];
  const histories = sizes.map((n) => history(Math.floor(n / 2)));
  for (const h of histories) sink += estimateTokens(h);
  const warm = await measure(histories.map((h, i) => ({
    name: String(sizes[i]),
    run: (ops) => { for (let k = 0; k < ops; k++) sink += estimateTokens(h); },
  })), { clock: 'cpu' });
  // All messages new: a fresh copy per check (copies made before the clock starts).
  const cold: number[] = [];
  for (const [i, size] of sizes.entries()) {
    const copies = Array.from({ length: size >= 1_000 ? 20 : 200 }, () => structuredClone(histories[i]!));
    const times: number[] = [];
    for (const copy of copies) {
      const start = process.hrtime.bigint();
      sink += estimateTokens(copy);
      times.push(Number(process.hrtime.bigint() - start));
    }
    cold.push(median(times));
  }
  console.log('| messages in the history | one check, messages already measured | per message | one check, every message new | per message |');
  console.log('|---|---|---|---|---|');
  for (const [i, size] of sizes.entries()) {
    const w = warm[i]!.nsPerOp;
    console.log(`| ${size.toLocaleString('en-US')} | ${formatNs(w)} ns | ${formatNs(w / size)} ns | ${formatNs(cold[i]!)} ns | ${formatNs(cold[i]! / size)} ns |`);
  }
}

/** Runs the script once as a bare child process (stdin a small JSON object), the way a command hook's process starts. */
function bareSpawn(script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script], { stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('close', () => resolve());
    child.stdin.end('{"hook_event_name":"PreCompact"}\n');
  });
}

interface Setting {
  readonly name: string;
  /** Registers the setting's hooks; returns the unregister function. */
  readonly install: () => Promise<() => void>;
}

async function compactionCost(dir: string): Promise<void> {
  const model = getModel('mockllm/model', { customOutputs: () => modelOutputFromText('mockllm/model', SUMMARY) });
  const agent = new Agent({ model, transcriptDir: join(dir, 'sessions'), compactTokens: 0 });
  const messages = history(TOOL_CALLS);
  const project = join(dir, 'project');
  const script = join(dir, 'hook.sh');
  writeFileSync(script, '#!/bin/sh\ncat > /dev/null\n');
  chmodSync(script, 0o755);
  mkdirSync(join(project, '.hookline'), { recursive: true });
  writeFileSync(join(project, '.hookline', 'hooks.json'), JSON.stringify({ hooks: {
    PreCompact: [{ hooks: [{ type: 'command', command: script }] }],
    PostCompact: [{ hooks: [{ type: 'command', command: script }] }],
  } }));

  const settings: Setting[] = [
    { name: 'no hooks', install: () => Promise.resolve(() => undefined) },
    { name: 'in-process no-op hook on PreCompact and PostCompact', install: () => {
      const off = [on('onPreCompact', () => undefined), on('onPostCompact', () => undefined)];
      return Promise.resolve(() => { for (const o of off) o(); });
    } },
    { name: 'command hook script on PreCompact and PostCompact', install: async () => {
      const loaded = await loadCommandHooks({ projectDir: project, userDir: join(dir, 'user'), trustProjectHooks: true });
      return () => { loaded.unregister(); };
    } },
  ];
  const prepare = async (): Promise<Session> => {
    const session = agent.session({ messages });
    await session.start();
    return session;
  };
  const floor: StepCost[] = [];
  const spawns: StepCost[] = [];
  const costs: StepCost[][] = settings.map(() => []);
  for (let round = -3; round < ROUNDS; round++) {
    const sample = await timeStep(() => undefined, () => model.generate([...messages, { role: 'user', content: COMPACT_PROMPT }]));
    if (round >= 0) floor.push(sample);
    const spawned = await timeStep(() => undefined, async () => {
      await bareSpawn(script);
      await bareSpawn(script);
    });
    if (round >= 0) spawns.push(spawned);
    for (const [i, setting] of settings.entries()) {
      const uninstall = await setting.install();
      try {
        const cost = await timeStep(prepare, async (session) => {
          const result = await session.compact();
          if (!result.compacted) throw new Error(`the compaction did not happen: ${result.reason ?? ''}`);
        });
        if (round >= 0) costs[i]!.push(cost);
      } finally {
        uninstall();
      }
    }
  }
  const floorCpu = median(floor.map((c) => c.cpuMs));
  const floorWall = median(floor.map((c) => c.wallMs));
  console.log(`\n| one compaction of ${messages.length} messages (median of ${ROUNDS}) | CPU ms | compaction's own CPU ms | wall ms | compaction's own wall ms |`);
  console.log('|---|---|---|---|---|');
  console.log(`| floor: the summarising request alone (mockllm generate) | ${floorCpu.toFixed(2)} | — | ${floorWall.toFixed(2)} | — |`);
  for (const [i, setting] of settings.entries()) {
    const cpu = median(costs[i]!.map((c) => c.cpuMs));
    const wall = median(costs[i]!.map((c) => c.wallMs));
    console.log(`| ${setting.name} | ${cpu.toFixed(2)} | ${(cpu - floorCpu).toFixed(2)} | ${wall.toFixed(2)} | ${(wall - floorWall).toFixed(2)} |`);
  }
  console.log(`| reference: the same script spawned twice by hand, no hookline | ${median(spawns.map((c) => c.cpuMs)).toFixed(2)} | | ${median(spawns.map((c) => c.wallMs)).toFixed(2)} | |`);
  console.log('\n(CPU is this process only: the hook scripts\' own processes are not in it; their cost shows in wall time.)');
}

/** Prints the budget-check table and the compaction table. */
export default async function run(): Promise<void> {
  resetHooks();
  process.env.HOOKLINE_NO_BANNER = '1';
  const dir = mkdtempSync(join(tmpdir(), 'hookline-bench-compaction-'));
  try {
    await budgetCheck();
    await compactionCost(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    resetHooks();
  }
  if (sink === -1) console.log('');
}
