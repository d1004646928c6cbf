import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { CancelledError, LimitExceededError } from '../../src/errors.ts';
import { resetHookBus } from '../../src/hooks/bus.ts';
import { createHandlerEntry, on } from '../../src/hooks/register.ts';
import type { TranscriptEvent } from '../../src/types/events.ts';
import {
  type ChatMessage,
  getModel,
  ModelError,
  modelOutputFromText,
  type ModelOutput,
  type ToolInfo,
} from '../../src/model/index.ts';
import { type ActiveContext, runInContext } from '../../src/runtime/context.ts';
import { recordModelHooks } from '../fixtures/model/hook-recorder.ts';

const addTool: ToolInfo = {
  name: 'add',
  description: 'Add two numbers.',
  parameters: { type: 'object', properties: { x: { type: 'number', description: 'first' } }, required: ['x'] },
};

const fast = { retryBackoff: { initialMs: 1, maxMs: 2, jitterMs: 1 } };

const ids = { evalSetId: 'set-1', runId: 'run-1', evalId: 'eval-1', sampleId: 'sample-uuid-1', taskName: 'task-a', sessionId: 'session-1' };

/** A mockllm model whose first `failures` calls fail with a retryable error. */
function flakyModel(failures: number, seen?: unknown[][]) {
  let calls = 0;
  return getModel('mockllm/model', {
    ...fast,
    customOutputs: (input, tools) => {
      seen?.push(tools.map((t) => t.description));
      calls++;
      if (calls <= failures) {
        throw new ModelError('server overloaded', { provider: 'mockllm', retryable: true, statusCode: 503, exceptionType: 'InternalServerError' });
      }
      return modelOutputFromText('mockllm/model', `ok after ${calls}`, { usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 } });
    },
  });
}

beforeEach(() => {
  resetHookBus();
});

