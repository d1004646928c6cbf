/**
 * Log folders for the `hookline view` tests: finished logs with scores, tool calls, epochs and
 * an errored sample, a log still being written, a corrupt log and one of a newer format.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate } from '../../src/eval/evaluate.ts';
import { includes } from '../../src/eval/scorers/index.ts';
import { defineSolver, generate, systemMessage } from '../../src/eval/solvers/index.ts';
import { task } from '../../src/eval/task.ts';
import { createLogWriter, type EvalLog, type LogFormat, type LogWriter } from '../../src/log/index.ts';
import type { EvalSample } from '../../src/types/log.ts';
import { specToWire } from '../../src/log/wire.ts';
import { getModel, modelOutputForToolCall, modelOutputFromText } from '../../src/model/index.ts';
import { defineTool } from '../../src/tools/index.ts';
import { tempDir } from '../helpers.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Returns the folder of the built viewer, building it first when it is missing. */
export function builtViewer(): string {
  const dir = join(root, 'dist', 'viewer');
  if (!existsSync(join(dir, 'viewer.js'))) execFileSync(process.execPath, [join(root, 'scripts', 'build-viewer.mjs')], { stdio: 'inherit' });
  return dir;
}

const add = defineTool({
  name: 'add',
  description: 'Adds two numbers.',
  parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
  execute: ({ a, b }) => Number(a) + Number(b),
});

/** A system message long enough to be stored as an attachment of every sample (condensed log). */
export const LONG_SYSTEM_MESSAGE = `You are a careful assistant for the viewer test. ${'Answer briefly and use the tools you are given. '.repeat(3)}`;

/** A finished log: three questions over two epochs, one sample calling a tool, one failing. */
export async function finishedLog(logDir: string, format: LogFormat = 'eval'): Promise<EvalLog> {
  const t = task({
    name: 'viewer_demo',
    dataset: [
      { id: 'sum', input: 'What is 1 + 2? Use the tool.', target: '3' },
      { id: 'hello', input: 'Say hello.', target: 'The answer is 3' },
      { id: 'broken', input: 'This one fails.', target: 'x' },
    ],
    solver: [
      systemMessage(LONG_SYSTEM_MESSAGE),
      defineSolver('use_tools', {}, (state) => {
        if (state.sampleId === 'broken') throw new Error('planned failure for the viewer test');
        if (state.sampleId === 'sum') state.tools = [add];
        return Promise.resolve(state);
      }),
      generate(),
    ],
    scorer: includes(),
    epochs: 2,
    failOnError: false,
    model: getModel('mockllm/model', {
      customOutputs: (input) => {
        const first = input.find((m) => m.role === 'user');
        const asked = typeof first?.content === 'string' && first.content.includes('Use the tool');
        const answered = input.some((m) => m.role === 'tool');
        return asked && !answered ? modelOutputForToolCall('mockllm/model', 'add', { a: 1, b: 2 }) : modelOutputFromText('mockllm/model', 'The answer is 3.');
      },
    }),
  });
  const [log] = await evaluate(t, { banner: false, logDir, logFormat: format });
  return log!;
}

/** The note sent with model call `turn` of {@link agenticLog}'s sample, and nowhere else. */
export function callNote(turn: number): string {
  return `Reminder for call ${turn}: only this call sees this note.`;
}

/**
 * A finished log with one multi-turn sample: four model calls, each sent the conversation so far
 * plus a note of its own, so the sample member pools its model inputs (events_data).
 */
export async function agenticLog(logDir: string): Promise<EvalLog> {
  const t = task({
    name: 'agentic_demo',
    dataset: [{ id: 'turns', input: 'Start the multi-turn conversation.', target: 'turn 4' }],
    solver: defineSolver('turns', {}, async (state) => {
      for (let turn = 1; turn <= 4; turn++) {
        state.output = await state.model.generate([...state.messages, { role: 'user', content: callNote(turn) }]);
        state.messages.push(state.output.choices[0]!.message, { role: 'user', content: `Go on to turn ${turn + 1}.` });
      }
      return state;
    }),
    scorer: includes(),
    model: getModel('mockllm/model', {
      customOutputs: (input) => modelOutputFromText('mockllm/model', `Answer to turn ${input.filter((m) => m.role === 'assistant').length + 1}.`),
    }),
  });
  const [log] = await evaluate(t, { banner: false, logDir });
  return log!;
}

/** A sample as a writer logs it. */
export function plainSample(id: number, answer: string): EvalSample {
  return {
    id, epoch: 1, input: `Question ${id}`, target: answer, messages: [{ role: 'user', content: `Question ${id}` }, { role: 'assistant', content: answer }],
    output: { model: 'mockllm/model', choices: [], completion: answer }, metadata: {}, store: {}, events: [], modelUsage: {}, roleUsage: {}, attachments: {},
    scores: { includes: { value: 'C', answer, history: [] } },
  };
}

/** Starts a `.eval` log that stays open (status started) with `samples` samples logged; the caller closes it. */
export async function runningLog(logDir: string, spec: EvalLog['eval'], samples: number): Promise<LogWriter> {
  const writer = createLogWriter({ logDir, format: 'eval', spec: { ...spec, task: 'still_running', taskDisplayName: 'still_running', taskId: 'running1' }, plan: { name: 'plan', steps: [], config: {} } });
  await writer.start();
  for (let id = 1; id <= samples; id++) await writer.logSample(plainSample(id, `answer ${id}`));
  return writer;
}

/** Writes a corrupt `.eval` log and a `.json` log of a newer format version into `logDir`. */
export function badLogs(logDir: string, spec: EvalLog['eval']): { corrupt: string; newer: string } {
  const corrupt = join(logDir, '2026-01-01T00-00-00+00-00_corrupt_AAAA.eval');
  writeFileSync(corrupt, 'PK\u0003\u0004 this is not really a zip archive');
  const newer = join(logDir, '2026-01-02T00-00-00+00-00_future_BBBB.json');
  writeFileSync(newer, JSON.stringify({ version: 99, status: 'success', eval: { ...specToWire(spec), task: 'future', task_id: 'BBBB' }, plan: { name: 'plan', steps: [], config: {} } }));
  return { corrupt, newer };
}

/** A fresh folder for one test's logs. */
export function logFolder(): string {
  return tempDir('hookline-view-');
}

