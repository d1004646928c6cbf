import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { executeToolCall, builtinTools, type ToolCallOutcome } from '../../src/tools/index.ts';
import { textOf } from '../fixtures/agent/scripted.ts';
import { freshHooks, tempDir } from '../helpers.ts';

const tools = builtinTools(['read', 'write', 'edit']);

function call(name: string, args: Record<string, unknown>, cwd: string): Promise<ToolCallOutcome> {
  return executeToolCall({ id: 'f1', function: name, arguments: args, type: 'function' }, tools, { cwd, permissionMode: 'default' });
}

describe('Read, Write and Edit', () => {
  beforeEach(freshHooks);

  it('Read numbers lines and honours offset and limit', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), 'one\ntwo\nthree\nfour\n');
    assert.equal((await call('Read', { file_path: 'a.txt' }, dir)).message.content, '     1\tone\n     2\ttwo\n     3\tthree\n     4\tfour');
    const part = await call('Read', { file_path: join(dir, 'a.txt'), offset: 2, limit: 2 }, dir);
    assert.equal(part.message.content, '     2\ttwo\n     3\tthree\n… (1 more lines; read on with offset 4)');
    assert.match(textOf((await call('Read', { file_path: 'a.txt', offset: 9 }, dir)).message), /has 4 lines; offset 9 is past the end/);
    writeFileSync(join(dir, 'empty.txt'), '');
    assert.equal((await call('Read', { file_path: 'empty.txt' }, dir)).message.content, '(the file is empty)');
  });

  it('Read reports missing files and directories with their error types', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    const missing = await call('Read', { file_path: 'nope.txt' }, dir);
    assert.equal(missing.message.error?.type, 'file_not_found');
    assert.match(textOf(missing.message), new RegExp(`File not found: ${join(dir, 'nope.txt')}`));
    assert.equal((await call('Read', { file_path: 'sub' }, dir)).message.error?.type, 'is_a_directory');
    assert.equal((await call('Read', { file_path: 'a', offset: 0 }, dir)).message.error?.type, 'parsing');
  });

  it('Write creates parent folders, replaces files, and reports create or update', async () => {
    const dir = tempDir();
    const created = await call('Write', { file_path: 'deep/dir/f.txt', content: 'v1' }, dir);
    assert.deepEqual(created.result, { type: 'create', filePath: join(dir, 'deep/dir/f.txt'), success: true });
    const updated = await call('Write', { file_path: 'deep/dir/f.txt', content: 'v2' }, dir);
    assert.equal((updated.result as { type: string }).type, 'update');
    assert.equal(readFileSync(join(dir, 'deep/dir/f.txt'), 'utf8'), 'v2');
    mkdirSync(join(dir, 'adir'));
    assert.equal((await call('Write', { file_path: 'adir', content: 'x' }, dir)).message.error?.type, 'is_a_directory');
  });

  it('Edit replaces a unique string, and every occurrence with replace_all', async () => {
    const dir = tempDir();
    const path = join(dir, 'code.ts');
    writeFileSync(path, 'const a = 1;\nconst b = 1;\n');
    const one = await call('Edit', { file_path: 'code.ts', old_string: 'a = 1', new_string: 'a = $&2' }, dir);
    assert.deepEqual(one.result, { filePath: path, success: true, replacements: 1 });
    assert.equal(readFileSync(path, 'utf8'), 'const a = $&2;\nconst b = 1;\n');
    const all = await call('Edit', { file_path: 'code.ts', old_string: 'const', new_string: 'let', replace_all: true }, dir);
    assert.equal((all.result as { replacements: number }).replacements, 2);
    assert.equal(readFileSync(path, 'utf8'), 'let a = $&2;\nlet b = 1;\n');
  });

  it('Edit refuses an absent, ambiguous, empty or unchanged old_string, and a missing file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'f.txt'), 'x x');
    const absent = await call('Edit', { file_path: 'f.txt', old_string: 'y', new_string: 'z' }, dir);
    assert.match(textOf(absent.message), /old_string was not found in .*f\.txt\. Read the file/);
    const ambiguous = await call('Edit', { file_path: 'f.txt', old_string: 'x', new_string: 'z' }, dir);
    assert.match(textOf(ambiguous.message), /old_string occurs 2 times .* set replace_all to true/);
    assert.match(textOf((await call('Edit', { file_path: 'f.txt', old_string: '', new_string: 'z' }, dir)).message), /old_string is empty/);
    assert.match(textOf((await call('Edit', { file_path: 'f.txt', old_string: 'x', new_string: 'x' }, dir)).message), /nothing to change/);
    assert.equal((await call('Edit', { file_path: 'g.txt', old_string: 'a', new_string: 'b' }, dir)).message.error?.type, 'file_not_found');
    assert.equal(readFileSync(join(dir, 'f.txt'), 'utf8'), 'x x');
  });
});
