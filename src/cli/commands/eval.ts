/**
 * `hookline eval`, `hookline eval-set` and `hookline eval-retry`: thin commands over
 * `evaluate()`, `evalSet()` and `evalRetry()` with the live display and the summary table.
 * Exit codes: 0 when every log succeeded, 1 otherwise (or on an error), 130 when interrupted.
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, errorMessage, isCancellation } from '../../errors.ts';
import { evalRetry } from '../../eval/eval-retry.ts';
import { evalSet } from '../../eval/eval-set.ts';
import { evaluate } from '../../eval/evaluate.ts';
import { loadTasks, parseTaskArg, parseTaskSpec } from '../../eval/load-tasks.ts';
import { isTypeScriptPath } from '../../util/import-module.ts';
import { applyHeapPolicy } from '../heap-policy.ts';
import type { EvalOptions } from '../../eval/options.ts';
import { epochCount, type Task } from '../../eval/task.ts';
import { flushCommandHooks } from '../../hooks/sources/command/execute.ts';
import { initHooks } from '../../hooks/startup.ts';
import type { EvalLog } from '../../types/log.ts';
import { onRetryNotice } from '../../model/retry.ts';
import { EvalDisplay, summaryTable } from '../display.ts';
import { checkFolderOption, joinNegativeValues, modelCallConfig, modelCallHelp, modelCallOptions, positiveNumberOption, wholeNumberOption } from '../options.ts';

const runHelp = `  --max-samples N          samples of a task run at once (default 25)
  --max-tasks N            tasks run at once (default 1)
  --max-connections N      concurrent requests per model
${modelCallHelp()}
  --retry-on-error N       run an errored sample again up to N times
  --fail-on-error X        true, false, a ratio < 1 or a count >= 1
  --continue-on-fail       keep going after fail-on-error trips (log marked error)
  --cache                  use the local model cache
  --log-dir DIR            default ./logs (HOOKLINE_LOG_DIR)
  --log-format eval|json   default eval
  --trust-project-hooks    run this project's command hooks without stored trust
  --ignore-bad-hooks       run without the hooks of a hooks file that cannot be parsed (warned), instead of stopping
  --no-banner              do not print the active hooks`;

const taskHelp = `  --model NAME             model(s), comma-separated (default: the task's, HOOKLINE_MODEL, else mockllm/model)
  -T, --task-arg K=V       task argument (repeatable)
  --limit N | A-B          first N samples, or samples A to B (1-based)
  --sample-id a,b          only these sample ids
  --epochs N               repeat every sample N times
  --message-limit N, --token-limit N, --time-limit S`;

const evalHelp = `Usage: hookline eval FILE[@task]… [options]

Options:
${taskHelp}
${runHelp}`;

const evalSetHelp = `Usage: hookline eval-set FILE[@task]… --log-dir DIR [options]

Runs the tasks into DIR (a folder of its own) until every one has a successful log; run it
again to retry what failed (completed samples are reused).

Options:
  --id ID                  the eval set's id (must match the folder's, if it has one)
  --retry-attempts N       more runs a failing task gets (default 10)
  --no-retry-cleanup       keep a task's older logs
${taskHelp}
${runHelp}`;

const evalRetryHelp = `Usage: hookline eval-retry LOG… [options]

Finishes errored, cancelled or killed runs from their logs: completed samples are reused, the
rest run again, into a new log with the same task id (in the log's folder unless --log-dir).

Options:
${runHelp}`;

const runOptions = {
  'max-samples': { type: 'string' },
  'max-tasks': { type: 'string' },
  'max-connections': { type: 'string' },
  ...modelCallOptions,
  'retry-on-error': { type: 'string' },
  'fail-on-error': { type: 'string' },
  'continue-on-fail': { type: 'boolean' },
  cache: { type: 'boolean' },
  'log-dir': { type: 'string' },
  'log-format': { type: 'string' },
  'trust-project-hooks': { type: 'boolean' },
  'ignore-bad-hooks': { type: 'boolean' },
  'no-banner': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const taskOptions = {
  ...runOptions,
  model: { type: 'string' },
  'task-arg': { type: 'string', short: 'T', multiple: true },
  limit: { type: 'string' },
  'sample-id': { type: 'string' },
  epochs: { type: 'string' },
  'message-limit': { type: 'string' },
  'token-limit': { type: 'string' },
  'time-limit': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

const evalSetOptions = {
  ...taskOptions,
  id: { type: 'string' },
  'retry-attempts': { type: 'string' },
  'no-retry-cleanup': { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

/** Parsed option values of any of the three commands (each accepts a subset). */
type Values = { [K in keyof typeof evalSetOptions]?: (typeof evalSetOptions)[K] extends { multiple: true } ? string[] : (typeof evalSetOptions)[K]['type'] extends 'boolean' ? boolean : string };

