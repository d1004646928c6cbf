/**
 * `hookline hooks list|trust|test`: the subcommands that load the hook system (plugins, command
 * hooks, trust), kept apart so that `hookline hooks events` loads only the catalog.
 * @module
 */
import { getHookBus } from '../../hooks/bus.ts';
import { definedEvents } from '../../hooks/defined-events.ts';
import { describeHooks, type HookListing } from '../../hooks/listing.ts';
import { describeCommandHook } from '../../hooks/sources/command/format.ts';
import { loadCommandHooks, trustProjectHooks } from '../../hooks/sources/command/load.ts';
import { runCommandHooks } from '../../hooks/sources/command/execute.ts';
import { describeInactiveCommandHooks, formatCommandHooksRun, readTestPayload, resolveEventArgument } from '../../hooks/sources/command/report.ts';
import { initHooks } from '../../hooks/startup.ts';
import { help, printEvents, type Values } from './hooks.ts';

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

function loadOptions(values: Values) {
  return {
    ...(values.project === undefined ? {} : { projectDir: values.project }),
    importClaude: values['import-claude'] === true,
    importCodex: values['import-codex'] === true,
    // Listing and testing show a bad file as an error instead of stopping.
    ignoreBadHooks: true,
  };
}

/** `hookline hooks events` when plugin packages are present: the catalog, then the events they define (`defineEvent()`). */
export async function events(values: Values): Promise<number> {
  await initHooks({ banner: false, commandHooks: false, ...(values.project === undefined ? {} : { cwd: values.project }) });
  printEvents(values, definedEvents());
  return 0;
}

/** `hookline hooks list` */
export async function list(values: Values): Promise<number> {
  // Command hooks are loaded here, with this command's options, to list the inactive ones too.
  await initHooks({ banner: false, commandHooks: false });
  const loaded = await loadCommandHooks(loadOptions(values));
  const rows = [...describeHooks(getHookBus().list()), ...describeInactiveCommandHooks(loaded.handlers)];
  if (values.json === true) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else printListing(rows);
  return loaded.errors.length === 0 ? 0 : 1;
}

/** `hookline hooks trust` */
export async function trust(values: Values): Promise<number> {
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

/** `hookline hooks test EVENT --payload FILE` */
export async function test(eventName: string | undefined, values: Values): Promise<number> {
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

