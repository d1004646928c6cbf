import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CancelledError } from '../../src/errors.ts';
import { resetHookBus } from '../../src/hooks/bus.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import type { ApiKeyOverride } from '../../src/hooks/payloads/model.ts';
import { hooks, on } from '../../src/hooks/register.ts';
import type { TranscriptEvent } from '../../src/types/events.ts';
import { type ChatMessage, getModel, type GetModelOptions, isModelError, type ToolInfo } from '../../src/model/index.ts';
import { expectModelError } from '../fixtures/model/expect-model-error.ts';
import { runInContext } from '../../src/runtime/context.ts';
import { FakeLlmServer, openaiCompletion, openaiError } from '../fixtures/model/fake-llm-server.ts';
import { recordModelHooks } from '../fixtures/model/hook-recorder.ts';

const weather: ToolInfo = {
  name: 'get_weather',
  description: 'Get the weather for a city.',
  parameters: { type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'] },
};

let server: FakeLlmServer;
const cacheRoot = mkdtempSync(join(tmpdir(), 'hookline-openai-test-'));

before(async () => {
  server = await FakeLlmServer.start();
});

after(async () => {
  await server.close();
  rmSync(cacheRoot, { recursive: true, force: true });
});

beforeEach(() => {
  server.reset();
  resetHookBus();
});

function openai(options?: GetModelOptions & { name?: string }) {
  return getModel(options?.name ?? 'openai/gpt-test', {
    baseUrl: server.openaiBaseUrl,
    apiKey: 'sk-test-key-123456',
    retryBackoff: { initialMs: 1, maxMs: 5, jitterMs: 1 },
    ...options,
  });
}

describe('openai provider (through the official SDK, against a local server)', () => {
  it('returns a plain answer with usage, sending the key and the converted request', async () => {
    const output = await openai({ config: { maxTokens: 100, temperature: 0.1, stopSeqs: ['END'] } }).generate([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello?' },
    ]);
    assert.equal(output.completion, 'Hello from fake openai');
    assert.equal(output.model, 'gpt-test');
    assert.equal(output.choices[0]!.stopReason, 'stop');
    assert.deepEqual(output.usage, { inputTokens: 11, outputTokens: 7, totalTokens: 18 });
    const [request] = server.requests;
    assert.equal(request!.path, '/v1/chat/completions');
    assert.equal(request!.headers['authorization'], 'Bearer sk-test-key-123456');
    assert.deepEqual(request!.body, {
      model: 'gpt-test',
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello?' }],
      max_completion_tokens: 100,
      temperature: 0.1,
      stop: ['END'],
    });
  });

  it('round-trips a tool call: tool schema out, parsed call back, tool result out', async () => {
    server.enqueue({ body: openaiCompletion({ toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] }) });
    const model = openai();
    const first = await model.generate('Weather in Paris?', { tools: [weather], toolChoice: 'any' });
    const assistant = first.choices[0]!.message;
    assert.equal(first.choices[0]!.stopReason, 'tool_calls');
    assert.deepEqual(assistant.toolCalls, [{ id: 'call_1', function: 'get_weather', arguments: { city: 'Paris' }, type: 'function' }]);
    assert.deepEqual(server.requests[0]!.body!['tools'], [{ type: 'function', function: { name: 'get_weather', description: weather.description, parameters: weather.parameters } }]);
    assert.equal(server.requests[0]!.body!['tool_choice'], 'required');

    const history: ChatMessage[] = [
      { role: 'user', content: 'Weather in Paris?' },
      assistant,
      { role: 'tool', toolCallId: 'call_1', function: 'get_weather', content: 'Sunny, 21°C' },
    ];
    const second = await model.generate(history, { tools: [weather] });
    assert.equal(second.completion, 'Hello from fake openai');
    assert.deepEqual((server.requests[1]!.body!['messages'] as unknown[]).slice(1), [
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'Sunny, 21°C' },
    ]);
  });

  it('records unparsable tool arguments as parseError instead of failing', async () => {
    server.enqueue({ body: openaiCompletion({ toolCalls: [{ id: 'call_9', name: 'get_weather', arguments: '{"city": Par' }] }) });
    const output = await openai().generate('x', { tools: [weather] });
    const call = output.choices[0]!.message.toolCalls![0]!;
    assert.deepEqual(call.arguments, {});
    assert.match(call.parseError!, /Could not parse the arguments of tool 'get_weather' as JSON/);
  });

  it('retries a 429 once, firing exactly one onModelRetry', async () => {
    server.enqueue({ status: 429, body: openaiError('Rate limit reached', 'rate_limit_error') });
    const rec = recordModelHooks();
    const output = await openai({ retryBackoff: { initialMs: 20, maxMs: 1000, jitterMs: 10 } }).generate('x');
    assert.equal(output.completion, 'Hello from fake openai');
    assert.equal(server.requests.length, 2);
    const retries = rec.of('onModelRetry');
    assert.equal(retries.length, 1);
    assert.equal(retries[0]!['attempt'], 1);
    assert.equal(retries[0]!['statusCode'], 429);
    assert.equal(retries[0]!['exceptionType'], 'RateLimitError');
    assert.equal(retries[0]!['modelName'], 'openai/gpt-test');
    const wait = retries[0]!['waitTime'] as number;
    assert.ok(wait >= 0.02 && wait <= 0.03, `waitTime ${wait}`);
    assert.equal(rec.of('onModelUsage')[0]!['retries'], 1);
    rec.stop();
  });

  it('gives a clear error once 500s exhaust config.maxRetries', async () => {
    server.onRequest(() => ({ status: 500, body: openaiError('upstream exploded', 'server_error') }));
    const rec = recordModelHooks();
    await assert.rejects(openai({ config: { maxRetries: 2 } }).generate('x'), expectModelError((error) => {
      assert.equal(error.statusCode, 500);
      assert.equal(error.provider, 'openai');
      assert.match(error.message, /^openai\/gpt-test: request failed after 2 retries with status 500 \(InternalServerError\): upstream exploded\./);
    }));
    assert.equal(server.requests.length, 3);
    assert.equal(rec.of('onModelRetry').length, 2);
    assert.deepEqual(rec.of('onModelRetry').map((r) => r['attempt']), [1, 2]);
    rec.stop();
  });

  it('does not retry a 400 and names provider, model, status and the server message', async () => {
    server.enqueue({ status: 400, body: openaiError("Invalid value for 'temperature'") });
    const rec = recordModelHooks();
    await assert.rejects(openai().generate('x'), expectModelError((error) => {
      assert.equal(error.statusCode, 400);
      assert.equal(error.retryable, false);
      assert.equal(error.message, "openai/gpt-test: the provider rejected the request with status 400: Invalid value for 'temperature'. Fix the request (model name, parameters or messages) and try again.");
    }));
    assert.equal(server.requests.length, 1);
    assert.equal(rec.of('onModelRetry').length, 0);
    rec.stop();
  });

  it('reports a malformed body clearly', async () => {
    server.enqueue({ body: 'this is not json' });
    await assert.rejects(openai().generate('x'), expectModelError((error) => {
      assert.match(error.message, /openai\/gpt-test: the provider returned a malformed response \(.*\)\. Check that http:\/\/127\.0\.0\.1:\d+\/v1 serves the openai API\./);
    }));
    server.enqueue({ body: { object: 'chat.completion', choices: 'nope' } });
    await assert.rejects(openai().generate('x'), /malformed response \(the body has no 'choices' array\)/);
  });

  it('retries with a new key from overrideApiKey after a 401, and never leaks either key', async () => {
    const offered: ApiKeyOverride[] = [];
    class Rotate extends Hooks {
      override overrideApiKey(data: ApiKeyOverride): string | undefined {
        offered.push(data);
        return offered.length === 1 ? undefined : 'sk-rotated-key-654321';
      }
    }
    hooks({ name: 'rotate-key' }, Rotate);
    server.onRequest((req) => req.headers['authorization'] === 'Bearer sk-rotated-key-654321'
      ? undefined
      : { status: 401, body: openaiError(`Incorrect API key provided: ${req.headers['authorization']?.slice(7)}`, 'invalid_request_error') });
    const rec = recordModelHooks();
    const events: TranscriptEvent[] = [];
    const output = await runInContext({ transcript: { record: (e) => events.push(e) } }, () => openai().generate('x'));
    assert.equal(output.completion, 'Hello from fake openai');
    assert.deepEqual(server.requests.map((r) => r.headers['authorization']), ['Bearer sk-test-key-123456', 'Bearer sk-rotated-key-654321']);
    assert.deepEqual(offered, [
      { envVarName: 'OPENAI_API_KEY', value: 'sk-test-key-123456' },
      { envVarName: 'OPENAI_API_KEY', value: 'sk-test-key-123456' },
    ]);
    assert.deepEqual(rec.of('onModelRetry').map((r) => [r['attempt'], r['statusCode'], r['exceptionType']]), [[1, 401, 'AuthenticationError']]);
    const everything = JSON.stringify({ log: rec.log, events });
    assert.ok(!everything.includes('sk-test-key-123456'), 'the first key leaked');
    assert.ok(!everything.includes('sk-rotated-key-654321'), 'the rotated key leaked');
    rec.stop();
  });

  it('fails a 401 without an override, naming the variable and hiding the echoed key', async () => {
    server.onRequest((req) => ({ status: 401, body: openaiError(`Incorrect API key provided: ${req.headers['authorization']?.slice(7)}`) }));
    const events: TranscriptEvent[] = [];
    let caught: unknown;
    await runInContext({ transcript: { record: (e) => events.push(e) } }, () => openai().generate('x')).catch((error: unknown) => {
      caught = error;
    });
    assert.ok(isModelError(caught), `expected a ModelError, got ${String(caught)}`);
    assert.match(caught.message, /authentication failed with status 401: Incorrect API key provided: \[REDACTED\]\. Check OPENAI_API_KEY/);
    assert.equal(caught.cause, undefined);
    assert.equal(server.requests.length, 1);
    assert.ok(!JSON.stringify(events).includes('sk-test-key-123456'), 'the key leaked into the transcript');
    assert.ok(!String(caught.stack).includes('sk-test-key-123456'), 'the key leaked into the stack');
  });

  it('retries a dropped connection', async () => {
    server.enqueue({ reset: true });
    const rec = recordModelHooks();
    const output = await openai().generate('x');
    assert.equal(output.completion, 'Hello from fake openai');
    assert.deepEqual(rec.of('onModelRetry').map((r) => [r['attempt'], r['exceptionType'], r['statusCode']]), [[1, 'APIConnectionError', undefined]]);
    rec.stop();
  });

  it('abandons a stalled response after config.attemptTimeout and retries', async () => {
    server.enqueue({ stall: true });
    const rec = recordModelHooks();
    const output = await openai().generate('x', { config: { attemptTimeout: 0.2 } });
    assert.equal(output.completion, 'Hello from fake openai');
    assert.deepEqual(rec.of('onModelRetry').map((r) => [r['attempt'], r['exceptionType']]), [[1, 'TimeoutError']]);
    rec.stop();
  });

  it('cancels an in-flight request when either the context or the caller aborts', async () => {
    const context = new AbortController();
    const caller = new AbortController();
    server.onRequest(() => {
      caller.abort();
      return { stall: true };
    });
    await assert.rejects(runInContext({ signal: context.signal }, () => openai().generate('x', { signal: caller.signal })), CancelledError);
    assert.equal(server.requests.length, 1);
  });

  it('gives a timeout error when stalled responses outlast the retries', async () => {
    server.onRequest(() => ({ stall: true }));
    await assert.rejects(openai().generate('x', { config: { attemptTimeout: 0.1, maxRetries: 1 } }), expectModelError((error) => {
      assert.match(error.message, /request failed after 1 retry \(TimeoutError\): The attempt took longer than config.attemptTimeout \(0.1s\)/);
    }));
    assert.equal(server.requests.length, 2);
  });

  it('streams text and tool calls into the same output shape', async () => {
    const model = openai({ config: { stream: true } });
    const text = await model.generate('hi');
    assert.equal(text.completion, 'Hello from fake openai');
    assert.deepEqual(text.usage, { inputTokens: 11, outputTokens: 7, totalTokens: 18 });
    assert.equal(server.requests[0]!.body!['stream'], true);
    assert.deepEqual(server.requests[0]!.body!['stream_options'], { include_usage: true });

    server.enqueue({ body: openaiCompletion({ content: 'Checking.', toolCalls: [{ id: 'call_s', name: 'get_weather', arguments: '{"city":"Oslo","units":"metric"}' }] }) });
    const tool = await model.generate('weather?', { tools: [weather] });
    assert.equal(tool.completion, 'Checking.');
    assert.equal(tool.choices[0]!.stopReason, 'tool_calls');
    assert.deepEqual(tool.choices[0]!.message.toolCalls, [{ id: 'call_s', function: 'get_weather', arguments: { city: 'Oslo', units: 'metric' }, type: 'function' }]);
  });

  it('abandons a stream that stalls midway', async () => {
    server.enqueue({ stallAfterEvents: 2 });
    const rec = recordModelHooks();
    const output = await openai({ config: { stream: true, attemptTimeout: 0.2 } }).generate('x');
    assert.equal(output.completion, 'Hello from fake openai');
    assert.equal(rec.of('onModelRetry')[0]!['exceptionType'], 'TimeoutError');
    rec.stop();
  });

  it('sends a hook mutation to the server and caches on the mutated request', async () => {
    const off = on('onBeforeModelGenerate', (p) => {
      p.input.unshift({ role: 'system', content: 'Injected by hook.' });
      p.config.temperature = 0.7;
      p.tools[0]!.description = 'Rewritten.';
    });
    const rec = recordModelHooks();
    const model = openai({ cacheDir: join(cacheRoot, 'mutation') });
    await model.generate('hi', { tools: [weather], cache: true });
    const body = server.requests[0]!.body!;
    assert.deepEqual((body['messages'] as unknown[])[0], { role: 'system', content: 'Injected by hook.' });
    assert.equal(body['temperature'], 0.7);
    assert.equal((body['tools'] as { function: { description: string } }[])[0]!.function.description, 'Rewritten.');

    await model.generate('hi', { tools: [weather], cache: true });
    assert.equal(server.requests.length, 1, 'the second identical call is a cache hit');
    assert.equal(rec.of('onModelUsage').length, 1);
    assert.equal(rec.of('onModelCacheUsage').length, 1);

    off();
    await model.generate('hi', { tools: [weather], cache: true });
    assert.equal(server.requests.length, 2, 'without the mutation the key differs');
    rec.stop();
  });

  it('starts every retry from the original tools', async () => {
    server.enqueue({ status: 500, body: openaiError('try again', 'server_error') });
    let attempt = 0;
    on('onBeforeModelGenerate', (p) => {
      attempt++;
      p.tools[0]!.description += ` attempt ${attempt}`;
    });
    await openai().generate('x', { tools: [weather] });
    const descriptions = server.requests.map((r) => (r.body!['tools'] as { function: { description: string } }[])[0]!.function.description);
    assert.deepEqual(descriptions, ['Get the weather for a city. attempt 1', 'Get the weather for a city. attempt 2']);
  });

  it('records request and response (without credentials) on the ModelEvent', async () => {
    const events: TranscriptEvent[] = [];
    await runInContext({ transcript: { record: (e) => events.push(e) } }, () => openai().generate('x'));
    const event = events[0]!;
    assert.equal(event.event, 'model');
    if (event.event !== 'model') return;
    assert.equal(event.call!.request['model'], 'gpt-test');
    assert.equal((event.call!.response!['choices'] as unknown[]).length, 1);
    assert.ok(!JSON.stringify(event).includes('sk-test-key-123456'), 'the key leaked into the ModelEvent');
  });

  it('limits requests in flight to config.maxConnections, shared by instances of one endpoint', async () => {
    server.onRequest(() => ({ delayMs: 30 }));
    const a = openai({ config: { maxConnections: 2 } });
    const b = openai({ config: { maxConnections: 2 } });
    await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? a : b).generate(`q${i}`)));
    assert.equal(server.requests.length, 6);
    assert.equal(server.maxInFlight, 2);
  });
});
