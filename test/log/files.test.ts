import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeFileAtomic } from '../../src/log/files.ts';
import { tempDir } from '../helpers.ts';

describe('writeFileAtomic', () => {
  it('writes text chunks as UTF-8 and byte chunks as they are, in order, past the write size, and leaves no temporary file', async () => {
    const dir = tempDir();
    const path = join(dir, 'log.json');
    const text = 'é ✓ 𝄞 '.repeat(20_000); // multi-byte, about 240 KB of UTF-8
    const bytes = Buffer.from('{"sample":"ünïcödé"}'.repeat(10_000)); // about 220 KB
    function* chunks(): Generator<string | Uint8Array> {
      yield '[';
      yield text;
      yield Buffer.from(',\n');
      yield bytes;
      yield ']';
    }
    await writeFileAtomic(path, chunks());
    assert.equal(readFileSync(path, 'utf8'), `[${text},\n${bytes.toString('utf8')}]`);
    assert.deepEqual(readdirSync(dir), ['log.json'], 'the temporary file was renamed');
  });

  it('keeps the old file when a chunk fails, and removes the temporary one', async () => {
    const dir = tempDir();
    const path = join(dir, 'log.json');
    await writeFileAtomic(path, 'old');
    async function* failing(): AsyncGenerator<string> {
      yield 'new';
      await Promise.resolve();
      throw new Error('the journal ends early');
    }
    await assert.rejects(writeFileAtomic(path, failing()), /the journal ends early/);
    assert.equal(readFileSync(path, 'utf8'), 'old');
    assert.deepEqual(readdirSync(dir), ['log.json']);
  });
});
