/**
 * Fault injection through the real CLI: hooks that throw, hang, exit the process, crash, flood or
 * leak a timer. For each: the exit code, the message, and that no completed sample is lost.
 * Every child process is killed after 60 s, so a hang fails the test instead of stalling CI.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readEvalLog, type EvalLog } from '../../src/log/index.ts';
import { tempDir } from '../helpers.ts';
import { type CliResult, hookline, logPaths, root } from './run-cli.ts';

const faultyTask = join(root, 'test/fixtures/faults/faulty-task.ts');

interface FaultRun extends CliResult {
  log: EvalLog;
  output: string;
}

/** Runs the faulty task (5 samples, one at a time) with the hook misbehaving as `fault` says. */
async function runFault(fault: string, env: Record<string, string> = {}): Promise<FaultRun> {
  const cwd = tempDir();
  const result = await hookline(['eval', faultyTask, '--max-samples', '1', '--log-dir', join(cwd, 'logs')], {
    cwd,
    env: { HOOKLINE_FAULT: fault, HOOKLINE_HOOK_TIMEOUT: '0.3', ...env },
    killAfterMs: 60_000,
  });
  const output = `${result.stdout}\n${result.stderr}`;
  const [location] = logPaths(output);
  assert.ok(location !== undefined, `the log path is printed:\n${output.slice(0, 2000)}`);
  return { ...result, output, log: await readEvalLog(location) };
}

function sampleIds(log: EvalLog): string[] {
  return (log.samples ?? []).map((s) => String(s.id)).sort();
}

describe('fault injection: in-process hooks in hookline eval', () => {
  it('warns about a hook that throws, naming it and the event, and completes every sample', async () => {
    const run = await runFault('throw');
    assert.equal(run.code, 0, run.output);
    assert.match(run.stderr, /Exception calling hook 'package\/faulty' on onSampleEnd: faulty hook failed on purpose/);
    assert.equal(run.log.status, 'success');
    assert.deepEqual(sampleIds(run.log), ['1', '2', '3', '4', '5']);
  });

  it('shows a warning repeated on every sample three times, then counts the rest in a summary at the end', async () => {
    const run = await runFault('throw', { HOOKLINE_FAULT_AT: 'all' });
    assert.equal(run.code, 0, run.output);
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('hookline: warning: Exception calling hook'));
    assert.equal(lines.length, 3, run.stderr);
    assert.match(lines[2]!, /further repeats of this warning are counted, not shown/);
    assert.match(run.stderr, /repeated warnings \(first 3 of each shown above\):\n {2}5× Exception calling hook 'package\/faulty' on onSampleEnd/);
    assert.deepEqual(sampleIds(run.log), ['1', '2', '3', '4', '5']);
  });

  it('abandons a hook that never settles at its timeout and completes every sample', async () => {
    const run = await runFault('hang');
    assert.equal(run.code, 0, run.output);
    assert.match(run.stderr, /Hook 'package\/faulty' timed out after 300ms on onSampleEnd and was abandoned/);
    assert.deepEqual(sampleIds(run.log), ['1', '2', '3', '4', '5']);
  });

  it('abandons a slow hook holding a timer at its timeout, and the process still ends after the summary', async () => {
    const run = await runFault('slow');
    assert.equal(run.code, 0, run.output);
    assert.match(run.stderr, /timed out after 300ms on onSampleEnd/);
    assert.match(run.stdout, /counting\s+mockllm\/model\s+success\s+5\/5/);
    assert.match(run.stderr, /exiting although something started during the run .* is still active/);
  });

  it('without a timeout, a hook that never settles ends the run with exit 1, a message, and an error log keeping completed samples', async () => {
    const run = await runFault('hang', { HOOKLINE_HOOK_TIMEOUT: '0' });
    assert.equal(run.code, 1, run.output);
    assert.match(run.stderr, /the run stopped making progress: something it waits for .* will never settle/);
    assert.match(run.stderr, /1 of 1 open log\(s\) finished with status 'error', completed samples kept/);
    assert.equal(run.log.status, 'error');
    assert.match(run.log.error?.message ?? '', /never settled/);
    for (const id of ['1', '2']) assert.ok(sampleIds(run.log).includes(id), `completed sample ${id} is in the log: ${sampleIds(run.log).join(',')}`);
  });

  it('stops process.exit(0) from a hook, finishes the run, says who exited, and exits non-zero', async () => {
    const run = await runFault('exit');
    assert.equal(run.code, 1, run.output);
    assert.match(run.stderr, /Exception calling hook 'package\/faulty' on onSampleEnd: process\.exit\(0\) was called during the run/);
    assert.match(run.stderr, /hookline: error: process\.exit\(0\) was called during the run; hookline stopped it and finished the run/);
    assert.equal(run.log.status, 'success');
    assert.deepEqual(sampleIds(run.log), ['1', '2', '3', '4', '5']);
  });

  it('finishes the log as an error and exits 1 when a hook crashes the process from a timer', async () => {
    const run = await runFault('crash');
    assert.equal(run.code, 1, run.output);
    assert.match(run.stderr, /uncaught exception during the run \(thrown outside any hook call.*\): crash from a timer/);
    assert.equal(run.log.status, 'error');
    for (const id of ['1', '2']) assert.ok(sampleIds(run.log).includes(id), `completed sample ${id} is in the log`);
  });

  it('keeps every sample when a hook floods stderr', async () => {
    const run = await runFault('flood');
    assert.equal(run.code, 0, run.output.slice(0, 500));
    assert.ok(run.stderr.length > 2 * 1024 * 1024, 'the flood reached stderr');
    assert.deepEqual(sampleIds(run.log), ['1', '2', '3', '4', '5']);
  });

  it('exits after the summary although a hook left an interval running', async () => {
    const run = await runFault('leak');
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /counting\s+mockllm\/model\s+success\s+5\/5/);
    assert.match(run.stderr, /exiting although something started during the run/);
  });
});

