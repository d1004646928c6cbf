/**
 * Text for the `hookline hooks` commands: listing rows for handlers that do not run, test-run
 * reports, and the test payload reader. Kept here so the CLI stays a thin argument parser.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, errorMessage } from '../../../errors.ts';
import { fromWire } from '../../../util/wire-case.ts';
import { type HookEventName, eventForWireName, resolveEventName } from '../../catalog.ts';
import type { MergedDecision } from '../../decision.ts';
import type { HookListing } from '../../listing.ts';
import type { CommandHook, CommandHooksRun } from './execute.ts';
import { describeCommandHook } from './format.ts';
import { commandRegistrationName } from './register.ts';

/** Returns listing rows (one per event, disabled) for handlers that are not trusted to run. */
export function describeInactiveCommandHooks(handlers: readonly CommandHook[]): HookListing[] {
  const byEvent = new Map<HookEventName, CommandHook[]>();
  for (const h of handlers) {
    if (h.active) continue;
    byEvent.set(h.event, [...(byEvent.get(h.event) ?? []), h]);
  }
  return [...byEvent].map(([event, list]) => ({
    name: `${commandRegistrationName(event)} (not trusted)`,
    description: `${list.length} command hook(s) skipped until trusted: run \`hookline hooks trust\` after reviewing them`,
    source: 'command',
    packageName: undefined,
    enabled: false,
    events: [event],
    details: list.map((h) => describeCommandHook(h)),
  }));
}

/** Resolves an event given as a wire name (`PreToolUse`), method name or alias. */
export function resolveEventArgument(name: string): HookEventName | undefined {
  return eventForWireName(name) ?? resolveEventName(name);
}

/**
 * Reads a test payload file: one JSON object, camelCase (as hosts emit it) or snake_case (as a
 * hook receives it, e.g. a captured stdin). Throws a {@link ConfigError} naming the file.
 */
export async function readTestPayload(file: string): Promise<Record<string, unknown>> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`Could not read the payload file ${file}: ${errorMessage(error)}. Pass a JSON object, e.g. {"toolName": "Bash", "toolInput": {"command": "ls"}}.`, { file, cause: error });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ConfigError(`The payload file ${file} must hold one JSON object (camelCase or snake_case fields).`, { file });
  }
  const snake = Object.keys(json).some((k) => k.includes('_'));
  // hook_event_name comes from the event being tested, not from the file.
  const { hookEventName: _ignored, ...payload } = (snake ? fromWire(json) : json) as Record<string, unknown>;
  return payload;
}

function indent(text: string, prefix: string): string {
  return text.trim().split('\n').map((l) => `${prefix}${l}`).join('\n');
}

/** Returns a merged decision as readable lines. */
export function formatMergedDecision(d: MergedDecision): string {
  const lines = [`blocked: ${d.blocked}`, `stopped: ${d.stopped}${d.stopReason === undefined ? '' : ` (${d.stopReason})`}`];
  for (const reason of d.reasons) lines.push(`reason: ${reason}`);
  for (const context of d.additionalContext) lines.push(`additionalContext: ${context}`);
  if (d.updatedInput !== undefined) lines.push(`updatedInput: ${JSON.stringify(d.updatedInput)}`);
  for (const message of d.systemMessages) lines.push(`systemMessage: ${message}`);
  return lines.join('\n');
}

/** Returns the report `hookline hooks test` prints: each handler's outcome, then the merge. */
export function formatCommandHooksRun(run: CommandHooksRun, counts: { readonly configured: number; readonly active: number }): string {
  const out: string[] = [];
  if (run.reports.length === 0 && run.background === 0) {
    const why = counts.configured === 0 ? 'none is configured for this event' : counts.active === 0 ? 'none of them is trusted (see the warning above)' : 'no matcher selects this payload';
    out.push(`No command hook selected: ${counts.configured} configured, ${counts.active} trusted; ${why}.`);
  }
  for (const r of run.reports) {
    const ended = r.exitCode !== null ? `exit ${r.exitCode}` : r.signal !== null ? `signal ${r.signal}` : 'no exit code';
    out.push(`[${r.status}] ${describeCommandHook(r.hook)}`, `    ${ended}, ${Math.round(r.durationMs)} ms`);
    if (r.error !== undefined) out.push(`    error: ${r.error}${r.detail === undefined ? '' : ` (${r.detail})`}`);
    if (r.decision !== undefined) out.push(`    decision: ${JSON.stringify(r.decision)}`);
    const stderr = r.stderr.trim();
    if (stderr !== '') out.push('    stderr:', indent(stderr.length > 800 ? `${stderr.slice(0, 800)}…` : stderr, '      '));
  }
  if (run.background > 0) out.push(`${run.background} async hook(s) started in the background (decisions discarded).`);
  out.push('merged decision:', indent(formatMergedDecision(run.decision), '  '));
  return `${out.join('\n')}\n`;
}
