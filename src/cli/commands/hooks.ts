/**
 * `hookline hooks …`: list registered hooks (command hooks included, with their source file and
 * trust state), show the event catalog, trust a project's command hooks, and test-run them.
 * @module
 */
import { parseArgs } from 'node:util';
import { getHookBus } from '../../hooks/bus.ts';
import { catalog, EVENT_NAMES } from '../../hooks/catalog.ts';
import { describeHooks, type HookListing } from '../../hooks/listing.ts';
import {
  describeCommandHook,
  describeInactiveCommandHooks,
  formatCommandHooksRun,
  loadCommandHooks,
  readTestPayload,
  resolveEventArgument,
  runCommandHooks,
  trustProjectHooks,
} from '../../hooks/sources/command/index.ts';
import { initHooks } from '../../hooks/startup.ts';

const help = `Usage:
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

const options = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  project: { type: 'string' },
  payload: { type: 'string' },
  'trust-project-hooks': { type: 'boolean' },
  'import-claude': { type: 'boolean' },
  'import-codex': { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof options }>>['values'];

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

function loadOptions(values: Values) {
  return {
    ...(values.project === undefined ? {} : { projectDir: values.project }),
    importClaude: values['import-claude'] === true,
    importCodex: values['import-codex'] === true,
    // Listing and testing show a bad file as an error instead of stopping.
    ignoreBadHooks: true,
  };
}

async function list(values: Values): Promise<number> {
  await initHooks({ banner: false });
  const loaded = await loadCommandHooks(loadOptions(values));
  const rows = [...describeHooks(getHookBus().list()), ...describeInactiveCommandHooks(loaded.handlers)];
  if (values.json === true) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else printListing(rows);
  return loaded.errors.length === 0 ? 0 : 1;
}

async function trust(values: Values): Promise<number> {
  const result = await trustProjectHooks(values.project ?? process.cwd(), loadOptions(values));
  for (const error of result.errors) process.stderr.write(`hookline: error [${error.code}]: ${error.message}\n`);
  if (result.trusted.length === 0) {
    process.stdout.write(`No project command hooks found in ${result.projectDir} (.hookline/hooks.json).\n`);
  } else {
    process.stdout.write(`Trusted ${result.trusted.length} command hook(s) of ${result.projectDir} (recorded in ${result.storeFile}):\n`);
    for (const hook of result.trusted) process.stdout.write(`  ${describeCommandHook(hook)}\n`);
  }
  return result.errors.length === 0 ? 0 : 1;
}

async function test(eventName: string | undefined, values: Values): Promise<number> {
  const event = eventName === undefined ? undefined : resolveEventArgument(eventName);
  if (event === undefined || values.payload === undefined) {
    const what = eventName === undefined ? 'an EVENT' : event === undefined ? `a known EVENT ('${eventName}' is not one; see \`hookline hooks events\`)` : 'a --payload FILE';
    process.stderr.write(`hookline hooks test: expected ${what}\n${help}\n`);
    return 2;
  }
  const payload = await readTestPayload(values.payload);
  const loaded = await loadCommandHooks({ ...loadOptions(values), trustProjectHooks: values['trust-project-hooks'] === true, register: false });
  const run = await runCommandHooks(event, payload, loaded.handlers);
  if (values.json === true) process.stdout.write(`${JSON.stringify({ ...run, reports: run.reports.map((r) => ({ ...r, hook: { command: r.hook.command, file: r.hook.file, trust: r.hook.trust } })) }, null, 2)}\n`);
  else {
    const configured = loaded.handlers.filter((h) => h.event === event);
    process.stdout.write(formatCommandHooksRun(run, { configured: configured.length, active: configured.filter((h) => h.active).length }));
  }
  return 0;
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
    case 'list':
      return list(values);
    case 'trust':
      return trust(values);
    case 'test':
      return test(positionals[1], values);
    default:
      process.stderr.write(`hookline hooks: unknown subcommand '${sub}'\n${help}\n`);
      return 2;
  }
}
