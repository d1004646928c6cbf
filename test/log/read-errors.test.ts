import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as zlib from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { createLogWriter, readEvalLog } from '../../src/log/index.ts';
import { tempDir } from '../helpers.ts';
import { makePlan, makeSample, makeSpec, makeStats } from './fixtures.ts';

async function rejectsWith(path: string, pattern: RegExp): Promise<void> {
  await assert.rejects(readEvalLog(path), (e: Error & { code?: string; file?: string }) => {
    assert.equal(e.code, 'LOG_INVALID');
    assert.equal(e.file, path);
    assert.ok(e.message.includes(path), `the message names the file: ${e.message}`);
    assert.match(e.message, pattern);
    return true;
  });
}

function file(name: string, content: string | Uint8Array): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

describe('reading unusable files', () => {
  it('names the file and says what is wrong', async () => {
    await rejectsWith(join(tempDir(), 'missing.eval'), /Cannot read the log .*ENOENT.*Check the path/);
    await rejectsWith(join(tempDir(), 'missing.json'), /Cannot read the log .*Check the path/);
    await rejectsWith(file('empty.eval', ''), /not a readable \.eval log: no ZIP members found/);
    await rejectsWith(file('random.eval', 'definitely not a zip archive'), /not a readable \.eval log/);
    await rejectsWith(file('broken.json', '{"version": 2, "eval": '), /is not valid JSON/);
    await rejectsWith(file('list.json', '[1, 2]'), /is not a JSON object/);
    await rejectsWith(file('other.json', '{"version": 2, "status": "success"}'), /no valid 'eval' section/);
    await rejectsWith(file('other.eval', zipSync({ 'readme.txt': strToU8('hi') })), /without header\.json or _journal\/start\.json/);
    await rejectsWith(file('bad-sample.eval', zipSync({ 'header.json': strToU8(JSON.stringify({ eval: { task: 't', model: 'm' } })), 'samples/1_epoch_1.json': strToU8('{"epoch": 1}') })), /samples\/1_epoch_1\.json\) is not a sample/);
    await rejectsWith(file('unknown.log', 'plain text'), /neither an \.eval archive nor a \.json log/);
  });

  const hasZstd = 'zstdDecompressSync' in zlib;
  it('explains that zstd members need a newer Node', { skip: hasZstd ? 'this Node reads zstd' : false }, async () => {
    const bytes = Buffer.from(zipSync({ 'header.json': strToU8(JSON.stringify({ eval: { task: 't', model: 'm' } })) }, { level: 0 }));
    // Mark the (stored) member as Zstandard in its local header and central directory record.
    bytes.writeUInt16LE(93, 8);
    bytes.writeUInt16LE(93, bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10);
    await rejectsWith(file('zstd.eval', bytes), /member 'header\.json' is zstd-compressed, which needs Node 22\.15 or later/);
  });

  it('detects the format of a log without its usual extension', async () => {
    const w = createLogWriter({ logDir: tempDir(), format: 'eval', spec: makeSpec(), plan: makePlan(), fileName: 'renamed.bin' });
    await w.logSample(makeSample(1));
    await w.finish({ status: 'success', stats: makeStats() });
    assert.equal((await readEvalLog(w.location)).samples!.length, 1);
  });
});
