/**
 * `hookline log …`: print a log as JSON, and list the logs of a folder.
 * @module
 */
import { parseArgs } from 'node:util';
import { serializeJson } from '../../log/json.ts';
import { listEvalLogs } from '../../log/list.ts';
import { readEvalLog } from '../../log/reader.ts';
import type { EvalLog } from '../../types/log.ts';
import { logToWire } from '../../log/wire.ts';

/** Environment variable naming the default log folder of `hookline log list`. */
export const LOG_DIR_ENV = 'HOOKLINE_LOG_DIR';

const help = `Usage:
  hookline log dump FILE [--header-only]
      print the log as JSON (snake_case, as written to disk), like \`inspect log dump\`
  hookline log list [--log-dir DIR] [--status STATUS] [--json]
      the logs in DIR (default $${LOG_DIR_ENV} or ./logs), newest first`;

const STATUSES = new Set(['started', 'success', 'cancelled', 'error']);

async function dump(files: string[], headerOnly: boolean): Promise<number> {
  if (files.length !== 1) {
    process.stderr.write(`hookline log dump: expected one log file, got ${files.length}\n${help}\n`);
    return 2;
  }
  const log = await readEvalLog(files[0]!, { headerOnly });
  process.stdout.write(`${serializeJson(logToWire(log, !headerOnly), 2)}\n`);
  return 0;
}

interface ListedLog {
  location: string;
  status: EvalLog['status'];
  task: string;
  task_id: string;
  model: string;
  created: string;
}

async function list(logDir: string, status: string | undefined, json: boolean): Promise<number> {
  if (status !== undefined && !STATUSES.has(status)) {
    process.stderr.write(`hookline log list: unknown status '${status}' (use one of ${[...STATUSES].join(', ')})\n`);
    return 2;
  }
  const rows: ListedLog[] = [];
  for (const location of await listEvalLogs(logDir)) {
    const { eval: spec, status: logStatus } = await readEvalLog(location, { headerOnly: true });
    if (status !== undefined && logStatus !== status) continue;
    rows.push({ location, status: logStatus, task: spec.task, task_id: spec.taskId, model: spec.model, created: spec.created });
  }
  if (json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (rows.length === 0) process.stdout.write(`No logs in ${logDir}.\n`);
  else for (const row of rows) process.stdout.write(`${row.status.padEnd(10)} ${row.task}  ${row.model}  ${row.location}\n`);
  return 0;
}

/** `hookline log`: runs the `dump` or `list` subcommand and returns the exit code. */
export async function logCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'header-only': { type: 'boolean' },
      'log-dir': { type: 'string' },
      status: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [sub, ...rest] = positionals;
  if (values.help === true || sub === undefined) {
    process.stdout.write(`${help}\n`);
    return sub === undefined && values.help !== true ? 2 : 0;
  }
  if (sub === 'dump') return dump(rest, values['header-only'] === true);
  if (sub === 'list') return list(values['log-dir'] ?? process.env[LOG_DIR_ENV] ?? './logs', values.status, values.json === true);
  process.stderr.write(`hookline log: unknown subcommand '${sub}'\n${help}\n`);
  return 2;
}
