/**
 * `hookline hooks …`: list registered hooks (command hooks included, with their source file and
 * trust state), show the event catalog, trust a project's command hooks, and test-run them.
 * @module
 */
import { parseArgs } from 'node:util';
import { catalog, EVENT_NAMES } from '../../hooks/catalog.ts';

/** The `hookline hooks` usage text. */
export const help = `Usage:
  hookline hooks list [--json] [--project DIR]
      every registered hook: source, enabled state, events; command hooks with their file and trust
  hookline hooks events [--json]
      the event catalog: wire name, capability, aliases
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

function printEvents(): void {
  for (const name of EVENT_NAMES) {
    const spec = catalog[name];
    const aliases = spec.aliases.length === 0 ? '' : `  (aliases: ${spec.aliases.join(', ')})`;
    process.stdout.write(`${name.padEnd(22)} ${spec.wire.padEnd(20)} ${spec.capability.padEnd(8)}${aliases}\n`);
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
    case 'events':
      if (values.json === true) process.stdout.write(`${JSON.stringify(catalog, null, 2)}\n`);
      else printEvents();
      return 0;
    // Listing, trusting and testing load the hook system; `events` needs only the catalog.
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