function parse(args: string[], options: ParseArgsConfig['options']): { values: Values; positionals: string[] } {
  const { values, positionals } = parseArgs({ args: joinNegativeValues(args, options), allowPositionals: true, options, strict: true });
  return { values, positionals };
}

/** A whole number option (≥ `min`), or undefined when absent; a ConfigError names the option. */
function int(values: Values, key: keyof Values, min: number): number | undefined {
  const raw = values[key];
  return wholeNumberOption(key, typeof raw === 'string' ? raw : undefined, min);
}

/** A number option (> 0, fractions allowed), or undefined when absent. */
function positive(values: Values, key: keyof Values): number | undefined {
  const raw = values[key];
  return positiveNumberOption(key, typeof raw === 'string' ? raw : undefined);
}

function limitOption(raw: string | undefined): number | [number, number] | undefined {
  if (raw === undefined) return undefined;
  const range = /^(\d+)-(\d+)$/.exec(raw);
  if (range !== null) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (from >= 1 && to >= from) return [from, to];
  } else if (/^\d+$/.test(raw) && Number(raw) >= 1) {
    return Number(raw);
  }
  throw new ConfigError(`--limit must be a count N ≥ 1 or a 1-based range A-B (e.g. 5 or 3-7), got '${raw}'.`);
}

function failOnErrorOption(raw: string | undefined): boolean | number | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0) throw new ConfigError(`--fail-on-error must be true, false, a ratio < 1 or a count ≥ 1, got '${raw}'.`);
  return n;
}

function taskArgs(values: Values): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const pair of values['task-arg'] ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ConfigError(`-T expects key=value, got '${pair}'. Example: -T count=5.`);
    args[pair.slice(0, eq)] = parseTaskArg(pair.slice(eq + 1));
  }
  return args;
}

function evalOptions(values: Values, display: EvalDisplay, signal: AbortSignal): EvalOptions {
  const format = values['log-format'];
  if (format !== undefined && format !== 'eval' && format !== 'json') throw new ConfigError(`--log-format must be eval or json, got '${format}'.`);
  const maxConnections = int(values, 'max-connections', 1);
  const config = { ...(maxConnections === undefined ? {} : { maxConnections }), ...modelCallConfig(values) };
  checkFolderOption('log-dir', values['log-dir'], false);
  const models = values.model?.split(',').map((m) => m.trim()).filter((m) => m !== '');
  if (models?.length === 0) throw new ConfigError(`--model needs a model name, got '${values.model}'. Example: --model mockllm/model.`);
  const opts: Record<string, unknown> = {
    model: models === undefined ? undefined : models.length === 1 ? models[0] : models,
    limit: limitOption(values.limit),
    sampleId: values['sample-id']?.split(',').map((id) => id.trim()),
    epochs: int(values, 'epochs', 1),
    maxSamples: int(values, 'max-samples', 1),
    maxTasks: int(values, 'max-tasks', 1),
    retryOnError: int(values, 'retry-on-error', 0),
    failOnError: failOnErrorOption(values['fail-on-error']),
    continueOnFail: values['continue-on-fail'],
    messageLimit: int(values, 'message-limit', 1),
    tokenLimit: int(values, 'token-limit', 1),
    timeLimit: positive(values, 'time-limit'),
    cache: values.cache,
    logDir: values['log-dir'],
    logFormat: format,
    config: Object.keys(config).length === 0 ? undefined : config,
    banner: values['no-banner'] === true ? false : undefined,
    progress: display,
    signal,
  };
  return Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
}

