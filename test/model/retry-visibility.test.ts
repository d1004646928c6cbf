import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { resetHookBus } from '../../src/hooks/bus.ts';
import { getModel } from '../../src/model/index.ts';
import { classifyFailure, retryAfterMs } from '../../src/model/failure.ts';
import { formatRetryNotice, onRetryNotice, retryDelayMs, type RetryNotice } from '../../src/model/retry.ts';
import { FakeLlmServer } from '../fixtures/model/fake-llm-server.ts';

let server: FakeLlmServer;
before(async () => {
  server = await FakeLlmServer.start();
});
after(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  resetHookBus();
});

function model(maxRetries = 3) {
  return getModel('openai/gpt-test', {
    baseUrl: server.openaiBaseUrl,
    apiKey: 'sk-secret-key-123456',
    retryBackoff: { initialMs: 1, maxMs: 5000, jitterMs: 1 },
    config: { maxRetries },
  });
}

async function noticesOf(run: () => Promise<unknown>): Promise<RetryNotice[]> {
  const notices: RetryNotice[] = [];
  const stop = onRetryNotice((n) => notices.push(n));
  try {
    await run();
  } finally {
    stop();
  }
  return notices;
}

describe('Retry-After headers', () => {
  it('reads retry-after-ms, Retry-After in seconds and as an HTTP date, and ignores garbage', () => {
    assert.equal(retryAfterMs({ headers: new Headers({ 'retry-after-ms': '250' }) }), 250);
    assert.equal(retryAfterMs({ headers: new Headers({ 'retry-after': '2' }) }), 2000);
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    const fromDate = retryAfterMs({ headers: new Headers({ 'retry-after': inTwoMinutes }) });
    assert.ok(fromDate !== undefined && fromDate > 100_000 && fromDate <= 120_000, `an HTTP date becomes the time until it: ${fromDate}`);
    assert.equal(retryAfterMs({ headers: new Headers({ 'retry-after': 'soon' }) }), undefined);
    assert.equal(retryAfterMs({ headers: { 'retry-after': '-3' } }), undefined);
    assert.equal(retryAfterMs({}), undefined);
  });

  it('waits what the server asked for, capped by the back-off maximum', () => {
    const backoff = { initialMs: 1, maxMs: 1000, jitterMs: 0 };
    assert.equal(retryDelayMs(backoff, 1, 700), 700);
    assert.equal(retryDelayMs(backoff, 1, 60_000), 1000);
    assert.equal(retryDelayMs(backoff, 3, undefined), 4);
  });

  it('honours a 429 with Retry-After from the server and announces the retry with that wait', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '0.2' }, body: { error: { message: 'slow down', type: 'rate_limit' } } });
    const notices = await noticesOf(() => model().generate('x'));
    assert.equal(notices.length, 1);
    assert.equal(notices[0]!.waitSeconds, 0.2);
    assert.equal(formatRetryNotice(notices[0]!), 'openai/gpt-test: retrying (1) after status 429 RateLimitError: slow down, next in 0.2s');
    assert.equal(server.requests.length, 2);
  });

  it('honours retry-after-ms over Retry-After', async () => {
    server.enqueue({ status: 503, headers: { 'retry-after-ms': '30', 'retry-after': '100' }, body: { error: { message: 'busy' } } });
    const notices = await noticesOf(() => model().generate('x'));
    assert.equal(notices[0]!.waitSeconds, 0.03);
  });
});

describe('retry notices', () => {
  it('announces every retry of a failing server, numbered, and stops at maxRetries', async () => {
    server.onRequest(() => ({ status: 500, body: { error: { message: 'boom' } } }));
    let failure: unknown;
    const notices = await noticesOf(() => model(2).generate('x').catch((e: unknown) => (failure = e)));
    assert.deepEqual(notices.map((n) => n.retry), [1, 2]);
    assert.match(notices[0]!.error, /^status 500 InternalServerError: boom$/);
    assert.match(String(failure), /request failed after 2 retries with status 500/);
    assert.equal(server.requests.length, 3);
  });

  it('never shows the API key in a notice', async () => {
    server.enqueue({ status: 500, body: { error: { message: 'bad key sk-secret-key-123456' } } });
    const notices = await noticesOf(() => model().generate('x'));
    assert.doesNotMatch(notices[0]!.error, /sk-secret/);
    assert.match(notices[0]!.error, /\[REDACTED\]/);
  });
});

describe('messages of failures that never got an answer', () => {
  it('names the URL of a refused connection and ends with one full stop', async () => {
    const closed = await FakeLlmServer.start();
    const url = closed.openaiBaseUrl;
    await closed.close();
    const refused = getModel('openai/gpt-test', { baseUrl: url, apiKey: 'sk-test-key-123456', retryBackoff: { initialMs: 1, maxMs: 5, jitterMs: 0 }, config: { maxRetries: 1 } });
    await assert.rejects(refused.generate('x'), (error: unknown) => {
      const message = (error as Error).message;
      assert.match(message, new RegExp(`Connection error at ${url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\.`));
      assert.doesNotMatch(message, /\.\./);
      return true;
    });
  });

  it('says a stream ended early instead of "terminated"', () => {
    const failure = classifyFailure(Object.assign(new TypeError('terminated'), { cause: { code: 'UND_ERR_SOCKET' } }));
    assert.equal(failure.kind, 'retryable');
    assert.equal(failure.message, 'the connection closed before the response was complete (a truncated stream)');
  });
});
