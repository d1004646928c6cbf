/**
 * Start-up: `initHooks()` loads plugin packages, resolves lazy registrations, checks
 * `HOOKLINE_REQUIRED_HOOKS` and prints the banner of active hooks.
 * @module
 */
import { PluginLoadError, PrerequisiteError, errorMessage } from '../errors.ts';
import { enableIntegrationsFromEnv } from '../integrations/env.ts';
import { VERSION } from '../version.ts';
import { warn } from '../util/warnings.ts';
import { getHookBus, type HookRegistration } from './bus.ts';
import { Hooks } from './hooks-class.ts';
import { discoverPlugins, importPlugin, type PluginPackage } from './plugins.ts';
import { hooks, on, withPackageNamespace } from './register.ts';

/** Options of {@link initHooks}. */
export interface InitHooksOptions {
  /** Where plugin discovery starts (default: the current directory). */
  readonly cwd?: string;
  /** Print the banner of active hooks (default: true unless `HOOKLINE_NO_BANNER` is set). */
  readonly banner?: boolean;
  /** Where the banner goes (default: stderr). */
  readonly output?: NodeJS.WritableStream;
  /** Load plugin packages (default: true). */
  readonly plugins?: boolean;
}

interface StartupState {
  pluginsLoaded: boolean;
  checked: boolean;
  plugins: PluginPackage[];
}

let state: StartupState = { pluginsLoaded: false, checked: false, plugins: [] };

/** Forgets that start-up ran (for tests). */
export function resetStartupState(): void {
  state = { pluginsLoaded: false, checked: false, plugins: [] };
}

/** The plugin packages loaded so far. */
export function loadedPlugins(): readonly PluginPackage[] {
  return state.plugins;
}

/** The object a plugin's `register(api)` receives. */
export const pluginApi = Object.freeze({ Hooks, hooks, on });

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
  if (failures.length === 0) return;
  if (process.env.HOOKLINE_PLUGIN_ERRORS === 'warn') {
    for (const failure of failures) warn(failure.message, 'plugins', failure);
    return;
  }
  if (failures.length === 1) throw failures[0]!;
  throw new PluginLoadError(
    failures.map((f) => f.packageName).join(', '),
    new Error(failures.map((f) => errorMessage(f.cause)).join('; ')),
  );
}

/** Names from `HOOKLINE_REQUIRED_HOOKS` (comma-separated, whitespace trimmed). */
export function requiredHookNames(value = process.env.HOOKLINE_REQUIRED_HOOKS): string[] {
  if (value === undefined) return [];
  return [...new Set(value.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
}

/** Throws a {@link PrerequisiteError} naming every required hook that is not registered. */
export function checkRequiredHooks(registrations: readonly HookRegistration[] = getHookBus().list()): void {
  const required = requiredHookNames();
  if (required.length === 0) return;
  const installed = registrations.map((r) => r.name);
  const missing = required.filter((name) => !installed.includes(name));
  if (missing.length === 0) return;
  throw new PrerequisiteError(
    `Required hook(s) missing: ${missing.join(', ')}.\n` +
      `HOOKLINE_REQUIRED_HOOKS is set to '${process.env.HOOKLINE_REQUIRED_HOOKS ?? ''}'.\n` +
      `Installed hooks: ${installed.length === 0 ? '(none)' : installed.join(', ')}.\n` +
      'Install the npm package that provides each missing hook (its package.json has a "hookline" field; ' +
      'plugin hooks are named <package>/<hook>), or register it with hooks({ name }) before start-up.',
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

/**
 * Prepares the hook system; hosts call it before their first emission, and calling it again is
 * cheap. The first call loads every plugin package (always, whatever is already registered),
 * checks `HOOKLINE_REQUIRED_HOOKS` and prints the banner once per process. Every call resolves
 * lazy registrations made since.
 */
export async function initHooks(options: InitHooksOptions = {}): Promise<void> {
  if (!state.pluginsLoaded) {
    state.pluginsLoaded = true;
    if (options.plugins !== false) await loadPlugins(options.cwd);
    await enableIntegrationsFromEnv();
    await (await import('../integrations/legacy-env.ts')).enableLegacyEnvHooks(process.env, options.cwd);
  }
  const bus = getHookBus();
  await bus.resolvePending();
  if (state.checked) return;
  checkRequiredHooks(bus.list());
  state.checked = true;
  const showBanner = options.banner ?? (process.env.HOOKLINE_NO_BANNER === undefined || process.env.HOOKLINE_NO_BANNER === '0');
  const text = showBanner ? bannerText(bus.list()) : undefined;
  if (text !== undefined) (options.output ?? process.stderr).write(text);
}
