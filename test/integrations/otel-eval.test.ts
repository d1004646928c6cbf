import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { evalSet } from '../../src/eval/eval-set.ts';
import { evaluate } from '../../src/eval/evaluate.ts';
import { defineSolver, generate } from '../../src/eval/solvers/index.ts';
import { getModel } from '../../src/model/index.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { failN, mockTask } from '../eval/runtime-helpers.ts';
import { tempDir } from '../helpers.ts';
import { memoryTracing, outline } from './otel-helpers.ts';

const quiet = { banner: false, noLog: true } as const;

function attr(span: ReadableSpan | undefined, key: string): unknown {
  assert.ok(span, `span with ${key} exists`);
  return span.attributes[key];
}

describe('OpenTelemetry spans of an eval', () => {
  beforeEach(resetHooks);

  it('builds run → task → sample → attempt → chat, with a failed attempt retried (fail-n, retryOnError)', async () => {
    const tracing = memoryTracing();
    const [log] = await evaluate(mockTask({ solver: failN(2) }), { ...quiet, retryOnError: 3 });
    assert.deepEqual(outline(tracing), [
      'eval_run',
      '  eval_task mock_task',
      '    eval_sample',
      '      eval_attempt !',
      '      eval_attempt',
      '        chat model',
    ]);
    const [first, second] = tracing.named('eval_attempt').sort((a, b) => Number(attr(a, 'hookline.attempt')) - Number(attr(b, 'hookline.attempt')));
    assert.equal(first!.status.code, SpanStatusCode.ERROR);
    assert.match(first!.status.message ?? '', /Simulated failure 1/);
    assert.equal(first!.events.find((e) => e.name === 'exception')?.attributes?.['exception.message'], 'Simulated failure 1');
    assert.equal(attr(first, 'hookline.attempt.will_retry'), true);
    assert.equal(second!.status.code, SpanStatusCode.UNSET);
    assert.equal(attr(second, 'hookline.attempt.will_retry'), false);

    const run = tracing.named('eval_run')[0];
    const task = tracing.named('eval_task mock_task')[0];
    const sample = tracing.named('eval_sample')[0];
    const chat = tracing.named('chat model')[0];
    assert.equal(attr(run, 'hookline.run.id'), log!.eval.runId);
    assert.equal(attr(task, 'hookline.eval.id'), log!.eval.evalId);
    assert.equal(attr(task, 'hookline.task.name'), 'mock_task');
    assert.equal(attr(task, 'hookline.task.status'), 'success');
    assert.equal(attr(sample, 'hookline.sample.uuid'), log!.samples![0]!.uuid);
    assert.equal(attr(sample, 'hookline.sample.id'), '1');
    assert.equal(attr(sample, 'hookline.sample.epoch'), 1);
    assert.equal(attr(sample, 'hookline.task.name'), 'mock_task');
    assert.equal(attr(sample, 'hookline.sample.error_retries'), 1);
    assert.equal(attr(sample, 'hookline.score.includes'), 'C');
    assert.equal(attr(second, 'hookline.sample.uuid'), log!.samples![0]!.uuid);

    assert.equal(chat!.kind, SpanKind.CLIENT);
    assert.equal(attr(chat, 'gen_ai.operation.name'), 'chat');
    assert.equal(attr(chat, 'gen_ai.provider.name'), 'mockllm');
    assert.equal(attr(chat, 'gen_ai.system'), 'mockllm');
    assert.equal(attr(chat, 'gen_ai.request.model'), 'model');
    assert.equal(attr(chat, 'gen_ai.response.model'), 'mockllm', 'the model the provider reported');
    assert.deepEqual(attr(chat, 'gen_ai.response.finish_reasons'), ['stop']);
    assert.equal(typeof attr(chat, 'gen_ai.usage.input_tokens'), 'number');
    assert.equal(typeof attr(chat, 'gen_ai.usage.output_tokens'), 'number');
    assert.equal(attr(chat, 'hookline.sample.uuid'), log!.samples![0]!.uuid);
    assert.equal(attr(chat, 'hookline.task.name'), 'mock_task');
    assert.equal(attr(chat, 'gen_ai.input.messages'), undefined, 'no content unless enabled');
    assert.ok(tracing.spans().every((s) => s.ended), 'every span ended');
    assert.equal(tracing.hooks.tree.size, 0, 'nothing left open');
  });

  it('records request parameters and, when enabled, the prompt and completion', async () => {
    const tracing = memoryTracing({ captureContent: true });
    await evaluate(mockTask({ config: { temperature: 0.25, maxTokens: 64, seed: 7 } }), quiet);
    const chat = tracing.named('chat model')[0];
    assert.equal(attr(chat, 'gen_ai.request.temperature'), 0.25);
    assert.equal(attr(chat, 'gen_ai.request.max_tokens'), 64);
    assert.equal(attr(chat, 'gen_ai.request.seed'), 7);
    const input = JSON.parse(String(attr(chat, 'gen_ai.input.messages'))) as unknown;
    assert.deepEqual(input, [{ role: 'user', parts: [{ type: 'text', content: 'Question 1' }] }]);
    const output = JSON.parse(String(attr(chat, 'gen_ai.output.messages'))) as { role: string; finish_reason: string; parts: { content: string }[] }[];
    assert.equal(output[0]!.role, 'assistant');
    assert.equal(output[0]!.finish_reason, 'stop');
    assert.match(output[0]!.parts[0]!.content, /Default output/);
  });

  it('keeps concurrent samples apart: every chat span is under the attempt of its own sample', async () => {
    const tracing = memoryTracing();
    const slow = defineSolver('slow', {}, async (state, gen) => {
      // Interleave samples: later samples finish first.
      await new Promise((resolve) => setTimeout(resolve, (10 - Number(state.sampleId)) * 3));
      return await gen(state);
    });
    await evaluate(mockTask({ samples: 8, solver: [slow, generate()] }), { ...quiet, maxSamples: 8 });
    const chats = tracing.named('chat model');
    assert.equal(chats.length, 16);
    for (const chat of chats) {
      const attempt = tracing.parentOf(chat);
      assert.equal(attempt?.name, 'eval_attempt');
      assert.equal(attr(attempt, 'hookline.sample.uuid'), attr(chat, 'hookline.sample.uuid'), 'chat and attempt belong to one sample');
      const sample = tracing.parentOf(attempt);
      assert.equal(attr(sample, 'hookline.sample.uuid'), attr(chat, 'hookline.sample.uuid'));
    }
    assert.equal(new Set(tracing.named('eval_sample').map((s) => attr(s, 'hookline.sample.id'))).size, 8);
  });

  it('ends a model call whose retries ran out at its attempt end, as ERROR', async () => {
    const tracing = memoryTracing();
    let calls = 0;
    const model = getModel('mockllm/flaky', {
      customOutputs: () => {
        calls++;
        throw Object.assign(new Error('overloaded'), { status: 529 });
      },
    });
    const [log] = await evaluate(mockTask(), { ...quiet, model, config: { maxRetries: 1 }, modelOptions: {} });
    assert.ok(calls >= 1, 'the model was called');
    assert.equal(log!.samples![0]!.error !== undefined, true, 'the sample failed');
    const chat = tracing.spans().find((s) => s.name.startsWith('chat '));
    assert.ok(chat, 'a chat span exists');
    assert.equal(chat.status.code, SpanStatusCode.ERROR);
    assert.match(chat.status.message ?? '', /did not complete/);
    assert.equal(attr(chat, 'hookline.span.incomplete'), true);
    assert.equal(tracing.parentOf(chat)?.name, 'eval_attempt');
    assert.equal(tracing.hooks.tree.size, 0, 'nothing left open');
  });

  it('ends a failed task at RunEnd with the log status, and a run whose set-up failed with its exception', async () => {
    const tracing = memoryTracing();
    await evaluate(mockTask({ solver: failN(100) }), quiet);
    const task = tracing.named('eval_task mock_task')[0];
    assert.equal(task?.status.code, SpanStatusCode.ERROR);
    assert.equal(attr(task, 'hookline.task.status'), 'error');
    tracing.exporter.reset();
    await assert.rejects(evaluate([], quiet), /No tasks/);
    const run = tracing.named('eval_run')[0];
    assert.equal(run?.status.code, SpanStatusCode.ERROR);
    assert.ok(run.events.some((e) => e.name === 'exception'), 'the exception is recorded');
  });

  it('puts an eval set’s runs (the retry of a failed task included) under one eval_set span', async () => {
    const tracing = memoryTracing();
    const result = await evalSet(mockTask({ solver: failN(2) }), { banner: false, logDir: tempDir(), retryAttempts: 2 });
    const [set] = tracing.named('eval_set');
    assert.ok(set, 'an eval_set span');
    assert.equal(set.attributes['hookline.eval_set.id'], result.evalSetId);
    const runs = tracing.childrenOf(set);
    assert.ok(runs.length >= 2, `a run per try: ${outline(tracing).join('\n')}`);
    assert.ok(runs.every((r) => r.name === 'eval_run' && r.attributes['hookline.eval_set.id'] === set.attributes['hookline.eval_set.id']), 'runs carry the set id');
    assert.equal(tracing.hooks.tree.size, 0, 'nothing left open');
  });

  it('ends a cancelled run’s spans', async () => {
    const tracing = memoryTracing();
    const controller = new AbortController();
    const hang = defineSolver('hang', {}, async (state) => {
      controller.abort(new Error('stop now'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      return state;
    });
    await evaluate(mockTask({ samples: 2, solver: hang }), { ...quiet, signal: controller.signal });
    assert.equal(tracing.hooks.tree.size, 0, 'nothing left open');
    const task = tracing.named('eval_task mock_task')[0];
    assert.equal(attr(task, 'hookline.task.status'), 'cancelled');
    assert.equal(task?.status.code, SpanStatusCode.ERROR);
  });
});
