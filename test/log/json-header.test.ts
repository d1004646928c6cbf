import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readJsonHeaderText } from '../../src/log/json-header.ts';
import { readEvalLog } from '../../src/log/index.ts';
import { tempDir } from '../helpers.ts';

const spec = { eval_id: 'e', run_id: 'r', created: '2026-01-01T00:00:00+00:00', task: 't', task_id: 'i', task_version: 0, model: 'm', dataset: {}, config: {}, model_generate_config: {}, model_args: {}, task_args: {}, task_attribs: {}, packages: {} };

describe('reading the header of a .json log', () => {
  it('stops at the top-level samples key, also far past the first read', () => {
    const dir = tempDir();
    const path = join(dir, 'log.json');
    // A header longer than one read, with "samples": inside strings and nested objects.
    const metadata = { note: 'x'.repeat(100_000) + '"samples": [', nested: { samples: [1, 2], reductions: 'no' } };
    const samples = Array.from({ length: 50 }, (_, i) => ({ id: i, epoch: 1, input: 'y'.repeat(10_000) }));
    writeFileSync(path, JSON.stringify({ version: 2, status: 'success', eval: spec, metadata, samples, reductions: [] }, null, 2));
    return readJsonHeaderText(path).then((text) => {
      const header = JSON.parse(text) as Record<string, unknown>;
      assert.deepEqual(Object.keys(header), ['version', 'status', 'eval', 'metadata'], 'everything before the samples, nothing after');
      assert.deepEqual(header.metadata, metadata, 'look-alike keys inside strings and nested objects are kept');
      assert.ok(text.length < 120_000, `only the header was read into the text (${text.length} characters)`);
    });
  });

  it('reads a header-only log whole, and readEvalLog returns the header without samples', async () => {
    const dir = tempDir();
    const path = join(dir, '2026-01-01T00-00-00+00-00_t_i.json');
    writeFileSync(path, JSON.stringify({ version: 2, status: 'started', eval: spec }));
    assert.equal((JSON.parse(await readJsonHeaderText(path)) as { status: string }).status, 'started');
    writeFileSync(path, JSON.stringify({ version: 2, status: 'success', eval: spec, samples: [{ id: 1, epoch: 1 }] }));
    const log = await readEvalLog(path, { headerOnly: true });
    assert.equal(log.status, 'success');
    assert.equal(log.samples, undefined);
  });
});
