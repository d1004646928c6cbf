/**
 * Discovery: which `hooks.json` files exist, in which order, and which of their handlers are
 * trusted to run. Order (= configured order, which also orders merged results): the user
 * folder's `hooks.json`, the project's `.hookline/hooks.json`, then the opt-in imports
 * `.claude/settings.json` (its `hooks` key) and `.codex/hooks.json`. Imported files are only read.
 * @module
 */
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ConfigError } from '../../../errors.ts';
import { warn } from '../../../util/warnings.ts';
import { type CommandHookDefinition, type CommandHookScope, readHooksFile } from './config.ts';
import type { CommandHook } from './execute.ts';
import { describeCommandHook } from './format.ts';
import { registerCommandHooks } from './register.ts';
import { type TrustState, type TrustedHookRecord, TRUST_FILE, hookTrustHash, readTrustStore, storeTrustedHooks, trustStateOf } from './trust.ts';

/** Options of {@link loadCommandHooks}. */
export interface LoadCommandHooksOptions {
  /** The project folder (default: the current directory). */
  readonly projectDir?: string;
  /** The user folder (default: `$HOOKLINE_HOME`, else `~/.hookline`). */
  readonly userDir?: string;
  /** Trust every project and imported hook for this run only (the CLI's `--trust-project-hooks`). */
  readonly trustProjectHooks?: boolean;
  /** Also read `<project>/.claude/settings.json` (its `hooks` key). */
  readonly importClaude?: boolean;
  /** Also read `<project>/.codex/hooks.json`. */
  readonly importCodex?: boolean;
  /** Register the active handlers on the hook bus (default true). */
  readonly register?: boolean;
}

/** What {@link loadCommandHooks} found. */
export interface LoadedCommandHooks {
  readonly projectDir: string;
  readonly userDir: string;
  /** Every discovered handler in configured order, with its source file and trust state. */
  readonly handlers: readonly CommandHook[];
  /** Every warning reported while loading (they also went through `warn()`). */
  readonly warnings: readonly string[];
  /** Files that could not be read or parsed; each contributed no hooks. */
  readonly errors: readonly ConfigError[];
  /** Removes this load's registrations from the bus (a no-op when it registered nothing). */
  unregister(): void;
}

/** Returns the user folder: the option, else `$HOOKLINE_HOME`, else `~/.hookline`. */
export function resolveUserDir(userDir?: string): string {
  return canonical(userDir ?? process.env.HOOKLINE_HOME ?? join(homedir(), '.hookline'));
}

/** Returns an absolute path with symbolic links resolved when it exists (trust is keyed by it). */
export function canonical(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    return absolute;
  }
}

/** Returns the hook files of a project, in configured order. */
export function commandHookFiles(projectDir: string, userDir: string, options: Pick<LoadCommandHooksOptions, 'importClaude' | 'importCodex'> = {}): { file: string; scope: CommandHookScope }[] {
  const files: { file: string; scope: CommandHookScope }[] = [{ file: join(userDir, 'hooks.json'), scope: 'user' }];
  const projectFile = join(projectDir, '.hookline', 'hooks.json');
  // With the project at $HOME, its .hookline/hooks.json can be the user file itself.
  if (canonical(projectFile) !== canonical(files[0]!.file)) files.push({ file: projectFile, scope: 'project' });
  if (options.importClaude === true) files.push({ file: join(projectDir, '.claude', 'settings.json'), scope: 'claude' });
  if (options.importCodex === true) files.push({ file: join(projectDir, '.codex', 'hooks.json'), scope: 'codex' });
  return files;
}

async function discover(projectDir: string, userDir: string, options: LoadCommandHooksOptions, scopes: 'all' | 'project') {
  const definitions: CommandHookDefinition[] = [];
  const warnings: string[] = [];
  const errors: ConfigError[] = [];
  for (const { file, scope } of commandHookFiles(projectDir, userDir, options)) {
    if (scopes === 'project' && scope === 'user') continue;
    const parsed = await readHooksFile(file, scope);
    definitions.push(...parsed.definitions);
    warnings.push(...parsed.warnings);
    if (parsed.error !== undefined) errors.push(parsed.error);
  }
  return { definitions, warnings, errors };
}

