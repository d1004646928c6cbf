import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { choice } from '../../src/eval/scorers/index.ts';
import {
  chain,
  chainOfThought,
  chainSteps,
  defineSolver,
  generate,
  isChain,
  multipleChoice,
  planSteps,
  promptTemplate,
  systemMessage,
  userMessage,
} from '../../src/eval/solvers/index.ts';
import { createTaskState } from '../../src/eval/state.ts';
import { textOf } from '../../src/model/output.ts';
import type { Generate, GenerateStateOptions, Sample, TaskState } from '../../src/eval/types.ts';
import { ConfigError } from '../../src/errors.ts';
import { getModel, modelOutputFromText, type ModelOutput } from '../../src/model/index.ts';
import type { ChatMessage, CustomOutputFunction } from '../../src/model/index.ts';
import { freshHooks } from '../helpers.ts';

type TestSample = Sample & { readonly id: string | number };

function stateFor(sample: TestSample, outputs: string[] | CustomOutputFunction = []): TaskState {
  const customOutputs = typeof outputs === 'function' ? outputs : outputs.map((text) => modelOutputFromText('mockllm/model', text));
  const model = getModel('mockllm/model', { customOutputs });
  return createTaskState({ model, sample, epoch: 1, uuid: 'uuid-1' });
}

/** A stand-in for the runtime's generate: one model call, the reply appended. */
function recordingGenerate(): { generate: Generate; calls: (GenerateStateOptions | undefined)[] } {
  const calls: (GenerateStateOptions | undefined)[] = [];
  const fake: Generate = async (state, options) => {
    calls.push(options);
    const output = await state.model.generate(state.messages);
    state.output = output;
    state.messages.push(output.choices[0]!.message);
    return state;
  };
  return { generate: fake, calls };
}

const roles = (state: TaskState): string[] => state.messages.map((m) => m.role);
const texts = (state: TaskState): string[] => state.messages.map((m) => textOf(m.content));

beforeEach(freshHooks);

describe('defineSolver', () => {
  it('says which argument is wrong when called with (name, fn) or without a function', () => {
    assert.throws(() => defineSolver('quick', (async (state: never) => state) as never, undefined as never), /defineSolver\('quick'\): expected \(name, params, fn\), got a function as the second argument/);
    assert.throws(() => defineSolver('quick', {}, 'nope' as never), /got string as the third argument/);
  });

  it('names a custom solver without touching the function', async () => {
    const fn = (state: TaskState): TaskState => {
      state.store.seen = true;
      return state;
    };
    const solver = defineSolver('mark_seen', { flag: 1 }, fn);
    assert.equal(solver.solverName, 'mark_seen');
    assert.deepEqual(solver.solverParams, { flag: 1 });
    assert.equal(solver.name, 'mark_seen');
    assert.equal((fn as { solverName?: string }).solverName, undefined);
    const state = await solver(stateFor({ id: 1, input: 'hi' }), recordingGenerate().generate);
    assert.equal(state.store.seen, true);
  });
});

describe('generate()', () => {
  it('calls the runtime generate with its options and records them as params', async () => {
    const { generate: fake, calls } = recordingGenerate();
    const solver = generate({ toolCalls: 'single', config: { temperature: 0 } });
    assert.equal(solver.solverName, 'generate');
    assert.deepEqual(solver.solverParams, { toolCalls: 'single', config: { temperature: 0 } });
    const state = await solver(stateFor({ id: 1, input: 'hi' }, ['hello']), fake);
    assert.deepEqual(calls, [{ toolCalls: 'single', config: { temperature: 0 } }]);
    assert.equal(state.output.completion, 'hello');
    assert.deepEqual(roles(state), ['user', 'assistant']);
  });
});

