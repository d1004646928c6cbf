/**
 * A stable description of the active hook set and its hash, for recording which hooks shaped a
 * run (the eval log's `eval.metadata.hookline_hooks`). The description leaves out what changes
 * between identical set-ups: registration order, generated counters in function-hook names,
 * absolute paths of the project and home folders, and trust states of command hooks.
 * @module
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { getHookBus, type HookRegistration } from './bus.ts';
import { catalog, eventSpec } from './catalog.ts';
import type { HookSource } from './handler.ts';
import { trustLabel } from './sources/command/format.ts';
import { loadedPlugins } from './startup.ts';

/** One hook of the set. */
export interface HookSetEntry {
  readonly name: string;
  readonly source: HookSource;
  /** The plugin package that registered it. */
  readonly package?: string;
  /** That package's version (from its package.json). */
  readonly version?: string;
  /** Wire names of the events it handles, in catalog order, then user-defined ones (empty while a lazy hook is unresolved). */
  readonly events: readonly string[];
  /** Command hooks: each handler as `hookline hooks list` shows it, with portable paths and no trust state. */
  readonly commands?: readonly string[];
  /** A lazy (factory) registration not resolved yet. */
  readonly lazy?: true;
}

/** The hook set recorded in a log: the description and its hash. */
export interface HookSetRecord {
  /** `sha256:<hex>` of the canonical JSON of `hooks`. */
  readonly hash: string;
  readonly hooks: readonly HookSetEntry[];
}

const TRUST_SUFFIXES = (['user', 'trusted', 'trusted-for-run'] as const).map((state) => ` (${trustLabel(state)})`);

/** A command-hook description with the project folder as `.`, the home folder as `~` and no trust state. */
function portableCommand(detail: string, cwd: string, home: string): string {
  let text = detail;
  for (const suffix of TRUST_SUFFIXES) if (text.endsWith(suffix)) text = text.slice(0, -suffix.length);
  if (cwd !== '/' && cwd !== '') text = text.split(cwd).join('.');
  if (home !== '/' && home !== '') text = text.split(home).join('~');
  return text;
}

const eventOrder = new Map(Object.keys(catalog).map((name, i) => [name, i]));

function describeRegistration(r: HookRegistration, versions: ReadonlyMap<string, string | undefined>, cwd: string, home: string): HookSetEntry {
  // Catalog events in catalog order, then user-defined events by name.
  const events = [...new Set(r.entries.map((e) => e.event))]
    .sort((a, b) => (eventOrder.get(a) ?? eventOrder.size) - (eventOrder.get(b) ?? eventOrder.size) || (a < b ? -1 : a > b ? 1 : 0))
    .map((e) => eventSpec(e).wire);
  // Unnamed function hooks get `<event>:<fn>#<counter>`; the counter depends on registration order.
  const name = r.source === 'function' ? r.name.replace(/#\d+$/, '') : r.name;
  const entry: { -readonly [K in keyof HookSetEntry]: HookSetEntry[K] } = { name, source: r.source, events };
  if (r.packageName !== undefined) {
    entry.package = r.packageName;
    const version = versions.get(r.packageName);
    if (version !== undefined) entry.version = version;
  }
  if (r.source === 'command') entry.commands = (r.details ?? []).map((d) => portableCommand(d, cwd, home));
  if (r.resolve !== undefined) entry.lazy = true;
  return entry;
}

/**
 * Returns the hooks registered on the bus (default: the process-wide one), described stably and
 * sorted by source and name, so the same set always gives the same description.
 */
export function describeHookSet(registrations: readonly HookRegistration[] = getHookBus().list(), options: { cwd?: string; home?: string } = {}): HookSetEntry[] {
  const versions = new Map(loadedPlugins().map((p) => [p.name, p.version]));
  const cwd = options.cwd ?? process.cwd();
  const home = options.home ?? homedir();
  return registrations
    .map((r) => describeRegistration(r, versions, cwd, home))
    .sort((a, b) => (a.source === b.source ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.source < b.source ? -1 : 1));
}

/** Returns `sha256:<hex>` of a hook-set description (default: the active set). */
export function hookSetHash(hooks: readonly HookSetEntry[] = describeHookSet()): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(hooks)).digest('hex')}`;
}

/** Returns `{ hash, hooks }` for the active set: what an eval log records as `hookline_hooks`. */
export function hookSetRecord(registrations?: readonly HookRegistration[]): HookSetRecord {
  const hooks = describeHookSet(registrations);
  return { hash: hookSetHash(hooks), hooks };
}
