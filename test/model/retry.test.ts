import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { backoffDelayMs, resolveBackoff } from '../../src/model/retry.ts';

const saved = process.env['HOOKLINE_RETRY_BASE_MS'];

afterEach(() => {
  if (saved === undefined) delete process.env['HOOKLINE_RETRY_BASE_MS'];
  else process.env['HOOKLINE_RETRY_BASE_MS'] = saved;
});

describe('retry back-off', () => {
  it("defaults to Inspect's 3 s initial wait, 1800 s cap and 3 s jitter", () => {
    delete process.env['HOOKLINE_RETRY_BASE_MS'];
    assert.deepEqual(resolveBackoff(), { initialMs: 3000, maxMs: 1_800_000, jitterMs: 3000 });
  });

  it('scales every setting with HOOKLINE_RETRY_BASE_MS, explicit options winning', () => {
    process.env['HOOKLINE_RETRY_BASE_MS'] = '2';
    assert.deepEqual(resolveBackoff(), { initialMs: 2, maxMs: 1200, jitterMs: 2 });
    assert.deepEqual(resolveBackoff({ jitterMs: 0 }), { initialMs: 2, maxMs: 1200, jitterMs: 0 });
  });

  it('rejects a bad HOOKLINE_RETRY_BASE_MS with the fix', () => {
    process.env['HOOKLINE_RETRY_BASE_MS'] = 'fast';
    assert.throws(() => resolveBackoff(), /HOOKLINE_RETRY_BASE_MS must be a non-negative number of milliseconds, got 'fast'. Fix or unset it./);
  });

  it('doubles each wait, adds jitter, and stops at the cap', () => {
    const backoff = { initialMs: 100, maxMs: 1000, jitterMs: 50 };
    for (const [attempt, low] of [[1, 100], [2, 200], [3, 400], [4, 800]] as const) {
      const wait = backoffDelayMs(backoff, attempt);
      assert.ok(wait >= low && wait <= Math.min(low + 50, 1000), `attempt ${attempt}: ${wait}`);
    }
    assert.equal(backoffDelayMs(backoff, 10), 1000);
  });
});
