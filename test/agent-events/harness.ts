/**
 * Shared set-up of the agent-event tests: the fake model server on 127.0.0.1 driven through the
 * real OpenAI SDK, project `hooks.json` files whose commands run the scripts in
 * `test/fixtures/agent-events/`, and readers for what those scripts record.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Agent, type AgentOptions } from '../../src/agent/index.ts';
import { loadCommandHooks } from '../../src/hooks/sources/command/index.ts';
import { getModel, type Model } from '../../src/model/index.ts';
import { FakeLlmServer, openaiCompletion, type RecordedRequest } from '../fixtures/model/fake-llm-server.ts';
import { builtinTools } from '../../src/tools/index.ts';
import { freshHooks, recordWarnings, tempDir } from '../helpers.ts';

/** The folder of this suite's hook scripts. */
export const scriptsDir = fileURLToPath(new URL('../fixtures/agent-events/', import.meta.url));

/** Returns a `hooks.json` handler running one fixture script (`.mjs` with node, `.py` with python3, else directly) with arguments. */
export function script(name: string, ...args: string[]): { type: 'command'; command: string } {
  const path = JSON.stringify(join(scriptsDir, name));
  const runner = name.endsWith('.mjs') ? `${JSON.stringify(process.execPath)} ` : name.endsWith('.py') ? 'python3 ' : '';
  return { type: 'command', command: `${runner}${path}${args.map((a) => ` ${JSON.stringify(a)}`).join('')}` };
}

/** One scripted model answer: text, or tool calls (`[name, args]` pairs, ids `call_1`, `call_2`, …), or a function of the request. */
export type ModelStep = string | { readonly tools: readonly (readonly [string, Record<string, unknown>])[] } | ((request: RecordedRequest) => string);

let callCounter = 0;

/** A fake model server answering with `steps` in order, and a model that talks to it. */
export interface FakeModel {
  readonly server: FakeLlmServer;
  readonly model: Model;
  /** The `messages` of every chat request, in order. */
  messages(): Record<string, unknown>[][];
  close(): Promise<void>;
}

/** Starts the fake server and returns a model (`openai-api/local/test-model`) pointed at it. */
export async function fakeModel(steps: readonly ModelStep[]): Promise<FakeModel> {
  const server = await FakeLlmServer.start();
  let index = 0;
  server.onRequest((request) => {
    const step = steps[index++];
    if (step === undefined) return { status: 400, body: { error: { message: `the test scripted ${steps.length} answers; request ${index} is one too many`, type: 'invalid_request_error' } } };
    const answer = typeof step === 'function' ? step(request) : step;
    if (typeof answer === 'string') return { body: openaiCompletion({ content: answer }) };
    const toolCalls = answer.tools.map(([name, args]) => ({ id: `call_${++callCounter}`, name, arguments: JSON.stringify(args) }));
    return { body: openaiCompletion({ toolCalls }) };
  });
  const saved = { url: process.env.LOCAL_BASE_URL, key: process.env.LOCAL_API_KEY };
  process.env.LOCAL_BASE_URL = server.openaiBaseUrl;
  process.env.LOCAL_API_KEY = 'test-key';
  const model = getModel('openai-api/local/test-model', { config: { maxRetries: 0 } });
  return {
    server,
    model,
    messages: () => server.requests.map((r) => (r.body?.messages ?? []) as Record<string, unknown>[]),
    close: async () => {
      if (saved.url === undefined) delete process.env.LOCAL_BASE_URL;
      else process.env.LOCAL_BASE_URL = saved.url;
      if (saved.key === undefined) delete process.env.LOCAL_API_KEY;
      else process.env.LOCAL_API_KEY = saved.key;
      await server.close();
    },
  };
}

/** Writes `<project>/.hookline/hooks.json`, loads it (trusted for this test) and returns the unregister function. */
export async function useProjectHooks(project: string, hooks: Record<string, unknown>): Promise<() => void> {
  mkdirSync(join(project, '.hookline'), { recursive: true });
  writeFileSync(join(project, '.hookline', 'hooks.json'), JSON.stringify({ hooks }, null, 2));
  const warnings = recordWarnings();
  try {
    const loaded = await loadCommandHooks({ projectDir: project, userDir: tempDir(), trustProjectHooks: true });
    return () => {
      loaded.unregister();
    };
  } finally {
    warnings.restore();
  }
}

/** Reads the JSON lines a recording script appended (empty when the file does not exist). */
export function readJsonLines(path: string): Record<string, unknown>[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The text of a chat-request message (string content or text parts). */
export function contentText(message: Record<string, unknown> | undefined): string {
  const content = message?.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p: { text?: unknown }) => (typeof p.text === 'string' ? p.text : '')).join('');
  return '';
}

/** The tool results (text) sent with chat request number `request` (0-based). */
export function toolResults(model: FakeModel, request: number): string[] {
  return (model.messages()[request] ?? []).filter((m) => m.role === 'tool').map((m) => contentText(m));
}

/** An agent on `model` in `project` with the Bash and Write tools and its transcripts in `project/sessions`. */
export function agentIn(model: FakeModel, project: string, options: Partial<AgentOptions>): Agent {
  return new Agent({ model: model.model, tools: builtinTools(['bash', 'write']), cwd: project, transcriptDir: join(project, 'sessions'), ...options });
}

/** What one test of a suite started and the suite ends after it: the fake model and the project's command hooks. */
export interface AgentEventTest {
  model: FakeModel | undefined;
  unregister: (() => void) | undefined;
}

/**
 * Registers a suite's per-test set-up (fresh hooks) and clean-up (the command hooks unregistered,
 * the fake model closed) and returns the holder each test fills.
 */
export function useAgentEventTest(): AgentEventTest {
  const current: AgentEventTest = { model: undefined, unregister: undefined };
  beforeEach(freshHooks);
  afterEach(async () => {
    current.unregister?.();
    current.unregister = undefined;
    await current.model?.close();
    current.model = undefined;
  });
  return current;
}
