/**
 * Plugin packages: an installed npm package whose package.json has a `"hookline"` field naming
 * its registry module. Loading that module registers its hooks, either through `hooks()` calls
 * at import time or through an exported `register(api)` function.
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PluginLoadError, errorMessage } from '../errors.ts';
import { importModule } from '../util/import-module.ts';
import { defaultHookTimeoutMs, HOOK_TIMEOUT_ENV } from './timeout.ts';

/** A discovered plugin package. */
export interface PluginPackage {
  readonly name: string;
  readonly version: string | undefined;
  /** The package folder. */
  readonly dir: string;
  /** Absolute path of the registry module. */
  readonly registry: string;
}

interface PackageJson {
  name?: unknown;
  version?: unknown;
  hookline?: unknown;
}

/**
 * The package.json of a package that may be a plugin; undefined when there is none or its text
 * never mentions `"hookline"`, so that no field can name a registry (most packages: they are not
 * parsed, which is most of the discovery's time in a large node_modules).
 */
function readPackageJson(dir: string): PackageJson | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, 'package.json'), 'utf8');
  } catch {
    return undefined;
  }
  if (!text.includes('"hookline"')) return undefined;
  try {
    return JSON.parse(text) as PackageJson;
  } catch (error) {
    throw new PluginLoadError(dir, new Error(`invalid package.json: ${errorMessage(error)}`));
  }
}

/** The registry module a `"hookline"` field names: a path string, or `{ "hooks": path }`. */
function registryPath(field: unknown): string | undefined {
  if (typeof field === 'string') return field;
  if (field !== null && typeof field === 'object' && typeof (field as { hooks?: unknown }).hooks === 'string') {
    return (field as { hooks: string }).hooks;
  }
  return undefined;
}

function packageDirs(nodeModules: string): string[] {
  const dirs: string[] = [];
  let names: string[];
  try {
    names = readdirSync(nodeModules);
  } catch {
    return dirs;
  }
  for (const name of names) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) {
      try {
        for (const sub of readdirSync(join(nodeModules, name))) dirs.push(join(nodeModules, name, sub));
      } catch {
        // not a folder
      }
    } else {
      dirs.push(join(nodeModules, name));
    }
  }
  return dirs;
}

/**
 * Finds plugin packages in every `node_modules` from `fromDir` up to the file-system root
 * (nearer folders shadow farther ones, as Node's resolution does).
 */
export function discoverPlugins(fromDir: string = process.cwd()): PluginPackage[] {
  const found = new Map<string, PluginPackage>();
  for (let dir = resolve(fromDir); ; dir = dirname(dir)) {
    for (const pkgDir of packageDirs(join(dir, 'node_modules'))) {
      const pkg = readPackageJson(pkgDir);
      if (pkg === undefined || typeof pkg.name !== 'string' || found.has(pkg.name)) continue;
      if (pkg.hookline === undefined) continue;
      const relative = registryPath(pkg.hookline);
      if (relative === undefined) {
        throw new PluginLoadError(pkg.name, new Error(`its package.json "hookline" field must be a module path or { "hooks": path }, got ${JSON.stringify(pkg.hookline)}`));
      }
      found.set(pkg.name, {
        name: pkg.name,
        version: typeof pkg.version === 'string' ? pkg.version : undefined,
        dir: pkgDir,
        registry: resolve(pkgDir, relative),
      });
    }
    if (dirname(dir) === dir) break;
  }
  return [...found.values()];
}

/** What a registry module may export. */
interface RegistryModule {
  register?: unknown;
}

/**
 * Imports one plugin's registry module and, if it exports `register`, calls it with `api`.
 * Any failure becomes a {@link PluginLoadError} naming the package and the cause; so does a
 * registry that has not finished loading within the default hook timeout (60 s,
 * `HOOKLINE_HOOK_TIMEOUT`), so a plugin that hangs at import never hangs start-up.
 */
export async function importPlugin(plugin: PluginPackage, api: object): Promise<void> {
  const timeoutMs = defaultHookTimeoutMs();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    if (timeoutMs === 0) return;
    timer = setTimeout(() => {
      reject(new Error(`its registry module ${plugin.registry} did not finish loading within ${timeoutMs / 1000} s (the hook timeout, ${HOOK_TIMEOUT_ENV})`));
    }, timeoutMs);
  });
  try {
    await Promise.race([loadRegistry(plugin, api), deadline]);
  } catch (error) {
    throw new PluginLoadError(plugin.name, error);
  } finally {
    clearTimeout(timer);
  }
}

async function loadRegistry(plugin: PluginPackage, api: object): Promise<void> {
  if (!existsSync(plugin.registry)) throw new Error(`registry module ${plugin.registry} does not exist`);
  const mod: RegistryModule = await importModule(plugin.registry);
  if (typeof mod.register === 'function') await (mod.register as (api: object) => unknown)(api);
}
