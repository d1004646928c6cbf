import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeEach, describe, it } from 'node:test';
import { evaluate } from '../../src/eval/evaluate.ts';
import { defineScorer } from '../../src/eval/scorers/define.ts';
import { includes } from '../../src/eval/scorers/index.ts';
import { getModel, modelOutputFromText } from '../../src/model/index.ts';
import { generate } from '../../src/eval/solvers/index.ts';
import { task, type Task } from '../../src/eval/task.ts';
import { on } from '../../src/hooks/register.ts';
import { createLogWriter, parseJson, readEvalLog, type EvalLog, type LogFormat } from '../../src/log/index.ts';
import type { EvalSample } from '../../src/types/log.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { captureWarnings } from '../../src/runtime/warnings.ts';
import { tempDir } from '../helpers.ts';
import { validateLog } from '../log/schema.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function bigTask(samples: number): Task {
  return task({
    name: 'memory',
    // Each sample carries ~20 KB of input, so a retained sample is easy to tell from a summary.
    dataset: Array.from({ length: samples }, (_, i) => ({ id: i + 1, input: `${'x'.repeat(20_000)} ${i}`, target: 'Default output' })),
    solver: generate(),
    scorer: includes(),
  });
}

/** Runs the task keeping a weak reference to every completed sample; returns the log and the references. */
async function runWatched(t: Task, options: Parameters<typeof evaluate>[1]): Promise<{ log: EvalLog; refs: WeakRef<EvalSample>[] }> {
  const refs: WeakRef<EvalSample>[] = [];
  on('onSampleEnd', (p) => {
    refs.push(new WeakRef(p.sample));
  });
  const [log] = await evaluate(t, { banner: false, ...options });
  return { log: log!, refs };
}

async function collected(refs: readonly WeakRef<EvalSample>[]): Promise<number> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  return refs.filter((r) => r.deref() === undefined).length;
}

