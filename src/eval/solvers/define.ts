/**
 * {@link defineSolver}: names a solver function for the eval plan.
 * @module
 */
import type { Generate, Solver, SolverFn, TaskState } from '../types.ts';

/**
 * Returns a solver: `fn` with the name and parameters recorded as its step of the eval plan.
 * `fn` itself is left untouched, so one function may back several solvers.
 */
export function defineSolver(name: string, params: Record<string, unknown>, fn: SolverFn): Solver {
  if (typeof name !== 'string' || name.trim() === '') throw new TypeError('defineSolver() needs a non-empty name, e.g. defineSolver("my_solver", {}, fn).');
  if (typeof fn !== 'function') {
    const got = typeof params === 'function' ? 'a function as the second argument (the parameters)' : `${fn === undefined ? 'nothing' : typeof fn} as the third argument`;
    throw new TypeError(`defineSolver('${name}'): expected (name, params, fn), got ${got}. Write defineSolver("${name}", {}, async (state) => state).`);
  }
  const solver = (state: TaskState, generate: Generate) => fn(state, generate);
  Object.defineProperty(solver, 'name', { value: name });
  return Object.assign(solver, { solverName: name, solverParams: params });
}

/** Returns the name a solver is logged under: its `solverName`, else its function name, else `solver`. */
export function solverNameOf(solver: SolverFn & { readonly solverName?: string }): string {
  return solver.solverName ?? (solver.name === '' ? 'solver' : solver.name);
}
