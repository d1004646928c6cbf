import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { tempDir } from './helpers.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'scripts/hookline-dev.mjs');

describe('examples', () => {
  it('runs the arithmetic eval with the recording and metrics-to-file hooks', async () => {
    const cwd = tempDir();
    const { stdout, stderr } = await run(process.execPath, [bin, 'eval', join(root, 'examples/hooks/with-hooks.ts'), '-T', 'count=4'], {
      cwd,
      env: { ...process.env, HOOKLINE_NO_BANNER: '1' },
    });
    assert.match(stdout, /arithmetic\s+mockllm\/model\s+success\s+4\/4\s+match\/accuracy=/);
    assert.match(stderr, /\[recording-hook\] run \w{22} starts: arithmetic/);
    assert.match(stderr, /\[recording-hook\] sample 4 \(epoch 1\) ends: match="C"/);
    assert.match(stderr, /\[recording-hook\] model mockllm\/model: \d+ tokens/);
    const lines = readFileSync(join(cwd, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.task, 'arithmetic');
    assert.equal(lines[0]!.status, 'success');
    assert.ok(typeof (lines[0]!.metrics as Record<string, number>)['match/accuracy'] === 'number', 'accuracy recorded');
    assert.ok((lines[0]!.total_tokens as number) > 0, 'token usage recorded');
  });
});
