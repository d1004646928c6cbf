/**
 * `hookline eval`, `hookline eval-set` and `hookline eval-retry`.
 * @module
 */
import { parseArgs } from 'node:util';
import { evalRetry } from '../../eval/eval-retry.ts';
import { evalSet } from '../../eval/eval-set.ts';
import { evaluate } from '../../eval/evaluate.ts';
import { loadTasks, parseTaskArg } from '../../eval/load-tasks.ts';
import type { EvalOptions } from '../../eval/options.ts';
import type { Task } from '../../eval/task.ts';
import { flushCommandHooks, loadCommandHooks } from '../../hooks/sources/command/index.ts';
import { initHooks } from '../../hooks/startup.ts';
import type { EvalLog } from '../../log/types.ts';
import { EvalDisplay, summaryTable } from '../display.ts';

const evalHelp = `Usage: hookline eval FILE[@task] [options]

Options:
  --model NAME             model(s), comma-separated (default: the task's, HOOKLINE_MODEL, else mockllm/model)
  -T, --task-arg K=V       task argument (repeatable)
  --limit N | A-B          first N samples, or samples A to B (1-based)
  --sample-id a,b          only these sample ids
  --epochs N               repeat every sample N times
  --max-samples N          samples of a task run at once (default 25)
  --max-tasks N            tasks run at once (default 1)
  --max-connections N      concurrent requests per model
  --max-retries N          retries of a failing model call
  --retry-on-error N       run an errored sample again up to N times
  --fail-on-error X        true, false, a ratio < 1 or a count >= 1
  --continue-on-fail       keep going after fail-on-error trips (log marked error)
  --message-limit N, --token-limit N, --time-limit S
  --cache                  use the local model cache
  --log-dir DIR            default ./logs (HOOKLINE_LOG_DIR)
  --log-format eval|json   default eval
  --trust-project-hooks    run this project's command hooks without stored trust
  --no-banner              do not print the active hooks`;

const options = {
  model: { type: 'string' },
  'task-arg': { type: 'string', short: 'T', multiple: true },
  limit: { type: 'string' },
  'sample-id': { type: 'string' },
  epochs: { type: 'string' },
  'max-samples': { type: 'string' },
  'max-tasks': { type: 'string' },
  'max-connections': { type: 'string' },
  'max-retries': { type: 'string' },
  'retry-on-error': { type: 'string' },
  'fail-on-error': { type: 'string' },
  'continue-on-fail': { type: 'boolean' },
  'message-limit': { type: 'string' },
  'token-limit': { type: 'string' },
  'time-limit': { type: 'string' },
  cache: { type: 'boolean' },
  'log-dir': { type: 'string' },
  'log-format': { type: 'string' },
  'trust-project-hooks': { type: 'boolean' },
  'no-banner': { type: 'boolean' },
  id: { type: 'string' },
  'retry-attempts': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parse>['values'];

function parse(args: string[]) {
  return parseArgs({ args, allowPositionals: true, options, strict: true });
}

function int(values: Values, key: keyof Values): number | undefined {
  const raw = values[key];
  if (raw === undefined || typeof raw !== 'string') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new TypeError(`--${key} must be a number, got '${raw}'`);
  return n;
}

function taskArgs(values: Values): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const pair of values['task-arg'] ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new TypeError(`-T expects key=value, got '${pair}'`);
    args[pair.slice(0, eq)] = parseTaskArg(pair.slice(eq + 1));
  }
  return args;
}

