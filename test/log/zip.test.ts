import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { prepareMember, type PreparedMember, ZipAppender } from '../../src/log/zip/appender.ts';
import { crc32 } from '../../src/log/zip/format.ts';
import { ZipReader } from '../../src/log/zip/reader.ts';
import { tempDir } from '../helpers.ts';

/** A STORED (uncompressed) member: cheap to build in bulk. */
function stored(name: string, text: string): PreparedMember {
  const data = Buffer.from(text);
  return { entry: { name, method: 0, crc: crc32(data), compressedSize: data.length, size: data.length, dosTime: 0, dosDate: 33 }, data };
}

async function contents(path: string): Promise<{ recovered: boolean; files: Map<string, string> }> {
  const zip = await ZipReader.open(path);
  const files = new Map<string, string>();
  for (const name of zip.entries.keys()) files.set(name, (await zip.read(name)).toString('utf8'));
  await zip.close();
  return { recovered: zip.recovered, files };
}

describe('ZipAppender', () => {
  it('is a valid archive after every append, also when the central directory has to move', async () => {
    const path = join(tempDir(), 'a.zip');
    const zip = await ZipAppender.create(path);
    const expected = new Map<string, string>();
    // Growing, poorly compressible members overflow the gap before the central directory.
    for (let i = 0; i < 40; i++) {
      const text = `${i}:${Array.from({ length: 200 * i }, (_, k) => ((k * 7919 + i) % 65521).toString(36)).join(',')}`;
      expected.set(`m/${i}.txt`, text);
      await zip.append([await prepareMember(`m/${i}.txt`, text)]);
      const { recovered, files } = await contents(path);
      assert.equal(recovered, false, `append ${i}: the central directory is intact`);
      assert.deepEqual(files, expected);
      const independent = unzipSync(readFileSync(path));
      assert.equal(strFromU8(independent[`m/${i}.txt`]!), text);
    }
    await zip.finish([await prepareMember('last.txt', 'done')]);
    expected.set('last.txt', 'done');
    assert.deepEqual((await contents(path)).files, expected);
    const entries = [...(await ZipReader.open(path).then(async (r) => (await r.close(), r.entries))).values()];
    const centralLength = entries.reduce((n, e) => n + 46 + Buffer.byteLength(e.name), 0);
    const dataLength = entries.reduce((n, e) => n + 30 + Buffer.byteLength(e.name) + e.compressedSize, 0);
    assert.equal(statSync(path).size, dataLength + centralLength + 22, 'the finished archive has no gap');
  });

  it('writes and reads ZIP64 end records past 65,535 members', async () => {
    const path = join(tempDir(), 'many.zip');
    const zip = await ZipAppender.create(path);
    const count = 66_000;
    for (let start = 0; start < count; start += 6_000) {
      const batch = [];
      for (let i = start; i < Math.min(count, start + 6_000); i++) batch.push(stored(`${i}`, `${i}`));
      await zip.append(batch);
    }
    await zip.finish([]);
    const reader = await ZipReader.open(path);
    try {
      assert.equal(reader.recovered, false);
      assert.equal(reader.entries.size, count);
      assert.equal((await reader.read('65999')).toString(), '65999');
    } finally {
      await reader.close();
    }
    const bytes = readFileSync(path);
    assert.equal(bytes.readUInt16LE(bytes.length - 12), 0xffff, 'the classic end record defers to ZIP64');
  });

  it('refuses to open a file that is not an archive, saying why', async () => {
    const path = join(tempDir(), 'not.zip');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, 'hello, not a zip');
    await assert.rejects(ZipReader.open(path), /no ZIP members found/);
  });
});
