/**
 * Finding logs in a folder the way Inspect's lister does.
 * @module
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isErrno } from './files.ts';

const TIMESTAMPED = /^\d{4}-\d{2}-\d{2}T\d{2}[:-]\d{2}[:-]\d{2}.*$/;

/** Tells whether a file name is taken for a log: any `*.eval`, or a timestamped `*.json`. */
export function isLogFileName(name: string): boolean {
  return name.endsWith('.eval') || (name.endsWith('.json') && TIMESTAMPED.test(name));
}

/**
 * Returns the absolute paths of the logs under `dir` (recursively), newest modification time
 * first. A missing folder has no logs.
 */
export async function listEvalLogs(dir: string): Promise<string[]> {
  return (await listEvalLogFiles(dir)).map((f) => f.path);
}

/** A log file found by {@link listEvalLogFiles}: its absolute path and modification time. */
export interface LogFileInfo {
  readonly path: string;
  readonly mtimeMs: number;
}

/** Returns the logs under `dir` (recursively) with their modification times, newest first. */
export async function listEvalLogFiles(dir: string): Promise<LogFileInfo[]> {
  let names: string[];
  try {
    names = await readdir(dir, { recursive: true });
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
  const found: LogFileInfo[] = [];
  for (const name of names) {
    const base = name.split(/[\\/]/).pop() ?? name;
    if (!isLogFileName(base)) continue;
    const path = resolve(join(dir, name));
    try {
      const info = await stat(path);
      if (info.isFile()) found.push({ path, mtimeMs: info.mtimeMs });
    } catch (error) {
      // A log removed while listing (eval-set cleanup) is simply not listed.
      if (!isErrno(error, 'ENOENT')) throw error;
    }
  }
  return found.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.path < b.path ? -1 : 1));
}
