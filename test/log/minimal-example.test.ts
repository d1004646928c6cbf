import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { readEvalLog, sampleToWire, summaryToWire, toSampleSummary, logToWire } from '../../src/log/index.ts';
import { tempDir } from '../helpers.ts';
import { validateLog } from './schema.ts';

interface Example {
  header: Record<string, unknown>;
  sample: Record<string, unknown>;
  summary: Record<string, unknown>;
  reductions: unknown[];
}

const example = JSON.parse(readFileSync(new URL('../fixtures/log/inspect-minimal-log.example.json', import.meta.url), 'utf8')) as Example;
const NAME = '2026-08-22T12-00-00-00-00_hello_T1';

function writeExampleEval(withHeader: boolean): string {
  const files: Zippable = {
    '_journal/start.json': strToU8(JSON.stringify({ version: 2, eval: example.header.eval, plan: example.header.plan })),
    'samples/1_epoch_1.json': strToU8(JSON.stringify(example.sample)),
    '_journal/summaries/1.json': strToU8(JSON.stringify([example.summary])),
  };
  if (withHeader) {
    files['summaries.json'] = strToU8(JSON.stringify([example.summary]));
    files['reductions.json'] = strToU8(JSON.stringify(example.reductions));
    files['header.json'] = strToU8(JSON.stringify(example.header));
  }
  const path = join(tempDir(), `${NAME}.eval`);
  writeFileSync(path, zipSync(files, { level: 6 }));
  return path;
}

describe('the minimal Inspect example log', () => {
  it('validates against the copied schema (sanity check of the fixtures)', () => {
    assert.deepEqual(validateLog(example.header, 'EvalLog'), []);
    assert.deepEqual(validateLog(example.sample, 'EvalSample'), []);
  });

  it('reads as a .json log and as an .eval archive written by another zip implementation', async () => {
    const jsonPath = join(tempDir(), `${NAME}.json`);
    writeFileSync(jsonPath, JSON.stringify({ ...example.header, samples: [example.sample], reductions: example.reductions }, null, 2));
    const fromJson = await readEvalLog(jsonPath);
    const fromEval = await readEvalLog(writeExampleEval(true));
    for (const log of [fromJson, fromEval]) {
      assert.equal(log.status, 'success');
      assert.equal(log.eval.taskId, 'T1');
      assert.equal(log.results!.scores[0]!.metrics.accuracy!.value, 1);
      assert.equal(log.stats.modelUsage['mockllm/model']!.totalTokens, 15);
      assert.equal(log.samples!.length, 1);
      assert.equal(log.samples![0]!.scores!.match!.value, 'C');
      assert.equal(log.samples![0]!.events.length, 14);
      assert.equal(log.reductions![0]!.samples[0]!.sampleId, 1);
    }
    const { location: _a, ...a } = fromJson;
    const { location: _b, ...b } = fromEval;
    assert.deepEqual(a, b);
  });

  it('converts back to exactly the wire form it was read from', async () => {
    const log = await readEvalLog(writeExampleEval(true));
    assert.deepEqual(sampleToWire(log.samples![0]!), example.sample);
    assert.deepEqual(logToWire(log, false), example.header);
    const summary = summaryToWire(toSampleSummary(log.samples![0]!));
    assert.deepEqual(summary, {
      ...example.summary,
      scores: { match: { value: 'C', answer: 'Default output from mockllm/model', history: [] } },
      started_at: example.sample.started_at,
      completed_at: example.sample.completed_at,
    });
  });

  it('reads an unfinished archive from its start journal', async () => {
    const log = await readEvalLog(writeExampleEval(false));
    assert.equal(log.status, 'started');
    assert.deepEqual(log.tags, []);
    assert.deepEqual(log.metadata, {});
    assert.equal(log.stats.startedAt, '');
    assert.equal(log.samples!.length, 1);
  });

  it('fills in the fields older logs left out', async () => {
    const { invalidated: _i, tags: _t, metadata: _m, ...old } = example.header;
    const path = join(tempDir(), `${NAME}.json`);
    writeFileSync(path, JSON.stringify({ ...old, eval: { ...(old.eval as object), tags: ['b', 'a'], metadata: { k: 1 } } }));
    const log = await readEvalLog(path);
    assert.equal(log.invalidated, false);
    assert.deepEqual(log.tags, ['a', 'b']);
    assert.deepEqual(log.metadata, { k: 1 });
  });
});
