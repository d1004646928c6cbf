/**
 * Bad command-line input gets a clear message naming the option and what is allowed.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../helpers.ts';
import { hookline, root } from './run-cli.ts';

const counting = join(root, 'test/fixtures/eval-tasks/counting.ts');

describe('bad command-line input', () => {
  it('--limit -1 says what --limit accepts', async () => {
    const cwd = tempDir();
    const run = await hookline(['eval', counting, '--limit', '-1'], { cwd, killAfterMs: 60_000 });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--limit must be a count N ≥ 1 or a 1-based range A-B \(e\.g\. 5 or 3-7\), got '-1'/);
  });

  it('--log-dir pointing at a file says it is a file, before anything runs', async () => {
    const cwd = tempDir();
    const file = join(cwd, 'not-a-folder');
    writeFileSync(file, 'x');
    const run = await hookline(['eval', counting, '--log-dir', file], { cwd, killAfterMs: 60_000 });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--log-dir .*not-a-folder is a file, not a folder/);
    assert.doesNotMatch(run.stderr, /EEXIST/);
  });

  it('run --cwd with a missing folder says so', async () => {
    const cwd = tempDir();
    const run = await hookline(['run', '-p', 'hi', '--cwd', './missing'], { cwd, killAfterMs: 60_000 });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--cwd \.\/missing: no such folder/);
  });

  it('an empty dataset is an error, not a silent success', async () => {
    const cwd = tempDir();
    const run = await hookline(['eval', join(root, 'test/fixtures/faults/empty-task.ts'), '--log-dir', join(cwd, 'logs')], { cwd, killAfterMs: 60_000 });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /task empty ran no samples: its dataset is empty, or --limit \/ --sample-id selected none/);
  });
});

describe('task files hookline cannot load', () => {
  it('says a .py task file is not a JavaScript or TypeScript file', async () => {
    const cwd = tempDir();
    const file = join(cwd, 'task.py');
    writeFileSync(file, 'from inspect_ai import task\n');
    const run = await hookline(['eval', file], { cwd, killAfterMs: 60_000 });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /task\.py is not a JavaScript or TypeScript file: hookline loads tasks from \.ts, \.mts, \.js or \.mjs files/);
    assert.doesNotMatch(run.stderr, /Fix the error in the file/);
  });

  it('reports a syntax error in an .mts task file under its own name', async () => {
    const cwd = tempDir();
    const file = join(cwd, 'broken.mts');
    writeFileSync(file, 'export default {\n');
    const run = await hookline(['eval', file], { cwd, killAfterMs: 60_000 });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /broken\.mts:2:0: ERROR: Expected identifier but found end of file/);
    assert.doesNotMatch(run.stderr, /broken\.ts:/);
  });
});
