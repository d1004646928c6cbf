import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EvalDisplay } from '../../src/cli/display.ts';
import { EVAL_SET_ID_FILE, readEvalLog, type EvalLog } from '../../src/log/index.ts';
import { tempDir } from '../helpers.ts';
import { hookline, logPaths, root } from './run-cli.ts';

const arithmetic = join(root, 'examples/arithmetic.ts');
const counting = join(root, 'test/fixtures/eval-tasks/counting.ts');
const fixtures = join(root, 'test/fixtures/eval-tasks');

describe('hookline eval (CLI)', () => {
  it('runs the arithmetic example: exit 0, progress lines, the summary table and the log path', async () => {
    const cwd = tempDir();
    const logDir = join(cwd, 'logs');
    const { code, stdout, stderr } = await hookline(['eval', arithmetic, '--log-dir', logDir], { cwd });
    assert.equal(code, 0, stderr);
    const [header, rule, row] = stdout.split('\n');
    assert.match(header!, /^task\s+model\s+status\s+samples\s+metrics$/);
    assert.match(rule!, /^-+\s+-+/);
    assert.match(row!, /^arithmetic\s+mockllm\/model\s+success\s+20\/20\s+match\/accuracy=0\.950\s+match\/stderr=0\.050$/);
    const [location] = logPaths(stdout);
    assert.ok(location !== undefined && location.startsWith(logDir) && existsSync(location), `the log path is printed and exists:\n${stdout}`);
    // Without a terminal, progress comes as plain lines on stderr.
    assert.match(stderr, /^running arithmetic \(mockllm\/model\): 20 sample\(s\), log .+\.eval$/m);
    assert.match(stderr, /^arithmetic [█░]+ 20\/20 samples {2}errors 0 {2}tokens \d+ {2}\d+:\d\d$/m);
    assert.ok(!stderr.includes('\x1b['), 'no terminal control codes without a terminal');
    const log = await readEvalLog(location);
    assert.equal(log.status, 'success');
    assert.equal(log.samples?.length, 20);
  });

  it('honours -T, --limit and --epochs, and --log-format json', async () => {
    const cwd = tempDir();
    const logDir = join(cwd, 'logs');
    const { code, stdout, stderr } = await hookline(['eval', arithmetic, '-T', 'count=5', '--limit', '3', '--epochs', '2', '--log-dir', logDir, '--log-format', 'json'], { cwd });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^arithmetic\s+mockllm\/model\s+success\s+6\/6\s/m);
    const [location] = logPaths(stdout);
    assert.ok(location?.endsWith('.json') === true, `a .json log: ${location}`);
    const log = await readEvalLog(location);
    assert.deepEqual(log.eval.taskArgs, { count: 5 });
    assert.equal(log.eval.dataset.samples, 5, 'the task got count=5');
    assert.deepEqual(log.eval.dataset.sampleIds, [1, 2, 3]);
    assert.equal(log.eval.config.limit, 3);
    assert.equal(log.eval.config.epochs, 2);
    assert.deepEqual(log.samples!.map((s) => `${s.id}/${s.epoch}`), ['1/1', '2/1', '3/1', '1/2', '2/2', '3/2']);
    assert.ok(readdirSync(logDir).every((f) => f.endsWith('.json')), 'only the .json log is written');
  });

  it('exits non-zero when every sample fails, naming the error', async () => {
    const cwd = tempDir();
    const { code, stdout } = await hookline(['eval', `${counting}@counting`, '-T', 'fail=all', '--log-dir', join(cwd, 'logs')], { cwd });
    assert.equal(code, 1);
    assert.match(stdout, /^counting\s+mockllm\/model\s+error\s+0\/5/m);
    assert.match(stdout, /^error in counting: planned failure of sample \d$/m);
    assert.equal(logPaths(stdout).length, 1, 'the failed log is still written and named');
  });

  it('gives clear errors and a non-zero exit for bad task files, task names and options', async () => {
    const cwd = tempDir();
    const cases: [string[], RegExp][] = [
      [['eval', join(cwd, 'missing.ts')], /Task file not found: .*missing\.ts\. Pass a \.ts or \.js file that exports tasks\./],
      [['eval', join(fixtures, 'broken.ts')], /Could not load task file .*broken\.ts: this task file is broken on purpose/],
      [['eval', join(fixtures, 'no-tasks.ts')], /No task in .*no-tasks\.ts: it exports no tasks/],
      [['eval', `${counting}@nope`], /No task named 'nope' in .*counting\.ts: it exports counting, other\. Name one of them after '@'/],
      [['eval'], /Name a task file: hookline eval FILE\[@task\]/],
      [['eval', counting, '--limit', '0'], /--limit must be a count N ≥ 1 or a 1-based range A-B/],
      [['eval', counting, '--log-format', 'xml'], /--log-format must be eval or json, got 'xml'/],
      [['eval', counting, '--epochs', 'two'], /--epochs must be a whole number ≥ 1, got 'two'/],
      [['eval', counting, '--id', 'x'], /Unknown option '--id'/],
      [['eval-set', counting], /eval-set needs --log-dir DIR/],
    ];
    const results = await Promise.all(cases.map(([args]) => hookline(args, { cwd })));
    results.forEach((result, i) => {
      const [args, message] = cases[i]!;
      assert.notEqual(result.code, 0, `${args.join(' ')} exits non-zero`);
      assert.match(result.stderr, message, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stdout, '', `${args.join(' ')} prints nothing on stdout`);
    });
    assert.ok(!existsSync(join(cwd, 'logs')), 'no log was written (the default folder is ./logs)');
  });

  it('eval-set: retries what failed on the next invocation and keeps its id', async () => {
    const cwd = tempDir();
    const logDir = join(cwd, 'set');
    const args = ['eval-set', `${counting}@counting`, '-T', 'count=4', '--log-dir', logDir];
    // One sample at a time: samples 1 and 2 complete before 3 fails.
    const first = await hookline([...args, '--retry-attempts', '0', '--max-samples', '1'], { cwd, env: { HOOKLINE_TEST_FAIL_IDS: '3' } });
    assert.equal(first.code, 1, first.stderr);
    const id = readFileSync(join(logDir, EVAL_SET_ID_FILE), 'utf8').trim();
    assert.match(first.stdout, new RegExp(`^eval set ${id}: incomplete$`, 'm'));
    assert.match(first.stdout, /^counting\s+mockllm\/model\s+error\s/m);

    const markers = join(cwd, 'solved.txt');
    const second = await hookline(args, { cwd, env: { HOOKLINE_TEST_MARKERS: markers } });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, new RegExp(`^eval set ${id}: complete$`, 'm'));
    assert.match(second.stdout, /^counting\s+mockllm\/model\s+success\s+4\/4\s/m);
    const solved = readFileSync(markers, 'utf8').trim().split('\n');
    assert.ok(solved.includes('solve 3 1'), 'the failed sample ran again');
    assert.ok(!solved.includes('solve 1 1') && !solved.includes('solve 2 1'), `completed samples were reused (${solved.join(', ')})`);
    const [location] = logPaths(second.stdout);
    const log = await readEvalLog(location!);
    assert.equal(log.eval.evalSetId, id);
    assert.equal(log.samples?.length, 4);

    const third = await hookline(args, { cwd });
    assert.equal(third.code, 0, third.stderr);
    assert.deepEqual(logPaths(third.stdout), [location], 'a complete set returns the same log');
    assert.equal(readdirSync(logDir).filter((f) => f.endsWith('.eval')).length, 1, 'the superseded log was cleaned up');
  });

  it('eval-retry finishes a failed run from its log', async () => {
    const cwd = tempDir();
    const logDir = join(cwd, 'logs');
    const failed = await hookline(['eval', `${counting}@counting`, '--log-dir', logDir, '--max-samples', '1'], { cwd, env: { HOOKLINE_TEST_FAIL_IDS: '2' } });
    assert.equal(failed.code, 1);
    const [original] = logPaths(failed.stdout);
    const retried = await hookline(['eval-retry', original!], { cwd });
    assert.equal(retried.code, 0, retried.stderr);
    assert.match(retried.stdout, /^counting\s+mockllm\/model\s+success\s+5\/5\s/m);
    const [location] = logPaths(retried.stdout);
    assert.notEqual(location, original);
    assert.equal((await readEvalLog(location!)).eval.taskId, (await readEvalLog(original!)).eval.taskId);
    const missing = await hookline(['eval-retry'], { cwd });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /name the log\(s\) to retry/);
  });
});

