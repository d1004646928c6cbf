import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { evaluate } from '../../src/eval/evaluate.ts';
import { includes } from '../../src/eval/scorers/index.ts';
import { task } from '../../src/eval/task.ts';
import { parseJson, writeLogDirManifest } from '../../src/log/index.ts';
import { resetHooks } from '../../src/testing/reset.ts';
import { captureWarnings } from '../../src/runtime/warnings.ts';
import { tempDir } from '../helpers.ts';
import { validateLog } from './schema.ts';

const small = (name: string) => task({ name, dataset: [{ id: 1, input: 'Hi', target: 'Default output' }], scorer: includes() });

describe('log folder manifests (logs.json, listing.json)', () => {
  beforeEach(resetHooks);

  it('writes both after a run: every log header by its name relative to the folder', async () => {
    const logDir = tempDir();
    const logs = await evaluate([small('first'), small('second')], { banner: false, logDir });
    for (const file of ['logs.json', 'listing.json']) {
      const manifest = parseJson(readFileSync(join(logDir, file), 'utf8')) as Record<string, { eval: { task: string }; samples?: unknown }>;
      assert.deepEqual(Object.keys(manifest).sort(), logs.map((l) => basename(l.location!)).sort(), `${file} names every log relative to the folder`);
      for (const [name, header] of Object.entries(manifest)) {
        assert.deepEqual(validateLog(header), [], `${file}: the header of ${name} validates as an EvalLog`);
        assert.equal(header.samples, undefined, 'headers carry no samples');
      }
      assert.deepEqual(Object.values(manifest).map((h) => h.eval.task).sort(), ['first', 'second']);
    }
  });

  it('leaves a corrupt log out, with a warning naming it', async () => {
    const logDir = tempDir();
    await evaluate(small('fine'), { banner: false, logDir });
    const corrupt = join(logDir, '2026-01-01T00-00-00+00-00_broken_X.eval');
    writeFileSync(corrupt, 'not a zip');
    const warnings: string[] = [];
    const release = captureWarnings((w) => warnings.push(w.message));
    try {
      await writeLogDirManifest(logDir);
    } finally {
      release();
    }
    const manifest = parseJson(readFileSync(join(logDir, 'logs.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(Object.keys(manifest).length, 1, 'only the readable log');
    assert.ok(warnings.some((w) => w.includes(corrupt)), `the warning names the corrupt log (${warnings.join(' | ')})`);
  });
});
