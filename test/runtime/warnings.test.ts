import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shortUuid } from '../../src/util/ids.ts';
import { MAX_DISTINCT_WARNINGS, REPEATED_WARNINGS_SHOWN, repeatedWarningsSummary, warn } from '../../src/runtime/warnings.ts';

/** Runs `fn` with stderr captured; returns the lines written. */
function stderrOf(fn: () => void): string[] {
  const written: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    fn();
  } finally {
    process.stderr.write = original;
  }
  return written.join('').split('\n').filter((line) => line !== '');
}

describe('repeated warnings', () => {
  it('counts a warning that differs only by a sample uuid or a number as one', () => {
    repeatedWarningsSummary();
    const lines = stderrOf(() => {
      for (let i = 0; i < 50; i++) warn(`onSampleEvent hooks of sample ${shortUuid()}: nothing delivered for ${i} s`, 'hooks');
    });
    assert.equal(lines.length, REPEATED_WARNINGS_SHOWN, `the first ${REPEATED_WARNINGS_SHOWN} are shown: ${lines.join(' | ')}`);
    assert.match(repeatedWarningsSummary() ?? '', /50× onSampleEvent hooks of sample \w{22}: nothing delivered for 0 s/, 'the rest are counted');
  });

  it(`counts at most ${MAX_DISTINCT_WARNINGS} distinct texts, then the others together`, () => {
    repeatedWarningsSummary();
    const extra = 200;
    const words = (n: number): string => n.toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)]!);
    const lines = stderrOf(() => {
      for (let i = 0; i < MAX_DISTINCT_WARNINGS + extra; i++) warn(`a hook failed on record ${words(i)}`, 'hooks');
    });
    assert.equal(lines.length, MAX_DISTINCT_WARNINGS + REPEATED_WARNINGS_SHOWN, 'each of the first texts once, then the first few of the others');
    assert.match(repeatedWarningsSummary() ?? '', new RegExp(`${extra}× other warnings, first: a hook failed on record`), 'the others are counted together');
  });
});
