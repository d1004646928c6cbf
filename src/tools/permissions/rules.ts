/**
 * Tool permission rules in Claude Code's syntax: `Tool` or `Tool(specifier)`, in three lists
 * (`allow`, `ask`, `deny`). What hookline understands:
 *
 * - `Bash`, `Read`, `Write`, `Edit`, or any other tool name alone: every call of that tool.
 *   `Tool(*)` is the same.
 * - `Bash(npm test)`: exactly that command. `Bash(npm test:*)`: the command `npm test` and every
 *   command that starts with `npm test ` (word boundary). `Bash(git * main)`: `*` matches any
 *   text. A compound command (`a && b`, `a; b`, `a | b`, `a || b`, one per line) is split into
 *   its parts (quotes respected): an allow rule must match every part, a deny or ask rule any part.
 * - `Read(path)`, `Edit(path)`, `Write(path)`: gitignore-style globs on the file's path. `*`
 *   matches within one folder, `**` across folders; a pattern without a `/` matches the name in
 *   any folder. `//abs/path` is absolute, `~/path` is under the home folder, anything else
 *   (`src/**`, `./src/**`, `/src/**`) is relative to the working directory. `Edit` rules apply
 *   to both file-editing tools (Edit and Write), as in Claude Code.
 * - A specifier on any other tool is a configuration error (hookline cannot check it).
 * @module
 */
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../../errors.ts';

/** The permission lists as settings files and `new Agent({ permissions })` give them. */
export interface PermissionSettings {
  /** Calls these rules match run without asking. */
  readonly allow?: readonly string[] | undefined;
  /** Calls these rules match need a person's (or a PermissionRequest hook's) yes. */
  readonly ask?: readonly string[] | undefined;
  /** Calls these rules match never run, in every mode. */
  readonly deny?: readonly string[] | undefined;
}

/** One parsed rule. */
export interface PermissionRule {
  /** The rule as written, for messages. */
  readonly text: string;
  /** Tells whether the rule covers one call. `allParts` (Bash): every subcommand must match. */
  matches(toolName: string, input: Readonly<Record<string, unknown>>, cwd: string, allParts: boolean): boolean;
}

/** The parsed lists; an empty list matches nothing. */
export interface PermissionRules {
  readonly allow: readonly PermissionRule[];
  readonly ask: readonly PermissionRule[];
  readonly deny: readonly PermissionRule[];
}

/** The tools that edit files: `Edit(...)` rules and `acceptEdits` mode cover them. */
export const EDIT_TOOLS: ReadonlySet<string> = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit', 'apply_patch']);

/** The tools that only read: the only ones `plan` mode lets run. */
export const READ_ONLY_TOOLS: ReadonlySet<string> = new Set(['Read', 'Glob', 'Grep', 'LS']);

const RULE = /^([A-Za-z0-9_-]+)(?:\(([\s\S]*)\))?$/;

/** The tools whose rules may carry a specifier hookline checks. */
const SPECIFIER_TOOLS: ReadonlySet<string> = new Set(['Bash', 'Read', 'Edit', 'Write']);

/** Tells whether a rule is well formed but has a specifier hookline cannot check (`WebFetch(domain:example.com)`). */
export function uncheckableSpecifier(text: string): boolean {
  const match = RULE.exec(text.trim());
  const spec = match?.[2]?.trim();
  return match !== null && spec !== undefined && spec !== '' && spec !== '*' && !SPECIFIER_TOOLS.has(match[1]!);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Splits a shell command into its simple commands at `&&`, `||`, `;`, `|` and newlines outside quotes. */
export function splitCommand(command: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote !== undefined) {
      current += c;
      if (c === '\\' && quote === '"' && i + 1 < command.length) current += command[++i]!;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '\\' && i + 1 < command.length) {
      current += c + command[++i]!;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      current += c;
      continue;
    }
    const two = command.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      parts.push(current);
      current = '';
      i++;
      continue;
    }
    if (c === ';' || c === '|' || c === '\n') {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function commandMatcher(pattern: string): (command: string) => boolean {
  if (pattern.endsWith(':*')) {
    const prefix = pattern.slice(0, -2).trim();
    return (command) => command === prefix || command.startsWith(`${prefix} `);
  }
  if (pattern.includes('*')) {
    const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 's');
    return (command) => regex.test(command);
  }
  return (command) => command === pattern;
}

