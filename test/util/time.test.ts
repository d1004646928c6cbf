import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoTimestamp } from '../../src/util/time.ts';

describe('isoTimestamp', () => {
  it('writes microseconds, zero-padded, and the UTC offset, as Inspect does', () => {
    assert.equal(isoTimestamp(0), '1970-01-01T00:00:00.000000+00:00');
    assert.equal(isoTimestamp(Date.UTC(2026, 11, 3, 9, 0, 0, 5) + 0.25), '2026-12-03T09:00:00.005250+00:00');
    assert.equal(isoTimestamp(Date.UTC(2026, 11, 3, 9, 0, 0, 5) + 0.0625), '2026-12-03T09:00:00.005062+00:00');
    assert.equal(isoTimestamp(Date.UTC(2026, 11, 3, 9, 0, 0, 999) + 0.999), '2026-12-03T09:00:00.999999+00:00');
  });

  it('formats the current time by default, in that form', () => {
    assert.match(isoTimestamp(), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/);
  });
});