describe('generate pipeline', () => {
  it('fires before → usage → after, with every payload field filled', async () => {
    const rec = recordModelHooks();
    const model = getModel();
    const output = await model.generate('hello', { config: { temperature: 0.2 } });
    assert.deepEqual(rec.names(), ['onModelCreate', 'onBeforeModelGenerate', 'onModelUsage', 'onAfterModelGenerate']);
    const [before] = rec.of('onBeforeModelGenerate');
    assert.equal(before!['modelName'], 'mockllm/model');
    assert.deepEqual(before!['input'], [{ role: 'user', content: 'hello', source: 'input' }]);
    assert.deepEqual(before!['tools'], []);
    assert.equal(before!['toolChoice'], 'none');
    assert.deepEqual(before!['config'], { temperature: 0.2 });
    assert.deepEqual(before!['component'], { ...model.component });
    const [usage] = rec.of('onModelUsage');
    assert.deepEqual(usage!['usage'], output.usage);
    assert.equal(usage!['retries'], 0);
    assert.equal(typeof usage!['callDuration'], 'number');
    const [after] = rec.of('onAfterModelGenerate');
    assert.equal(after!['cached'], false);
    assert.equal((after!['output'] as ModelOutput).completion, output.completion);
    assert.deepEqual(after!['usage'], output.usage);
    assert.equal(typeof after!['duration'], 'number');
    rec.stop();
  });

  it('puts the context ids on every model hook, per concurrent context', async () => {
    const rec = recordModelHooks();
    const model = flakyModel(1);
    await Promise.all([
      runInContext(ids, () => model.generate('a', { cache: false })),
      runInContext({ ...ids, sampleId: 'sample-uuid-2' }, () => getModel().generate('b')),
    ]);
    for (const r of rec.log) {
      if (r.event === 'onModelCreate') continue;
      assert.equal(r.payload['evalSetId'], 'set-1', r.event);
      assert.equal(r.payload['runId'], 'run-1', r.event);
      assert.equal(r.payload['evalId'], 'eval-1', r.event);
      assert.equal(r.payload['taskName'], 'task-a', r.event);
      assert.equal(r.payload['sessionId'], 'session-1', r.event);
      assert.match(String(r.payload['sampleId']), /^sample-uuid-[12]$/, r.event);
      assert.equal(r.payload['modelName'], 'mockllm/model', r.event);
    }
    assert.equal(rec.of('onModelRetry').length, 1);
    assert.equal(rec.of('onModelRetry')[0]!['sampleId'], 'sample-uuid-1');
    rec.stop();
  });

  it('retries retryable failures with one onModelRetry per retry', async () => {
    const rec = recordModelHooks();
    const output = await flakyModel(2).generate('x');
    assert.equal(output.completion, 'ok after 3');
    const retries = rec.of('onModelRetry');
    assert.deepEqual(retries.map((r) => [r['attempt'], r['statusCode'], r['exceptionType']]), [[1, 503, 'InternalServerError'], [2, 503, 'InternalServerError']]);
    for (const r of retries) assert.ok(typeof r['waitTime'] === 'number' && r['waitTime'] >= 0, `waitTime ${String(r['waitTime'])}`);
    assert.equal(rec.of('onBeforeModelGenerate').length, 3);
    assert.equal(rec.of('onModelUsage')[0]!['retries'], 2);
    rec.stop();
  });

  it('stops after config.maxRetries retries', async () => {
    const rec = recordModelHooks();
    await assert.rejects(flakyModel(10).generate('x', { config: { maxRetries: 3 } }), (error: unknown) => {
      assert.ok(error instanceof ModelError, `expected a ModelError, got ${String(error)}`);
      assert.match(error.message, /request failed after 3 retries with status 503 \(InternalServerError\): server overloaded/);
      return true;
    });
    assert.equal(rec.of('onModelRetry').length, 3);
    assert.equal(rec.of('onBeforeModelGenerate').length, 4);
    rec.stop();
  });

  it('does not accumulate tool mutations across retries', async () => {
    const seen: unknown[][] = [];
    let attempt = 0;
    on('onBeforeModelGenerate', (p) => {
      attempt++;
      p.tools[0]!.description += ` attempt ${attempt}`;
      p.tools[0]!.parameters.properties['x']!.description = `${p.tools[0]!.parameters.properties['x']!.description ?? ''} attempt ${attempt}`;
    });
    await flakyModel(1, seen).generate('x', { tools: [addTool] });
    assert.deepEqual(seen, [['Add two numbers. attempt 1'], ['Add two numbers. attempt 2']]);
    assert.equal(addTool.description, 'Add two numbers.');
    assert.equal(addTool.parameters.properties['x']!.description, 'first');
  });

  it("sends a hook's input and config changes to the provider without touching the caller's objects", async () => {
    const seen: unknown[] = [];
    const model = getModel('mockllm/model', {
      config: { temperature: 1 },
      customOutputs: (input, _tools, _choice, config) => {
        seen.push({ content: input.map((m) => m.content), temperature: config.temperature });
        return modelOutputFromText('m', 'ok');
      },
    });
    on('onBeforeModelGenerate', (p) => {
      p.input[0]!.content = 'rewritten';
      p.input.push({ role: 'user', content: 'added' });
      p.config.temperature = 0;
    });
    const messages: ChatMessage[] = [{ role: 'user', content: 'original' }];
    await model.generate(messages);
    assert.deepEqual(seen, [{ content: ['rewritten', 'added'], temperature: 0 }]);
    assert.deepEqual(messages, [{ role: 'user', content: 'original' }]);
    assert.equal(model.config.temperature, 1);
  });

  it("records the caller's own messages and tools when onBeforeModelGenerate hooks left their copies unchanged", async () => {
    const events: TranscriptEvent[] = [];
    const ctx: ActiveContext = { ...ids, transcript: { record: (e) => events.push(e) } };
    const handed: unknown[] = [];
    on('onBeforeModelGenerate', (p) => {
      handed.push(p.input[0], p.tools[0]);
    });
    const messages: ChatMessage[] = [{ role: 'user', content: 'hi', metadata: { nested: [1, { deep: NaN }] } }];
    await runInContext(ctx, () => flakyModel(1).generate(messages, { tools: [addTool] }));
    assert.equal(handed.length, 4, 'the hook ran on both attempts');
    assert.ok(handed.every((value) => value !== messages[0] && value !== addTool), 'each attempt handed the hook copies');
    assert.notEqual(handed[0], handed[2], 'a fresh copy on the second attempt');
    const event = events[0];
    assert.ok(event?.event === 'model', 'a model event');
    assert.equal(event.input[0], messages[0], "the event holds the caller's message, not an equal copy");
    assert.equal(event.tools[0], addTool, "and the caller's tool");

    // A hook that edits in place keeps its copy.
    on('onBeforeModelGenerate', (p) => {
      (p.input[0]!.metadata!.nested as unknown[]).push(2);
    });
    events.length = 0;
    await runInContext(ctx, () => flakyModel(0).generate(messages));
    const edited = events[0];
    assert.ok(edited?.event === 'model', 'a model event');
    assert.notEqual(edited.input[0], messages[0], 'an edited copy is what was sent and recorded');
    assert.deepEqual(edited.input[0]!.metadata, { nested: [1, { deep: NaN }, 2] }, 'with the edit');
    assert.deepEqual(messages[0]!.metadata, { nested: [1, { deep: NaN }] }, "and the caller's message is untouched");
  });

  it('gives onAfterModelGenerate the input as it was sent, not the caller\'s list as it grows after', async () => {
    for (const withBefore of [false, true]) {
      resetHookBus();
      if (withBefore) on('onBeforeModelGenerate', () => undefined);
      const seen: unknown[][] = [];
      on('onAfterModelGenerate', (p) => {
        seen.push(p.input as unknown[]);
      });
      const messages: ChatMessage[] = [{ role: 'user', content: 'hi' }];
      await flakyModel(0).generate(messages);
      messages.push({ role: 'assistant', content: 'later' });
      assert.equal(seen[0]?.length, 1, `one message, as sent (${withBefore ? 'with' : 'without'} an onBeforeModelGenerate hook)`);
    }
  });

  it('keeps only the named tool for a tool-function choice, and drops tools for none', async () => {
    const seen: unknown[] = [];
    const model = getModel('mockllm/model', {
      customOutputs: (_input, tools, choice) => {
        seen.push([tools.map((t) => t.name), choice]);
        return modelOutputFromText('m', 'ok');
      },
    });
    const other: ToolInfo = { ...addTool, name: 'other' };
    await model.generate('x', { tools: [addTool, other], toolChoice: { name: 'other' } });
    await model.generate('x', { tools: [addTool], toolChoice: 'none' });
    assert.deepEqual(seen, [[['other'], { name: 'other' }], [[], 'none']]);
  });

  it('records one complete ModelEvent per call in the context transcript', async () => {
    const events: TranscriptEvent[] = [];
    const ctx: ActiveContext = { ...ids, transcript: { record: (e) => events.push(e) } };
    const messages: ChatMessage[] = [{ role: 'user', content: 'hi' }];
    await runInContext(ctx, () => flakyModel(1).generate(messages, { tools: [addTool], config: { seed: 1 } }));
    messages.push({ role: 'user', content: 'later' });
    assert.equal(events.length, 1);
    const event = events[0]!;
    assert.equal(event.event, 'model');
    if (event.event !== 'model') return;
    assert.equal(event.model, 'mockllm/model');
    assert.deepEqual(event.input, [{ role: 'user', content: 'hi' }]);
    assert.deepEqual(event.tools.map((t) => t.name), ['add']);
    assert.equal(event.toolChoice, 'auto');
    assert.deepEqual(event.config, { seed: 1 });
    assert.equal(event.output.completion, 'ok after 2');
    assert.equal(event.retries, 1);
    assert.equal(event.cache, undefined);
    assert.match(event.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    assert.match(event.completed!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    assert.equal(event.workingStart, 0);
    assert.equal(typeof event.workingTime, 'number');
    assert.deepEqual(event.call?.request['model'], 'mockllm/model');
    assert.deepEqual(event.call?.request['messages'], [{ role: 'user', content: 'hi' }], 'the recorded request holds the messages as sent, not those added later');
  });

  it('records usage before onModelUsage, and a limit there skips onModelUsage', async () => {
    const order: string[] = [];
    on('onModelUsage', () => {
      order.push('hook');
    });
    await runInContext({ recordUsage: (name, usage) => order.push(`record ${name} ${usage.totalTokens > 0}`) }, () => getModel().generate('x'));
    assert.deepEqual(order, ['record mockllm/model true', 'hook']);

    order.length = 0;
    const events: TranscriptEvent[] = [];
    const limited: ActiveContext = {
      transcript: { record: (e) => events.push(e) },
      recordUsage: () => {
        throw new LimitExceededError('token', { value: 50, limit: 10 });
      },
    };
    await assert.rejects(runInContext(limited, () => getModel().generate('x')), LimitExceededError);
    assert.deepEqual(order, []);
    assert.equal(events.length, 1, 'the ModelEvent is complete before usage is recorded');
  });

  it('lets a limit raised by onBeforeModelGenerate escape before any ModelEvent', async () => {
    on('onBeforeModelGenerate', () => {
      throw new LimitExceededError('custom', { value: 1, limit: 0, message: 'stop before provider' });
    });
    let calls = 0;
    const model = getModel('mockllm/model', { customOutputs: () => { calls++; return modelOutputFromText('m', 'x'); } });
    const events: TranscriptEvent[] = [];
    await assert.rejects(runInContext({ transcript: { record: (e) => events.push(e) } }, () => model.generate('x')), /stop before provider/);
    assert.equal(calls, 0);
    assert.equal(events.length, 0);
  });

  it("delivers model events to the context's scoped handlers", async () => {
    const seen: string[] = [];
    const entries = new Map(
      (['onModelCreate', 'onBeforeModelGenerate', 'onModelUsage', 'onAfterModelGenerate'] as const).map((event) => [
        event as string,
        [createHandlerEntry(event, () => { seen.push(event); }, { hookName: 'agent-scope', source: 'instance' })],
      ]),
    );
    await runInContext({ scopedHandlers: (event) => entries.get(event) }, () => getModel().generate('x'));
    assert.deepEqual(seen, ['onModelCreate', 'onBeforeModelGenerate', 'onModelUsage', 'onAfterModelGenerate']);
  });

  it('rejects with CancelledError when the signal fires, during back-off too', async () => {
    const aborted = AbortSignal.abort();
    await assert.rejects(getModel().generate('x', { signal: aborted }), CancelledError);
    const controller = new AbortController();
    const model = getModel('mockllm/model', {
      retryBackoff: { initialMs: 60_000, jitterMs: 0 },
      customOutputs: () => { throw new ModelError('busy', { provider: 'mockllm', retryable: true }); },
    });
    on('onModelRetry', () => {
      controller.abort();
    });
    await assert.rejects(runInContext({ signal: controller.signal }, () => model.generate('x')), CancelledError);
  });

  it('abandons an attempt after config.attemptTimeout and retries it', async () => {
    let calls = 0;
    const model = getModel('mockllm/model', {
      ...fast,
      customOutputs: async () => {
        calls++;
        if (calls === 1) await new Promise((resolve) => setTimeout(resolve, 5_000).unref());
        return modelOutputFromText('m', `call ${calls}`);
      },
    });
    const rec = recordModelHooks();
    const output = await model.generate('x', { config: { attemptTimeout: 0.05 } });
    assert.equal(output.completion, 'call 2');
    assert.deepEqual(rec.of('onModelRetry').map((r) => [r['attempt'], r['exceptionType'], r['statusCode']]), [[1, 'TimeoutError', undefined]]);
    rec.stop();
  });

  it('gives up when config.timeout runs out', async () => {
    const model = getModel('mockllm/model', {
      customOutputs: () => new Promise<ModelOutput>(() => undefined),
    });
    await assert.rejects(model.generate('x', { config: { timeout: 0.05 } }), /gave up after config.timeout \(0.05s\).*Raise the timeout to wait longer \(config.timeout; --timeout/);
  });

  it('limits concurrent calls with config.maxConnections across instances', async () => {
    let active = 0;
    let peak = 0;
    const make = () => getModel('mockllm/limited', {
      config: { maxConnections: 2 },
      customOutputs: async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 5));
        active--;
        return modelOutputFromText('m', 'ok');
      },
    });
    const a = make();
    const b = make();
    await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? a : b).generate('x')));
    assert.equal(peak, 2);
  });
});
