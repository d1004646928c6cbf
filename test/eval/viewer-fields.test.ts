import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, it } from 'node:test';
import { evaluate } from '../../src/eval/evaluate.ts';
import { includes, match } from '../../src/eval/scorers/index.ts';
import { defineSolver, generate } from '../../src/eval/solvers/index.ts';
import { task, type Task } from '../../src/eval/task.ts';
import { createLogWriter, jsonJournalPath, parseJson, type EvalLog, type LogFormat } from '../../src/log/index.ts';
import type { EvalSample } from '../../src/types/log.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { tempDir } from '../helpers.ts';
import { readMembers } from '../log/helpers.ts';
import { validateLog } from '../log/schema.ts';

const quiet = { banner: false } as const;

/** Two samples: `ok` completes, `boom` throws in the solver (so it has no scores). */
function errorTask(): Task {
  return task({
    name: 'viewer_fields',
    dataset: [
      { id: 'ok', input: 'Hello', target: 'Default output' },
      { id: 'boom', input: 'Fail', target: 'Default output' },
    ],
    solver: [
      defineSolver('maybe_fail', { failOn: 'boom' }, (state) => {
        if (state.sampleId === 'boom') throw new Error('planned sample error');
        return Promise.resolve(state);
      }),
      generate({ toolCalls: 'single' }),
    ],
    scorer: [includes({ ignoreCase: false }), match({ numeric: true })],
    failOnError: false,
  });
}

async function run(format: LogFormat): Promise<EvalLog> {
  const [log] = await evaluate(errorTask(), { ...quiet, logDir: tempDir(), logFormat: format });
  return log!;
}

type Wire = Record<string, unknown>;

/** The parts of a log file Inspect's viewer reads: header, samples and summaries, in wire form. */
async function wireParts(location: string): Promise<{ header: Wire; samples: Wire[]; summaries: Wire[] }> {
  if (location.endsWith('.json')) {
    const log = parseJson(readFileSync(location, 'utf8')) as Wire;
    return { header: log, samples: log.samples as Wire[], summaries: [] };
  }
  const members = await readMembers(location);
  const header = members.find((m) => m.name === 'header.json')!.value as Wire;
  const samples = members.filter((m) => m.name.startsWith('samples/')).map((m) => m.value as Wire);
  const summaries = members.filter((m) => m.name === 'summaries.json' || m.name.startsWith('_journal/summaries/')).flatMap((m) => m.value as Wire[]);
  return { header, samples, summaries };
}

describe("logs carry the fields Inspect's viewer reads", () => {
  beforeEach(resetHooks);

  for (const format of ['eval', 'json'] as const) {
    it(`writes scores: {} for an errored sample in every sample and summary (.${format})`, async () => {
      const log = await run(format);
      const { samples, summaries } = await wireParts(log.location!);
      const errored = [...samples, ...summaries].filter((s) => s.id === 'boom');
      assert.ok(errored.length >= (format === 'eval' ? 3 : 1), `the errored sample appears in the log (${errored.length} times)`);
      for (const s of errored) {
        assert.ok(s.error !== undefined, 'the errored sample keeps its error');
        assert.deepEqual(s.scores, {}, 'an errored sample has an empty scores object');
      }
      const ok = samples.find((s) => s.id === 'ok');
      assert.deepEqual(Object.keys(ok?.scores as Wire), ['includes', 'match'], 'a completed sample keeps its scores');
    });

    it(`records params with Inspect's Python names and a task display name (.${format})`, async () => {
      const log = await run(format);
      const { header } = await wireParts(log.location!);
      assert.deepEqual(validateLog(header), [], 'the header validates against Inspect\'s schema');
      const spec = header.eval as Wire;
      assert.equal(spec.task_display_name, 'viewer_fields', 'the display name defaults to the task name');
      const scorers = spec.scorers as { name: string; options: Wire }[];
      assert.deepEqual(scorers[0]?.options, { ignore_case: false });
      assert.deepEqual(scorers[1]?.options, { location: 'end', ignore_case: true, numeric: true });
      const results = header.results as { scores: { name: string; params: Wire }[] };
      assert.deepEqual(results.scores.find((s) => s.name === 'includes')?.params, { ignore_case: false });
      const steps = (header.plan as { steps: { solver: string; params: Wire }[] }).steps;
      assert.deepEqual(steps.map((s) => s.params), [{ fail_on: 'boom' }, { tool_calls: 'single' }], 'solver params use Python names');
    });
  }

  it('omits `replaced` from state-change add operations and keeps it on replace', async () => {
    const log = await run('eval');
    const { samples } = await wireParts(log.location!);
    const changes = samples.flatMap((s) => (s.events as Wire[]).filter((e) => e.event === 'state').flatMap((e) => e.changes as Wire[]));
    const adds = changes.filter((c) => c.op === 'add');
    assert.ok(adds.length > 0, 'the generate step adds a message');
    for (const c of adds) assert.ok(!('replaced' in c), `add ${String(c.path)} has no replaced field`);
    for (const c of changes.filter((x) => x.op === 'replace')) assert.ok('replaced' in c, `replace ${String(c.path)} keeps what it replaced`);
  });

  it('writes scores: {} for an errored sample in the .json journal', async () => {
    const dir = tempDir();
    const spec = (await run('json')).eval;
    const writer = createLogWriter({ logDir: dir, format: 'json', spec, plan: { name: 'plan', steps: [], config: {} } });
    const sample: EvalSample = {
      id: 'boom', epoch: 1, input: 'x', target: 'y', messages: [], output: { model: 'm', choices: [], completion: '' }, metadata: {}, store: {},
      events: [], modelUsage: {}, roleUsage: {}, attachments: {}, error: { message: 'failed', traceback: '', tracebackAnsi: '' },
    };
    await writer.logSample(sample);
    const line = readFileSync(jsonJournalPath(writer.location), 'utf8').trim();
    const journaled = parseJson(line) as Wire;
    assert.deepEqual(journaled.scores, {}, 'the journal line has an empty scores object');
    assert.deepEqual(validateLog(journaled, 'EvalSample'), [], 'the journal line validates as a sample');
    await writer.close();
  });
});
