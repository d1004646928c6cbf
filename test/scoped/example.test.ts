import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

describe('examples/scoped-hooks.ts', () => {
  it('runs offline and prints the promptulate-style lines in scope order', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'examples/scoped-hooks.ts'], { cwd: root, timeout: 60_000 });
    assert.equal(stderr, '');
    assert.deepEqual(stdout.trim().split('\n'), [
      '[calculator] created',
      '[llm] mockllm/model created',
      '[agent] created',
      '[agent] started with prompt: What is 6 * 7?',
      '[llm] started with 1 message(s)',
      '[every model] mockllm/model returned a call to calculator',
      '[every tool] calculator started with {"expression":"6 * 7"}',
      '[calculator] started with 6 * 7',
      '[every tool] calculator returned 42',
      '[calculator] result: 42',
      '[llm] started with 3 message(s)',
      '[every model] mockllm/model returned "The answer is 42."',
      '[agent] result (completed): The answer is 42.',
      'final answer: The answer is 42.',
    ]);
  });
});
