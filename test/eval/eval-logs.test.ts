import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, it } from 'node:test';
import { evaluate } from '../../src/eval/evaluate.ts';
import { defineScorer, includes } from '../../src/eval/scorers/index.ts';
import { defineSolver, generate } from '../../src/eval/solvers/index.ts';
import { task, type Task } from '../../src/eval/task.ts';
import { cleanNamePart, parseJson, readEvalLog, type EvalLog, type LogFormat } from '../../src/log/index.ts';
import { getModel, modelOutputForToolCall, modelOutputFromText } from '../../src/model/index.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { defineTool } from '../../src/tools/index.ts';
import { tempDir } from '../helpers.ts';
import { assertMembersValid, readMembers } from '../log/helpers.ts';
import { validateLog } from '../log/schema.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const quiet = { banner: false } as const;

/** Asserts a log file validates against Inspect's schema: every `.eval` member, or the `.json` document. */
async function assertValidLog(location: string): Promise<void> {
  if (location.endsWith('.eval')) {
    const members = await readMembers(location);
    const names = members.map((m) => m.name);
    assert.equal(names[0], '_journal/start.json', 'the start record comes first');
    assert.equal(names[names.length - 1], 'header.json', 'the header comes last');
    assert.ok(names.includes('summaries.json'), 'the consolidated summaries are written');
    assertMembersValid(members);
  } else {
    assert.deepEqual(validateLog(parseJson(readFileSync(location, 'utf8'))), [], `${location} validates as an EvalLog`);
  }
}

function simpleTask(name = 'simple_task'): Task {
  return task({
    name,
    dataset: [1, 2, 3].map((i) => ({ id: i, input: `Question ${i}`, target: 'Default output' })),
    solver: generate(),
    scorer: includes(),
  });
}

const add = defineTool({
  name: 'add',
  description: 'Adds two numbers.',
  parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
  execute: ({ a, b }) => Number(a) + Number(b),
});

/** One sample: the scripted model calls `add`, then answers with the result. */
function toolTask(): Task {
  return task({
    name: 'tool_use',
    dataset: [{ id: 'sum', input: 'What is 1 + 2? Use the tool.', target: '3' }],
    solver: [
      defineSolver('use_tools', {}, (state) => {
        state.tools = [add];
        return Promise.resolve(state);
      }),
      generate(),
    ],
    scorer: includes(),
    model: getModel('mockllm/model', {
      customOutputs: [modelOutputForToolCall('mockllm/model', 'add', { a: 1, b: 2 }), modelOutputFromText('mockllm/model', 'The answer is 3.')],
    }),
  });
}

/** Three samples: one completes, one hits the message limit, one throws. */
function limitAndErrorTask(): Task {
  return task({
    name: 'limits_and_errors',
    dataset: [
      { id: 'ok', input: 'Hello', target: 'Default output', metadata: { kind: 'ok' } },
      { id: 'limit', input: 'Talk a lot', target: 'Default output', metadata: { kind: 'limit' } },
      { id: 'error', input: 'Fail', target: 'Default output', metadata: { kind: 'error' } },
    ],
    solver: defineSolver('by_kind', {}, async (state, gen) => {
      if (state.metadata.kind === 'error') throw new Error('planned sample error');
      await gen(state);
      for (let turn = 0; state.metadata.kind === 'limit' && turn < 10; turn++) {
        state.messages.push({ role: 'user', content: `More, please (${turn})` });
        await gen(state);
      }
      return state;
    }),
    scorer: includes(),
    messageLimit: 6,
    failOnError: false,
  });
}

/** Scores NaN (unscored) for sample 1 and 1 for the others. */
function nanTask(): Task {
  const scorer = defineScorer('nan_scorer', undefined, (state) => Promise.resolve({ value: state.sampleId === 1 ? Number.NaN : 1, history: [] }));
  return task({ name: 'nan_task', dataset: [1, 2, 3].map((i) => ({ id: i, input: `Q${i}`, target: 'x' })), scorer });
}

async function run(t: Task, format: LogFormat): Promise<EvalLog> {
  const [log] = await evaluate(t, { ...quiet, logDir: tempDir(), logFormat: format });
  return log!;
}

