import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import {
  answer,
  choice,
  CORRECT,
  defineScorer,
  exact,
  includes,
  INCORRECT,
  match,
  type MatchOptions,
  modelGradedFact,
  modelGradedQa,
  NOANSWER,
  PARTIAL,
  pattern,
} from '../../src/eval/scorers/index.ts';
import { createTaskState } from '../../src/eval/state.ts';
import { textOf } from '../../src/model/output.ts';
import type { Sample, Scorer, TaskState } from '../../src/eval/types.ts';
import { ConfigError } from '../../src/errors.ts';
import type { Score } from '../../src/types/log.ts';
import { type ChatMessage, getModel, isModelError, type Model, modelOutputFromText } from '../../src/model/index.ts';
import { freshHooks } from '../helpers.ts';

function stateWith(completion: string, sample: Partial<Sample> = {}, model?: Model): TaskState {
  const state = createTaskState({
    model: model ?? getModel('mockllm/model'),
    sample: { id: 1, input: 'What is the answer?', ...sample },
    epoch: 1,
    uuid: 'u',
  });
  state.output = modelOutputFromText('mockllm/model', completion);
  state.messages.push(state.output.choices[0]!.message);
  return state;
}

async function score(scorer: Scorer, completion: string, target: string | string[], sample: Partial<Sample> = {}): Promise<Score> {
  const state = stateWith(completion, { ...sample, target });
  return scorer(state, state.target);
}

async function value(scorer: Scorer, completion: string, target: string | string[], sample: Partial<Sample> = {}): Promise<Score['value']> {
  return (await score(scorer, completion, target, sample)).value;
}

beforeEach(freshHooks);

describe('score constants and defineScorer', () => {
  it('exports the Inspect values and defaults metrics to accuracy and stderr', async () => {
    assert.deepEqual([CORRECT, INCORRECT, PARTIAL, NOANSWER], ['C', 'I', 'P', 'N']);
    const custom = defineScorer('length', undefined, (state) => ({ value: state.output.completion.length, history: [] }), { unit: 'chars' });
    assert.equal(custom.scorerName, 'length');
    assert.deepEqual(custom.scorerParams, { unit: 'chars' });
    assert.deepEqual(custom.metrics!.map((m) => m.metricName), ['accuracy', 'stderr']);
    assert.equal(await value(custom, 'abcd', ''), 4);
  });
});

describe('match()', () => {
  const cases: [MatchOptions, string, string | string[], string][] = [
    [{}, 'The answer is 4.', '4', 'C'],
    [{}, 'The answer is 4. Or maybe 5', '4', 'I'],
    [{}, '  Paris!  ', 'paris', 'C'],
    [{ ignoreCase: false }, 'PARIS', 'paris', 'I'],
    [{ location: 'begin' }, 'Paris, of course.', 'Paris', 'C'],
    [{ location: 'begin' }, 'Of course Paris.', 'Paris', 'I'],
    [{ location: 'any' }, 'I think Paris is right, yes', 'paris', 'C'],
    [{ location: 'exact' }, 'Paris.', 'Paris', 'C'],
    [{ location: 'exact' }, 'Paris, France', 'Paris', 'I'],
    [{}, 'It is London', ['Paris', 'London'], 'C'],
  ];
  for (const [options, completion, target, expected] of cases) {
    it(`${JSON.stringify(options)}: ${JSON.stringify(completion)} vs ${JSON.stringify(target)} → ${expected}`, async () => {
      assert.equal(await value(match(options), completion, target), expected);
    });
  }

  it('compares numbers by value when numeric', async () => {
    const numeric = match({ numeric: true });
    assert.equal(await value(numeric, 'The answer is 4.', '4'), 'C');
    assert.equal(await value(numeric, 'The total is $1,000.', '1000'), 'C');
    assert.equal(await value(numeric, 'So x = 4.0', '4'), 'C');
    assert.equal(await value(numeric, 'Result: (42)', '42'), 'C');
    assert.equal(await value(numeric, 'It is 25', '5'), 'I');
    assert.equal(await value(numeric, '60%', '60'), 'I');
    assert.equal(await value(match({ numeric: true, location: 'begin' }), '3 apples and 4 pears', '3'), 'C');
    assert.equal(await value(match({ numeric: true, location: 'any' }), 'between 3 and 4 pears', '4'), 'C');
    const scored = await score(numeric, 'The answer is 12.50 dollars', '12.5');
    assert.equal(scored.value, 'C');
    assert.equal(scored.answer, '12.5');
    assert.equal(scored.explanation, 'The answer is 12.50 dollars');
  });

  it('records its options as params', () => {
    assert.deepEqual(match({ numeric: true }).scorerParams, { location: 'end', ignoreCase: true, numeric: true });
  });
});