function untrustedWarning(skipped: readonly CommandHook[], projectDir: string): string {
  const lines = skipped.map((h) => `  ${describeCommandHook(h)}`);
  return (
    `${skipped.length} project command hook(s) are not trusted and were skipped:\n${lines.join('\n')}\n` +
    `Review them, then run \`hookline hooks trust --project ${projectDir}\` to trust them ` +
    '(or pass --trust-project-hooks to trust them for one run).'
  );
}

let previousLoad: (() => void) | undefined;

/**
 * Loads the command hooks of a project: parses every hooks file, checks the trust of project
 * and imported handlers, reports problems with `warn()` (an untrusted or changed handler is
 * skipped with one warning per load that says how to trust it), and registers the active
 * handlers on the hook bus, replacing the registrations of the previous load.
 */
export async function loadCommandHooks(options: LoadCommandHooksOptions = {}): Promise<LoadedCommandHooks> {
  const projectDir = canonical(options.projectDir ?? process.cwd());
  const userDir = resolveUserDir(options.userDir);
  const { definitions, warnings, errors } = await discover(projectDir, userDir, options, 'all');
  let records: readonly TrustedHookRecord[] = [];
  if (definitions.some((d) => d.scope !== 'user')) {
    const store = await readTrustStore(userDir);
    if (store.error !== undefined) errors.push(store.error);
    records = store.data.projects[projectDir]?.hooks ?? [];
  }
  const handlers: CommandHook[] = definitions.map((def) => {
    const hash = hookTrustHash(def);
    let trust: TrustState = 'user';
    if (def.scope !== 'user') {
      trust = trustStateOf(def, hash, records);
      if (trust !== 'trusted' && options.trustProjectHooks === true) trust = 'trusted-for-run';
    }
    return { ...def, hash, trust, active: trust !== 'untrusted' && trust !== 'modified', projectDir };
  });
  const skipped = handlers.filter((h) => !h.active);
  if (skipped.length > 0) warnings.push(untrustedWarning(skipped, projectDir));
  for (const message of warnings) warn(message, 'command-hooks');
  for (const error of errors) warn(error.message, 'command-hooks', error);

  let unregister: () => void = () => undefined;
  if (options.register !== false) {
    previousLoad?.();
    const remove = registerCommandHooks(handlers);
    unregister = () => {
      remove();
      if (previousLoad === unregister) previousLoad = undefined;
    };
    previousLoad = unregister;
  }
  return { projectDir, userDir, handlers, warnings, errors, unregister };
}

/** What {@link trustProjectHooks} did. */
export interface TrustedProjectHooks {
  readonly projectDir: string;
  /** The trust store that was written. */
  readonly storeFile: string;
  /** The handlers now trusted, in configured order. */
  readonly trusted: readonly CommandHook[];
  /** Files that could not be read or parsed (their hooks were not trusted). */
  readonly errors: readonly ConfigError[];
}

/**
 * Trusts the current definitions of a project's command hooks (its `.hookline/hooks.json`, plus
 * the imports when asked) by writing their hashes to `$HOOKLINE_HOME/trusted-hooks.json`.
 * Called by `hookline hooks trust`.
 */
export async function trustProjectHooks(
  projectDir: string,
  options: Pick<LoadCommandHooksOptions, 'userDir' | 'importClaude' | 'importCodex'> = {},
): Promise<TrustedProjectHooks> {
  const dir = canonical(projectDir);
  const userDir = resolveUserDir(options.userDir);
  const { definitions, warnings, errors } = await discover(dir, userDir, options, 'project');
  for (const message of warnings) warn(message, 'command-hooks');
  if (definitions.length > 0) await storeTrustedHooks(userDir, dir, definitions);
  const trusted = definitions.map((def): CommandHook => ({ ...def, hash: hookTrustHash(def), trust: 'trusted', active: true, projectDir: dir }));
  return { projectDir: dir, storeFile: join(userDir, TRUST_FILE), trusted, errors };
}
