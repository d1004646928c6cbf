import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { evaluate } from '../../src/eval/evaluate.ts';
import { defineSolver } from '../../src/eval/solvers/index.ts';
import { task, type Task } from '../../src/eval/task.ts';
import { getModel } from '../../src/model/index.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { sleep } from '../helpers.ts';

/** 60 samples whose solver holds its sample for a while and counts how many are held at once. */
function heldTask(maxConnections?: number): { task: Task; most: () => number } {
  let held = 0;
  let most = 0;
  const solver = defineSolver('hold', {}, async (state) => {
    held++;
    most = Math.max(most, held);
    await sleep(30);
    held--;
    return state;
  });
  const model = getModel('mockllm/model', maxConnections === undefined ? {} : { config: { maxConnections } });
  return { task: task({ name: 'held', dataset: Array.from({ length: 60 }, (_, i) => ({ id: i + 1, input: 'x' })), solver, model }), most: () => most };
}

describe('sample concurrency', () => {
  beforeEach(resetHooks);

  it('follows maxConnections when maxSamples is not set, as Inspect does', async () => {
    const { task: t, most } = heldTask(40);
    const [log] = await evaluate(t, { banner: false, noLog: true });
    assert.equal(most(), 40, 'forty samples ran at once');
    assert.equal(log!.eval.config.maxSamples, 40, 'the log records the concurrency used');
  });

  it('keeps an explicit maxSamples, and 25 when neither is set', async () => {
    const explicit = heldTask(40);
    await evaluate(explicit.task, { banner: false, noLog: true, maxSamples: 10 });
    assert.equal(explicit.most(), 10);
    const plain = heldTask();
    await evaluate(plain.task, { banner: false, noLog: true });
    assert.equal(plain.most(), 25);
  });
});