function runOptions(values: Values, display: EvalDisplay, signal: AbortSignal): EvalOptions {
  const limit = values.limit;
  const range = limit?.includes('-') === true ? (limit.split('-').map(Number) as [number, number]) : undefined;
  const failOnError = values['fail-on-error'];
  const maxConnections = int(values, 'max-connections');
  const maxRetries = int(values, 'max-retries');
  const config = { ...(maxConnections === undefined ? {} : { maxConnections }), ...(maxRetries === undefined ? {} : { maxRetries }) };
  const opts: Record<string, unknown> = {
    model: values.model?.includes(',') === true ? values.model.split(',') : values.model,
    limit: range ?? int(values, 'limit'),
    sampleId: values['sample-id']?.split(','),
    epochs: int(values, 'epochs'),
    maxSamples: int(values, 'max-samples'),
    maxTasks: int(values, 'max-tasks'),
    retryOnError: int(values, 'retry-on-error'),
    failOnError: failOnError === undefined ? undefined : failOnError === 'true' ? true : failOnError === 'false' ? false : Number(failOnError),
    continueOnFail: values['continue-on-fail'],
    messageLimit: int(values, 'message-limit'),
    tokenLimit: int(values, 'token-limit'),
    timeLimit: int(values, 'time-limit'),
    cache: values.cache,
    logDir: values['log-dir'],
    logFormat: values['log-format'],
    config: Object.keys(config).length === 0 ? undefined : config,
    banner: values['no-banner'] === true ? false : undefined,
    progress: display,
    signal,
  };
  const format = values['log-format'];
  if (format !== undefined && format !== 'eval' && format !== 'json') throw new TypeError(`--log-format must be eval or json, got '${format}'`);
  const defined: EvalOptions = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
  return defined;
}

/** Runs a CLI eval command with start-up, command hooks, Ctrl-C handling and the summary. */
async function runWithDisplay(values: Values, run: (opts: EvalOptions) => Promise<readonly EvalLog[]>): Promise<number> {
  await initHooks(values['no-banner'] === true ? { banner: false } : {});
  await loadCommandHooks({ projectDir: process.cwd(), trustProjectHooks: values['trust-project-hooks'] === true });
  const controller = new AbortController();
  const interrupt = (): void => {
    process.stderr.write('\ninterrupted: finishing the logs as cancelled (Ctrl-C again to quit now)\n');
    process.off('SIGINT', interrupt);
    controller.abort(new Error('interrupted by the user'));
  };
  process.on('SIGINT', interrupt);
  const display = new EvalDisplay();
  try {
    const logs = await run(runOptions(values, display, controller.signal));
    display.stop();
    process.stdout.write(summaryTable(logs));
    if (controller.signal.aborted) return 130;
    return logs.every((l) => l.status === 'success') ? 0 : 1;
  } finally {
    display.stop();
    process.off('SIGINT', interrupt);
    await flushCommandHooks();
  }
}

async function tasksFrom(positionals: readonly string[], values: Values): Promise<Task[]> {
  if (positionals.length === 0) throw new TypeError('Name a task file: hookline eval FILE[@task]');
  const args = taskArgs(values);
  return (await Promise.all(positionals.map((p) => loadTasks(p, args)))).flat();
}

/** `hookline eval FILE[@task] …` */
export async function evalCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help === true) {
    process.stdout.write(`${evalHelp}\n`);
    return 0;
  }
  const tasks = await tasksFrom(positionals, values);
  return runWithDisplay(values, (opts) => evaluate(tasks, opts));
}

/** `hookline eval-set FILE… --log-dir DIR [--id ID] [--retry-attempts N]` */
export async function evalSetCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help === true) {
    process.stdout.write(`${evalHelp.replace('hookline eval FILE[@task]', 'hookline eval-set FILE[@task]… --log-dir DIR')}\n  --id ID                  eval-set id\n  --retry-attempts N       runs a failing task gets (default 10)\n`);
    return 0;
  }
  const logDir = values['log-dir'];
  if (logDir === undefined) throw new TypeError('hookline eval-set needs --log-dir DIR (a folder of its own)');
  const tasks = await tasksFrom(positionals, values);
  return runWithDisplay(values, async (opts) => {
    const attempts = int(values, 'retry-attempts');
    const result = await evalSet(tasks, { ...opts, logDir, ...(values.id === undefined ? {} : { id: values.id }), ...(attempts === undefined ? {} : { retryAttempts: attempts }) });
    process.stdout.write(`eval set ${result.evalSetId}: ${result.success ? 'complete' : 'incomplete'}\n`);
    return result.logs;
  });
}

/** `hookline eval-retry LOG…` */
export async function evalRetryCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help === true || positionals.length === 0) {
    process.stdout.write('Usage: hookline eval-retry LOG… [--log-dir DIR] [--max-samples N] [--retry-on-error N] [--trust-project-hooks]\n');
    return values.help === true ? 0 : 2;
  }
  return runWithDisplay(values, (opts) => {
    const { model: _model, ...rest } = opts;
    return evalRetry(positionals, rest);
  });
}
