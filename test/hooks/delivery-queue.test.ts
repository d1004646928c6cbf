import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeliveryQueue, type DeliveryQueueOptions } from '../../src/hooks/background.ts';
import { currentContext, mergeContext, runInContext } from '../../src/runtime/context.ts';
import { recordWarnings } from '../helpers.ts';

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function queueOf<T>(deliver: (item: T) => Promise<void> | undefined, options: Partial<DeliveryQueueOptions<T>> = {}): DeliveryQueue<T> {
  return new DeliveryQueue<T>({ label: 'test consumer', deliver, limit: 1_000_000, limitHint: 'raise the test limit.', ...options });
}

describe('DeliveryQueue', () => {
  it('delivers every item in order to a slow consumer while the producer waits at the high-water mark', async () => {
    const delivered: number[] = [];
    let produced = 0;
    let largestLag = 0;
    const queue = queueOf<number>(async (n) => {
      largestLag = Math.max(largestLag, produced - delivered.length);
      await nextTurn();
      delivered.push(n);
    }, { highWaterMark: 100 });
    for (let i = 0; i < 10_514; i++) {
      queue.push(i);
      produced++;
      const behind = queue.ready();
      if (behind !== undefined) await behind;
    }
    await queue.flush();
    assert.equal(delivered.length, 10_514);
    assert.ok(delivered.every((n, i) => n === i), 'delivered in order');
    const stats = queue.stats();
    assert.equal(stats.dropped, 0);
    assert.ok(stats.peakPending <= 100, `at most the high-water mark pending (peak ${stats.peakPending})`);
    assert.ok(largestLag >= 50, `the producer did get ahead and was held back (largest lag ${largestLag})`);
  });

  it('never asks a producer to wait without a high-water mark', () => {
    const queue = queueOf<number>(() => nextTurn());
    for (let i = 0; i < 500; i++) queue.push(i);
    assert.equal(queue.ready(), undefined);
    queue.stop();
  });

  it('drops items past the limit, counts them by kind and reports them once delivery catches up', async () => {
    const { messages, restore } = recordWarnings();
    const delivered: string[] = [];
    const queue = queueOf<string>(async (item) => {
      await nextTurn();
      delivered.push(item);
    }, { limit: 3, kindOf: (item) => item.split('-')[0]!, label: 'slow hook' });
    for (const item of ['model-1', 'model-2', 'tool-1', 'model-3', 'tool-2', 'span-1']) queue.push(item);
    await queue.flush();
    restore();
    assert.deepEqual(delivered, ['model-1', 'model-2', 'tool-1']);
    assert.equal(queue.stats().dropped, 3);
    assert.deepEqual(messages(), [
      'slow hook: 3 items pending (the queue limit); dropping new ones until delivery catches up',
      'slow hook: dropped 3 item(s) (1 model, 1 tool, 1 span) because 3 were pending; raise the test limit.',
    ]);
  });

  it('lets a waiting producer go on, with a warning, when the consumer delivers nothing for stallMs', async () => {
    const { messages, restore } = recordWarnings();
    const queue = queueOf<number>(() => new Promise<void>(() => {}), { highWaterMark: 2, stallMs: 20, label: 'stuck hook' });
    queue.push(1);
    queue.push(2);
    queue.push(3);
    await queue.ready();
    restore();
    assert.match(messages().join('\n'), /stuck hook: nothing delivered for 0.02 s; the run goes on without waiting/);
    assert.equal(queue.ready(), undefined, 'no second wait until delivery moves again');
    queue.stop();
  });

  it('stop() abandons what is queued and releases waiting producers', async () => {
    const delivered: number[] = [];
    let release: () => void = () => {};
    const queue = queueOf<number>((n) => {
      delivered.push(n);
      return n === 0 ? new Promise<void>((resolve) => { release = resolve; }) : undefined;
    }, { highWaterMark: 2 });
    for (let i = 0; i < 5; i++) queue.push(i);
    const waiting = queue.ready();
    assert.ok(waiting !== undefined, 'the producer is asked to wait');
    await nextTurn();
    queue.stop();
    await waiting;
    release();
    await queue.flush();
    assert.deepEqual(delivered, [0]);
    queue.push(9);
    assert.equal(queue.stats().pending, 0, 'pushes after stop() are ignored');
  });

  it('reports a failing delivery and goes on, or stops when onError says so', async () => {
    const { messages, restore } = recordWarnings();
    const delivered: number[] = [];
    const failing = (n: number): undefined => {
      if (n === 1) throw new Error('broken hook');
      delivered.push(n);
      return undefined;
    };
    const goesOn = queueOf<number>(failing);
    for (let i = 0; i < 3; i++) goesOn.push(i);
    await goesOn.flush();
    const stops = queueOf<number>(failing, { onError: () => 'stop' });
    for (let i = 0; i < 3; i++) stops.push(i);
    await stops.flush();
    restore();
    assert.deepEqual(delivered, [0, 2, 0]);
    assert.deepEqual(messages(), ['test consumer failed: broken hook']);
  });

  it('reports an error handler that throws and goes on delivering, with no unhandled rejection', async () => {
    const { messages, restore } = recordWarnings();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    const delivered: number[] = [];
    const queue = queueOf<number>((n) => {
      if (n === 1) throw new Error('broken hook');
      if (n === 3) return Promise.reject(new Error('broken async hook'));
      delivered.push(n);
      return undefined;
    }, { onError: () => { throw new Error('broken handler'); } });
    for (let i = 0; i < 5; i++) queue.push(i);
    await queue.flush();
    await nextTurn();
    process.off('unhandledRejection', onUnhandled);
    restore();
    assert.deepEqual(delivered, [0, 2, 4]);
    assert.deepEqual(unhandled, []);
    assert.deepEqual(messages(), [
      'test consumer: its error handler failed (broken handler) on: broken hook',
      'test consumer: its error handler failed (broken handler) on: broken async hook',
    ]);
  });

  it('never runs two deliveries at once, even when an error handler pushes while one is pending', async () => {
    let inFlight = 0;
    let most = 0;
    const delivered: number[] = [];
    const queue: DeliveryQueue<number> = queueOf<number>((n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      if (n === 0) {
        inFlight--;
        return Promise.reject(new Error('first delivery fails'));
      }
      return nextTurn().then(() => {
        delivered.push(n);
        inFlight--;
      });
    }, {
      onError: () => {
        queue.push(100);
        return 'continue';
      },
    });
    queue.push(0);
    queue.push(1);
    await queue.flush();
    assert.equal(most, 1, 'one delivery in flight at a time');
    assert.deepEqual(delivered, [1, 100], 'flush waited for the item pushed by the error handler');
  });

  it('mixes synchronous and asynchronous deliveries in order, after the producer, in its context, and flush waits for all', async () => {
    // A queue with a context delivers in it; without one, deliveries run in the context of the
    // push that started them.
    const { messages, restore } = recordWarnings();
    const log: string[] = [];
    const deliver = (n: number): Promise<void> | undefined => {
      log.push(`${n} in ${currentContext().taskName ?? '-'}/${currentContext().sessionId ?? '-'}`);
      if (n % 3 === 1) return new Promise<void>((resolve) => setImmediate(resolve));
      if (n === 5) return Promise.reject(new Error('async failure'));
      return undefined;
    };
    const creator = runInContext({ taskName: 'creator' }, () => currentContext());
    const queue = queueOf<number>(deliver, { context: () => mergeContext(creator, { sessionId: 'queue' }) });
    const plain = queueOf<number>(deliver);
    runInContext({ taskName: 'producer' }, () => {
      for (let i = 0; i < 4; i++) queue.push(i);
    });
    log.push('producer done');
    await nextTurn();
    runInContext({ taskName: 'producer' }, () => {
      for (let i = 4; i < 8; i++) queue.push(i);
    });
    await queue.flush();
    runInContext({ taskName: 'producer' }, () => plain.push(10));
    await plain.flush();
    restore();
    assert.equal(log[0], 'producer done', 'nothing is delivered before the producer goes on');
    const queued = log.slice(1, 9);
    assert.deepEqual(queued.map((line) => Number(line.split(' ')[0])), [0, 1, 2, 3, 4, 5, 6, 7], 'every item, in order');
    assert.ok(queued.every((line) => line.endsWith('in creator/queue')), `deliveries run in the queue's context: ${log.join(', ')}`);
    assert.equal(log[9], '10 in producer/-', 'a queue without a context delivers in the context of the push');
    assert.deepEqual(messages(), ['test consumer failed: async failure'], 'a rejected delivery is reported and delivery goes on');
    const { delivered, dropped, pending } = queue.stats();
    assert.deepEqual({ delivered, dropped, pending }, { delivered: 8, dropped: 0, pending: 0 });
  });
});