describe('fault injection: in-process hooks in hookline run -p', () => {
  const project = join(root, 'test/fixtures/faults/project');

  function runPrompt(fault: string, extra: string[] = [], env: Record<string, string> = {}): Promise<CliResult> {
    const home = tempDir();
    return hookline(['run', '-p', 'hello', '--transcript-dir', join(home, 'sessions'), ...extra], {
      cwd: project,
      env: { HOOKLINE_HOME: home, HOOKLINE_FAULT: fault, HOOKLINE_HOOK_TIMEOUT: '0', ...env },
      killAfterMs: 60_000,
    });
  }

  it('says the run stopped and exits 1 when a hook never settles (no timeout)', async () => {
    const run = await runPrompt('hang');
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /hookline: error: the run stopped making progress/);
  });

  it('stops process.exit(0) from a prompt hook, names the hook, answers, and exits non-zero', async () => {
    const run = await runPrompt('exit');
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /Exception calling hook 'hookline-plugin-faulty\/faulty' on onUserPromptSubmit: process\.exit\(0\)/);
    assert.match(run.stdout, /Default output from mockllm\/model/);
  });
});

describe('fault injection: a malformed hooks.json', () => {
  it('stops hookline eval before anything runs, naming the file, unless HOOKLINE_IGNORE_BAD_HOOKS=1', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, '.hookline'));
    writeFileSync(join(cwd, '.hookline', 'hooks.json'), '{"hooks": {"PreToolUse": [');
    const args = ['eval', join(root, 'test/fixtures/eval-tasks/counting.ts'), '--log-dir', join(cwd, 'logs')];
    const stopped = await hookline(args, { cwd, killAfterMs: 60_000 });
    assert.equal(stopped.code, 1, stopped.stderr);
    assert.match(stopped.stderr, /hookline: error \[CONFIG_INVALID\]: failed to parse hooks config .*\.hookline\/hooks\.json: invalid JSON/);
    assert.equal(existsSync(join(cwd, 'logs')), false, 'nothing ran');
    const ignored = await hookline(args, { cwd, env: { HOOKLINE_IGNORE_BAD_HOOKS: '1' }, killAfterMs: 60_000 });
    assert.equal(ignored.code, 0, ignored.stderr);
    assert.match(ignored.stderr, /warning: failed to parse hooks config/);
  });

  it('stops hookline run too, and --ignore-bad-hooks runs it without that file, with a warning', async () => {
    const cwd = tempDir();
    const home = tempDir();
    mkdirSync(join(cwd, '.hookline'));
    writeFileSync(join(cwd, '.hookline', 'hooks.json'), '{"hooks": {"PreToolUse": 3}}');
    const args = ['run', '-p', 'hello', '--transcript-dir', join(home, 'sessions')];
    const stopped = await hookline(args, { cwd, env: { HOOKLINE_HOME: home }, killAfterMs: 60_000 });
    assert.equal(stopped.code, 1, stopped.stderr);
    assert.match(stopped.stderr, /hooks\.json.*PreToolUse/);
    assert.match(stopped.stderr, /--ignore-bad-hooks/);
    const ignored = await hookline([...args, '--ignore-bad-hooks'], { cwd, env: { HOOKLINE_HOME: home }, killAfterMs: 60_000 });
    assert.equal(ignored.code, 0, ignored.stderr);
    assert.match(ignored.stderr, /warning: .*hooks\.json/);
    assert.match(ignored.stdout, /Default output from mockllm\/model/);
  });
});

describe('fault injection: hooks printing in run --output-format json', () => {
  it('keeps stdout for the JSON: what an in-process hook prints goes to stderr', async () => {
    const home = tempDir();
    const run = await hookline(['run', '-p', 'hello', '--output-format', 'json', '--transcript-dir', join(home, 'sessions')], {
      cwd: join(root, 'test/fixtures/faults/project'),
      env: { HOOKLINE_HOME: home, HOOKLINE_FAULT: 'print' },
      killAfterMs: 60_000,
    });
    assert.equal(run.code, 0, run.stderr);
    const body = JSON.parse(run.stdout) as { result?: unknown };
    assert.equal(body.result, 'Default output from mockllm/model');
    assert.match(run.stderr, /a hook printing to stdout/);
  });
});