/** Runs a CLI eval command with start-up, command hooks, Ctrl-C handling and the summary. */
async function runWithDisplay(values: Values, run: (opts: EvalOptions) => Promise<readonly EvalLog[]>): Promise<number> {
  const controller = new AbortController();
  const display = new EvalDisplay();
  // Options are checked before anything starts (a typo must not cost a run).
  const opts = evalOptions(values, display, controller.signal);
  await initHooks({
    ...(values['no-banner'] === true ? { banner: false } : {}),
    commandHooks: { trustProjectHooks: values['trust-project-hooks'] === true, ...(values['ignore-bad-hooks'] === true ? { ignoreBadHooks: true } : {}) },
  });
  const interrupt = (): void => {
    process.stderr.write('\ninterrupted: finishing the logs as cancelled (Ctrl-C again to quit now)\n');
    process.off('SIGINT', interrupt);
    controller.abort(new Error('interrupted by the user'));
  };
  process.on('SIGINT', interrupt);
  const stopRetryNotices = onRetryNotice((notice) => display.retry(notice));
  try {
    const logs = await run(opts);
    display.stop();
    process.stdout.write(summaryTable(logs));
    if (controller.signal.aborted) return 130;
    const empty = logs.filter((l) => (l.results?.totalSamples ?? l.samples?.length ?? 0) === 0);
    for (const log of empty) {
      process.stderr.write(`hookline: error: task ${log.eval.task} ran no samples: its dataset is empty, or --limit / --sample-id selected none.\n`);
    }
    return logs.length > 0 && empty.length === 0 && logs.every((l) => l.status === 'success') ? 0 : 1;
  } catch (error) {
    if (!controller.signal.aborted || !isCancellation(error)) throw error;
    display.stop();
    process.stderr.write(`${errorMessage(error)}\n`);
    return 130;
  } finally {
    display.stop();
    stopRetryNotices();
    process.off('SIGINT', interrupt);
    await flushCommandHooks();
  }
}

/** The most sample runs (samples × epochs, before `--limit`) of one of `tasks`, for the heap policy. */
function largestTask(tasks: readonly Task[], values: Values): number {
  const epochsOption = values.epochs === undefined ? undefined : Number(values.epochs);
  let largest = 0;
  for (const task of tasks) {
    const epochs = epochsOption ?? (task.epochs === undefined ? 1 : epochCount(task.epochs));
    largest = Math.max(largest, task.dataset.samples.length * epochs);
  }
  return largest;
}

async function tasksFrom(command: string, positionals: readonly string[], values: Values): Promise<Task[]> {
  if (positionals.length === 0) throw new ConfigError(`Name a task file: hookline ${command} FILE[@task] (see hookline ${command} --help).`);
  const args = taskArgs(values);
  // Once the TypeScript loader is registered (by a .ts task file that needs it), every module
  // imported afterwards goes through its thread, one round trip each. Task files import
  // `hookline`: loading it first keeps its modules off that path.
  if (positionals.some((spec) => isTypeScriptPath(parseTaskSpec(spec).file))) await import('../../index.ts');
  const tasks: Task[] = [];
  for (const spec of positionals) tasks.push(...(await loadTasks(spec, args)));
  return tasks;
}

/** `hookline eval FILE[@task]… [options]`: returns the exit code. */
export async function evalCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, taskOptions);
  if (values.help === true) {
    process.stdout.write(`${evalHelp}\n`);
    return 0;
  }
  const tasks = await tasksFrom('eval', positionals, values);
  applyHeapPolicy(largestTask(tasks, values));
  return runWithDisplay(values, (opts) => evaluate(tasks, opts));
}

/** `hookline eval-set FILE[@task]… --log-dir DIR [--id ID] [--retry-attempts N]`: returns the exit code. */
export async function evalSetCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, evalSetOptions);
  if (values.help === true) {
    process.stdout.write(`${evalSetHelp}\n`);
    return 0;
  }
  const logDir = values['log-dir'];
  if (logDir === undefined) throw new ConfigError('hookline eval-set needs --log-dir DIR: a folder of its own, where the set keeps its logs and id.');
  const attempts = int(values, 'retry-attempts', 0);
  const tasks = await tasksFrom('eval-set', positionals, values);
  applyHeapPolicy(largestTask(tasks, values));
  return runWithDisplay(values, async (opts) => {
    const result = await evalSet(tasks, {
      ...opts,
      logDir,
      ...(values.id === undefined ? {} : { id: values.id }),
      ...(attempts === undefined ? {} : { retryAttempts: attempts }),
      ...(values['no-retry-cleanup'] === true ? { retryCleanup: false } : {}),
    });
    process.stdout.write(`eval set ${result.evalSetId}: ${result.success ? 'complete' : 'incomplete'}\n`);
    return result.logs;
  });
}

/** `hookline eval-retry LOG… [options]`: returns the exit code. */
export async function evalRetryCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, runOptions);
  if (values.help === true) {
    process.stdout.write(`${evalRetryHelp}\n`);
    return 0;
  }
  if (positionals.length === 0) {
    process.stderr.write(`hookline eval-retry: name the log(s) to retry\n\n${evalRetryHelp}\n`);
    return 2;
  }
  return runWithDisplay(values, (opts) => evalRetry(positionals, opts));
}
