import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { createLogWriter, logFileName, parseJson, readEvalLog, readEvalLogSamples, type LogWriter } from '../../src/log/index.ts';
import { EvalLogWriter } from '../../src/log/eval-writer.ts';
import type { EvalSample } from '../../src/types/log.ts';
import { tempDir } from '../helpers.ts';
import { makePlan, makeReductions, makeResults, makeSample, makeSpec, makeStats } from './fixtures.ts';
import { assertMembersValid, readMembers } from './helpers.ts';

/** A writer that keeps no summary in memory: `summaries.json` is assembled from the journal members. */
class JournalOnlyWriter extends EvalLogWriter {
  protected override readonly summaryMemoryBudget = 0;
}

function writer(dir = tempDir()): LogWriter {
  return createLogWriter({ logDir: dir, format: 'eval', spec: makeSpec(), plan: makePlan() });
}

async function finished(samples: EvalSample[]): Promise<{ w: LogWriter; log: Awaited<ReturnType<LogWriter['finish']>> }> {
  const w = writer();
  await w.start();
  for (const sample of samples) await w.logSample(sample);
  const log = await w.finish({
    status: 'success',
    stats: makeStats(),
    results: makeResults(samples.length),
    reductions: makeReductions(samples.map((s) => s.id)),
  });
  return { w, log };
}

