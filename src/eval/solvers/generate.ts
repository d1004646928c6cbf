/**
 * The `generate()` solver.
 * @module
 */
import type { GenerateStateOptions, Solver } from '../types.ts';
import { defineSolver } from './define.ts';

/**
 * Returns the `generate` solver: calls the model with the conversation so far (running tool
 * calls per `options.toolCalls`, default `loop`) and appends its reply.
 */
export function generate(options: GenerateStateOptions = {}): Solver {
  return defineSolver('generate', { ...options }, (state, generateFn) => generateFn(state, options));
}