describe('eval logs', () => {
  beforeEach(resetHooks);

  for (const format of ['eval', 'json'] as const) {
    it(`a simple eval's .${format} log validates against Inspect's schema and reads back`, async () => {
      const log = await run(simpleTask(), format);
      await assertValidLog(log.location!);
      const back = await readEvalLog(log.location!);
      assert.equal(back.status, 'success');
      assert.deepEqual(back.samples!.map((s) => s.id), [1, 2, 3]);
      assert.deepEqual(back.results, log.results);
    });

    it(`an eval with tool calls, scores, a limit and an error validates (.${format})`, async () => {
      const tools = await run(toolTask(), format);
      await assertValidLog(tools.location!);
      const sample = (await readEvalLog(tools.location!)).samples![0]!;
      assert.deepEqual(sample.messages.map((m) => m.role), ['user', 'assistant', 'tool', 'assistant']);
      assert.equal(sample.messages[2]!.content, '3', 'the tool result is logged');
      assert.ok(sample.events.some((e) => e.event === 'tool'), 'a tool event is logged');
      assert.equal(sample.scores?.includes?.value, 'C');

      const mixed = await run(limitAndErrorTask(), format);
      await assertValidLog(mixed.location!);
      const back = await readEvalLog(mixed.location!);
      const byId = new Map(back.samples!.map((s) => [s.id, s]));
      assert.deepEqual(byId.get('limit')?.limit, { type: 'message', limit: 6 });
      assert.ok(byId.get('limit')?.events.some((e) => e.event === 'sample_limit'), 'a sample_limit event');
      assert.ok(byId.get('limit')?.scores !== undefined, 'a sample stopped by a limit is still scored');
      assert.match(byId.get('error')?.error?.message ?? '', /planned sample error/);
      assert.deepEqual(byId.get('error')?.scores ?? {}, {}, 'an errored sample is not scored');
      assert.equal(byId.get('ok')?.scores?.includes?.value, 'C');
      assert.equal(back.results?.completedSamples, 2);
    });

    it(`a NaN score round-trips and counts as unscored (.${format})`, async () => {
      const log = await run(nanTask(), format);
      await assertValidLog(log.location!);
      assert.match(readFileSync(log.location!, 'latin1'), format === 'json' ? /"value": ?NaN/ : /PK/, 'written as the bare NaN token');
      const back = await readEvalLog(log.location!);
      assert.ok(Number.isNaN(back.samples!.find((s) => s.id === 1)!.scores?.nan_scorer?.value), 'the NaN score reads back as NaN');
      assert.equal(back.samples!.find((s) => s.id === 2)!.scores?.nan_scorer?.value, 1);
      const score = back.results!.scores[0]!;
      assert.equal(score.scoredSamples, 2);
      assert.equal(score.unscoredSamples, 1);
      assert.equal(score.metrics.accuracy?.value, 1, 'metrics skip the unscored sample');
      const reduced = back.reductions?.[0]?.samples.find((s) => s.sampleId === 1);
      assert.ok(reduced !== undefined && Number.isNaN(reduced.value), 'the reduction keeps NaN');
    });
  }

  it('names files like Inspect: {created}_{task}_{task id}.{format}, parts cleaned', async () => {
    for (const format of ['eval', 'json'] as const) {
      const log = await run(simpleTask('my_task:v1+beta'), format);
      const name = basename(log.location!);
      assert.equal(name, `${cleanNamePart(log.eval.created)}_my-task-v1-beta_${log.eval.taskId}.${format}`);
      assert.match(name, new RegExp(`^\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}-00-00_my-task-v1-beta_[2-9A-HJ-NP-Za-km-z]{22}\\.${format}$`));
    }
  });

  it('`hookline log dump FILE` prints the log as snake_case JSON that validates', async () => {
    const log = await run(nanTask(), 'eval');
    const result = spawnSync(process.execPath, [join(root, 'scripts/hookline-dev.mjs'), 'log', 'dump', log.location!], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, HOOKLINE_NO_BANNER: '1' },
    });
    assert.equal(result.status, 0, result.stderr);
    const dumped = parseJson(result.stdout) as Record<string, unknown> & { eval: Record<string, unknown>; samples: Record<string, unknown>[] };
    assert.equal(dumped.eval.task_id, log.eval.taskId);
    assert.equal(dumped.eval.run_id, log.eval.runId);
    assert.ok('model_generate_config' in dumped.eval && !('modelGenerateConfig' in dumped.eval), 'eval keys are snake_case');
    const first = dumped.samples[0]!;
    assert.ok('model_usage' in first && !('modelUsage' in first), 'sample keys are snake_case');
    assert.equal(dumped.samples.length, 3);
    assert.deepEqual(validateLog(dumped), [], 'the dump validates as an EvalLog');
  });
});