describe('constant memory', () => {
  beforeEach(resetHooks);

  for (const format of ['eval', 'json'] as const satisfies readonly LogFormat[]) {
    it(`releases every completed sample once it is in the .${format} log, and reads them back on demand`, async () => {
      const { log, refs } = await runWatched(bigTask(40), { logDir: tempDir(), logFormat: format, maxSamples: 4 });
      assert.equal(refs.length, 40, 'every sample ended');
      assert.equal(await collected(refs), 40, 'no completed sample is kept alive by the run or its returned log');
      assert.equal(log.results?.completedSamples, 40, 'the results count every sample');
      assert.equal(log.samples?.length, 40, 'the returned log reads its samples back from the file');
      assert.deepEqual(log.samples?.map((s) => s.id).slice(0, 3), [1, 2, 3], 'in order');
      assert.equal(log.samples?.[0]?.scores?.includes?.value, 'C', 'with their scores');
    });
  }

  it('keeps no model output alive through the scores it keeps for the results', async () => {
    // Each completion is 500 KB. One scorer answers with all of it (kept cut to 1 KB), the other
    // with a short regex match in it: in V8 a string cut or matched out of a longer one can keep
    // the longer one alive, for as long as the run keeps the score.
    const size = 500_000;
    const samples = 60;
    const model = getModel('mockllm/model', {
      customOutputs: (input) => {
        const question = input[input.length - 1]?.content;
        return modelOutputFromText('mockllm/model', `${'y'.repeat(size)} answer ${typeof question === 'string' ? question : ''}`);
      },
    });
    const whole = defineScorer('whole', undefined, (state) => ({ value: 'C', answer: state.output.completion, history: [] }));
    const tail = defineScorer('tail', undefined, (state) => ({ value: 'C', answer: /answer \S+$/.exec(state.output.completion)?.[0] ?? '', history: [] }));
    let ended = 0;
    let heapAtLastSample = 0;
    on('onSampleEnd', () => {
      if (++ended < samples) return;
      gc();
      heapAtLastSample = process.memoryUsage().heapUsed;
    });
    gc();
    const before = process.memoryUsage().heapUsed;
    const [log] = await evaluate(
      task({ name: 'long-outputs', dataset: Array.from({ length: samples }, (_, i) => ({ id: i + 1, input: `q${i + 1}`, target: 'x' })), solver: generate(), scorer: [whole, tail], model }),
      { banner: false, logDir: tempDir(), maxSamples: 4 },
    );
    assert.equal(log?.results?.completedSamples, samples, 'every sample was scored');
    const grown = heapAtLastSample - before;
    assert.ok(grown < (samples * size) / 3, `the heap grew by ${(grown / 1e6).toFixed(1)} MB for ${samples} completions of ${size / 1e3} KB (${((samples * size) / 1e6).toFixed(0)} MB if their scores kept them)`);
  });

  it('keeps no sample of a large run without a log, and says so', async () => {
    const warnings: string[] = [];
    const release = captureWarnings((w) => warnings.push(w.message));
    const { log, refs } = await runWatched(bigTask(1001), { noLog: true, maxSamples: 20 }).finally(release);
    assert.ok(warnings.some((w) => w.includes('without a log') && w.includes('keepSamples')), `a warning says the samples are not kept (${warnings.join(' | ')})`);
    assert.equal(await collected(refs), 1001, 'no completed sample is kept alive');
    assert.equal(log.samples, undefined, 'the returned log has no samples');
    assert.equal(log.results?.completedSamples, 1001, 'but complete results');
    assert.ok((log.stats.modelUsage['mockllm/model']?.totalTokens ?? 0) > 0, 'and the usage totals');
  });

  it('keeps the samples of a small run without a log, or of any run with keepSamples', async () => {
    const { log } = await runWatched(bigTask(3), { noLog: true });
    assert.equal(log.samples?.length, 3, 'a small run keeps its samples');
    resetHooks();
    const none = await runWatched(bigTask(3), { noLog: true, keepSamples: false });
    assert.equal(none.log.samples, undefined, 'keepSamples: false keeps none');
    resetHooks();
    const kept = await runWatched(bigTask(1001), { noLog: true, keepSamples: true, maxSamples: 20 });
    assert.equal(await collected(kept.refs), 0, 'keepSamples: true keeps every sample alive (what the other cases would see without release)');
    assert.equal(kept.log.samples?.length, 1001, 'in the returned log');
  });

  it('streams a .json log with a re-logged sample replaced, valid against the schema', async () => {
    const spec = (await evaluate(bigTask(1), { banner: false, noLog: true }))[0]!.eval;
    const writer = createLogWriter({ logDir: tempDir(), format: 'json', spec, plan: { name: 'plan', steps: [], config: {} } });
    const sample = (id: number, output: string): EvalSample => ({
      id, epoch: 1, input: 'q', target: 't', messages: [], output: { model: 'm', choices: [], completion: output }, metadata: {}, store: {},
      events: [], modelUsage: {}, roleUsage: {}, attachments: {}, scores: { s: { value: 1, history: [] } },
    });
    for (let id = 1; id <= 40; id++) await writer.logSample(sample(id, 'first'));
    await writer.logSample(sample(7, 'second'));
    const log = await writer.finish({ status: 'success', stats: { startedAt: '', completedAt: '', modelUsage: {}, roleUsage: {}, connectionLimitHistory: [] }, reductions: [{ scorer: 's', samples: [{ value: 1, history: [], sampleId: 1 }] }] });
    const text = readFileSync(log.location!, 'utf8');
    assert.deepEqual(validateLog(parseJson(text)), [], 'the streamed .json log validates');
    const back = await readEvalLog(log.location!);
    assert.equal(back.samples?.length, 40, 'each sample once');
    assert.equal(back.samples?.find((s) => s.id === 7)?.output.completion, 'second', 'the re-logged sample replaced the first');
    assert.equal(back.reductions?.[0]?.scorer, 's', 'reductions follow the samples');
  });
});
