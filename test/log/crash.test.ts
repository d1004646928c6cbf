import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createLogWriter, readEvalLog, readEvalLogSamples, type LogFormat } from '../../src/log/index.ts';
import { ZipReader } from '../../src/log/zip/reader.ts';
import { recordWarnings, tempDir } from '../helpers.ts';
import { makePlan, makeSample, makeSpec, makeStats } from './fixtures.ts';

const root = new URL('../..', import.meta.url).pathname;
const script = join(root, 'test/fixtures/log/crash-writer.ts');

/**
 * Runs the crash writer, kills it with SIGKILL once `until` says so, and returns the log's
 * location and the ids whose logSample() had resolved by the time of the kill.
 */
async function runAndKill(format: LogFormat, args: string[], until: (logged: number, line: string) => boolean): Promise<{ location: string; logged: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, tempDir(), format, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let location = '';
  let logged = 0;
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`crash writer did not get there in 60 s (logged ${logged}); stderr: ${stderr}`));
    }, 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('location ')) location = line.slice('location '.length);
        if (line.startsWith('logged ')) logged = Number(line.slice('logged '.length));
        if (until(logged, line)) {
          child.kill('SIGKILL');
          clearTimeout(timer);
          resolve();
          return;
        }
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`crash writer exited early; stderr: ${stderr}`));
    });
  }).catch(async (error: unknown) => {
    if (child.exitCode === null && child.signalCode === null) throw error;
    if (child.signalCode !== 'SIGKILL') throw error;
  });
  assert.equal(await exited, 'SIGKILL');
  return { location, logged };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe('crash safety', () => {
  for (const format of ['eval', 'json'] as const) {
    it(`keeps exactly the samples whose logSample() resolved before kill -9 (.${format})`, async () => {
      const { location, logged } = await runAndKill(format, ['stop', '25'], (_n, line) => line === 'ready');
      assert.equal(logged, 25);
      const log = await readEvalLog(location);
      assert.equal(log.status, 'started');
      assert.deepEqual(log.samples!.map((s) => s.id), range(25));
    });

    it(`loses no resolved sample when killed in the middle of writing (.${format})`, async () => {
      for (const killAt of [7, 31]) {
        const { location, logged } = await runAndKill(format, ['continuous'], (n) => n >= killAt);
        const ids = (await readEvalLogSamples(location)).map((s) => s.id as number);
        assert.ok(ids.length >= logged, `recovered ${ids.length} of ${logged} resolved samples`);
        assert.deepEqual(ids, range(ids.length), 'a gap-free run of samples');
      }
    });
  }
});

/** Byte ranges [start, end) of each member of an archive. */
async function memberRanges(path: string): Promise<Map<string, [number, number]>> {
  const zip = await ZipReader.open(path);
  const ranges = new Map<string, [number, number]>();
  for (const [name, entry] of zip.entries) ranges.set(name, [entry.offset, entry.offset + 30 + Buffer.byteLength(name) + entry.compressedSize]);
  await zip.close();
  return ranges;
}

async function unfinishedEval(samples: number): Promise<string> {
  const w = createLogWriter({ logDir: tempDir(), format: 'eval', spec: makeSpec(), plan: makePlan() });
  for (let i = 1; i <= samples; i++) await w.logSample(makeSample(i));
  await w.close();
  return w.location;
}

describe('torn and damaged .eval archives', () => {
  it('recovers every complete member when the tail is cut anywhere', async () => {
    const path = await unfinishedEval(5);
    const ranges = await memberRanges(path);
    const [sample5Start, sample5End] = ranges.get('samples/5_epoch_1.json')!;
    const [, journal5End] = ranges.get('_journal/summaries/5.json')!;
    const cuts: [number, number][] = [
      [journal5End + 10, 5], // inside the gap or central directory
      [journal5End - 3, 5], // inside the last journal member
      [sample5End, 5], // right after the last sample
      [sample5End - 1, 4], // one byte short of it
      [Math.floor((sample5Start + sample5End) / 2), 4], // in its middle
      [sample5Start + 10, 4], // inside its local header
    ];
    for (const [cut, expected] of cuts) {
      const copy = join(tempDir(), 'torn.eval');
      copyFileSync(path, copy);
      truncateSync(copy, cut);
      const warnings = recordWarnings();
      let log;
      try {
        log = await readEvalLog(copy);
      } finally {
        warnings.restore();
      }
      assert.match(warnings.messages().join('\n'), /torn\.eval has no intact ZIP central directory: the file was cut short or damaged/, `cut at ${cut}: the reader says the file is damaged`);
      assert.equal(log.status, 'started', `cut at ${cut}`);
      assert.deepEqual(log.samples!.map((s) => s.id), range(expected), `cut at ${cut}`);
    }
  });

  it('reads a finished archive with junk appended, and one whose central directory is damaged', async () => {
    const w = createLogWriter({ logDir: tempDir(), format: 'eval', spec: makeSpec(), plan: makePlan() });
    for (let i = 1; i <= 3; i++) await w.logSample(makeSample(i));
    await w.finish({ status: 'success', stats: makeStats() });
    const bytes = readFileSync(w.location);
    const junk = join(tempDir(), 'junk.eval');
    writeFileSync(junk, Buffer.concat([bytes, Buffer.from('garbage after the end')]));
    const withJunk = await readEvalLog(junk);
    assert.equal(withJunk.status, 'success');
    assert.equal(withJunk.samples!.length, 3);
    const damaged = join(tempDir(), 'damaged.eval');
    const centralStart = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) - bytes.readUInt32LE(bytes.length - 10);
    const copy = Buffer.from(bytes);
    copy.fill(0, centralStart, centralStart + 50);
    writeFileSync(damaged, copy);
    const recovered = await readEvalLog(damaged);
    assert.equal(recovered.status, 'success');
    assert.deepEqual(recovered.samples!.map((s) => s.id), [1, 2, 3]);
  });

  it('skips a corrupt member of a recovered archive with a warning, but names it when the archive is intact', async () => {
    const path = await unfinishedEval(3);
    const [, end] = (await memberRanges(path)).get('samples/2_epoch_1.json')!;
    const bytes = readFileSync(path);
    bytes.fill(0x41, end - 40, end - 20);
    const intact = join(tempDir(), 'corrupt.eval');
    writeFileSync(intact, bytes);
    await assert.rejects(readEvalLog(intact), (e: Error & { code?: string; file?: string }) => {
      assert.equal(e.code, 'LOG_INVALID');
      assert.equal(e.file, intact);
      assert.match(e.message, /corrupt\.eval: member 'samples\/2_epoch_1\.json' is unreadable/);
      return true;
    });
    const torn = join(tempDir(), 'corrupt-torn.eval');
    writeFileSync(torn, bytes.subarray(0, (await memberRanges(path)).get('samples/3_epoch_1.json')![1]));
    const warnings = recordWarnings();
    try {
      assert.deepEqual((await readEvalLogSamples(torn)).map((s) => s.id), [1, 3]);
      assert.match(warnings.messages().join('\n'), /Skipped a damaged member.*samples\/2_epoch_1\.json/);
    } finally {
      warnings.restore();
    }
  });
});
