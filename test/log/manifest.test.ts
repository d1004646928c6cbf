import assert from 'node:assert/strict';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
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

  it('reuses the headers of logs unchanged since logs.json was written, and reads changed and new ones again', async () => {
    const logDir = tempDir();
    const [first] = await evaluate(small('first'), { banner: false, logDir });
    const name = basename(first!.location!);
    const manifestPath = join(logDir, 'logs.json');
    const kept = parseJson(readFileSync(manifestPath, 'utf8')) as Record<string, { eval: { task: string } }>;
    // Mark the recorded header, then date the log before the manifest: the mark must survive.
    kept[name]!.eval.task = 'recorded-header';
    writeFileSync(manifestPath, JSON.stringify(kept));
    utimesSync(first!.location!, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    await evaluate(small('second'), { banner: false, logDir });
    let manifest = parseJson(readFileSync(manifestPath, 'utf8')) as Record<string, { eval: { task: string } }>;
    assert.equal(manifest[name]!.eval.task, 'recorded-header', 'the unchanged log was not opened again');
    assert.deepEqual(Object.values(manifest).map((h) => h.eval.task).sort(), ['recorded-header', 'second'], 'the new log is read');
    // A log written after the manifest is read again.
    utimesSync(first!.location!, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    await writeLogDirManifest(logDir);
    manifest = parseJson(readFileSync(manifestPath, 'utf8')) as Record<string, { eval: { task: string } }>;
    assert.equal(manifest[name]!.eval.task, 'first', 'the changed log is read again');
  });

  it('reads every header when logs.json is not a manifest', async () => {
    const logDir = tempDir();
    await evaluate(small('first'), { banner: false, logDir });
    writeFileSync(join(logDir, 'logs.json'), '[not json');
    await writeLogDirManifest(logDir);
    const manifest = parseJson(readFileSync(join(logDir, 'logs.json'), 'utf8')) as Record<string, { eval: { task: string } }>;
    assert.deepEqual(Object.values(manifest).map((h) => h.eval.task), ['first']);
  });
});
