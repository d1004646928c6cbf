import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createLogWriter, readEvalLog } from '../../src/log/index.ts';
import { tempDir } from '../helpers.ts';
import { makePlan, makeSample, makeSpec, makeStats } from './fixtures.ts';

// Measures, never asserts on time: the numbers are reported as diagnostics.
describe('writing 1,000 samples', () => {
  for (const format of ['eval', 'json'] as const) {
    it(`stays fast and linear (.${format}; see the diagnostics)`, async (t) => {
      const samples = Array.from({ length: 1000 }, (_, i) => makeSample(i + 1));
      const w = createLogWriter({ logDir: tempDir(), format, spec: makeSpec(), plan: makePlan() });
      const started = performance.now();
      await w.start();
      const laps: number[] = [];
      let lap = performance.now();
      for (const [i, sample] of samples.entries()) {
        await w.logSample(sample);
        if ((i + 1) % 250 === 0) {
          laps.push(performance.now() - lap);
          lap = performance.now();
        }
      }
      const logged = performance.now();
      await w.finish({ status: 'success', stats: makeStats() });
      const finished = performance.now();
      const log = await readEvalLog(w.location);
      const read = performance.now();
      assert.equal(log.samples!.length, 1000);
      const ms = (n: number): string => `${n.toFixed(0)} ms`;
      t.diagnostic(`.${format}: logSample x1000 ${ms(logged - started)} (per 250: ${laps.map(ms).join(', ')}), finish ${ms(finished - logged)}, read back ${ms(read - finished)}, ${(statSync(w.location).size / 1e6).toFixed(1)} MB`);
    });
  }
});