describe('includes() and exact()', () => {
  it('includes: any target contained in the completion', async () => {
    assert.equal(await value(includes(), 'I believe it is PARIS today', 'paris'), 'C');
    assert.equal(await value(includes({ ignoreCase: false }), 'PARIS', 'paris'), 'I');
    assert.equal(await value(includes(), 'Rome', ['Paris', 'Lyon']), 'I');
  });

  it('exact: normalised words equal a target', async () => {
    assert.equal(await value(exact(), 'The Paris.', 'paris'), 'C');
    assert.equal(await value(exact(), 'Paris, France', 'paris'), 'I');
    assert.equal(await value(exact(), '4.0', '4'), 'C');
    assert.equal(await value(exact(), 'anything', ''), 'I');
    assert.deepEqual(exact().metrics!.map((m) => m.metricName), ['mean', 'stderr']);
  });
});

describe('pattern()', () => {
  it('extracts one group and compares it with the targets', async () => {
    const scorer = pattern(/Final: (\w+)/);
    const right = await score(scorer, 'thinking... Final: Blue', 'blue');
    assert.deepEqual([right.value, right.answer], ['C', 'Blue']);
    const wrong = await score(scorer, 'Final: red', 'blue');
    assert.deepEqual([wrong.value, wrong.answer], ['I', 'red']);
    const missing = await score(scorer, 'no idea', 'blue');
    assert.equal(missing.value, 'I');
    assert.match(missing.explanation!, /^Scoring pattern not matched in output: no idea/);
  });

  it('with several groups matches any, or all with matchAll', async () => {
    const re = '(?i)first=(\\w+) second=(\\w+)';
    assert.equal(await value(pattern(re), 'first=x second=b', ['a', 'b']), 'C');
    assert.equal(await value(pattern(re, { matchAll: true }), 'first=x second=b', ['a', 'b']), 'I');
    const all = await score(pattern(re, { matchAll: true }), 'FIRST=a second=a', 'a');
    assert.deepEqual([all.value, all.answer], ['C', 'a']);
  });

  it('honours ignoreCase: false and rejects a pattern without a group', async () => {
    assert.equal(await value(pattern(/is (\w+)/, { ignoreCase: false }), 'it is Blue', 'blue'), 'I');
    assert.throws(() => pattern('\\d+'), (error: unknown) => error instanceof ConfigError && /no capture group/.test(error.message));
    assert.throws(() => pattern('('), (error: unknown) => error instanceof ConfigError && /invalid regular expression/.test(error.message));
  });
});

describe('answer()', () => {
  it('letter: the last ANSWER: letter', async () => {
    assert.equal(await value(answer('letter'), 'ANSWER: B\nWait, no.\nANSWER: C', 'C'), 'C');
    assert.equal(await value(answer('letter'), 'answer: b.', 'B'), 'C');
    assert.equal(await value(answer('letter'), 'ANSWER: Bee', 'B'), 'I');
  });

  it('word: the word after ANSWER:', async () => {
    const scored = await score(answer('word'), 'Reasoning here.\nANSWER: Yes.', 'yes');
    assert.deepEqual([scored.value, scored.answer], ['C', 'Yes']);
  });

  it('line: the rest of the final line', async () => {
    const scored = await score(answer('line'), 'Some thoughts\nANSWER: New York City  \n', 'new york city');
    assert.deepEqual([scored.value, scored.answer], ['C', 'New York City']);
    assert.equal(answer('line').scorerName, 'answer');
    assert.deepEqual(answer('line').scorerParams, { pattern: 'line' });
  });
});

