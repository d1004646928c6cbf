import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currentContext, mergeContext, runInContext, runInMergedContext } from '../../src/runtime/context.ts';

describe('runInContext', () => {
  it('shows the outer context through the inner one and restores it after', () => {
    runInContext({ runId: 'run-1', taskName: 'outer' }, () => {
      runInContext({ taskName: 'inner', epoch: 2 }, () => {
        const ctx = currentContext();
        assert.equal(ctx.runId, 'run-1', 'a field of the outer context shows through');
        assert.equal(ctx.taskName, 'inner', 'the inner context wins where both have the field');
        assert.equal(ctx.epoch, 2, 'a field only the inner context has');
      });
      assert.equal(currentContext().taskName, 'outer', 'the outer context is back after the inner run');
    });
  });

  it('keeps an accessor live, and overrides an outer accessor that has no setter', () => {
    const first = new AbortController();
    const second = new AbortController();
    let current = first;
    runInContext({ get signal() { return current.signal; } }, () => {
      assert.equal(currentContext().signal, first.signal, 'the getter is read when the field is read');
      current = second;
      assert.equal(currentContext().signal, second.signal, 'and again after it changed');
      const own = new AbortController();
      runInContext({ signal: own.signal, sampleId: 's' }, () => {
        assert.equal(currentContext().signal, own.signal, 'a plain field over the outer getter takes its place');
      });
    });
  });

  it('runs one context object under different parents, each time over the parent of that moment', () => {
    const inner = { taskName: 'delivery' };
    const seen: (string | undefined)[] = [];
    for (const runId of ['a', 'b', 'a']) {
      runInContext({ runId }, () => {
        runInContext(inner, () => seen.push(`${currentContext().runId}/${currentContext().taskName}`));
        runInContext(inner, () => seen.push(`${currentContext().runId}/${currentContext().taskName}`));
      });
    }
    runInContext(inner, () => seen.push(`${currentContext().runId}/${currentContext().taskName}`));
    assert.deepEqual(seen, ['a/delivery', 'a/delivery', 'b/delivery', 'b/delivery', 'a/delivery', 'a/delivery', 'undefined/delivery'], 'the outer fields of each run, the inner one on top');
  });

  it('runs a context merged once as it is, wherever it is run from', () => {
    const merged = runInContext({ runId: 'creator' }, () => mergeContext(currentContext(), { taskName: 'queue' }));
    const seen = runInContext({ runId: 'elsewhere', evalId: 'e' }, () => runInMergedContext(merged, () => currentContext()));
    assert.equal(seen.runId, 'creator', 'the fields of the context it was merged over');
    assert.equal(seen.taskName, 'queue', 'its own fields on top');
    assert.equal(seen.evalId, undefined, 'nothing of the context it is run from');
  });
});
