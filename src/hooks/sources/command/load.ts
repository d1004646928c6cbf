/**
 * Discovery: which `hooks.json` files exist, in which order, and which of their handlers are
 * trusted to run. Order (= configured order, which also orders merged results): the user
 * folder's `hooks.json`, the project's `.hookline/hooks.json`, then the opt-in imports
 * `.claude/settings.json` (its `hooks` key) and `.codex/hooks.json`. Imported files are only read.
 * @module
 */
import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../../../errors.ts';
import { warn } from '../../../runtime/warnings.ts';
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
  /**
   * Go on without a hooks file that cannot be read or parsed (it contributes no hooks; a warning
   * says so). Default false: such a file stops the load with a ConfigError naming the file and
   * JSON path, because a guard that silently disappears fails open. `HOOKLINE_IGNORE_BAD_HOOKS=1`
   * sets it for every load.
   */
  readonly ignoreBadHooks?: boolean;
}

/** What {@link loadCommandHooks} found. */
export interface LoadedCommandHooks {
  readonly projectDir: string;
  readonly userDir: string;
  /** Every discovered handler in configured order, with its source file and trust state. */
  readonly handlers: readonly CommandHook[];
  /** Every warning reported while loading (they also went through `warn()`). */
  readonly warnings: readonly string[];
  /** Files that could not be read or parsed; each contributed no hooks (only with `ignoreBadHooks`). */
  readonly errors: readonly ConfigError[];
  /** The hooks files that exist and were read, in configured order. */
  readonly files: readonly string[];
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
  const files: string[] = [];
  for (const { file, scope } of commandHookFiles(projectDir, userDir, options)) {
    if (scopes === 'project' && scope === 'user') continue;
    const parsed = await readHooksFile(file, scope);
    definitions.push(...parsed.definitions);
    warnings.push(...parsed.warnings);
    if (parsed.error !== undefined) errors.push(parsed.error);
    else if (existsSync(file)) files.push(file);
  }
  return { definitions, warnings, errors, files };
}

/** Whether bad hooks files are skipped rather than fatal: the option, else `HOOKLINE_IGNORE_BAD_HOOKS`. */
function ignoresBadHooks(options: LoadCommandHooksOptions): boolean {
  const env = process.env.HOOKLINE_IGNORE_BAD_HOOKS;
  return options.ignoreBadHooks ?? (env !== undefined && env !== '' && env !== '0');
}

/**
 * Returns the project folder for a working directory, as the agent CLIs find it: the nearest
 * folder from `startDir` upwards that holds `.hookline`, not above the repository root (the
 * nearest folder holding `.git`); `startDir` itself when there is none. The user folder
 * (`~/.hookline`) never marks a project.
 */
export function findProjectDir(startDir: string, userDir: string = resolveUserDir()): string {
  const start = canonical(startDir);
  for (let dir = start; ; dir = dirname(dir)) {
    const marker = join(dir, '.hookline');
    if (existsSync(marker) && canonical(marker) !== userDir) return dir;
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return start;
  }
}

function untrustedWarning(skipped: readonly CommandHook[], projectDir: string): string {
  const lines = skipped.map((h) => `  ${describeCommandHook(h)}`);
  return (
    `${skipped.length} project command hook(s) are not trusted and were skipped:\n${lines.join('\n')}\n` +
    `Review them, then run \`hookline hooks trust --project ${projectDir}\` to trust them ` +
    '(or pass --trust-project-hooks to trust them for one run).'
  );
}

/** Says which hooks files were loaded (stderr, unless `HOOKLINE_NO_BANNER` is set, like the banner). */
function announceFiles(files: readonly string[], handlers: readonly CommandHook[]): void {
  const quiet = process.env.HOOKLINE_NO_BANNER;
  if (files.length === 0 || (quiet !== undefined && quiet !== '0')) return;
  const counts = files.map((file) => {
    const mine = handlers.filter((h) => h.file === file);
    const active = mine.filter((h) => h.active).length;
    return `${file} (${active} of ${mine.length} active)`;
  });
  process.stderr.write(`hookline: command hooks from ${counts.join(', ')}\n`);
}

let previousLoad: (() => void) | undefined;

/**
 * Loads the command hooks of a project: parses every hooks file, checks the trust of project
 * and imported handlers, reports problems with `warn()` (an untrusted or changed handler is
 * skipped with one warning per load that says how to trust it), and registers the active
 * handlers on the hook bus, replacing the registrations of the previous load.
 */
export async function loadCommandHooks(options: LoadCommandHooksOptions = {}): Promise<LoadedCommandHooks> {
  const userDir = resolveUserDir(options.userDir);
  const projectDir = findProjectDir(options.projectDir ?? process.cwd(), userDir);
  const { definitions, warnings, errors, files } = await discover(projectDir, userDir, options, 'all');
  if (errors.length > 0 && !ignoresBadHooks(options)) {
    throw new ConfigError(
      `${errors.map((e) => e.message).join('\n')}\nhookline stops here so that no hook (a PreToolUse guard, say) silently goes missing. ` +
        'Fix the file, or pass --ignore-bad-hooks (or set HOOKLINE_IGNORE_BAD_HOOKS=1) to run without its hooks.',
      { cause: errors[0], ...(errors[0]!.file === undefined ? {} : { file: errors[0]!.file }) },
    );
  }
  let records: readonly TrustedHookRecord[] = [];
  if (definitions.some((d) => d.scope !== 'user')) {
    const store = await readTrustStore(userDir);
    if (store.error !== undefined) errors.push(store.error);
    records = store.data.projects[projectDir]?.hooks ?? [];
  }
  const handlers: CommandHook[] = definitions.map((def) => {
    const hash = hookTrustHash(def, def.scope === 'user' ? undefined : projectDir);
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
  if (options.register !== false) announceFiles(files, handlers);

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
  return { projectDir, userDir, handlers, warnings, errors, files, unregister };
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
  const userDir = resolveUserDir(options.userDir);
  const dir = findProjectDir(projectDir, userDir);
  const { definitions, warnings, errors } = await discover(dir, userDir, options, 'project');
  for (const message of warnings) warn(message, 'command-hooks');
  if (definitions.length > 0) await storeTrustedHooks(userDir, dir, definitions);
  const trusted = definitions.map((def): CommandHook => ({ ...def, hash: hookTrustHash(def, dir), trust: 'trusted', active: true, projectDir: dir }));
  return { projectDir: dir, storeFile: join(userDir, TRUST_FILE), trusted, errors };
}
