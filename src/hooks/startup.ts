/**
 * Start-up: `initHooks()`, the one function every host (evaluate, evalSet, evalRetry, an agent
 * session, a model's first generate call, the CLI) runs before its first emission. It loads
 * plugin packages, the integrations enabled from the environment and the user's and project's
 * command hooks (`hooks.json`, with trust), resolves lazy registrations, checks
 * `HOOKLINE_REQUIRED_HOOKS` and prints the banner of active hooks. It is idempotent.
 * @module
 */
import { PluginLoadError, PrerequisiteError, errorMessage } from '../errors.ts';
import { VERSION } from '../version.ts';
import { runOutsideContext } from '../runtime/context.ts';
import { warn } from '../runtime/warnings.ts';
import { builtInHook } from './built-in-hooks.ts';
import { getHookBus, type HookRegistration } from './bus.ts';
import { Hooks } from './hooks-class.ts';
import { discoverPlugins, importPlugin, type PluginPackage } from './plugins.ts';
import { hooks, on, withPackageNamespace } from './register.ts';
import { defineEvent } from './user-events.ts';
import { flushCommandHooks } from './sources/command/execute.ts';
import { loadCommandHooks, type LoadCommandHooksOptions } from './sources/command/load.ts';

/** Which command hooks start-up loads: `false` for none, or the loader's options. */
export type StartupCommandHooks = false | Pick<LoadCommandHooksOptions, 'userDir' | 'trustProjectHooks' | 'importClaude' | 'importCodex' | 'ignoreBadHooks'>;

/** Options of {@link initHooks}. Only the first call of a process (after a reset) applies them. */
export interface InitHooksOptions {
  /** Where plugin discovery starts and the project folder of command hooks (default: the current directory). */
  readonly cwd?: string;
  /** Print the banner of active hooks (default: true unless `HOOKLINE_NO_BANNER` is set). */
  readonly banner?: boolean;
  /** Where the banner goes (default: stderr). */
  readonly output?: NodeJS.WritableStream;
  /** Load plugin packages (default: true). */
  readonly plugins?: boolean;
  /**
   * Load the user's and the project's `hooks.json` (default: true; untrusted project hooks stay
   * inactive). Skipped when the application loaded command hooks itself with `loadCommandHooks()`.
   */
  readonly commandHooks?: StartupCommandHooks;
}

interface StartupState {
  /** The first call's start-up; later calls wait for it. */
  started: Promise<void> | undefined;
  done: boolean;
  plugins: PluginPackage[];
}

let state: StartupState = { started: undefined, done: false, plugins: [] };

/** Forgets that start-up ran (for tests). */
export function resetStartupState(): void {
  state = { started: undefined, done: false, plugins: [] };
}

/** Whether start-up has completed in this process (hosts check it before calling {@link initHooks}). */
export function hooksStarted(): boolean {
  return state.done;
}

/** The plugin packages loaded so far. */
export function loadedPlugins(): readonly PluginPackage[] {
  return state.plugins;
}

/** The object a plugin's `register(api)` receives. */
export const pluginApi = Object.freeze({ Hooks, hooks, on, defineEvent });

/** Plugin packages named by a required hook (`<package>/<hook>`, or the package name itself). */
function requiredPackages(): Set<string> {
  const names = requiredHookNames();
  return new Set(names.flatMap((name) => {
    const slash = name.startsWith('@') ? name.indexOf('/', name.indexOf('/') + 1) : name.indexOf('/');
    return slash < 0 ? [name] : [name.slice(0, slash), name];
  }));
}

/**
 * Loads every plugin package. A package that fails to load is reported and skipped, as Inspect
 * does, unless a required hook names it: then start-up fails, naming the package and the cause.
 */
async function loadPlugins(cwd: string | undefined): Promise<void> {
  const failures: PluginLoadError[] = [];
  let plugins: PluginPackage[];
  try {
    plugins = discoverPlugins(cwd);
  } catch (error) {
    failures.push(error instanceof PluginLoadError ? error : new PluginLoadError('(discovery)', error));
    plugins = [];
  }
  for (const plugin of plugins) {
    try {
      await withPackageNamespace(plugin.name, () => importPlugin(plugin, pluginApi));
      state.plugins.push(plugin);
    } catch (error) {
      failures.push(error instanceof PluginLoadError ? error : new PluginLoadError(plugin.name, error));
    }
  }
  const required = requiredPackages();
  const fatal = failures.filter((f) => required.has(f.packageName));
  for (const failure of failures) {
    if (!fatal.includes(failure)) warn(`${failure.message} Its hooks are not registered; the run goes on without them.`, 'plugins', failure);
  }
  if (fatal.length === 1) throw fatal[0]!;
  if (fatal.length > 1) {
    throw new PluginLoadError(fatal.map((f) => f.packageName).join(', '), new Error(fatal.map((f) => errorMessage(f.cause)).join('; ')));
  }
}

/**
 * The variable that names the required hooks: `HOOKLINE_REQUIRED_HOOKS`, else Inspect's
 * `INSPECT_REQUIRED_HOOKS`, else undefined.
 */
function requiredHooksVariable(env: NodeJS.ProcessEnv = process.env): { readonly name: string; readonly value: string } | undefined {
  if (env.HOOKLINE_REQUIRED_HOOKS !== undefined) return { name: 'HOOKLINE_REQUIRED_HOOKS', value: env.HOOKLINE_REQUIRED_HOOKS };
  if (env.INSPECT_REQUIRED_HOOKS !== undefined) return { name: 'INSPECT_REQUIRED_HOOKS', value: env.INSPECT_REQUIRED_HOOKS };
  return undefined;
}

