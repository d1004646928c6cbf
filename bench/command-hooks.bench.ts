/**
 * Command-hook cost, in one run:
 *
 * 1. Per-event overhead when command hooks are configured for an event but no matcher selects the
 *    payload: hookline's bus with no handler (the floor), with an in-process `on()` handler that
 *    returns nothing, and with five command hooks whose matchers miss. Proves that nothing is
 *    spawned (spawn counter) and no promise is created.
 * 2. Per-hook latency: one command hook `true` through `bus.decide()` (stdin JSON, capture,
 *    protocol, merge) against a bare `sh -c true` spawn, and four hooks run concurrently.
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HookBus, resetHookBus } from '../src/hooks/bus.ts';
import { on, type PreToolUse } from '../src/index.ts';
import { loadCommandHooks } from '../src/hooks/sources/command/load.ts';
import { registerCommandHooks } from '../src/hooks/sources/command/register.ts';
import { commandHookSpawnCount } from '../src/hooks/sources/command/runner.ts';
import { type Candidate, countPromises, formatTable, measure } from './lib.ts';

const payload: PreToolUse = {
  sessionId: 'session-1', transcriptPath: '/tmp/t.jsonl', cwd: '/tmp', model: 'mockllm/model', permissionMode: 'default',
  turnId: 'turn-1', toolName: 'Bash', toolInput: { command: 'ls -la' }, toolUseId: 'call_1',
  component: { kind: 'tool', name: 'bash', id: 'tool-1' }, agent: undefined,
};

/** A bus with the given command hooks (as user-folder hooks, so trusted) for PreToolUse. */
async function commandBus(groups: { matcher: string; commands: string[] }[]): Promise<HookBus> {
  const bus = resetHookBus();
  const projectDir = mkdtempSync(join(tmpdir(), 'hookline-bench-'));
  const userDir = join(projectDir, 'home');
  mkdirSync(userDir);
  const hooks = { PreToolUse: groups.map((g) => ({ matcher: g.matcher, hooks: g.commands.map((command) => ({ type: 'command', command })) })) };
  writeFileSync(join(userDir, 'hooks.json'), JSON.stringify({ hooks }));
  // Registered by hand: a second load would replace this bus's registrations (one load at a time).
  const loaded = await loadCommandHooks({ projectDir, userDir, register: false });
  registerCommandHooks(loaded.handlers);
  return bus;
}

function decideLoop(bus: HookBus): (ops: number) => void {
  return (ops) => {
    for (let i = 0; i < ops; i++) {
      const d = bus.decide('onPreToolUse', payload);
      if (d instanceof Promise) throw new Error('a no-match emission must stay synchronous');
    }
  };
}

async function noMatchOverhead(): Promise<void> {
  const empty = resetHookBus();
  const inProcess = resetHookBus();
  on('onPreToolUse', () => undefined);
  const misses = ['^Write$', 'Edit|Write', 'mcp__.*', 'Read', '^NotBash$'].map((matcher) => ({ matcher, commands: ['true'] }));
  const command = await commandBus(misses);
  const spawnsBefore = commandHookSpawnCount();
  const [a, b, c] = await measure([
    { name: 'no handler', run: decideLoop(empty) },
    { name: 'in-process on()', run: decideLoop(inProcess) },
    { name: '5 command hooks, none matches', run: decideLoop(command) },
  ], { clock: 'cpu' });
  const promises = await countPromises(() => { decideLoop(command)(1000); });
  const spawned = commandHookSpawnCount() - spawnsBefore;
  console.log('Per-event overhead of PreToolUse (ns per `bus.decide()`, CPU clock):\n');
  console.log(formatTable({
    rowLabel: 'event', columns: [a!.name, b!.name, c!.name], baseline: a!.name,
    rows: [{ label: 'PreToolUse (Bash)', values: { [a!.name]: a!.nsPerOp, [b!.name]: b!.nsPerOp, [c!.name]: c!.nsPerOp } }],
  }));
  console.log(`\nNo-match emissions: ${spawned} processes spawned, ${promises} promises created over 1,000 emissions (both must be 0).`);
  if (spawned !== 0 || promises !== 0) process.exitCode = 1;
}

function bareSpawn(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', 'true'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.on('error', () => undefined);
    child.stdin.end('{}');
    child.stdout.resume();
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', () => { resolve(); });
  });
}

async function perHookLatency(): Promise<void> {
  const one = await commandBus([{ matcher: 'Bash', commands: ['true'] }]);
  const four = await commandBus([{ matcher: 'Bash', commands: ['true', 'true # 2', 'true # 3', 'true # 4'] }]);
  const decideAll = (bus: HookBus): Candidate['run'] => async (ops) => {
    for (let i = 0; i < ops; i++) await bus.decide('onPreToolUse', payload);
  };
  const spawnAll = (n: number): Candidate['run'] => async (ops) => {
    for (let i = 0; i < ops; i++) await Promise.all(Array.from({ length: n }, bareSpawn));
  };
  const [bare1, hook1, bare4, hook4] = await measure([
    { name: 'bare x1', run: spawnAll(1) },
    { name: 'hook x1', run: decideAll(one) },
    { name: 'bare x4', run: spawnAll(4) },
    { name: 'hook x4', run: decideAll(four) },
  ], { rounds: 15, warmupRounds: 3, batchMs: 100 });
  const [BARE, HOOK] = ['bare `sh -c true` spawn(s)', 'command hook(s) `true` via bus.decide()'];
  console.log('\nPer-hook latency (ns per emission, wall clock):\n');
  console.log(formatTable({
    rowLabel: 'processes per emission', columns: [BARE, HOOK], baseline: BARE,
    rows: [
      { label: '1', values: { [BARE]: bare1!.nsPerOp, [HOOK]: hook1!.nsPerOp } },
      { label: '4 (concurrent)', values: { [BARE]: bare4!.nsPerOp, [HOOK]: hook4!.nsPerOp } },
    ],
  }));
}

/** Runs both measurements and prints them as tables with ratios. */
export default async function run(): Promise<void> {
  await noMatchOverhead();
  await perHookLatency();
  resetHookBus();
}