function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += escapeRegExp(c);
  }
  return new RegExp(`^${out}$`);
}

function pathMatcher(pattern: string): (path: string, cwd: string) => boolean {
  if (pattern.startsWith('//')) {
    const regex = globToRegExp(pattern.slice(1));
    return (path) => regex.test(path);
  }
  if (pattern.startsWith('~/')) {
    const regex = globToRegExp(`${homedir()}/${pattern.slice(2)}`);
    return (path) => regex.test(path);
  }
  const relative = pattern.replace(/^\.?\//, '');
  const anywhere = !relative.includes('/');
  return (path, cwd) => {
    const base = cwd.endsWith('/') ? cwd : `${cwd}/`;
    if (!path.startsWith(base)) return false;
    const rest = path.slice(base.length);
    return globToRegExp(anywhere ? `**/${relative}` : relative).test(rest);
  };
}

function filePathOf(input: Readonly<Record<string, unknown>>, cwd: string): string | undefined {
  const raw = input.file_path ?? input.path ?? input.notebook_path;
  if (typeof raw !== 'string' || raw === '') return undefined;
  return isAbsolute(raw) ? resolve(raw) : resolve(cwd, raw);
}

/** Parses one rule; `where` names the setting for the error message. */
export function parsePermissionRule(text: string, where: string): PermissionRule {
  const match = RULE.exec(text.trim());
  if (match === null) {
    throw new ConfigError(`${where}: '${text}' is not a permission rule. Write a tool name, optionally with a specifier in parentheses, e.g. 'Bash(npm test:*)', 'Read' or 'Edit(src/**)'.`);
  }
  const tool = match[1]!;
  const spec = match[2]?.trim();
  if (spec === undefined || spec === '*') {
    const tools = tool === 'Edit' ? EDIT_TOOLS : new Set([tool]);
    return { text, matches: (name) => tools.has(name) };
  }
  if (spec === '') throw new ConfigError(`${where}: '${text}' has an empty specifier. Write '${tool}' to match every call, or give a pattern.`);
  if (tool === 'Bash') {
    const matches = commandMatcher(spec);
    return {
      text,
      matches: (name, input, _cwd, allParts) => {
        if (name !== 'Bash' || typeof input.command !== 'string') return false;
        const parts = splitCommand(input.command);
        if (parts.length === 0) return false;
        return allParts ? parts.every(matches) : parts.some(matches);
      },
    };
  }
  if (tool === 'Read' || tool === 'Edit' || tool === 'Write') {
    const tools = tool === 'Edit' ? EDIT_TOOLS : new Set([tool]);
    const matches = pathMatcher(spec);
    return {
      text,
      matches: (name, input, cwd) => {
        if (!tools.has(name)) return false;
        const path = filePathOf(input, cwd);
        return path !== undefined && matches(path, resolve(cwd));
      },
    };
  }
  throw new ConfigError(`${where}: '${text}': only Bash, Read, Edit and Write rules take a specifier. Write '${tool}' to cover every call of that tool.`);
}

/** Parses the three lists; a ConfigError names `where` (e.g. the settings file) and the bad rule. */
export function resolvePermissionRules(settings: PermissionSettings, where: string): PermissionRules {
  const list = (key: 'allow' | 'ask' | 'deny'): PermissionRule[] => {
    const rules = settings[key] ?? [];
    if (!Array.isArray(rules) || !rules.every((r) => typeof r === 'string')) {
      throw new ConfigError(`${where}: permissions.${key} must be a list of rule strings, e.g. ["Bash(npm test:*)", "Read"].`);
    }
    return rules.map((r, i) => parsePermissionRule(r, `${where} permissions.${key}[${i}]`));
  };
  return { allow: list('allow'), ask: list('ask'), deny: list('deny') };
}

/** Returns the first rule of `rules` that covers the call, or undefined. */
export function firstMatch(rules: readonly PermissionRule[], toolName: string, input: Readonly<Record<string, unknown>>, cwd: string, allParts: boolean): PermissionRule | undefined {
  return rules.find((r) => r.matches(toolName, input, cwd, allParts));
}