describe('choice()', () => {
  const choices = ['Paris', 'Rome', 'Berlin', 'Madrid'];

  it('compares the chosen letters with the target letters', async () => {
    assert.equal(await value(choice(), 'ANSWER: A', 'A', { choices }), 'C');
    assert.equal(await value(choice(), 'ANSWER: b', 'A', { choices }), 'I');
    const multi = await score(choice(), 'ANSWER: C, A', ['A', 'C'], { choices });
    assert.deepEqual([multi.value, multi.answer], ['C', 'A, C']);
    assert.equal(await value(choice(), 'ANSWER: AC', 'A', { choices }), 'I');
  });

  it('is incorrect without an ANSWER line, and fails on samples without choices', async () => {
    const none = await score(choice(), 'Paris, obviously', 'A', { choices });
    assert.equal(none.value, 'I');
    assert.match(none.explanation!, /No 'ANSWER: <letter>'/);
    await assert.rejects(async () => score(choice(), 'ANSWER: A', 'A'), /has no choices/);
  });
});

describe('modelGradedQa()', () => {
  function grader(replies: string[]): { model: Model; prompts: string[] } {
    const prompts: string[] = [];
    const model = getModel('mockllm/grader', {
      customOutputs: (input: ChatMessage[]) => {
        prompts.push(textOf(input.at(-1)!.content));
        const reply = replies.shift();
        if (reply === undefined) throw new Error('grader ran out of replies');
        return modelOutputFromText('mockllm/grader', reply);
      },
    });
    return { model, prompts };
  }

  it('asks the grader with question, answer and criterion, and records its grade and reasoning', async () => {
    const { model, prompts } = grader(['The submission names Paris.\nGRADE: C']);
    const scorer = modelGradedQa({ model });
    assert.equal(scorer.scorerName, 'model_graded_qa');
    assert.equal(scorer.scorerParams!.model, 'mockllm/grader');
    const scored = await score(scorer, 'It is Paris.', 'Paris', { input: 'Capital of France?' });
    assert.equal(scored.value, 'C');
    assert.equal(scored.answer, 'It is Paris.');
    assert.equal(scored.explanation, 'The submission names Paris.\nGRADE: C');
    assert.match(prompts[0]!, /\[Task\]: Capital of France\?\n\*\*\*\n\[Submission\]: It is Paris\.\n\*\*\*\n\[Criterion\]: Paris/);
    assert.match(prompts[0]!, /one of CI\./);
    const grading = scored.metadata!.grading as ChatMessage[];
    assert.deepEqual(grading.map((m) => m.role), ['user', 'assistant']);
  });

  it('defaults to the evaluated model, takes the last grade, and allows partial credit', async () => {
    const { model, prompts } = grader(['GRADE: C? no... on reflection GRADE: p']);
    const state = stateWith('Mostly right', { target: 'Right' }, model);
    const scored = await modelGradedQa({ partialCredit: true })(state, state.target);
    assert.equal(scored.value, 'P');
    assert.match(prompts[0]!, /one of CPI/);
  });

  it('scores a reply without a grade as incorrect', async () => {
    const { model } = grader(['I cannot decide.']);
    const scored = await score(modelGradedQa({ model }), 'x', 'y');
    assert.equal(scored.value, 'I');
    assert.equal(scored.explanation, 'Grade not found in model output: I cannot decide.');
  });

  it('uses a custom template with metadata, instructions and grade pattern', async () => {
    const { model, prompts } = grader(['VERDICT=correct']);
    const scorer = modelGradedQa({ model, template: 'Q: {question} A: {answer} ({difficulty}) {instructions}', instructions: 'Reply VERDICT=correct|incorrect', gradePattern: 'VERDICT=(\\w+)' });
    const scored = await score(scorer, 'four', '4', { metadata: { difficulty: 'easy' } });
    assert.equal(scored.value, 'correct');
    assert.equal(prompts[0], 'Q: What is the answer? A: four (easy) Reply VERDICT=correct|incorrect');
  });

  it('modelGradedFact compares with an expert answer', async () => {
    const { model, prompts } = grader(['GRADE: I']);
    assert.equal(await value(modelGradedFact({ model }), 'Rome', 'Paris'), 'I');
    assert.match(prompts[0]!, /\[Expert\]: Paris/);
  });

  it('lets grader errors propagate', async () => {
    const { model } = grader([]);
    await assert.rejects(async () => score(modelGradedQa({ model }), 'x', 'y'), (error: unknown) => isModelError(error) || /ran out of replies/.test(String(error)));
  });
});
