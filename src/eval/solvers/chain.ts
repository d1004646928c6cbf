/**
 * `chain()`: several solvers run as one, and how the runtime unrolls chains into plan steps.
 * @module
 */
import type { EvalPlanStep } from '../../types/log.ts';
import type { Solver } from '../types.ts';
import { paramsToWire } from '../../log/wire.ts';
import { defineSolver, solverNameOf } from './define.ts';

/** A solver made by {@link chain}: it also lists its steps. */
export interface ChainSolver extends Solver {
  /** The chained solvers, nested chains already flattened. */
  readonly chainedSolvers: readonly Solver[];
}

/** Tells whether a solver was made by {@link chain}. */
export function isChain(solver: Solver): solver is ChainSolver {
  return Array.isArray((solver as Partial<ChainSolver>).chainedSolvers);
}

/**
 * Returns the leaf solvers of a solver or list of solvers, in order: a chain (at any depth) is
 * replaced by its steps, any other solver stands for itself. The runtime runs these one by one
 * (one span and one plan step each) and stops once `state.completed` is set.
 */
export function chainSteps(solver: Solver | readonly Solver[]): Solver[] {
  const list: readonly Solver[] = typeof solver === 'function' ? [solver] : solver;
  return list.flatMap((s) => (isChain(s) ? [...s.chainedSolvers] : [s]));
}

/**
 * Returns a solver running `solvers` in order, stopping once `state.completed` is true. Its
 * plan entry is the list of its steps (see {@link chainSteps}, {@link planSteps}).
 */
export function chain(...solvers: (Solver | readonly Solver[])[]): ChainSolver {
  const steps = solvers.flatMap((s) => chainSteps(s));
  const run = defineSolver('chain', { solvers: steps.map(solverNameOf) }, async (state, generate) => {
    let current = state;
    for (const step of steps) {
      current = await step(current, generate);
      if (current.completed) break;
    }
    return current;
  });
  return Object.assign(run, { chainedSolvers: Object.freeze(steps) });
}

/** Returns the eval plan steps of a solver or list of solvers, chains unrolled. */
export function planSteps(solver: Solver | readonly Solver[]): EvalPlanStep[] {
  return chainSteps(solver).map((s) => ({ solver: solverNameOf(s), params: paramsToWire(s.solverParams ?? {}), paramsPassed: paramsToWire(s.solverParams ?? {}) }));
}
