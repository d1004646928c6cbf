import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_HEAP_GROWING_PERCENT, heapGrowingPercent } from '../../src/cli/heap-policy.ts';
import { tempDir } from '../helpers.ts';
import { hookline } from './run-cli.ts';

describe('the command heap policy', () => {
  it('caps the heap growth at 2x unless the user chose a heap policy', () => {
    assert.equal(heapGrowingPercent({}, []), DEFAULT_HEAP_GROWING_PERCENT);
    assert.equal(heapGrowingPercent({ NODE_OPTIONS: '--max-old-space-size=4096' }, ['--max-old-space-size=4096']), undefined, 'a heap flag in NODE_OPTIONS wins');
    assert.equal(heapGrowingPercent({}, ['--optimize-for-size']), undefined, 'a heap flag on the node command line wins');
    assert.equal(heapGrowingPercent({ HOOKLINE_HEAP_GROWING_PERCENT: '50' }, []), 50);
    assert.equal(heapGrowingPercent({ HOOKLINE_HEAP_GROWING_PERCENT: '0' }, []), undefined, '0 keeps V8 default');
  });

  it('rejects a setting that is not a whole percentage, naming the variable', () => {
    assert.throws(() => heapGrowingPercent({ HOOKLINE_HEAP_GROWING_PERCENT: 'lots' }, []), /HOOKLINE_HEAP_GROWING_PERCENT must be a whole number/);
    assert.throws(() => heapGrowingPercent({ HOOKLINE_HEAP_GROWING_PERCENT: '-5' }, []), /HOOKLINE_HEAP_GROWING_PERCENT/);
  });

  it('stops the command with the message when the setting is wrong', async () => {
    const run = await hookline(['--version'], { cwd: tempDir(), env: { HOOKLINE_HEAP_GROWING_PERCENT: 'lots' } });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /hookline: HOOKLINE_HEAP_GROWING_PERCENT must be a whole number/);
  });
});
