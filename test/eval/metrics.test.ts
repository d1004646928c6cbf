import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  accuracy,
  atLeast,
  defineMetric,
  defineReducer,
  isUnscored,
  maxScore,
  mean,
  meanScore,
  medianScore,
  modeScore,
  passAtK,
  passK,
  reducedScore,
  resolveReducer,
  resolveReducers,
  scoredValues,
  std,
  stderr,
  valueToFloat,
  variance,
} from '../../src/eval/metrics/index.ts';
import type { ReducedScore } from '../../src/eval/types.ts';
import { ConfigError } from '../../src/errors.ts';
import type { Score, ScoreValue } from '../../src/types/log.ts';
import { recordWarnings } from '../helpers.ts';

const s = (value: ScoreValue, extra: Partial<Score> = {}): Score => ({ value, history: [], ...extra });
const reduced = (...values: ScoreValue[]): ReducedScore[] => values.map((value, i) => ({ sampleId: i + 1, score: s(value) }));
const close = (actual: number, expected: number, what: string): void => {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≈ ${expected}`);
};

describe('valueToFloat', () => {
  it('converts score values as Inspect does', () => {
    const table: [ScoreValue, number][] = [
      [0.25, 0.25],
      ['C', 1],
      ['P', 0.5],
      ['I', 0],
      ['N', 0],
      [true, 1],
      [false, 0],
      ['yes', 1],
      ['TRUE', 1],
      ['no', 0],
      ['False', 0],
      ['3.5', 3.5],
      ['-2e1', -20],
    ];
    for (const [input, expected] of table) assert.equal(valueToFloat(input), expected, `valueToFloat(${JSON.stringify(input)})`);
  });

  it('keeps NaN as unscored', () => {
    assert.ok(Number.isNaN(valueToFloat(Number.NaN)), 'NaN stays NaN');
    assert.ok(isUnscored(Number.NaN) && !isUnscored(0) && !isUnscored('C'), 'isUnscored');
  });

  it('maps lists, dicts and unknown strings to 0 with a warning', () => {
    const recorder = recordWarnings();
    try {
      assert.equal(valueToFloat(['C', 'I']), 0);
      assert.equal(valueToFloat({ a: 1 }), 0);
      assert.equal(valueToFloat('maybe'), 0);
    } finally {
      recorder.restore();
    }
    assert.equal(recorder.warnings.length, 3);
    assert.ok(recorder.warnings.every((w) => w.source === 'metrics'), 'source metrics');
    assert.match(recorder.messages()[0]!, /\["C","I"\]/);
  });
});

describe('metrics', () => {
  it('accuracy and mean average the values, skipping NaN', () => {
    const scores = reduced('C', 'I', 'P', Number.NaN, 1);
    close(accuracy()(scores), 2.5 / 4, 'accuracy');
    close(mean()(scores), 2.5 / 4, 'mean');
    assert.equal(accuracy()([]), 0);
    assert.ok(Number.isNaN(mean()([])), 'mean of nothing is NaN');
  });

  it('stderr is the sample standard deviation (ddof=1) over √n, skipping NaN', () => {
    const scores = reduced('C', 'I', 'C', 'I', Number.NaN);
    // values 1,0,1,0: variance 1/3 with ddof=1
    close(variance()(scores), 1 / 3, 'var');
    close(std()(scores), Math.sqrt(1 / 3), 'std');
    close(stderr()(scores), Math.sqrt(1 / 3) / 2, 'stderr');
  });

  it('stderr and std are 0 with fewer than two scored values', () => {
    assert.equal(stderr()(reduced('C')), 0);
    assert.equal(stderr()(reduced('C', Number.NaN)), 0);
    assert.equal(stderr()([]), 0);
    assert.equal(std()(reduced(5)), 0);
  });

  it('defineMetric names a custom metric', () => {
    const maximum = defineMetric('max', (scores) => Math.max(...scoredValues(scores)));
    assert.equal(maximum.metricName, 'max');
    assert.equal(maximum(reduced(1, 3, Number.NaN, 2)), 3);
    assert.deepEqual([accuracy(), mean(), stderr(), std(), variance()].map((m) => m.metricName), ['accuracy', 'mean', 'stderr', 'std', 'var']);
  });
});

describe('reducers', () => {
  it('mean of C and I is 0.5; NaN epochs are skipped', () => {
    const r = meanScore();
    assert.equal(r.reducerName, 'mean');
    assert.equal(r([s('C'), s('I')]).value, 0.5);
    assert.equal(r([s('C'), s(Number.NaN), s('P')]).value, 0.75);
    assert.ok(Number.isNaN(r([s(Number.NaN), s(Number.NaN)]).value), 'all unscored → NaN');
    assert.ok(Number.isNaN(r([]).value), 'no epochs → NaN');
  });

  it('keeps answer and explanation only when every epoch agrees', () => {
    const same = meanScore()([s('C', { answer: 'x', explanation: 'e1', metadata: { k: 1 } }), s('I', { answer: 'x', explanation: 'e2' })]);
    assert.deepEqual(same, { value: 0.5, answer: 'x', metadata: { k: 1 }, history: [] });
  });

  it('median, mode and max', () => {
    assert.equal(medianScore()([s(1), s(5), s(2)]).value, 2);
    assert.equal(medianScore()([s(1), s(4), s(2), s(3)]).value, 2.5);
    assert.equal(modeScore()([s('I'), s('C'), s('C'), s('I'), s('C')]).value, 'C');
    assert.equal(modeScore()([s('I'), s('C')]).value, 'I');
    assert.equal(maxScore()([s('I'), s('C'), s('P')]).value, 'C');
  });

  it('at_least_k is 1 when k epochs reach the threshold', () => {
    const r = atLeast(2);
    assert.equal(r.reducerName, 'at_least_2');
    assert.equal(r([s('C'), s('I'), s('C')]).value, 1);
    assert.equal(r([s('C'), s('I'), s('P')]).value, 0);
    assert.equal(atLeast(2, 0.5)([s('C'), s('I'), s('P')]).value, 1);
  });

  it('pass_at_k is the unbiased estimator; NaN with fewer than k scored epochs', () => {
    const r = passAtK(2);
    assert.equal(r.reducerName, 'pass_at_2');
    // 5 epochs, 2 correct: 1 - C(3,2)/C(5,2) = 0.7
    close(r([s('C'), s('I'), s('C'), s('I'), s('I')]).value as number, 0.7, 'pass@2');
    assert.equal(r([s('C'), s('C'), s('C'), s('I')]).value, 1);
    assert.equal(r([s('I'), s('I'), s('I')]).value, 0);
    assert.ok(Number.isNaN(r([s('C'), s(Number.NaN)]).value), 'too few scored epochs');
    close(passK(2)([s('C'), s('I'), s('C'), s('I'), s('I')]).value as number, 0.1, 'pass^2');
    assert.throws(() => passAtK(0), /k ≥ 1/);
  });

  it('reduces dicts and lists element-wise, skipping NaN elements', () => {
    const dicts = meanScore()([s({ a: 'C', b: 1 }), s({ a: 'I', b: Number.NaN }), s(Number.NaN)]);
    assert.deepEqual(dicts.value, { a: 0.5, b: 1 });
    const lists = maxScore()([s(['I', 0.2]), s(['C', 0.1])]);
    assert.deepEqual(lists.value, ['C', 0.2]);
    const counted = atLeast(1)([s({ x: 'C', y: 'I' }), s({ x: 'I', y: 'I' })]);
    assert.deepEqual(counted.value, { x: 1, y: 0 });
  });

  it('rejects epochs whose shapes differ', () => {
    assert.throws(() => meanScore()([s({ a: 1 }), s({ b: 1 })]), (e: unknown) => e instanceof ConfigError && /dict keys/.test(e.message));
    assert.throws(() => meanScore()([s([1, 2]), s([1])]), /list lengths 2 vs 1/);
    assert.throws(() => meanScore()([s(1), s([1])]), /a scalar score next to \[1\]/);
  });

  it('defineReducer names a custom reducer', () => {
    const first = defineReducer('first', (scores) => reducedScore(scores[0]!.value, scores));
    assert.equal(first.reducerName, 'first');
    assert.equal(first([s('P'), s('C')]).value, 'P');
  });
});

describe('resolveReducer', () => {
  it('maps Inspect names to reducers', () => {
    const names = ['mean', 'median', 'mode', 'max', 'at_least_3', 'pass_at_2', 'pass_k_4'];
    assert.deepEqual(names.map((n) => resolveReducer(n).reducerName), names);
    const custom = meanScore();
    assert.equal(resolveReducer(custom), custom);
  });

  it('resolves an epochs setting, defaulting to mean', () => {
    assert.deepEqual(resolveReducers(undefined).map((r) => r.reducerName), ['mean']);
    assert.deepEqual(resolveReducers(['max', atLeast(2)]).map((r) => r.reducerName), ['max', 'at_least_2']);
    assert.deepEqual(resolveReducers('mode').map((r) => r.reducerName), ['mode']);
  });

  it('names the known reducers for an unknown name', () => {
    for (const name of ['avg', 'at_least', 'pass_at_0', 'mean_2']) {
      assert.throws(() => resolveReducer(name), (e: unknown) => e instanceof ConfigError && e.message.includes(`'${name}'`) && e.message.includes('at_least_<k>'), name);
    }
  });
});
