import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_HEAP_GROWING_PERCENT, heapGrowingPercent, LARGE_TASK_SAMPLE_RUNS } from '../../src/cli/heap-policy.ts';
import { tempDir } from '../helpers.ts';
import { hookline } from './run-cli.ts';

const large = LARGE_TASK_SAMPLE_RUNS;

describe('the command heap policy', () => {
  it('caps the heap growth for large tasks only, unless the user chose a heap policy', () => {
    assert.equal(heapGrowingPercent(large, {}, []), DEFAULT_HEAP_GROWING_PERCENT, 'a large task');
    assert.equal(heapGrowingPercent(large - 1, {}, []), undefined, 'a shorter task keeps V8 default');
    assert.equal(heapGrowingPercent(large, { NODE_OPTIONS: '--max-old-space-size=4096' }, ['--max-old-space-size=4096']), undefined, 'a heap flag in NODE_OPTIONS wins');
    assert.equal(heapGrowingPercent(large, {}, ['--optimize-for-size']), undefined, 'a heap flag on the node command line wins');
    assert.equal(heapGrowingPercent(10, { HOOKLINE_HEAP_GROWING_PERCENT: '80' }, []), 80, 'the setting applies to any task');
    assert.equal(heapGrowingPercent(large, { HOOKLINE_HEAP_GROWING_PERCENT: '0' }, []), undefined, '0 keeps V8 default');
  });

  it('rejects a setting that is not a whole percentage, naming the variable', () => {
    assert.throws(() => heapGrowingPercent(large, { HOOKLINE_HEAP_GROWING_PERCENT: 'lots' }, []), /HOOKLINE_HEAP_GROWING_PERCENT must be a whole number/);
    assert.throws(() => heapGrowingPercent(large, { HOOKLINE_HEAP_GROWING_PERCENT: '-5' }, []), /HOOKLINE_HEAP_GROWING_PERCENT/);
  });

  it('stops the command with the message when the setting is wrong', async () => {
    const run = await hookline(['--version'], { cwd: tempDir(), env: { HOOKLINE_HEAP_GROWING_PERCENT: 'lots' } });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /hookline: HOOKLINE_HEAP_GROWING_PERCENT must be a whole number/);
  });
});
