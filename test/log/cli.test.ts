import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { createLogWriter, parseJson, readEvalLog, serializeJson, logToWire } from '../../src/log/index.ts';
import { tempDir } from '../helpers.ts';
import { makePlan, makeReductions, makeResults, makeSample, makeSpec, makeStats } from './fixtures.ts';
import { validateLog } from './schema.ts';

const root = new URL('../..', import.meta.url).pathname;
const runner = join(root, 'test/fixtures/log/run-log-command.ts');
const bin = join(root, 'scripts/hookline-dev.mjs');

function run(command: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, command, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const logCommand = (...args: string[]): ReturnType<typeof run> => run(['--import', 'tsx', runner, ...args]);

let logDir = '';
let evalLog = '';
let jsonLog = '';

before(async () => {
  logDir = tempDir();
  for (const format of ['eval', 'json'] as const) {
    const w = createLogWriter({ logDir, format, spec: makeSpec({ taskId: `T-${format}` }), plan: makePlan() });
    await w.logSample(makeSample(1, { nanScore: true }));
    await w.finish({ status: 'success', stats: makeStats(), results: makeResults(1), reductions: makeReductions([1]) });
    if (format === 'eval') evalLog = w.location;
    else jsonLog = w.location;
  }
});

describe('hookline log dump', () => {
  it('prints the whole log as snake_case JSON, NaN included, for both formats', async () => {
    for (const path of [evalLog, jsonLog]) {
      const { status, stdout, stderr } = logCommand('dump', path);
      assert.equal(status, 0, stderr);
      assert.equal(stdout, `${serializeJson(logToWire(await readEvalLog(path)), 2)}\n`);
      const dumped = parseJson(stdout) as { samples: { scores: { match: { value: number } } }[]; eval: { task_id: string } };
      assert.deepEqual(validateLog(dumped, 'EvalLog'), []);
      assert.ok(Number.isNaN(dumped.samples[0]!.scores.match.value), 'the NaN score is dumped as NaN');
      assert.match(stdout, /"task_args_passed"/);
    }
  });

  it('prints only the header with --header-only', () => {
    const { status, stdout } = logCommand('dump', evalLog, '--header-only');
    assert.equal(status, 0);
    const header = parseJson(stdout) as Record<string, unknown>;
    assert.equal(header.samples, undefined);
    assert.equal(header.reductions, undefined);
    assert.equal(header.status, 'success');
  });

  it('fails with the error code and the file name for an unreadable log, and with usage for bad arguments', () => {
    const missing = join(logDir, 'missing.eval');
    const failed = logCommand('dump', missing);
    assert.equal(failed.status, 1);
    assert.match(failed.stderr, /hookline: error \[LOG_INVALID\]: Cannot read the log .*missing\.eval/);
    assert.equal(logCommand('dump').status, 2);
    assert.equal(logCommand('frobnicate').status, 2);
    assert.match(logCommand('--help').stdout, /hookline log dump FILE \[--header-only\]/);
  });
});

describe('hookline log list', () => {
  it('lists the logs of a folder, filtered by status, as text or JSON', () => {
    const text = logCommand('list', '--log-dir', logDir);
    assert.equal(text.status, 0);
    assert.match(text.stdout, /success +math_word\/problems +mockllm\/model +.*\.eval/);
    const rows = JSON.parse(logCommand('list', '--log-dir', logDir, '--json').stdout) as { location: string; task_id: string }[];
    assert.deepEqual(rows.map((r) => r.location).sort(), [evalLog, jsonLog].sort());
    assert.deepEqual(JSON.parse(logCommand('list', '--log-dir', logDir, '--json', '--status', 'error').stdout), []);
    assert.match(logCommand('list', '--log-dir', logDir, '--status', 'bogus').stderr, /unknown status 'bogus'/);
    assert.match(logCommand('list', '--log-dir', join(logDir, 'none')).stdout, /No logs in/);
  });
});

describe('hookline log', () => {
  const wired = run([bin, '--help']).stdout.includes('\n  log ');
  it('dumps a log through the installed command', { skip: wired ? false : 'the log command is not wired into src/cli/main.ts yet' }, () => {
    const { status, stdout } = run([bin, 'log', 'dump', evalLog, '--header-only']);
    assert.equal(status, 0);
    assert.equal((parseJson(stdout) as { status: string }).status, 'success');
  });
});