describe('prompt solvers', () => {
  it('systemMessage inserts after existing system messages, with metadata and params', async () => {
    const input: ChatMessage[] = [
      { role: 'system', content: 'first' },
      { role: 'user', content: 'question' },
    ];
    const state = stateFor({ id: 1, input, metadata: { subject: 'chemistry', tone: 'dry' } });
    await systemMessage('You teach {subject} in a {tone} tone, {{literally}}.', { tone: 'warm' })(state, recordingGenerate().generate);
    assert.deepEqual(roles(state), ['system', 'system', 'user']);
    assert.equal(texts(state)[1], 'You teach chemistry in a warm tone, {literally}.');
    const bare = stateFor({ id: 2, input: 'q' });
    await systemMessage('Be brief.')(bare, recordingGenerate().generate);
    assert.deepEqual(roles(bare), ['system', 'user']);
  });

  it('a missing template key is an error naming it and the available keys', async () => {
    const state = stateFor({ id: 1, input: 'q', metadata: { subject: 'x' } });
    await assert.rejects(async () => systemMessage('About {topic}.', { level: 2 })(state, recordingGenerate().generate), (error: unknown) => {
      assert.ok(error instanceof ConfigError, 'a ConfigError');
      assert.match(error.message, /\{topic\}/);
      assert.match(error.message, /available: level, subject/);
      return true;
    });
  });

  it('userMessage appends a user message', async () => {
    const state = stateFor({ id: 1, input: 'q', metadata: { n: 3 } });
    await userMessage('Give {n} reasons.')(state, recordingGenerate().generate);
    assert.deepEqual(texts(state), ['q', 'Give 3 reasons.']);
  });

  it('promptTemplate rewrites the last user message, keeping other content parts', async () => {
    const input: ChatMessage[] = [
      { role: 'user', content: 'old' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: [{ type: 'image', image: 'data:,' }, { type: 'text', text: 'What is shown?' }] },
    ];
    const state = stateFor({ id: 1, input, metadata: { style: 'short' } });
    await promptTemplate('{prompt}\nAnswer in a {style} way.')(state, recordingGenerate().generate);
    assert.equal(texts(state)[0], 'old');
    const last = state.messages[2]!;
    assert.deepEqual(last.content, [{ type: 'image', image: 'data:,' }, { type: 'text', text: 'What is shown?\nAnswer in a short way.' }]);
  });

  it('promptTemplate without a user message is an error', async () => {
    const state = stateFor({ id: 1, input: [{ role: 'system', content: 's' }] });
    await assert.rejects(async () => promptTemplate('{prompt}!')(state, recordingGenerate().generate), /no user message/);
  });

  it('chainOfThought asks for a final ANSWER line', async () => {
    const state = stateFor({ id: 1, input: 'What is 6 x 7?' });
    const solver = chainOfThought();
    assert.equal(solver.solverName, 'chain_of_thought');
    await solver(state, recordingGenerate().generate);
    assert.match(texts(state)[0]!, /^What is 6 x 7\?\n\nBefore answering[\s\S]*"ANSWER: \$ANSWER"/);
  });
});

describe('chain()', () => {
  it('runs solvers in order and stops once the state is completed', async () => {
    const order: string[] = [];
    const step = (name: string, complete = false) =>
      defineSolver(name, {}, (state) => {
        order.push(name);
        state.completed = complete;
        return state;
      });
    const solver = chain(step('a'), step('b', true), step('c'));
    const state = await solver(stateFor({ id: 1, input: 'q' }), recordingGenerate().generate);
    assert.deepEqual(order, ['a', 'b']);
    assert.equal(state.completed, true);
  });

  it('flattens nested chains into plan steps', () => {
    const inner = chain(systemMessage('s'), generate());
    const outer = chain(userMessage('u'), inner, [promptTemplate('{prompt}')]);
    assert.ok(isChain(outer), 'a chain');
    assert.equal(outer.solverName, 'chain');
    assert.deepEqual(outer.solverParams, { solvers: ['user_message', 'system_message', 'generate', 'prompt_template'] });
    assert.deepEqual(chainSteps(outer).map((s) => s.solverName), ['user_message', 'system_message', 'generate', 'prompt_template']);
    const plain = (state: TaskState): TaskState => state;
    assert.deepEqual(planSteps([outer, plain]), [
      { solver: 'user_message', params: { template: 'u' }, paramsPassed: { template: 'u' } },
      { solver: 'system_message', params: { template: 's' }, paramsPassed: { template: 's' } },
      { solver: 'generate', params: {}, paramsPassed: {} },
      { solver: 'prompt_template', params: { template: '{prompt}' }, paramsPassed: { template: '{prompt}' } },
      { solver: 'plain', params: {}, paramsPassed: {} },
    ]);
  });
});