/**
 * Names from `HOOKLINE_REQUIRED_HOOKS` (or, when it is unset, Inspect's `INSPECT_REQUIRED_HOOKS`):
 * comma-separated, whitespace trimmed.
 */
export function requiredHookNames(value = requiredHooksVariable()?.value): string[] {
  if (value === undefined) return [];
  return [...new Set(value.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
}

/** Throws a {@link PrerequisiteError} naming every required hook that is not registered. */
export function checkRequiredHooks(registrations: readonly HookRegistration[] = getHookBus().list()): void {
  const variable = requiredHooksVariable();
  const required = requiredHookNames(variable?.value);
  if (variable === undefined || required.length === 0) return;
  const installed = registrations.map((r) => r.name);
  const missing = required.filter((name) => !installed.includes(name));
  if (missing.length === 0) return;
  const source = variable.name === 'INSPECT_REQUIRED_HOOKS' ? ' (read because HOOKLINE_REQUIRED_HOOKS is not set)' : '';
  const builtIn = missing.flatMap((name) => {
    const hook = builtInHook(name);
    return hook === undefined ? [] : [`${name} ships with hookline: ${hook.enable}.\n`];
  });
  const plugins = missing.length > builtIn.length
    ? `Install the npm package that provides each ${builtIn.length > 0 ? 'other ' : ''}missing hook (its package.json has a "hookline" field; ` +
      `plugin hooks are named <package>/<hook>), or register it with hooks({ name }) before start-up.`
    : '';
  throw new PrerequisiteError(
    `Required hook(s) missing: ${missing.join(', ')}.\n` +
      `${variable.name} is set to '${variable.value}'${source}.\n` +
      `Installed hooks: ${installed.length === 0 ? '(none)' : installed.join(', ')}.\n` +
      builtIn.join('') +
      plugins,
    { code: 'REQUIRED_HOOKS_MISSING' },
  );
}

function isEnabled(registration: HookRegistration): boolean {
  if (registration.hook === undefined) return true;
  try {
    return registration.hook.enabled();
  } catch {
    return false;
  }
}

/** The banner text listing active hooks, or undefined when no hook is registered. */
export function bannerText(registrations: readonly HookRegistration[] = getHookBus().list()): string | undefined {
  if (registrations.length === 0) return undefined;
  const active = registrations.filter(isEnabled);
  const lines = [`hookline v${VERSION}`, `- hooks enabled: ${active.length}`];
  for (const r of active) lines.push(`    ${r.name}${r.description === undefined ? '' : `: ${r.description}`}`);
  return `${lines.join('\n')}\n\n`;
}

/** The variables that enable a built-in integration (see `integrations/env.ts`). */
const INTEGRATION_ENV = ['HOOKLINE_OTEL', 'HOOKLINE_AUDIT_LOG'] as const;

/** The variables that name a single-function hook, as Inspect's do (see `integrations/legacy-env.ts`). */
const LEGACY_ENV = ['HOOKLINE_TELEMETRY', 'HOOKLINE_API_KEY_OVERRIDE'] as const;

async function start(options: InitHooksOptions): Promise<void> {
  if (options.plugins !== false) await loadPlugins(options.cwd);
  if (INTEGRATION_ENV.some((name) => process.env[name] !== undefined)) {
    // Loaded only when asked for: most runs use no built-in integration.
    const { enableIntegrationsFromEnv } = await import('../integrations/env.ts');
    await enableIntegrationsFromEnv();
  }
  if (LEGACY_ENV.some((name) => process.env[name] !== undefined)) {
    const { enableLegacyEnvHooks } = await import('../integrations/legacy-env.ts');
    await enableLegacyEnvHooks(process.env, options.cwd);
  }
  const bus = getHookBus();
  // Command hooks loaded by the application itself (loadCommandHooks()) are left as they are.
  if (options.commandHooks !== false && !bus.list().some((r) => r.source === 'command')) {
    await loadCommandHooks({ ...options.commandHooks, projectDir: options.cwd ?? process.cwd() });
  }
  await bus.resolvePending();
  checkRequiredHooks(bus.list());
  const showBanner = options.banner ?? (process.env.HOOKLINE_NO_BANNER === undefined || process.env.HOOKLINE_NO_BANNER === '0');
  const text = showBanner ? bannerText(bus.list()) : undefined;
  if (text !== undefined) (options.output ?? process.stderr).write(text);
}

/**
 * Prepares the hook system before a host's first emission; every host calls it, and calling it
 * again is cheap. The first call loads plugin packages (always, whatever is already registered),
 * the integrations enabled from the environment and the command hooks, checks
 * `HOOKLINE_REQUIRED_HOOKS` and prints the banner, once per process; concurrent first calls
 * share that work. Every call resolves lazy registrations made since.
 *
 * @example
 * ```ts
 * await initHooks({ cwd: projectDir, commandHooks: { trustProjectHooks: true } });
 * ```
 */
export async function initHooks(options: InitHooksOptions = {}): Promise<void> {
  if (state.started === undefined) {
    const started = runOutsideContext(() => start(options));
    state.started = started;
    try {
      await started;
    } catch (error) {
      // A failed start-up (a required hook missing) is tried again by the next call.
      if (state.started === started) state.started = undefined;
      throw error;
    }
    state.done = true;
    return;
  }
  await state.started;
  await getHookBus().resolvePending();
}

/**
 * Waits until every hook delivery still in flight has finished: background (`background: true`)
 * registrations and asynchronous command hooks. Call it before the process exits.
 */
export async function flushHooks(): Promise<void> {
  await getHookBus().flush();
  await flushCommandHooks();
}
