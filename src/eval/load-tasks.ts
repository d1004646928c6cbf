/**
 * Loading tasks from TypeScript or JavaScript files (`file.ts`, `file.ts@name`), as the CLI and
 * `evalRetry()` do. A task file exports tasks made with `task()` or task functions made with
 * `defineTask()`, which receive the `-T key=value` arguments.
 * @module
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, errorMessage } from '../errors.ts';
import { importModule } from '../util/import-module.ts';
import { isTask, type Task, withTaskOptions } from './task.ts';

/** A function that builds a task from arguments (made with {@link defineTask}). */
export interface TaskFactory<A extends Record<string, unknown> = Record<string, unknown>> {
  (args: A): Task;
  readonly taskFactory: true;
  readonly taskName: string | undefined;
}

/**
 * Marks a function as a task factory so task files can export it and the CLI can pass it
 * `-T key=value` arguments. Returns the function.
 */
export function defineTask<A extends Record<string, unknown>>(fn: (args: A) => Task, name?: string): TaskFactory<A> {
  return Object.assign((args: A) => fn(args ?? ({} as A)), { taskFactory: true as const, taskName: name ?? (fn.name || undefined) });
}

function isTaskFactory(value: unknown): value is TaskFactory {
  return typeof value === 'function' && (value as { taskFactory?: unknown }).taskFactory === true;
}

/** Splits `file.ts@name` into the file and the task name. */
export function parseTaskSpec(spec: string): { file: string; name: string | undefined } {
  const at = spec.lastIndexOf('@');
  if (at > 0 && !spec.slice(at).includes('/')) return { file: spec.slice(0, at), name: spec.slice(at + 1) };
  return { file: spec, name: undefined };
}

/** Parses `-T` values: JSON numbers, booleans, arrays and objects; anything else stays a string. */
export function parseTaskArg(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function declaredName(key: string, value: Task | TaskFactory): string {
  if (isTask(value)) return value.name;
  return value.taskName ?? (key === 'default' ? 'task' : key);
}

/** Returns the task of an export, calling a task function with `args`; errors name the file. */
function buildTask(path: string, key: string, value: Task | TaskFactory, args: Record<string, unknown>): Task {
  if (isTask(value)) return withTaskOptions(value, { file: path, args: {} });
  let built: unknown;
  try {
    built = value(args);
  } catch (error) {
    throw new ConfigError(`Task function '${key}' in ${path} failed: ${errorMessage(error)}. Check its -T arguments.`, { file: path, cause: error });
  }
  if (!isTask(built)) throw new ConfigError(`Task function '${key}' in ${path} returned ${typeof built}, not a task: return task({ … }).`, { file: path });
  return withTaskOptions(built, { file: path, args, name: built.name === 'task' ? declaredName(key, value) : built.name });
}

/**
 * Imports a task file and returns its tasks (all of them, or the one named after `@`). Task
 * functions are called with `args`. Errors name the file and what it exports.
 */
export async function loadTasks(spec: string, args: Record<string, unknown> = {}): Promise<Task[]> {
  const { file, name } = parseTaskSpec(spec);
  const path = resolve(file);
  if (!existsSync(path)) throw new ConfigError(`Task file not found: ${path}. Pass a .ts or .js file that exports tasks.`, { file: path });
  if (!/\.(?:[cm]?[jt]s|tsx|jsx)$/.test(path)) {
    throw new ConfigError(`${path} is not a JavaScript or TypeScript file: hookline loads tasks from .ts, .mts, .js or .mjs files that export task() definitions (Python task files are for Inspect).`, { file: path });
  }
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(path);
  } catch (error) {
    throw new ConfigError(`Could not load task file ${path}: ${errorMessage(error)}. Fix the error in the file (HOOKLINE_DEBUG=1 prints the stack).`, { file: path, cause: error });
  }
  const seen = new Set<unknown>();
  // One task exported under two names (`export default t` too) runs once.
  const entries = Object.entries(mod).filter((entry): entry is [string, Task | TaskFactory] => {
    if ((!isTask(entry[1]) && !isTaskFactory(entry[1])) || seen.has(entry[1])) return false;
    seen.add(entry[1]);
    return true;
  });
  const exported = entries.map(([key, value]) => declaredName(key, value));
  const found: Task[] = [];
  for (const [key, value] of entries) {
    if (name !== undefined && name !== key && name !== declaredName(key, value)) continue;
    found.push(buildTask(path, key, value, args));
  }
  if (found.length === 0 && name !== undefined) {
    // A task function may build a task under another name than its export (the name a log records).
    for (const [key, value] of entries) {
      if (!isTaskFactory(value)) continue;
      let built: Task;
      try {
        built = buildTask(path, key, value, args);
      } catch {
        continue;
      }
      if (built.name === name) found.push(built);
    }
  }
  if (found.length === 0) {
    const what = exported.length === 0
      ? 'it exports no tasks. Export tasks made with task() or task functions made with defineTask()'
      : `it exports ${exported.join(', ')}. Name one of them after '@' (FILE@task)`;
    throw new ConfigError(`No task${name === undefined ? '' : ` named '${name}'`} in ${path}: ${what}.`, { file: path });
  }
  return found;
}
