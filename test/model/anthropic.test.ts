import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { resetHookBus } from '../../src/hooks/bus.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import type { ApiKeyOverride } from '../../src/hooks/payloads/model.ts';
import { hooks, on } from '../../src/hooks/register.ts';
import type { TranscriptEvent } from '../../src/types/events.ts';
import { type ChatMessage, getModel, type GetModelOptions, type ToolInfo } from '../../src/model/index.ts';
import { expectModelError } from '../fixtures/model/expect-model-error.ts';
import { runInContext } from '../../src/runtime/context.ts';
import { anthropicError, anthropicMessage, FakeLlmServer } from '../fixtures/model/fake-llm-server.ts';
import { recordModelHooks } from '../fixtures/model/hook-recorder.ts';

const weather: ToolInfo = {
  name: 'get_weather',
  description: 'Get the weather for a city.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

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

function claude(options?: GetModelOptions) {
  return getModel('anthropic/claude-test', {
    baseUrl: server.anthropicBaseUrl,
    apiKey: 'sk-ant-test-998877',
    retryBackoff: { initialMs: 1, maxMs: 5, jitterMs: 1 },
    ...options,
  });
}

function authHeader(headers: Record<string, string>): string | undefined {
  return headers['x-api-key'] ?? headers['authorization']?.replace(/^Bearer /, '');
}

describe('anthropic provider (through the official SDK, against a local server)', () => {
  it('returns a plain answer, with system messages sent as the top-level system', async () => {
    const output = await claude({ config: { maxTokens: 64, systemMessage: 'Config system.' } }).generate([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello?' },
    ]);
    assert.equal(output.completion, 'Hello from fake anthropic');
    assert.equal(output.model, 'claude-test');
    assert.equal(output.choices[0]!.stopReason, 'stop');
    assert.deepEqual(output.usage, { inputTokens: 13, outputTokens: 5, totalTokens: 18 });
    const [request] = server.requests;
    assert.equal(request!.path, '/v1/messages');
    assert.equal(authHeader(request!.headers), 'sk-ant-test-998877');
    assert.deepEqual(request!.body, {
      model: 'claude-test',
      max_tokens: 64,
      system: 'Config system.\n\nBe brief.',
      messages: [{ role: 'user', content: 'Hello?' }],
    });
  });

  it('round-trips a tool call with tool_use and tool_result blocks', async () => {
    server.enqueue({ body: anthropicMessage({ blocks: [{ type: 'text', text: 'Let me check.' }, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Rome' } }] }) });
    const model = claude();
    const first = await model.generate('Weather in Rome?', { tools: [weather], toolChoice: { name: 'get_weather' }, config: { parallelToolCalls: false } });
    const assistant = first.choices[0]!.message;
    assert.equal(first.choices[0]!.stopReason, 'tool_calls');
    assert.equal(first.completion, 'Let me check.');
    assert.deepEqual(assistant.toolCalls, [{ id: 'toolu_1', function: 'get_weather', arguments: { city: 'Rome' }, type: 'function' }]);
    assert.deepEqual(server.requests[0]!.body!['tools'], [{ name: 'get_weather', description: weather.description, input_schema: weather.parameters }]);
    assert.deepEqual(server.requests[0]!.body!['tool_choice'], { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true });

    const history: ChatMessage[] = [
      { role: 'user', content: 'Weather in Rome?' },
      assistant,
      { role: 'tool', toolCallId: 'toolu_1', content: 'Cloudy' },
      { role: 'user', content: 'Thanks' },
    ];
    await model.generate(history, { tools: [weather] });
    assert.deepEqual(server.requests[1]!.body!['messages'], [
      { role: 'user', content: 'Weather in Rome?' },
      { role: 'assistant', content: [{ type: 'text', text: 'Let me check.' }, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Rome' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'Cloudy' }, { type: 'text', text: 'Thanks' }] },
    ]);
  });

  it('reports tool errors back as is_error tool results', async () => {
    await claude().generate([
      { role: 'user', content: 'x' },
      { role: 'assistant', content: '', toolCalls: [{ id: 't1', function: 'get_weather', arguments: {}, type: 'function' }] },
      { role: 'tool', toolCallId: 't1', content: '', error: { type: 'parsing', message: 'city is required' } },
    ], { tools: [weather] });
    const messages = server.requests[0]!.body!['messages'] as { content: unknown }[];
    assert.deepEqual(messages[2]!.content, [{ type: 'tool_result', tool_use_id: 't1', content: 'city is required', is_error: true }]);
  });

  it('retries a 429 and a 529 overload, firing one onModelRetry each', async () => {
    server.enqueue(
      { status: 429, body: anthropicError('slow down', 'rate_limit_error') },
      { status: 529, body: anthropicError('Overloaded', 'overloaded_error') },
    );
    const rec = recordModelHooks();
    const output = await claude().generate('x');
    assert.equal(output.completion, 'Hello from fake anthropic');
    assert.deepEqual(rec.of('onModelRetry').map((r) => [r['attempt'], r['statusCode'], r['exceptionType']]), [
      [1, 429, 'RateLimitError'],
      [2, 529, 'OverloadedError'],
    ]);
    rec.stop();
  });

  it('gives a clear error once 500s exhaust config.maxRetries', async () => {
    server.onRequest(() => ({ status: 500, body: anthropicError('Internal server error', 'api_error') }));
    const rec = recordModelHooks();
    await assert.rejects(claude({ config: { maxRetries: 1 } }).generate('x'), expectModelError((error) => {
      assert.equal(error.statusCode, 500);
      assert.match(error.message, /^anthropic\/claude-test: request failed after 1 retry with status 500 \(InternalServerError\): Internal server error\./);
    }));
    assert.equal(rec.of('onModelRetry').length, 1);
    assert.equal(server.requests.length, 2);
    rec.stop();
  });

  it('does not retry a 400 and shows the server message', async () => {
    server.enqueue({ status: 400, body: anthropicError('messages: field required') });
    await assert.rejects(claude().generate('x'), expectModelError((error) => {
      assert.equal(error.message, 'anthropic/claude-test: the provider rejected the request with status 400: messages: field required. Fix the request (model name, parameters or messages) and try again.');
    }));
    assert.equal(server.requests.length, 1);
  });

  it('reports a malformed body clearly', async () => {
    server.enqueue({ body: { type: 'message', content: 'oops' } });
    await assert.rejects(claude().generate('x'), /anthropic\/claude-test: the provider returned a malformed response \(the body has no 'content' array\)/);
  });

  it('retries with a new key from overrideApiKey after a 401, hiding both keys', async () => {
    class Rotate extends Hooks {
      calls = 0;
      override overrideApiKey(_data: ApiKeyOverride): string | undefined {
        return ++this.calls === 1 ? undefined : 'sk-ant-rotated-112233';
      }
    }
    hooks({ name: 'rotate' }, Rotate);
    server.onRequest((req) => authHeader(req.headers) === 'sk-ant-rotated-112233'
      ? undefined
      : { status: 401, body: anthropicError(`invalid x-api-key ${authHeader(req.headers)}`, 'authentication_error') });
    const rec = recordModelHooks();
    const events: TranscriptEvent[] = [];
    await runInContext({ transcript: { record: (e) => events.push(e) } }, () => claude().generate('x'));
    assert.deepEqual(server.requests.map((r) => authHeader(r.headers)), ['sk-ant-test-998877', 'sk-ant-rotated-112233']);
    const everything = JSON.stringify({ log: rec.log, events });
    assert.ok(!everything.includes('sk-ant-test-998877') && !everything.includes('sk-ant-rotated-112233'), 'a key leaked into a hook payload or event');
    rec.stop();
  });

  it('abandons a stalled response after config.attemptTimeout', async () => {
    server.onRequest(() => ({ stall: true }));
    const rec = recordModelHooks();
    await assert.rejects(claude({ config: { attemptTimeout: 0.1, maxRetries: 1 } }).generate('x'), /\(TimeoutError\): The attempt took longer than config.attemptTimeout/);
    assert.equal(rec.of('onModelRetry').length, 1);
    rec.stop();
  });

  it('streams text and tool calls into the same output shape', async () => {
    const model = claude({ config: { stream: true } });
    const text = await model.generate('hi');
    assert.equal(text.completion, 'Hello from fake anthropic');
    assert.deepEqual(text.usage, { inputTokens: 13, outputTokens: 5, totalTokens: 18 });
    assert.equal(server.requests[0]!.body!['stream'], true);

    server.enqueue({ body: anthropicMessage({ blocks: [{ type: 'tool_use', id: 'toolu_s', name: 'get_weather', input: { city: 'Lima' } }] }) });
    const tool = await model.generate('weather?', { tools: [weather] });
    assert.equal(tool.choices[0]!.stopReason, 'tool_calls');
    assert.deepEqual(tool.choices[0]!.message.toolCalls, [{ id: 'toolu_s', function: 'get_weather', arguments: { city: 'Lima' }, type: 'function' }]);
  });

  it('retries an overloaded error that arrives inside the stream', async () => {
    server.enqueue({ events: [
      { event: 'message_start', data: { type: 'message_start', message: anthropicMessage({ text: '' }) } },
      { event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } },
    ] });
    const rec = recordModelHooks();
    const output = await claude({ config: { stream: true } }).generate('x');
    assert.equal(output.completion, 'Hello from fake anthropic');
    assert.deepEqual(rec.of('onModelRetry').map((r) => [r['attempt'], r['exceptionType']]), [[1, 'APIError']]);
    rec.stop();
  });

  it('records unparsable streamed tool input as parseError', async () => {
    server.enqueue({ body: anthropicMessage({ blocks: [{ type: 'tool_use', id: 'toolu_b', name: 'get_weather', input: '{"city": "Li' }] }) });
    const output = await claude({ config: { stream: true } }).generate('x', { tools: [weather] });
    const call = output.choices[0]!.message.toolCalls![0]!;
    assert.deepEqual(call.arguments, {});
    assert.match(call.parseError!, /Could not parse the arguments of tool 'get_weather' as JSON/);
  });

  it('sends hook mutations to the server', async () => {
    on('onBeforeModelGenerate', (p) => {
      p.input.unshift({ role: 'system', content: 'From a hook.' });
      p.config.maxTokens = 7;
    });
    await claude().generate('x');
    assert.equal(server.requests[0]!.body!['system'], 'From a hook.');
    assert.equal(server.requests[0]!.body!['max_tokens'], 7);
  });

  it('reads ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL', async () => {
    process.env['ANTHROPIC_API_KEY'] = 'sk-ant-env-5555';
    process.env['ANTHROPIC_BASE_URL'] = server.anthropicBaseUrl;
    try {
      await getModel('anthropic/claude-env').generate('x');
      assert.equal(authHeader(server.requests[0]!.headers), 'sk-ant-env-5555');
      delete process.env['ANTHROPIC_API_KEY'];
      assert.throws(() => getModel('anthropic/claude-env'), /needs an API key: set ANTHROPIC_API_KEY/);
    } finally {
      delete process.env['ANTHROPIC_API_KEY'];
      delete process.env['ANTHROPIC_BASE_URL'];
    }
  });
});
