/**
 * `hookline hooks …`: list registered hooks (command hooks included, with their source file and
 * trust state), show the event catalog, trust a project's command hooks, and test-run them.
 * @module
 */
import { parseArgs } from 'node:util';
import { catalog, EVENT_NAMES, type EventSpec } from '../../hooks/catalog.ts';
import type { DefinedEventSpec } from '../../hooks/defined-events.ts';

/** The `hookline hooks` usage text. */
export const help = `Usage:
  hookline hooks list [--json] [--project DIR]
      every registered hook: source, enabled state, events; command hooks with their file and trust
  hookline hooks events [--json] [--project DIR]
      the event catalog: wire name, capability, aliases; then the events plugins define
  hookline hooks trust [--project DIR]
      trust the project's current command hooks (.hookline/hooks.json) after reviewing them
  hookline hooks test EVENT --payload FILE [--project DIR] [--trust-project-hooks] [--json]
      run the command hooks configured for EVENT (e.g. PreToolUse) with a JSON payload
      (camelCase or snake_case) and print each handler's outcome and the merged decision

Command-hook options:
  --import-claude   also read <project>/.claude/settings.json (its "hooks" key)
  --import-codex    also read <project>/.codex/hooks.json`;

/** The `hookline hooks` options. */
export const options = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  project: { type: 'string' },
  payload: { type: 'string' },
  'trust-project-hooks': { type: 'boolean' },
  'import-claude': { type: 'boolean' },
  'import-codex': { type: 'boolean' },
} as const;

/** Parsed `hookline hooks` options. */
export type Values = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof options }>>['values'];

/** Prints the catalog, then the user-defined events given (`hookline hooks events`). */
export function printEvents(values: Values, defined: readonly DefinedEventSpec[]): void {
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify({ ...catalog, ...Object.fromEntries(defined.map((spec) => [spec.name, spec])) }, null, 2)}\n`);
    return;
  }
  const row = (name: string, spec: EventSpec): void => {
    const aliases = spec.aliases.length === 0 ? '' : `  (aliases: ${spec.aliases.join(', ')})`;
    process.stdout.write(`${name.padEnd(22)} ${spec.wire.padEnd(20)} ${spec.capability.padEnd(8)}${aliases}\n`);
  };
  for (const name of EVENT_NAMES) row(name, catalog[name]);
  if (defined.length === 0) return;
  process.stdout.write('\nUser-defined events (defineEvent):\n');
  for (const spec of defined) row(spec.name, spec);
}

async function hasPluginPackages(cwd: string): Promise<boolean> {
  try {
    return (await import('../../hooks/plugins.ts')).discoverPlugins(cwd).length > 0;
  } catch {
    return true; // a broken package.json: start-up reports it
  }
}

/** `hookline hooks` */
export async function hooksCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options });
  const sub = positionals[0] ?? 'list';
  if (values.help === true) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  switch (sub) {
    // `events` needs only the catalog, unless plugin packages may define events of their own;
    // listing, trusting and testing load the hook system.
    case 'events':
      if (await hasPluginPackages(values.project ?? process.cwd())) return (await import('./hooks-manage.ts')).events(values);
      printEvents(values, []);
      return 0;
    case 'list':
      return (await import('./hooks-manage.ts')).list(values);
    case 'trust':
      return (await import('./hooks-manage.ts')).trust(values);
    case 'test':
      return (await import('./hooks-manage.ts')).test(positionals[1], values);
    default:
      process.stderr.write(`hookline hooks: unknown subcommand '${sub}'\n${help}\n`);
      return 2;
  }
}
