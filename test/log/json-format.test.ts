import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createLogWriter, jsonJournalPath, parseJson, readEvalLog, readEvalLogSamples, type LogWriter } from '../../src/log/index.ts';
import { recordWarnings, tempDir } from '../helpers.ts';
import { makePlan, makeReductions, makeResults, makeSample, makeSpec, makeStats } from './fixtures.ts';
import { validateLog } from './schema.ts';

function writer(): LogWriter {
  return createLogWriter({ logDir: tempDir(), format: 'json', spec: makeSpec(), plan: makePlan() });
}

function onDisk(path: string): Record<string, unknown> {
  return parseJson(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

describe('.json log writer', () => {
  it("writes one indented JSON log in Inspect's key order that validates against the schema", async () => {
    const w = writer();
    await w.logSample(makeSample(1, { nanScore: true }));
    await w.logSample(makeSample('three', { error: true, limit: true }));
    await w.finish({ status: 'success', stats: makeStats(), results: makeResults(2), reductions: makeReductions([1, 'three']) });
    assert.match(w.location, /2026-08-22T12-00-00-00-00_problems_TaskId-1\.json$/);
    const text = readFileSync(w.location, 'utf8');
    assert.ok(text.startsWith('{\n  "version": 2,\n  "status": "success",\n  "eval": {'), 'indented by 2, header keys first');
    assert.match(text, /"value": NaN/);
    const log = onDisk(w.location);
    assert.deepEqual(Object.keys(log), ['version', 'status', 'eval', 'plan', 'results', 'stats', 'invalidated', 'tags', 'metadata', 'samples', 'reductions']);
    assert.deepEqual(validateLog(log, 'EvalLog'), []);
    assert.equal(existsSync(jsonJournalPath(w.location)), false, 'the journal is removed at finish');
  });

  it('round-trips the log, NaN scores included', async () => {
    const w = writer();
    for (const sample of [makeSample(3), makeSample(1, { nanScore: true }), makeSample(2, { epoch: 2 })]) await w.logSample(sample);
    const log = await w.finish({ status: 'success', stats: makeStats(), results: makeResults(3), reductions: makeReductions([1, 3]) });
    const back = await readEvalLog(w.location);
    assert.deepEqual(back, log);
    assert.deepEqual(back.samples!.map((s) => [s.id, s.epoch]), [[1, 1], [3, 1], [2, 2]]);
    assert.ok(Number.isNaN(back.samples![0]!.scores!.match!.value), 'a NaN score survives');
    const header = await readEvalLog(w.location, { headerOnly: true });
    assert.equal(header.samples, undefined);
    assert.equal(header.status, 'success');
  });

  it('is a valid started log from the start, and reads back with the journaled samples', async () => {
    const w = writer();
    await w.start();
    const started = onDisk(w.location);
    assert.equal(started.status, 'started');
    assert.deepEqual(validateLog(started, 'EvalLog'), []);
    await w.logSample(makeSample(1));
    await w.logSample(makeSample(2));
    assert.equal(readFileSync(jsonJournalPath(w.location), 'utf8').split('\n').length, 3, 'one line per sample');
    const partial = await readEvalLog(w.location);
    assert.equal(partial.status, 'started');
    assert.deepEqual(partial.samples!.map((s) => s.id), [1, 2]);
    assert.deepEqual(await readEvalLog(w.location, { headerOnly: true }).then((l) => l.samples), undefined);
    await w.finish({ status: 'success', stats: makeStats() });
  });

  it('drops a torn last journal line and warns about a damaged one in the middle', async () => {
    const w = writer();
    await w.logSample(makeSample(1));
    await w.logSample(makeSample(2));
    await w.close();
    const journal = jsonJournalPath(w.location);
    const lines = readFileSync(journal, 'utf8').split('\n');
    writeFileSync(journal, `${lines[0]}\n{"id": broken\n${lines[1]}\n`);
    appendFileSync(journal, lines[1]!.slice(0, 100));
    const warnings = recordWarnings();
    try {
      assert.deepEqual((await readEvalLogSamples(w.location)).map((s) => s.id), [1, 2]);
      assert.equal(warnings.messages().length, 1);
      assert.match(warnings.messages()[0]!, /Skipped line 2 of .*journal\.jsonl/);
    } finally {
      warnings.restore();
    }
  });

  it('rewrites the .json with the samples so far each time their number doubles', async () => {
    const w = writer();
    for (let i = 1; i <= 40; i++) await w.logSample(makeSample(i));
    const snapshot = onDisk(w.location);
    assert.equal(snapshot.status, 'started');
    assert.equal((snapshot.samples as unknown[]).length, 32, 'rewritten at 16 and 32 samples');
    assert.deepEqual(validateLog(snapshot, 'EvalLog'), []);
    assert.equal((await readEvalLogSamples(w.location)).length, 40, 'the journal supplies the rest');
    await w.finish({ status: 'success', stats: makeStats() });
    assert.equal((onDisk(w.location).samples as unknown[]).length, 40);
  });

  it('ignores a stale journal once the log is finished', async () => {
    const w = writer();
    await w.logSample(makeSample(1));
    await w.finish({ status: 'success', stats: makeStats() });
    writeFileSync(jsonJournalPath(w.location), `${JSON.stringify({ id: 99, epoch: 1, input: 'x', target: 'y' })}\n`);
    assert.deepEqual((await readEvalLogSamples(w.location)).map((s) => s.id), [1]);
  });
});