describe('.eval log writer', () => {
  it("writes Inspect's members in order, DEFLATE-compressed, each valid against the schema", async () => {
    const { w } = await finished([makeSample(1, { nanScore: true }), makeSample('three', { error: true, limit: true }), makeSample(1, { epoch: 2 })]);
    const members = await readMembers(w.location);
    assert.deepEqual(
      members.map((m) => m.name),
      [
        '_journal/start.json',
        'samples/1_epoch_1.json',
        '_journal/summaries/1.json',
        'samples/three_epoch_1.json',
        '_journal/summaries/2.json',
        'samples/1_epoch_2.json',
        '_journal/summaries/3.json',
        'summaries.json',
        'reductions.json',
        'header.json',
      ],
    );
    assert.ok(members.every((m) => m.method === 8), 'every member uses DEFLATE');
    assertMembersValid(members);
    const header = members.at(-1)!.value as Record<string, unknown>;
    assert.deepEqual(Object.keys(header), ['version', 'status', 'eval', 'plan', 'results', 'stats', 'invalidated', 'tags', 'metadata']);
    assert.deepEqual(header.tags, ['alpha', 'zeta']);
    assert.deepEqual((header.eval as Record<string, unknown>).task_args, { max_len: 10, nestedArg: { keep_me: true } });
    const summaries = members.find((m) => m.name === 'summaries.json')!.value as Record<string, unknown>[];
    assert.deepEqual(summaries.map((s) => [s.id, s.epoch, s.completed, s.message_count]), [[1, 1, true, 5], ['three', 1, true, 5], [1, 2, true, 5]]);
    assert.equal(summaries[1]!.error, 'RuntimeError: boom');
    assert.equal(summaries[1]!.limit, 'message');
  });

  it('is named like Inspect and readable by an independent unzip implementation', async () => {
    const { w } = await finished([makeSample(1)]);
    assert.equal(w.location.split('/').pop(), logFileName(makeSpec(), 'eval'));
    assert.equal(w.location.split('/').pop(), '2026-08-22T12-00-00-00-00_problems_TaskId-1.eval');
    const files = unzipSync(readFileSync(w.location));
    const header = parseJson(strFromU8(files['header.json']!)) as { status: string };
    assert.equal(header.status, 'success');
    assert.equal(Object.keys(files).length, 6);
  });

  it('round-trips the log: what readEvalLog returns equals what finish() returned', async () => {
    const { w, log } = await finished([makeSample(2), makeSample(10, { nanScore: true }), makeSample('three', { error: true, limit: true })]);
    const back = await readEvalLog(w.location);
    assert.deepEqual(back, log);
    assert.deepEqual(back.samples!.map((s) => s.id), [2, 10, 'three'], 'sorted by epoch, then zero-padded id');
    assert.ok(Number.isNaN(back.samples![1]!.scores!.match!.value), 'a NaN score survives');
    assert.equal(back.samples![0]!.scores!.my_scorer!.value instanceof Object, true);
    assert.equal(back.results!.scores[0]!.metrics.stderr!.value, NaN);
  });

  it('reads the header alone', async () => {
    const { w } = await finished([makeSample(1)]);
    const header = await readEvalLog(w.location, { headerOnly: true });
    assert.equal(header.status, 'success');
    assert.equal(header.samples, undefined);
    assert.equal(header.reductions, undefined);
    assert.equal(header.results!.totalSamples, 1);
  });

  it('reads an unfinished log as started, with every sample written so far', async () => {
    const w = writer();
    await w.start();
    const empty = await readEvalLog(w.location);
    assert.equal(empty.status, 'started');
    assert.deepEqual(empty.samples, []);
    assert.deepEqual(empty.tags, ['alpha', 'zeta']);
    await w.logSample(makeSample(1));
    await w.logSample(makeSample(2));
    const partial = await readEvalLog(w.location);
    assert.equal(partial.status, 'started');
    assert.equal(partial.eval.taskId, 'TaskId_1');
    assert.deepEqual(partial.samples!.map((s) => s.id), [1, 2]);
    assert.deepEqual(await readEvalLogSamples(w.location), partial.samples);
    assertMembersValid(await readMembers(w.location));
    await w.finish({ status: 'cancelled', stats: makeStats() });
    assert.equal((await readEvalLog(w.location, { headerOnly: true })).status, 'cancelled');
  });

  it('keeps the last of a sample logged twice', async () => {
    const first = makeSample(1);
    const again = { ...makeSample(1), metadata: { attempt: 2 } };
    const { w, log } = await finished([first, again]);
    assert.equal(log.samples!.length, 1);
    const samples = await readEvalLogSamples(w.location);
    assert.deepEqual(samples.map((s) => s.metadata), [{ attempt: 2 }]);
  });

  for (const [where, make] of [
    ['kept in memory', () => writer()],
    ['read back from the journal', () => new JournalOnlyWriter(join(tempDir(), 'journal-only.eval'), { logDir: tempDir(), format: 'eval', spec: makeSpec(), plan: makePlan() })],
  ] as const) {
    it(`lists each sample once in summaries.json, its latest summary, whether or not its journal entry was replaced (summaries ${where})`, async () => {
      const w = make();
      await w.start();
      await Promise.all([w.logSample(makeSample(1)), w.logSample(makeSample(2))]);
      await Promise.all([w.logSample({ ...makeSample(1), metadata: { attempt: 2 } }), w.logSample(makeSample(3))]);
      await w.logSample(makeSample(4));
      await w.finish({ status: 'success', stats: makeStats() });
      const members = await readMembers(w.location);
      const summaries = members.find((m) => m.name === 'summaries.json')!.value as { id: number; metadata: Record<string, unknown> }[];
      assert.deepEqual(summaries.map((s) => s.id).sort(), [1, 2, 3, 4], 'every sample once');
      assert.deepEqual(summaries.find((s) => s.id === 1)!.metadata, { attempt: 2 }, 'the summary of the sample logged again is its latest');
      assertMembersValid(members);
    });
  }

  it('refuses sample ids with "/" or "_epoch_", naming the id, and keeps logging the rest', async () => {
    const w = writer();
    await assert.rejects(w.logSample(makeSample('a/b')), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'LOG_INVALID');
      assert.match(e.message, /"a\/b".*must not contain '\/' or '_epoch_'.*Rename/);
      return true;
    });
    await assert.rejects(w.logSample(makeSample('x_epoch_1')), /_epoch_/);
    await assert.rejects(w.logSample(makeSample(1, { epoch: 0 })), /epochs are integers starting at 1/);
    await w.logSample(makeSample(1));
    const log = await w.finish({ status: 'success', stats: makeStats() });
    assert.deepEqual(log.samples!.map((s) => s.id), [1]);
  });

  it('rejects a sample that cannot be serialised and keeps the others of its batch', async () => {
    const w = writer();
    await w.start();
    const bad = { ...makeSample(2), metadata: { big: 10n } };
    const results = await Promise.allSettled([w.logSample(makeSample(1)), w.logSample(bad), w.logSample(makeSample(3))]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.match(String((results[1] as PromiseRejectedResult).reason), /Sample 2 \(epoch 1\) cannot be serialised/);
    const log = await w.finish({ status: 'success', stats: makeStats() });
    assert.deepEqual(log.samples!.map((s) => s.id), [1, 3]);
    assert.deepEqual((await readEvalLogSamples(w.location)).map((s) => s.id), [1, 3]);
  });

  it('groups samples that complete during a write into one journal entry', async () => {
    const w = writer();
    await w.start();
    await Promise.all(Array.from({ length: 10 }, (_, i) => w.logSample(makeSample(i + 1))));
    await w.finish({ status: 'success', stats: makeStats() });
    const journals = (await readMembers(w.location)).filter((m) => m.name.startsWith('_journal/summaries/'));
    assert.ok(journals.length < 10, `${journals.length} journal entries for 10 samples`);
    assert.equal(journals.flatMap((m) => m.value as unknown[]).length, 10);
  });

  it('refuses samples after finish() and returns the same log when finish() is called twice', async () => {
    const w = writer();
    const log = await w.finish({ status: 'error', stats: makeStats(), error: { message: 'x', traceback: 't', tracebackAnsi: 't' } });
    assert.equal(await w.finish({ status: 'success', stats: makeStats() }), log);
    await assert.rejects(w.logSample(makeSample(1)), /already finished/);
    assert.equal((await readEvalLog(w.location)).error!.message, 'x');
  });

  it('closes without finishing: the log stays a readable started log and takes no more samples', async () => {
    const w = writer();
    const pending = w.logSample(makeSample(1));
    await w.close();
    await pending;
    await assert.rejects(w.logSample(makeSample(2)), /is closed/);
    await assert.rejects(w.finish({ status: 'success', stats: makeStats() }), /closed without being finished/);
    const log = await readEvalLog(w.location);
    assert.equal(log.status, 'started');
    assert.deepEqual(log.samples!.map((s) => s.id), [1]);
  });

  it('uses fileName when given', async () => {
    const dir = tempDir();
    const w = createLogWriter({ logDir: join(dir, 'nested'), format: 'eval', spec: makeSpec(), plan: makePlan(), fileName: 'custom.eval', sync: true });
    await w.logSample(makeSample(1));
    await w.finish({ status: 'success', stats: makeStats() });
    assert.equal(w.location, join(dir, 'nested', 'custom.eval'));
    assert.equal((await readEvalLogSamples(w.location)).length, 1);
  });
});

describe('log writer errors', () => {
  it('says which log cannot be created and why', async () => {
    const { writeFileSync } = await import('node:fs');
    const blocker = join(tempDir(), 'not-a-folder');
    writeFileSync(blocker, '');
    const w = createLogWriter({ logDir: join(blocker, 'logs'), format: 'eval', spec: makeSpec(), plan: makePlan() });
    await assert.rejects(w.logSample(makeSample(1)), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'LOG_INVALID');
      assert.match(e.message, /Cannot create the log .*not-a-folder\/logs\/.*\.eval: .*Check that the log folder is writable/);
      return true;
    });
  });
});
