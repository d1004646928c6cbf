/**
 * The local generate cache on disk: one JSON file per entry under
 * `<cache dir>/generate/<model>/<key>.json`, holding the output and its expiry.
 * @module
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { errorMessage } from '../errors.ts';
import { shortUuid } from '../util/ids.ts';
import { warn } from '../runtime/warnings.ts';
import type { ModelOutput } from '../types/model.ts';

/** What one cache file holds. */
interface CacheEntry {
  readonly version: 1;
  /** ISO time after which the entry is stale, or null. */
  readonly expires: string | null;
  readonly model: string;
  readonly output: ModelOutput;
}

/**
 * Returns the per-user cache folder: `HOOKLINE_CACHE_DIR`, else `$XDG_CACHE_HOME/hookline`,
 * else `~/.cache/hookline`.
 */
export function resolveCacheDir(override?: string): string {
  if (override !== undefined && override !== '') return override;
  const env = process.env['HOOKLINE_CACHE_DIR'];
  if (env !== undefined && env !== '') return env;
  const xdg = process.env['XDG_CACHE_HOME'];
  if (xdg !== undefined && xdg !== '') return join(xdg, 'hookline');
  return join(homedir(), '.cache', 'hookline');
}

/** The file of one entry. Model name segments are made safe for every file system. */
export function cacheEntryPath(dir: string, model: string, key: string): string {
  const segments = model.split('/').map((s) => {
    const safe = s.replace(/[^A-Za-z0-9._-]/g, '_');
    return safe === '' || safe === '.' || safe === '..' ? '_' : safe;
  });
  return join(dir, 'generate', ...segments, `${key}.json`);
}

function isEntry(value: unknown): value is CacheEntry {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const output = v['output'] as Record<string, unknown> | null | undefined;
  return v['version'] === 1 && (v['expires'] === null || typeof v['expires'] === 'string')
    && typeof output === 'object' && output !== null && Array.isArray(output['choices']);
}

/**
 * Returns the stored output, or undefined on a miss. Expired entries are removed; unreadable or
 * corrupt ones are ignored with a warning (the next store overwrites them).
 */
export async function readCacheEntry(dir: string, model: string, key: string): Promise<ModelOutput | undefined> {
  const path = cacheEntryPath(dir, model, key);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      warn(`Could not read cache entry ${path}: ${errorMessage(error)}; calling the model instead.`, 'model-cache', error);
    }
    return undefined;
  }
  let entry: unknown;
  try {
    entry = JSON.parse(text);
  } catch (error) {
    warn(`Ignoring corrupt cache entry ${path} (not JSON); it will be replaced. Delete the file if this repeats.`, 'model-cache', error);
    return undefined;
  }
  if (!isEntry(entry)) {
    warn(`Ignoring corrupt cache entry ${path} (unexpected shape); it will be replaced. Delete the file if this repeats.`, 'model-cache');
    return undefined;
  }
  if (entry.expires !== null && Date.parse(entry.expires) <= Date.now()) {
    await rm(path, { force: true }).catch(() => undefined);
    return undefined;
  }
  return entry.output;
}

/** Stores an output (atomically: a temporary file renamed into place). Failures are warnings. */
export async function writeCacheEntry(
  dir: string,
  model: string,
  key: string,
  output: ModelOutput,
  expirySeconds: number | null,
): Promise<void> {
  const path = cacheEntryPath(dir, model, key);
  const entry: CacheEntry = {
    version: 1,
    expires: expirySeconds === null ? null : new Date(Date.now() + expirySeconds * 1000).toISOString(),
    model,
    output,
  };
  const temp = `${path}.${shortUuid()}.tmp`;
  try {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(temp, JSON.stringify(entry));
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    warn(`Could not write cache entry ${path}: ${errorMessage(error)}. Check that the cache folder is writable (HOOKLINE_CACHE_DIR).`, 'model-cache', error);
  }
}
