import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logHeader } from '../../src/log/log-header.ts';
import { logToWire } from '../../src/log/wire.ts';
import type { EvalLog } from '../../src/types/log.ts';
import { makePlan, makeSpec, makeStats } from './fixtures.ts';

/** A finished log whose samples would be read from its file: reading them here fails the test. */
function finishedLog(): EvalLog {
  const log: EvalLog = { version: 2, status: 'success', eval: makeSpec(), plan: makePlan(), stats: makeStats(), invalidated: false, tags: [], metadata: {}, location: '/logs/x.eval' };
  Object.defineProperty(log, 'samples', { enumerable: true, configurable: true, get: () => assert.fail('the samples were read') });
  Object.defineProperty(log, 'reductions', { enumerable: true, configurable: true, get: () => assert.fail('the reductions were read') });
  return log;
}

describe('a log header', () => {
  it('leaves out samples and reductions without reading them', () => {
    const header = logHeader(finishedLog());
    assert.equal(Object.hasOwn(header, 'samples'), false);
    assert.equal(Object.hasOwn(header, 'reductions'), false);
    assert.equal(header.status, 'success');
    assert.equal(header.location, '/logs/x.eval');
  });

  it('is what the wire form of a log without samples holds, again without reading them', () => {
    const wire = logToWire(finishedLog(), false);
    assert.equal(wire.samples, undefined);
    assert.equal(wire.location, undefined, 'the location is never written');
    assert.equal((wire.eval as { task: string }).task, makeSpec().task);
  });
});
