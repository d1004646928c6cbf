/**
 * `hooks.json` parsing: the Codex / Claude Code schema (`hooks` → event wire name → matcher
 * groups → handlers). A malformed file is rejected as a whole with a {@link ConfigError} naming
 * the file and the JSON path; soft problems (unknown events, unsupported handler types, invalid
 * matchers, blank commands) skip the affected part with a warning.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, errorMessage } from '../../../errors.ts';
import { eventForWireName, eventSpec, type HookEventName, resolveEventName } from '../../catalog.ts';
import { type CompiledMatcher, compileMatcher, matcherFieldOf } from './matcher.ts';

/** Where a handler was configured. `claude` and `codex` are opt-in imports of those tools' files. */
export type CommandHookScope = 'user' | 'project' | 'claude' | 'codex';

/** Default handler timeout in seconds (both seed protocols). */
export const DEFAULT_TIMEOUT_SEC = 600;

/** One command handler as configured, before trust is checked. */
export interface CommandHookDefinition {
  readonly event: HookEventName;
  /** The wire name used as the key in the file (`PreToolUse`). */
  readonly wire: string;
  /** The matcher as written; undefined when absent or when the event ignores matchers. */
  readonly matcher: string | undefined;
  readonly command: string;
  /** Resolved timeout in seconds (default 600, minimum 1). */
  readonly timeoutSec: number;
  /** `async: true`: runs in the background, never blocks, its decisions are discarded. */
  readonly async: boolean;
  readonly statusMessage: string | undefined;
  /** Absolute path of the file that defines it. */
  readonly file: string;
  readonly scope: CommandHookScope;
  /** `<file>:<Wire>:<group index>:<handler index>`: its position, stable while the file is unchanged. */
  readonly key: string;
  readonly selector: CompiledMatcher;
}

/** What one file contributed. */
export interface ParsedHooksFile {
  readonly file: string;
  readonly definitions: readonly CommandHookDefinition[];
  readonly warnings: readonly string[];
}

type Json = unknown;
type Path = readonly (string | number)[];

/** Formats a JSON path as `hooks.PreToolUse[0].hooks[1].command`. */
export function formatJsonPath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out === '' ? '(top level)' : out;
}

function describe(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return typeof value === 'number' || typeof value === 'boolean' ? `${typeof value} ${value}` : typeof value;
}

function isObject(value: Json): value is Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function shapeError(file: string, path: Path, expected: string, got: Json): ConfigError {
  return new ConfigError(
    `failed to parse hooks config ${file}: ${formatJsonPath(path)}: expected ${expected}, got ${describe(got)}. ` +
      'Fix that entry; this file contributes no hooks until it parses.',
    { file },
  );
}

function optionalString(file: string, obj: Record<string, Json>, key: string, path: Path): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw shapeError(file, [...path, key], 'a string', value);
  return value;
}

interface FileContext {
  readonly file: string;
  readonly scope: CommandHookScope;
  readonly warnings: string[];
  readonly out: CommandHookDefinition[];
}

function parseHandler(ctx: FileContext, event: HookEventName, wire: string, group: { matcher: string | undefined; selector: CompiledMatcher; index: number }, raw: Json, index: number): void {
  const path: Path = ['hooks', wire, group.index, 'hooks', index];
  if (!isObject(raw)) throw shapeError(ctx.file, path, 'a handler object ({"type": "command", "command": …})', raw);
  const type = raw.type;
  if (type === undefined || typeof type !== 'string') throw shapeError(ctx.file, [...path, 'type'], 'a handler type such as "command"', type);
  const where = `${ctx.file} (${formatJsonPath(path)})`;
  if (type !== 'command') {
    ctx.warnings.push(`skipping ${type} hook in ${where}: only "command" hooks are supported; the handler does not run.`);
    return;
  }
  const command = raw.command;
  if (typeof command !== 'string') throw shapeError(ctx.file, [...path, 'command'], 'a string (the shell command to run)', command);
  const timeout = raw.timeout;
  if (timeout !== undefined && timeout !== null && (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout < 0)) {
    throw shapeError(ctx.file, [...path, 'timeout'], 'a non-negative number of seconds', timeout);
  }
  const isAsync = raw.async;
  if (isAsync !== undefined && isAsync !== null && typeof isAsync !== 'boolean') throw shapeError(ctx.file, [...path, 'async'], 'true or false', isAsync);
  const statusMessage = optionalString(ctx.file, raw, 'statusMessage', path);
  if (command.trim() === '') {
    ctx.warnings.push(`skipping empty hook command in ${where}.`);
    return;
  }
  for (const field of ['if', 'args'] as const) {
    if (raw[field] !== undefined) {
      ctx.warnings.push(`skipping hook in ${where}: the "${field}" field is not supported by hookline; remove it (use a matcher or a shell command instead) to run this handler.`);
      return;
    }
  }
  if (raw.shell !== undefined && raw.shell !== 'bash' && raw.shell !== 'sh') {
    ctx.warnings.push(`skipping hook in ${where}: shell ${JSON.stringify(raw.shell)} is not supported; hookline runs commands with sh -c.`);
    return;
  }
  ctx.out.push({
    event,
    wire,
    matcher: group.matcher,
    command,
    timeoutSec: typeof timeout === 'number' ? Math.max(1, timeout) : DEFAULT_TIMEOUT_SEC,
    async: isAsync === true,
    statusMessage,
    file: ctx.file,
    scope: ctx.scope,
    key: `${ctx.file}:${wire}:${group.index}:${index}`,
    selector: group.selector,
  });
}

