import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { CancelledError } from '../../src/errors.ts';
import { resetHookBus } from '../../src/hooks/bus.ts';
import { on } from '../../src/hooks/register.ts';
import {
  type ChatMessage,
  getModel,
  isModelError,
  modelOutputForToolCall,
  modelOutputFromText,
  type ModelOutput,
  type ToolInfo,
} from '../../src/model/index.ts';

const addTool: ToolInfo = {
  name: 'add',
  description: 'Add two numbers.',
  parameters: { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' } }, required: ['x', 'y'] },
};

beforeEach(() => {
  resetHookBus();
});

describe('mockllm', () => {
  it('answers the exact default output with usage', async () => {
    const model = getModel();
    assert.equal(model.name, 'mockllm/model');
    const output = await model.generate('What is 1 + 1?');
    assert.equal(output.completion, 'Default output from mockllm/model');
    assert.equal(output.model, 'mockllm');
    assert.equal(output.choices.length, 1);
    const choice = output.choices[0]!;
    assert.equal(choice.stopReason, 'stop');
    assert.equal(choice.message.role, 'assistant');
    assert.equal(choice.message.source, 'generate');
    assert.equal(choice.message.content, 'Default output from mockllm/model');
    const usage = output.usage!;
    assert.ok(usage.inputTokens >= 1, `inputTokens ${usage.inputTokens}`);
    assert.equal(usage.outputTokens, 'Default output from mockllm/model'.length);
    assert.equal(usage.totalTokens, usage.inputTokens + usage.outputTokens);
    assert.equal(typeof output.time, 'number');
  });

  it('counts tool JSON in the input tokens', async () => {
    const model = getModel('mockllm/other');
    const plain = await model.generate('hi');
    const withTools = await model.generate('hi', { tools: [addTool] });
    assert.equal(plain.usage!.inputTokens, 1);
    assert.ok(withTools.usage!.inputTokens > plain.usage!.inputTokens, 'tools did not add input tokens');
  });

  it('consumes scripted outputs in order and fails clearly when they run out', async () => {
    const model = getModel('mockllm/model', {
      customOutputs: [modelOutputFromText('mockllm/model', 'first'), modelOutputFromText('mockllm/model', 'second')],
    });
    assert.equal((await model.generate('a')).completion, 'first');
    assert.equal((await model.generate('b')).completion, 'second');
    await assert.rejects(model.generate('c'), (error: unknown) => {
      assert.ok(isModelError(error), `expected a ModelError, got ${String(error)}`);
      assert.match(error.message, /custom_outputs ran out of values/);
      assert.equal(error.retryable, false);
      return true;
    });
  });

  it('accepts any iterable, such as a generator', async () => {
    function* outputs(): Generator<ModelOutput> {
      for (let i = 1; ; i++) yield modelOutputFromText('mockllm/model', `answer ${i}`);
    }
    const model = getModel('mockllm/model', { customOutputs: outputs() });
    assert.equal((await model.generate('x')).completion, 'answer 1');
    assert.equal((await model.generate('x')).completion, 'answer 2');
  });

  it('adds usage to scripted list outputs but not to the function form', async () => {
    const listed = await getModel('mockllm/model', { customOutputs: [modelOutputFromText('m', 'abc')] }).generate('hello');
    assert.equal(listed.usage?.outputTokens, 3);
    const computed = await getModel('mockllm/model', { customOutputs: () => modelOutputFromText('m', 'abc') }).generate('hello');
    assert.equal(computed.usage, undefined);
  });

  it('calls a sync or async function with the request', async () => {
    const seen: unknown[] = [];
    const model = getModel('mockllm/model', {
      config: { temperature: 0.5 },
      customOutputs: async (input, tools, toolChoice, config) => {
        seen.push({ input: input.map((m) => m.content), tools: tools.map((t) => t.name), toolChoice, temperature: config.temperature });
        return modelOutputFromText('mockllm/model', `echo ${input[0]!.content as string}`);
      },
    });
    const output = await model.generate('ping', { tools: [addTool], toolChoice: 'any' });
    assert.equal(output.completion, 'echo ping');
    assert.deepEqual(seen, [{ input: ['ping'], tools: ['add'], toolChoice: 'any', temperature: 0.5 }]);
  });

  it('returns scripted tool calls', async () => {
    const model = getModel('mockllm/model', {
      customOutputs: [modelOutputForToolCall('mockllm/model', 'add', { x: 1, y: 2 }, { id: 'call_1', content: 'adding' })],
    });
    const output = await model.generate('add 1 and 2', { tools: [addTool] });
    const message = output.choices[0]!.message;
    assert.equal(output.choices[0]!.stopReason, 'tool_calls');
    assert.equal(message.content, 'adding');
    assert.deepEqual(message.toolCalls, [{ id: 'call_1', function: 'add', arguments: { x: 1, y: 2 }, type: 'function' }]);
  });

  it('never modifies the scripted output objects', async () => {
    const scripted = modelOutputFromText('mockllm/model', 'same');
    const before = JSON.stringify(scripted);
    const model = getModel('mockllm/model', { customOutputs: [scripted, scripted] });
    const a = await model.generate('x');
    const b = await model.generate('x');
    assert.equal(JSON.stringify(scripted), before);
    assert.notEqual(a.choices[0]!.message.id, b.choices[0]!.message.id);
  });

  it('rejects values that are not outputs with a clear error', async () => {
    const model = getModel('mockllm/model', { customOutputs: [{ text: 'oops' } as unknown as ModelOutput] });
    await assert.rejects(model.generate('x'), /custom_outputs value 1 of mockllm\/model is not a ModelOutput/);
  });

  it("passes a scripted function's own exception through unchanged", async () => {
    class Boom extends Error {}
    const model = getModel('mockllm/model', { customOutputs: () => { throw new Boom('boom'); } });
    await assert.rejects(model.generate('x'), Boom);
  });

  it('fires onModelCreate with the component and config', () => {
    const seen: unknown[] = [];
    on('onModelCreate', (p) => {
      seen.push(p);
    });
    const model = getModel('mockllm/model', { config: { temperature: 0 } });
    assert.equal(model.component.kind, 'model');
    assert.equal(model.component.name, 'mockllm/model');
    assert.equal(model.component.id, model.id);
    assert.deepEqual(seen, [{ modelName: 'mockllm/model', baseUrl: undefined, config: { temperature: 0 }, component: model.component }]);
    assert.notEqual(getModel().id, model.id);
  });

  it('rejects malformed input, naming the message at fault', async () => {
    const model = getModel();
    await assert.rejects(model.generate(42 as unknown as string), /mockllm\/model.generate\(\): input must be a string or an array of chat messages, got number/);
    await assert.rejects(model.generate([{ role: 'user', content: 'ok' }, { role: 'bot', content: 'x' } as unknown as ChatMessage]), /input\[1\] is not a chat message \(role must be .* got "bot"\)/);
    await assert.rejects(model.generate([{ role: 'user' } as unknown as ChatMessage]), /input\[0\].content must be a string or an array/);
  });

  it('rejects bad model names and misplaced options with a clear error', () => {
    assert.throws(() => getModel('gpt-4'), /Invalid model name 'gpt-4': expected 'provider\/model'/);
    assert.throws(() => getModel('nope/model'), /Unknown model provider 'nope'.*mockllm, openai, openai-api, anthropic/);
    assert.throws(() => getModel('openai-api/vllm'), /expected 'openai-api\/<service>\/<model>'/);
    assert.throws(() => getModel('openai/gpt-4o', { apiKey: 'k', customOutputs: [] }), /customOutputs only applies to mockllm/);
  });

  it('abandons a call whose custom function never answers when the caller cancels it', async () => {
    let calls = 0;
    const model = getModel('mockllm/model', {
      customOutputs: () => {
        calls++;
        return new Promise<ModelOutput>(() => undefined);
      },
    });
    const controller = new AbortController();
    const pending = model.generate('wait forever', { signal: controller.signal });
    setImmediate(() => controller.abort(new Error('stop')));
    await assert.rejects(pending, CancelledError);
    assert.equal(calls, 1, 'the function was called once, then abandoned');
  });
});
