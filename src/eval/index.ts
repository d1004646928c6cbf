/**
 * The eval runtime's public surface.
 * @module
 */
export * from './dataset/index.ts';
export { evalRetry, type EvalRetryOptions } from './eval-retry.ts';
export { evalSet, type EvalSetOptions, type EvalSetResult } from './eval-set.ts';
export { evaluate, resolveTasks, type TaskInput } from './evaluate.ts';
export { defineTask, loadTasks, parseTaskArg, parseTaskSpec, type TaskFactory } from './load-tasks.ts';
export * from './metrics/index.ts';
export type { EvalOptions } from './options.ts';
export type { EvalProgress } from './progress.ts';
export * from './scorers/index.ts';
export * from './solvers/index.ts';
export { createTarget, createTaskState, type TaskStateOptions } from './state.ts';
export { isTask, task, type Task, TaskError, type TaskOptions } from './task.ts';
export { exceedsFailOnError } from './task-runner.ts';
export type * from './types.ts';
