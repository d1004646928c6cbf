/**
 * Property-based fuzzing of the log reader: real `.eval` and `.json` logs, truncated, with bytes
 * flipped or spliced. Reading always gives a log or a LogError naming the file, never another
 * exception. A truncated `.eval` reads as an unfinished log, never as a finished one.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createLogWriter, readEvalLog } from '../../src/log/index.ts';
import { tempDir } from '../helpers.ts';
import { makePlan, makeSample, makeSpec, makeStats } from '../log/fixtures.ts';

const RUNS = 1500;
const originals: Record<'eval' | 'json', Buffer> = { eval: Buffer.alloc(0), json: Buffer.alloc(0) };
const scratch = tempDir('hookline-fuzz-');

before(async () => {
  for (const format of ['eval', 'json'] as const) {
    const writer = createLogWriter({ logDir: tempDir(), format, spec: makeSpec(), plan: makePlan() });
    await writer.start();
    for (const id of [1, 2, 3]) await writer.logSample(makeSample(id));
    await writer.finish({ status: 'success', stats: makeStats() });
    originals[format] = readFileSync(writer.location);
  }
});

/** A change to a file's bytes: truncate, flip bytes, or splice garbage in. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ maxLength: 64 }) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(bytes: Buffer, m: Mutation): Buffer {
  const index = (at: number): number => Math.min(bytes.length - 1, Math.floor(at * bytes.length));
  if (m.kind === 'truncate') return bytes.subarray(0, index(m.at));
  if (m.kind === 'flip') {
    const copy = Buffer.from(bytes);
    for (const at of m.at) copy[index(at)] = m.value;
    return copy;
  }
  return Buffer.concat([bytes.subarray(0, index(m.at)), Buffer.from(m.bytes), bytes.subarray(index(m.at))]);
}

let counter = 0;

for (const format of ['eval', 'json'] as const) {
  describe(`fuzzing the ${format} log reader`, () => {
    it('reads a damaged log or rejects it with a LogError naming the file', async () => {
      await fc.assert(
        fc.asyncProperty(mutation, async (m) => {
          const path = join(scratch, `fuzz-${counter++}.${format}`);
          writeFileSync(path, mutate(originals[format], m));
          try {
            const log = await readEvalLog(path);
            assert.ok(['started', 'success', 'error', 'cancelled'].includes(log.status), `status ${log.status}`);
            assert.ok((log.samples ?? []).length <= 3, 'no invented samples');
          } catch (error) {
            const e = error as { code?: string; message?: string };
            assert.equal(e.code, 'LOG_INVALID', `unexpected ${String(error)}`);
            assert.ok(e.message?.includes(path), `the message names the file: ${e.message}`);
          }
        }),
        { numRuns: RUNS },
      );
    });
  });
}

describe('a truncated .eval log', () => {
  it('never reads as finished: status started, with only the samples that were complete', async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0.05, max: 0.9, noNaN: true }), async (at) => {
        const path = join(scratch, `cut-${counter++}.eval`);
        writeFileSync(path, originals.eval.subarray(0, Math.floor(at * originals.eval.length)));
        try {
          const log = await readEvalLog(path);
          assert.equal(log.status, 'started', 'a cut archive is unfinished');
        } catch (error) {
          assert.equal((error as { code?: string }).code, 'LOG_INVALID', `unexpected ${String(error)}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('a log whose status was damaged', () => {
  it('is rejected with a LogError naming the status (found by the fuzzer: a flipped byte read as status "#uccess")', async () => {
    const path = join(scratch, 'bad-status.json');
    writeFileSync(path, originals.json.toString('utf8').replace('"status": "success"', '"status": "#uccess"'));
    await assert.rejects(readEvalLog(path), /has an unknown 'status' \("#uccess"\)/);
  });
});
