import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { agentSolver } from '../../src/agent/solver.ts';
import { evaluate } from '../../src/eval/evaluate.ts';
import { includes } from '../../src/eval/scorers/index.ts';
import { task } from '../../src/eval/task.ts';
import type { ToolEvent } from '../../src/types/events.ts';
import { getModel, modelOutputForToolCall, modelOutputFromText } from '../../src/model/index.ts';
import { textOf } from '../../src/model/output.ts';
import { on } from '../../src/hooks/register.ts';
import { defineTool } from '../../src/tools/define-tool.ts';
import { recordEvents } from '../../src/testing/recorder.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { tempDir } from '../helpers.ts';

const add = defineTool<{ a: number; b: number }>({
  name: 'add',
  description: 'Adds two numbers.',
  parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
  execute: ({ a, b }) => a + b,
});

function scriptedModel() {
  return getModel('mockllm/model', {
    customOutputs: (input) => {
      const last = input[input.length - 1];
      if (last?.role === 'tool') return modelOutputFromText('mockllm/model', `The sum is ${textOf(last.content)}.`);
      return modelOutputForToolCall('mockllm/model', 'add', { a: 2, b: 3 });
    },
  });
}

describe('an agent as an eval solver', () => {
  beforeEach(resetHooks);

  it('fires tool and agent events inside samples and records the tool call in the transcript', async () => {
    const { recorder } = recordEvents();
    const transcriptDir = tempDir();
    const [log] = await evaluate(
      task({
        name: 'agent_task',
        dataset: [{ id: 'a', input: 'What is 2 + 3?', target: '5' }],
        solver: agentSolver({ tools: [add] }, { transcriptDir }),
        scorer: includes(),
        model: scriptedModel(),
      }),
      { banner: false, noLog: true },
    );
    assert.equal(log!.status, 'success');
    const sample = log!.samples![0]!;
    assert.equal(sample.scores?.includes?.value, 'C');
    const pre = recorder.of('onPreToolUse')[0]!;
    const post = recorder.of('onPostToolUse')[0]!;
    const start = recorder.of('onSampleStart')[0]!;
    assert.equal(pre.toolName, 'add');
    assert.deepEqual(pre.toolInput, { a: 2, b: 3 });
    assert.equal(post.toolResponse, 5);
    assert.equal(pre.sampleId, start.sampleId, 'tool hooks carry the sample uuid');
    assert.equal(pre.evalId, start.evalId);
    assert.equal(recorder.count('onUserPromptSubmit'), 1);
    assert.equal(recorder.count('onStop'), 1);
    const tools = sample.events.filter((e): e is ToolEvent => e.event === 'tool');
    assert.equal(tools.length, 1);
    assert.equal(tools[0]!.function, 'add');
    assert.ok(sample.messages.some((m) => m.role === 'tool'), 'the tool result is in the messages');
    assert.ok(recorder.of('onSampleEvent').some((e) => e.event.event === 'tool'), 'the tool event reached onSampleEvent');
  });

  it('lets a PreToolUse hook deny a tool call inside an eval sample', async () => {
    on('onToolStart', () => ({ decision: 'block', reason: 'no arithmetic today' }));
    const model = getModel('mockllm/model', {
      customOutputs: (input) => {
        const last = input[input.length - 1];
        if (last?.role === 'tool') return modelOutputFromText('mockllm/model', textOf(last.content));
        return modelOutputForToolCall('mockllm/model', 'add', { a: 1, b: 1 });
      },
    });
    const [log] = await evaluate(
      task({ name: 'denied', dataset: [{ input: 'Add 1 and 1.', target: 'blocked' }], solver: agentSolver({ tools: [add] }, { transcriptDir: tempDir() }), scorer: includes(), model }),
      { banner: false, noLog: true },
    );
    const sample = log!.samples![0]!;
    assert.match(sample.output.completion, /Tool call blocked by PreToolUse hook: no arithmetic today\. Tool: add/);
    assert.equal(sample.scores?.includes?.value, 'C');
  });
});
