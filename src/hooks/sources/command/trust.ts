/**
 * Trust of project (and imported) command hooks. A hook runs only once its exact definition is
 * trusted: its hash is the SHA-256 of a normalised identity {event, matcher, type, command,
 * timeout (resolved), async, statusMessage}, and trusted hashes live in
 * `$HOOKLINE_HOME/trusted-hooks.json`, keyed by project folder. Any change to a definition
 * changes its hash, so it must be trusted again. Beyond the command string, the content of every
 * file inside the project that the command names (`./hooks/guard.sh`,
 * `"$CLAUDE_PROJECT_DIR"/hooks/check.py`) is part of the hash: editing a trusted script asks for
 * trust again. User-folder hooks are always trusted.
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigError, errorMessage } from '../../../errors.ts';
import type { CommandHookDefinition } from './config.ts';

/**
 * `user`: from the user folder, always runs. `trusted`: its hash is in the trust store.
 * `trusted-for-run`: trusted by `trustProjectHooks: true` for this run only. `untrusted`: never
 * trusted. `modified`: trusted once, but its definition changed since.
 */
export type TrustState = 'user' | 'trusted' | 'trusted-for-run' | 'untrusted' | 'modified';

/** One trusted hook as stored (readable, so a user can audit the file). */
export interface TrustedHookRecord {
  readonly hash: string;
  /** The position it had when trusted (`<file>:<Wire>:<group>:<handler>`), to tell "modified" from "new". */
  readonly key: string;
  readonly event: string;
  readonly matcher: string | null;
  readonly command: string;
  readonly trustedAt: string;
}

/** The trust store file's content. */
export interface TrustStoreData {
  readonly version: 1;
  readonly projects: Readonly<Record<string, { readonly hooks: readonly TrustedHookRecord[] }>>;
}

/** The trust store's file name inside the user folder. */
export const TRUST_FILE = 'trusted-hooks.json';

const PROJECT_VARS = /\$\{?(?:CLAUDE_PROJECT_DIR|HOOKLINE_PROJECT_DIR)\}?/g;

/**
 * Returns `relative path → sha256` of the files inside `projectDir` that a command names (words
 * of the command, quotes removed and the project-folder variables expanded), sorted by path.
 */
export function projectScriptsOf(command: string, projectDir: string): Record<string, string> {
  const found: Record<string, string> = {};
  const words = command.replace(PROJECT_VARS, projectDir).split(/[\s;|&()<>]+/);
  for (const word of words) {
    const path = word.replace(/^['"]+|['"]+$/g, '').replace(/["']/g, '');
    if (path === '' || path.startsWith('-')) continue;
    const absolute = resolve(projectDir, path);
    const inside = relative(projectDir, absolute);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) continue;
    try {
      if (!statSync(absolute).isFile()) continue;
      found[inside] = createHash('sha256').update(readFileSync(absolute)).digest('hex');
    } catch {
      // Not a file: an argument, a missing path.
    }
  }
  return Object.fromEntries(Object.entries(found).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Returns the trust hash of a definition: `sha256:<hex>` of its normalised identity, including the
 * content of the project files its command runs when `projectDir` is given.
 */
export function hookTrustHash(def: Pick<CommandHookDefinition, 'wire' | 'matcher' | 'command' | 'timeoutSec' | 'async' | 'statusMessage'>, projectDir?: string): string {
  const scripts = projectDir === undefined ? {} : projectScriptsOf(def.command, projectDir);
  const identity = JSON.stringify({
    event: def.wire,
    matcher: def.matcher ?? null,
    type: 'command',
    command: def.command,
    timeout: def.timeoutSec,
    async: def.async,
    statusMessage: def.statusMessage ?? null,
    // Only present when the command runs project files, so older trusted hashes stay valid.
    ...(Object.keys(scripts).length === 0 ? {} : { scripts }),
  });
  return `sha256:${createHash('sha256').update(identity).digest('hex')}`;
}

function isRecord(value: unknown): value is TrustedHookRecord {
  if (value === null || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  return typeof r.hash === 'string' && typeof r.key === 'string';
}

/**
 * Reads the trust store of a user folder. A missing file is an empty store; a malformed one is
 * returned as `error` (nothing is trusted) so a caller can report it.
 */
export async function readTrustStore(userDir: string): Promise<{ data: TrustStoreData; error?: ConfigError }> {
  const file = join(userDir, TRUST_FILE);
  const empty: TrustStoreData = { version: 1, projects: {} };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { data: empty };
    return { data: empty, error: new ConfigError(`Could not read the hook trust store ${file}: ${errorMessage(error)}. Check its permissions.`, { file, cause: error }) };
  }
  try {
    const json = JSON.parse(text) as unknown;
    const projects = (json as { projects?: unknown } | null)?.projects;
    if (projects === null || typeof projects !== 'object' || Array.isArray(projects)) throw new Error('expected {"version": 1, "projects": {…}}');
    const clean: Record<string, { hooks: TrustedHookRecord[] }> = {};
    for (const [dir, entry] of Object.entries(projects as Record<string, unknown>)) {
      const hooks = (entry as { hooks?: unknown } | null)?.hooks;
      clean[dir] = { hooks: Array.isArray(hooks) ? hooks.filter(isRecord) : [] };
    }
    return { data: { version: 1, projects: clean } };
  } catch (error) {
    return {
      data: empty,
      error: new ConfigError(
        `The hook trust store ${file} is malformed: ${errorMessage(error)}. Fix it or delete it, then run \`hookline hooks trust\` again.`,
        { file, cause: error },
      ),
    };
  }
}

/** Returns the trust state of a project-side definition against the project's stored records. */
export function trustStateOf(def: CommandHookDefinition, hash: string, records: readonly TrustedHookRecord[]): TrustState {
  if (records.some((r) => r.hash === hash)) return 'trusted';
  return records.some((r) => r.key === def.key) ? 'modified' : 'untrusted';
}

/**
 * Adds definitions to a project's trusted hooks (replacing records at the same positions) and
 * writes the store atomically. Returns the records written for these definitions. Throws a
 * {@link ConfigError} rather than overwrite a store it cannot read.
 */
export async function storeTrustedHooks(userDir: string, projectDir: string, defs: readonly CommandHookDefinition[]): Promise<TrustedHookRecord[]> {
  const { data, error } = await readTrustStore(userDir);
  if (error !== undefined) throw error;
  const now = new Date().toISOString();
  const added: TrustedHookRecord[] = defs.map((def) => ({
    hash: hookTrustHash(def, projectDir),
    key: def.key,
    event: def.wire,
    matcher: def.matcher ?? null,
    command: def.command,
    trustedAt: now,
  }));
  const keys = new Set(added.map((r) => r.key));
  const hashes = new Set(added.map((r) => r.hash));
  const kept = (data.projects[projectDir]?.hooks ?? []).filter((r) => !keys.has(r.key) && !hashes.has(r.hash));
  const next: TrustStoreData = { version: 1, projects: { ...data.projects, [projectDir]: { hooks: [...kept, ...added] } } };
  const file = join(userDir, TRUST_FILE);
  await mkdir(userDir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, file);
  return added;
}
