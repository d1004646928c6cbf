/**
 * Metrics, epoch reducers and score-value conversion.
 * @module
 */
export { accuracy, defineMetric, mean, type MetricFn, scoredValues, std, stderr, variance } from './metrics.ts';
export { reducedScore } from './reduce-shape.ts';
export { atLeast, defineReducer, maxScore, meanScore, medianScore, modeScore, passAtK, passK } from './reducers.ts';
export { resolveReducer, resolveReducers } from './resolve.ts';
export { isUnscored, type ScoreScalar, valueToFloat } from './value.ts';