/** A stand-in for stderr that keeps what is written. */
function fakeStream(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = { isTTY: true, write: (chunk: string) => chunks.push(chunk) > 0 };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

/** A finished log with `samples` samples (only what the display reads). */
function finishedLog(samples: number, status: EvalLog['status'] = 'success'): EvalLog {
  const list = Array.from({ length: samples }, (_, i) => ({ id: i + 1, epoch: 1 }));
  return { status, eval: { task: 't', model: 'mockllm/model' }, samples: list } as unknown as EvalLog;
}

describe('EvalDisplay', () => {
  it('plain output: a line per task start, progress lines, and a final line that counts reused samples', () => {
    const { stream, text } = fakeStream();
    const display = new EvalDisplay(stream, false);
    display.taskStart({ task: 't', model: 'mockllm/model', total: 5, log: '/logs/t.eval' });
    display.sampleEnd({ task: 't', error: false, tokens: 7 });
    display.sampleEnd({ task: 't', error: true, tokens: 3 });
    // Three samples were reused from an earlier log: the runner reports them without tokens.
    for (let i = 0; i < 3; i++) display.sampleEnd({ task: 't', error: false, tokens: 0 });
    display.taskEnd({ task: 't', log: finishedLog(5) });
    display.stop();
    const lines = text().trimEnd().split('\n');
    assert.equal(lines[0], 'running t (mockllm/model): 5 sample(s), log /logs/t.eval');
    assert.match(lines[1]!, /^t █{5}░{19} 1\/5 samples {2}errors 0 {2}tokens 7 {2}\d+:\d\d$/);
    assert.match(lines[lines.length - 1]!, /^t █{24} 5\/5 samples {2}errors 1 {2}tokens 10 {2}\d+:\d\d$/);
    assert.ok(!text().includes('\x1b['), 'no control codes');
  });

  it('plain output names a status other than success on the final line', () => {
    const { stream, text } = fakeStream();
    const display = new EvalDisplay(stream, false);
    display.taskStart({ task: 't', model: 'mockllm/model', total: 2, log: undefined });
    display.sampleEnd({ task: 't', error: true, tokens: 0 });
    display.taskEnd({ task: 't', log: finishedLog(1, 'error') });
    assert.match(text().trimEnd().split('\n').pop()!, /1\/2 samples {2}errors 1 .* {2}error$/);
  });

  it('live output redraws in place and stops once: nothing is drawn over what is printed after stop()', () => {
    const { stream, text } = fakeStream();
    const display = new EvalDisplay(stream, true);
    display.taskStart({ task: 'a', model: 'mockllm/model', total: 1, log: undefined });
    display.taskStart({ task: 'b', model: 'mockllm/model', total: 1, log: undefined });
    display.sampleEnd({ task: 'a', error: false, tokens: 1 });
    display.taskEnd({ task: 'a', log: { ...finishedLog(1), eval: { task: 'a', model: 'mockllm/model' } } as EvalLog });
    display.stop();
    const stopped = text();
    const redraw = stopped.split('\x1b[2F');
    assert.ok(redraw.length > 1, 'the cursor moves up two lines to redraw');
    assert.match(redraw.pop()!.replaceAll('\x1b[2K', ''), /^a █{24} 1\/1 samples.*\nb ░{24} 0\/1 samples/, 'both lines are redrawn in place');
    display.stop();
    display.taskEnd({ task: 'b', log: { ...finishedLog(1), eval: { task: 'b', model: 'mockllm/model' } } as EvalLog });
    assert.equal(text(), stopped, 'nothing is written after stop()');
  });
});