function parseGroup(ctx: FileContext, event: HookEventName, wire: string, raw: Json, index: number): void {
  const path: Path = ['hooks', wire, index];
  if (!isObject(raw)) throw shapeError(ctx.file, path, 'a matcher group object ({"matcher"?, "hooks": […]})', raw);
  const written = optionalString(ctx.file, raw, 'matcher', path);
  const handlers = raw.hooks ?? [];
  if (!Array.isArray(handlers)) throw shapeError(ctx.file, [...path, 'hooks'], 'an array of handlers', handlers);
  // Events without a matcher field ignore matchers, so an invalid one is not even validated (Codex).
  const matcher = matcherFieldOf(event) === undefined ? undefined : written;
  const compiled = compileMatcher(matcher);
  if (!compiled.ok) {
    ctx.warnings.push(`invalid matcher ${JSON.stringify(matcher)} in ${ctx.file} (${formatJsonPath(path)}): ${compiled.error}; the ${handlers.length} handler(s) of this group are disabled. Fix the regular expression.`);
    // Still validate the group's shape, so a broken handler is reported as such.
    const probe: FileContext = { ...ctx, warnings: [], out: [] };
    handlers.forEach((h, i) => { parseHandler(probe, event, wire, { matcher, selector: { kind: 'all' }, index }, h, i); });
    return;
  }
  handlers.forEach((h, i) => { parseHandler(ctx, event, wire, { matcher, selector: compiled.matcher, index }, h, i); });
}

/**
 * Validates the parsed JSON of one hooks file and returns its handlers in file order. Throws a
 * {@link ConfigError} naming the file and JSON path when the shape is wrong.
 */
export function parseHooksConfig(json: Json, file: string, scope: CommandHookScope): ParsedHooksFile {
  if (!isObject(json)) throw shapeError(file, [], 'an object with a "hooks" key', json);
  const ctx: FileContext = { file, scope, warnings: [], out: [] };
  if (json.disableAllHooks === true) {
    ctx.warnings.push(`hooks in ${file} are disabled by "disableAllHooks": true; none of them run.`);
    return { file, definitions: [], warnings: ctx.warnings };
  }
  const hooks = json.hooks;
  if (hooks === undefined || hooks === null) return { file, definitions: [], warnings: [] };
  if (!isObject(hooks)) throw shapeError(file, ['hooks'], 'an object mapping event names to arrays of matcher groups', hooks);
  for (const [wire, groups] of Object.entries(hooks)) {
    const event = eventForWireName(wire);
    if (event === undefined) {
      const canonical = resolveEventName(wire);
      const hint = canonical === undefined ? 'Run `hookline hooks events` for the event names.' : `Did you mean "${eventSpec(canonical).wire}"?`;
      ctx.warnings.push(`unknown event "${wire}" in ${file} (${formatJsonPath(['hooks', wire])}): hookline does not emit it, so its hooks are ignored. ${hint}`);
      continue;
    }
    if (!Array.isArray(groups)) throw shapeError(file, ['hooks', wire], 'an array of matcher groups', groups);
    groups.forEach((g, i) => { parseGroup(ctx, event, wire, g, i); });
  }
  return { file, definitions: ctx.out, warnings: ctx.warnings };
}

/** ` at line L, column C` for a JSON.parse error that gives a position, else nothing. */
function jsonErrorPlace(text: string, error: unknown): string {
  const position = /at position (\d+)/.exec(errorMessage(error));
  if (position === null) return '';
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  return ` at line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
}

/**
 * Reads and parses one hooks file. A missing file contributes nothing; an unreadable or
 * malformed one is returned as `error` (it contributes no hooks) so the other files still load.
 */
export async function readHooksFile(file: string, scope: CommandHookScope): Promise<ParsedHooksFile & { readonly error?: ConfigError }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file, definitions: [], warnings: [] };
    const failure = new ConfigError(`failed to read hooks config ${file}: ${errorMessage(error)}. Check the file's permissions.`, { file, cause: error });
    return { file, definitions: [], warnings: [], error: failure };
  }
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const failure = new ConfigError(`failed to parse hooks config ${file}: invalid JSON${jsonErrorPlace(text, error)}: ${errorMessage(error)}. Fix the JSON syntax; this file contributes no hooks until it parses.`, { file, cause: error });
    return { file, definitions: [], warnings: [], error: failure };
  }
  try {
    return parseHooksConfig(json, file, scope);
  } catch (error) {
    if (error instanceof ConfigError) return { file, definitions: [], warnings: [], error };
    throw error;
  }
}
