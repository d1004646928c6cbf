/**
 * Eval-set bookkeeping in a log folder: `.eval-set-id` keeps the set's id stable across
 * invocations, and `eval-set.json` lists every task of the set (so viewers can show tasks that
 * have not run yet).
 * @module
 */
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage, PrerequisiteError } from '../errors.ts';
import { shortUuid } from '../util/ids.ts';
import { fromWire, toWire } from '../util/wire-case.ts';
import { LogError } from './errors.ts';
import { isErrno, writeFileAtomic } from './files.ts';
import { parseJson, serializeJson } from './json.ts';
import type { EvalSetManifest } from '../types/log.ts';

/** File holding the eval-set id of a log folder. */
export const EVAL_SET_ID_FILE = '.eval-set-id';
/** File listing the tasks of an eval set. */
export const EVAL_SET_MANIFEST_FILE = 'eval-set.json';

async function readId(path: string): Promise<string | undefined> {
  try {
    const id = (await readFile(path, 'utf8')).trim();
    return id === '' ? undefined : id;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw new LogError(`Cannot read ${path}: ${errorMessage(error)}. Check the folder's permissions.`, { cause: error, file: path });
  }
}

/**
 * Returns the eval-set id of a log folder: the one recorded in `.eval-set-id` when there is
 * one, else `given`, else a new id — recorded for the next invocation. Throws a
 * `PrerequisiteError` when `given` differs from the recorded id.
 */
export async function resolveEvalSetId(logDir: string, given?: string): Promise<string> {
  if (given !== undefined && (given.trim() === '' || /[\r\n]/.test(given))) {
    throw new PrerequisiteError(`Eval set id ${JSON.stringify(given)} is not valid: use a non-empty id on one line.`);
  }
  const path = join(logDir, EVAL_SET_ID_FILE);
  await mkdir(logDir, { recursive: true });
  for (;;) {
    const existing = await readId(path);
    if (existing !== undefined) {
      if (given !== undefined && given !== existing) {
        throw new PrerequisiteError(
          `The log folder ${logDir} belongs to eval set '${existing}' (recorded in ${EVAL_SET_ID_FILE}), not '${given}'. ` +
            `Use eval set id '${existing}', omit the id, or choose another log folder.`,
        );
      }
      return existing;
    }
    const id = given ?? shortUuid();
    // Written whole to a temporary file, then linked into place: link() fails if another first
    // run got there before us, and a reader never sees a half-written id.
    const temporary = `${path}.${process.pid}-${shortUuid()}.tmp`;
    try {
      await writeFile(temporary, id);
      try {
        await link(temporary, path);
      } catch (error) {
        // File systems without hard links: exclusive create is the next best thing.
        if (isErrno(error, 'EEXIST')) throw error;
        await writeFile(path, id, { flag: 'wx' });
      }
      return id;
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) {
        throw new LogError(`Cannot write ${path}: ${errorMessage(error)}. Check the folder's permissions.`, { cause: error, file: path });
      }
      // Someone else recorded an id (re-read it), or an empty file was left by a crash.
      if ((await readId(path)) === undefined) await writeFileAtomic(path, id);
    } finally {
      await rm(temporary, { force: true });
    }
  }
}

/** Writes `eval-set.json` in the log folder (atomically; called on every eval-set attempt). */
export async function writeEvalSetManifest(logDir: string, manifest: EvalSetManifest): Promise<void> {
  await mkdir(logDir, { recursive: true });
  await writeFileAtomic(join(logDir, EVAL_SET_MANIFEST_FILE), serializeJson(toWire(manifest), 2));
}

/** Reads `eval-set.json` of a log folder; undefined when there is none. */
export async function readEvalSetManifest(logDir: string): Promise<EvalSetManifest | undefined> {
  const path = join(logDir, EVAL_SET_MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw new LogError(`Cannot read ${path}: ${errorMessage(error)}.`, { cause: error, file: path });
  }
  try {
    const manifest = fromWire(parseJson(text)) as EvalSetManifest;
    if (typeof manifest.evalSetId !== 'string' || !Array.isArray(manifest.tasks)) throw new Error("'eval_set_id' or 'tasks' is missing");
    return manifest;
  } catch (error) {
    throw new LogError(`${path} is not a valid eval-set manifest: ${errorMessage(error)}. Delete it; the next eval-set run rewrites it.`, { cause: error, file: path });
  }
}