describe('multipleChoice()', () => {
  const sample: TestSample = { id: 'capital', input: 'What is the capital of France?', choices: ['Paris', 'Rome', 'Berlin'], target: 'A' };

  it('lists the choices with letters, generates, and scores with choice()', async () => {
    const { generate: fake, calls } = recordingGenerate();
    const state = await multipleChoice()(stateFor(sample, ['ANSWER: A']), fake);
    assert.equal(calls.length, 1);
    assert.equal(
      texts(state)[0],
      "Answer the following multiple choice question. The entire content of your response should be of the following format: 'ANSWER: $LETTER' (without quotes) where LETTER is one of A,B,C.\n\nWhat is the capital of France?\n\nA) Paris\nB) Rome\nC) Berlin",
    );
    const score = await choice()(state, state.target);
    assert.equal(score.value, 'C');
    assert.equal(score.answer, 'A');
  });

  it('shuffles with a seed, then shows the conversation in the original order', async () => {
    const shown: string[] = [];
    const answerParis: CustomOutputFunction = (input) => {
      const text = textOf(input.at(-1)!.content);
      shown.push(text);
      const letter = /([A-C])\) Paris/.exec(text)![1]!;
      return modelOutputFromText('mockllm/model', `ANSWER: ${letter}`);
    };
    const solver = multipleChoice({ shuffle: true, seed: 3 });
    assert.deepEqual(solver.solverParams, { multipleCorrect: false, shuffle: true, seed: 3 });
    const orders = new Set<string>();
    for (let epoch = 1; epoch <= 6; epoch++) {
      const model = getModel('mockllm/model', { customOutputs: answerParis });
      const state = createTaskState({ model, sample, epoch, uuid: `u${epoch}` });
      await solver(state, recordingGenerate().generate);
      assert.equal(state.output.completion, 'ANSWER: A');
      assert.equal(textOf(state.messages.at(-1)!.content), 'ANSWER: A');
      assert.match(texts(state)[0]!, /A\) Paris\nB\) Rome\nC\) Berlin$/);
      assert.equal((await choice()(state, state.target)).value, 'C');
      orders.add(shown.at(-1)!.slice(-30));
    }
    assert.ok(orders.size > 1, `the order varies across epochs: ${[...orders].join(' | ')}`);
  });

  it('uses the multiple-answer template and rejects templates without placeholders', async () => {
    const state = await multipleChoice({ multipleCorrect: true })(stateFor({ ...sample, target: ['A', 'C'] }, ['ANSWER: A, C']), recordingGenerate().generate);
    assert.match(texts(state)[0]!, /multiple answers may be correct/);
    assert.equal((await choice()(state, state.target)).value, 'C');
    assert.throws(() => multipleChoice({ template: 'Just {question}' }), /must contain \{question\} and \{choices\}/);
  });

  it('fails clearly on a sample without choices', async () => {
    await assert.rejects(async () => multipleChoice()(stateFor({ id: 9, input: 'q' }), recordingGenerate().generate), /sample 9 has no choices/);
  });
});

describe('custom solvers', () => {
  it('are plain functions of (state, generate)', async () => {
    const custom = async (state: TaskState, gen: Generate): Promise<TaskState> => {
      state.messages.push({ role: 'user', content: 'extra' });
      return gen(state);
    };
    const outputs: ModelOutput[] = [];
    const state = await chain(custom)(stateFor({ id: 1, input: 'q' }, ['done']), async (s) => {
      const result = await recordingGenerate().generate(s);
      outputs.push(result.output);
      return result;
    });
    assert.deepEqual(texts(state), ['q', 'extra', 'done']);
    assert.equal(outputs.length, 1);
  });
});
