/**
 * `hookline hooks …`: list registered hooks, and the event catalog.
 * @module
 */
import { parseArgs } from 'node:util';
import { getHookBus } from '../../hooks/bus.ts';
import { catalog, EVENT_NAMES } from '../../hooks/catalog.ts';
import { describeHooks, type HookListing } from '../../hooks/listing.ts';
import { initHooks } from '../../hooks/startup.ts';

const help = `Usage:
  hookline hooks list [--json]     every registered hook: source, enabled state, events
  hookline hooks events [--json]   the event catalog: wire name, capability, aliases`;

function printListing(rows: readonly HookListing[]): void {
  if (rows.length === 0) {
    process.stdout.write('No hooks registered.\n(Install a plugin package, add hooks.json, or register hooks with hooks() / on().)\n');
    return;
  }
  for (const row of rows) {
    const state = row.enabled ? 'enabled' : 'disabled';
    process.stdout.write(`${row.name}  [${row.source}${row.packageName === undefined ? '' : ` from ${row.packageName}`}, ${state}]\n`);
    if (row.description !== undefined) process.stdout.write(`  ${row.description}\n`);
    process.stdout.write(`  events: ${row.events.length === 0 ? '(none)' : row.events.join(', ')}\n`);
    for (const detail of row.details) process.stdout.write(`  ${detail}\n`);
  }
}

function printEvents(): void {
  for (const name of EVENT_NAMES) {
    const spec = catalog[name];
    const aliases = spec.aliases.length === 0 ? '' : `  (aliases: ${spec.aliases.join(', ')})`;
    process.stdout.write(`${name.padEnd(22)} ${spec.wire.padEnd(20)} ${spec.capability.padEnd(8)}${aliases}\n`);
  }
}

/** `hookline hooks` */
export async function hooksCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const sub = positionals[0] ?? 'list';
  if (values.help === true) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  if (sub === 'events') {
    if (values.json === true) process.stdout.write(`${JSON.stringify(catalog, null, 2)}\n`);
    else printEvents();
    return 0;
  }
  if (sub !== 'list') {
    process.stderr.write(`hookline hooks: unknown subcommand '${sub}'\n${help}\n`);
    return 2;
  }
  await initHooks({ banner: false });
  const rows = describeHooks(getHookBus().list());
  if (values.json === true) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else printListing(rows);
  return 0;
}
