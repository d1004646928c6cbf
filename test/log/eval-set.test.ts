import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  EVAL_SET_ID_FILE,
  EVAL_SET_MANIFEST_FILE,
  parseJson,
  readEvalSetManifest,
  resolveEvalSetId,
  writeEvalSetManifest,
  type EvalSetManifest,
} from '../../src/log/index.ts';
import { tempDir } from '../helpers.ts';
import { validateLog } from './schema.ts';

describe('eval-set bookkeeping', () => {
  it('creates an id once and keeps it for every later invocation', async () => {
    const dir = join(tempDir(), 'logs');
    const id = await resolveEvalSetId(dir);
    assert.match(id, /^[2-9A-HJ-NP-Za-km-z]{22}$/);
    assert.equal(readFileSync(join(dir, EVAL_SET_ID_FILE), 'utf8'), id);
    assert.equal(await resolveEvalSetId(dir), id);
    assert.equal(await resolveEvalSetId(dir, id), id);
  });

  it('records a given id, and refuses a different one with a PrerequisiteError that says how to fix it', async () => {
    const dir = tempDir();
    assert.equal(await resolveEvalSetId(dir, 'my-set'), 'my-set');
    await assert.rejects(resolveEvalSetId(dir, 'other-set'), (e: Error & { code?: string }) => {
      assert.equal(e.name, 'PrerequisiteError');
      assert.equal(e.code, 'PREREQUISITE');
      assert.match(e.message, /belongs to eval set 'my-set'.*not 'other-set'.*Use eval set id 'my-set', omit the id, or choose another log folder/);
      return true;
    });
    await assert.rejects(resolveEvalSetId(dir, ''), /not valid/);
  });

  it('agrees on one id when several first runs race', async () => {
    const dir = tempDir();
    const ids = await Promise.all(Array.from({ length: 8 }, () => resolveEvalSetId(dir)));
    assert.equal(new Set(ids).size, 1);
  });

  it('replaces an empty id file (a crash while writing it)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, EVAL_SET_ID_FILE), '');
    assert.equal(await resolveEvalSetId(dir, 'fresh'), 'fresh');
    assert.equal(await resolveEvalSetId(dir), 'fresh');
  });

  it('writes eval-set.json that validates as an EvalSet and reads back, user keys intact', async () => {
    const dir = tempDir();
    const manifest: EvalSetManifest = {
      evalSetId: 'SET1',
      tasks: [
        { name: 'math', taskId: 'T1', taskFile: 'tasks.ts', taskArgs: { max_len: 3, camelArg: 1 }, model: 'mockllm/model', modelArgs: {}, modelRoles: { red_team: 'mockllm/model' }, sequence: 0 },
        { taskId: 'T2', taskArgs: {}, model: 'mockllm/model', modelArgs: { api_base: 'x' }, sequence: 1 },
      ],
    };
    await writeEvalSetManifest(dir, manifest);
    const onDisk = parseJson(readFileSync(join(dir, EVAL_SET_MANIFEST_FILE), 'utf8'));
    assert.deepEqual(validateLog(onDisk, 'EvalSet'), []);
    assert.deepEqual((onDisk as { tasks: { task_args: unknown; model_roles?: unknown }[] }).tasks[0], {
      name: 'math',
      task_id: 'T1',
      task_file: 'tasks.ts',
      task_args: { max_len: 3, camelArg: 1 },
      model: 'mockllm/model',
      model_args: {},
      model_roles: { red_team: 'mockllm/model' },
      sequence: 0,
    });
    assert.deepEqual(await readEvalSetManifest(dir), manifest);
    assert.equal(await readEvalSetManifest(tempDir()), undefined);
    writeFileSync(join(dir, EVAL_SET_MANIFEST_FILE), '{"tasks": 3}');
    await assert.rejects(readEvalSetManifest(dir), /eval-set\.json is not a valid eval-set manifest.*Delete it/);
  });
});
