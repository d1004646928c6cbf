/**
 * Helpers of the command-hook suites: fixture commands, temporary projects and payloads.
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { PreToolUse } from '../../src/hooks/payloads/agent.ts';
import { loadCommandHooks } from '../../src/hooks/sources/command/index.ts';
import { getModel } from '../../src/model/model.ts';
import type { Model } from '../../src/model/model.ts';
import { FakeLlmServer, type ScriptedResponse } from '../fixtures/model/fake-llm-server.ts';
import { freshHooks, tempDir } from '../helpers.ts';

/** Folder of the fixture hook scripts. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/command-hooks/', import.meta.url));

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A shell command running a fixture script with arguments. */
export function fixture(name: string, ...args: string[]): string {
  return [join(FIXTURES, name), ...args].map(quote).join(' ');
}

/** A temporary project (with `.hookline/hooks.json` when given) and a separate user folder. */
export function makeProject(projectHooks?: unknown, userHooks?: unknown): { projectDir: string; userDir: string } {
  const projectDir = tempDir('hookline-project-');
  const userDir = tempDir('hookline-home-');
  if (projectHooks !== undefined) writeJson(join(projectDir, '.hookline', 'hooks.json'), projectHooks);
  if (userHooks !== undefined) writeJson(join(userDir, 'hooks.json'), userHooks);
  return { projectDir, userDir };
}

/** Writes JSON (or raw text) to a file, creating its folder. */
export function writeJson(file: string, value: unknown): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
}

/** A `hooks.json` object with one matcher group per entry of `groups` for one event. */
export function hooksFor(event: string, ...groups: { matcher?: string; commands: (string | Record<string, unknown>)[] }[]): unknown {
  return {
    hooks: {
      [event]: groups.map((g) => ({
        ...(g.matcher === undefined ? {} : { matcher: g.matcher }),
        hooks: g.commands.map((c) => (typeof c === 'string' ? { type: 'command', command: c } : { type: 'command', ...c })),
      })),
    },
  };
}

/** A PreToolUse payload (Bash `ls -la` unless overridden). */
export function preToolUse(overrides: Partial<PreToolUse> = {}): PreToolUse {
  return {
    sessionId: 'session-1',
    transcriptPath: '/tmp/transcript.jsonl',
    cwd: '/work/repo',
    model: 'mockllm/model',
    permissionMode: 'default',
    turnId: 'turn-1',
    toolName: 'Bash',
    toolInput: { command: 'ls -la' },
    toolUseId: 'call_1',
    component: { kind: 'tool', name: 'bash', id: 'tool-1' },
    agent: { kind: 'agent', name: 'main', id: 'agent-1' },
    ...overrides,
  };
}

/** The JSON lines a fixture appended to a file. */
export function readLines<T = Record<string, unknown>>(file: string): T[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as T);
}

/** Whether a process is alive (a zombie, waiting to be reaped, counts as dead). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** What {@link useCommandHooksWithServer} gives one test: the fake server and a model that calls it. */
export interface CommandHooksServerRun {
  readonly server: FakeLlmServer;
  readonly model: Model;
}

/**
 * Sets up, inside a `describe`, tests that run command hooks against a fake OpenAI server: fresh
 * hooks before each test; after it, the hooks it loaded are unregistered and its server closed.
 * The returned function starts the server with `responses` queued, loads the project's hooks
 * (trusted), and returns the server and an `openai/test-model` pointed at it.
 */
export function useCommandHooksWithServer(): (dirs: { projectDir: string; userDir: string }, ...responses: ScriptedResponse[]) => Promise<CommandHooksServerRun> {
  let server: FakeLlmServer | undefined;
  let unregister: (() => void) | undefined;
  beforeEach(freshHooks);
  afterEach(async () => {
    unregister?.();
    unregister = undefined;
    await server?.close();
    server = undefined;
  });
  return async ({ projectDir, userDir }, ...responses) => {
    server = await FakeLlmServer.start();
    server.enqueue(...responses);
    const loaded = await loadCommandHooks({ projectDir, userDir, trustProjectHooks: true });
    unregister = () => loaded.unregister();
    return { server, model: getModel('openai/test-model', { baseUrl: server.openaiBaseUrl, apiKey: 'test-key' }) };
  };
}
