import assert from 'node:assert/strict';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { cleanNamePart, isLogFileName, listEvalLogs, LOG_FILE_PATTERN_ENV, logFileName } from '../../src/log/index.ts';
import { tempDir } from '../helpers.ts';
import { makeSpec } from './fixtures.ts';

describe('log file names', () => {
  afterEach(() => {
    Reflect.deleteProperty(process.env, LOG_FILE_PATTERN_ENV);
  });

  it("follows Inspect's {timestamp}_{task}_{id} scheme with _ / : + replaced by -", () => {
    const spec = makeSpec({ created: '2026-07-04T19:37:16+00:00', task: 'live_survey', taskId: 'HGnSppsNeU2oCcRKHGCsg9' });
    assert.equal(logFileName(spec, 'eval'), '2026-07-04T19-37-16-00-00_live-survey_HGnSppsNeU2oCcRKHGCsg9.eval');
    assert.equal(logFileName(spec, 'json'), '2026-07-04T19-37-16-00-00_live-survey_HGnSppsNeU2oCcRKHGCsg9.json');
    assert.equal(cleanNamePart('a_b/c:d+e'), 'a-b-c-d-e');
  });

  it('drops the package prefix of the task and prefers the display name', () => {
    assert.match(logFileName(makeSpec({ task: 'evals_pkg/gpqa_diamond' }), 'eval'), /_gpqa-diamond_TaskId-1\.eval$/);
    assert.match(logFileName(makeSpec({ taskDisplayName: 'My Task' }), 'eval'), /_My Task_TaskId-1\.eval$/);
  });

  it('uses a pattern from the argument or the environment, with {model}', () => {
    const spec = makeSpec({ model: 'openai/gpt-4o' });
    assert.match(logFileName(spec, 'eval', '{task}-{model}_{id}'), /^2026-08-22T12-00-00-00-00_problems-openai-gpt-4o_TaskId-1\.eval$/);
    process.env[LOG_FILE_PATTERN_ENV] = '{id}';
    assert.equal(logFileName(spec, 'json'), '2026-08-22T12-00-00-00-00_TaskId-1.json');
    assert.equal(logFileName(makeSpec({ model: 'none' }), 'eval', '{task}{model}'), '2026-08-22T12-00-00-00-00_problems.eval');
  });
});

describe('listEvalLogs', () => {
  it("lists .eval files and timestamped .json files, newest first, like Inspect's lister", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    const files = {
      old: join(dir, '2026-01-01T00-00-00-00-00_a_1.eval'),
      mid: join(dir, 'sub', '2026-01-02T00-00-00-00-00_b_2.json'),
      new: join(dir, 'anything.eval'),
    };
    for (const path of [...Object.values(files), join(dir, 'eval-set.json'), join(dir, 'logs.json'), join(dir, 'x.json.journal.jsonl'), join(dir, '.eval-set-id')]) writeFileSync(path, '{}');
    utimesSync(files.old, 1000, 1000);
    utimesSync(files.mid, 2000, 2000);
    utimesSync(files.new, 3000, 3000);
    assert.deepEqual(await listEvalLogs(dir), [files.new, files.mid, files.old]);
    assert.deepEqual(await listEvalLogs(join(dir, 'missing')), []);
    assert.equal(isLogFileName('2026-01-02T00:00:00_x.json'), true);
    assert.equal(isLogFileName('2026-01-02T00-00-00_x.json.journal.jsonl'), false);
  });
});
