/**
 * Option values shared by the CLI commands: number parsing with messages that name the option,
 * and the model-call flags (`--max-retries`, `--timeout`, `--attempt-timeout`).
 * @module
 */
import { statSync } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import { ConfigError } from '../errors.ts';
import type { GenerateConfig } from '../types/model.ts';

/** Returns a whole-number option (≥ `min`), or undefined when absent; a ConfigError names the option. */
export function wholeNumberOption(name: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < min) throw new ConfigError(`--${name} must be a whole number ≥ ${min}, got '${raw}'.`);
  return n;
}

/** Returns a number option (> 0, fractions allowed), or undefined when absent. */
export function positiveNumberOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0) throw new ConfigError(`--${name} must be a number > 0, got '${raw}'.`);
  return n;
}

/** The model-call flags, for `parseArgs`. */
export const modelCallOptions = {
  'max-retries': { type: 'string' },
  timeout: { type: 'string' },
  'attempt-timeout': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

/** The bounded defaults of `run` and `chat` (an eval keeps the library's: retry until it succeeds). */
export const AGENT_CALL_DEFAULTS = { maxRetries: 5, timeout: 600, attemptTimeout: 300 } as const;

/** Help lines of the model-call flags; `defaults` are shown when the command has its own. */
export function modelCallHelp(defaults?: typeof AGENT_CALL_DEFAULTS): string {
  const d = (text: string, fallback: string): string => (defaults === undefined ? fallback : text);
  return [
    `  --max-retries N          retries of a failing model call (${d(`default ${AGENT_CALL_DEFAULTS.maxRetries}`, 'default: no limit')})`,
    `  --timeout S              seconds a model call may take, retries and waits included (${d(`default ${AGENT_CALL_DEFAULTS.timeout}`, 'default: no limit')})`,
    `  --attempt-timeout S      seconds one model request may take before it is retried (${d(`default ${AGENT_CALL_DEFAULTS.attemptTimeout}`, 'default: no limit')})`,
  ].join('\n');
}

/** Returns the generate settings the model-call flags give, over `defaults`. */
export function modelCallConfig(values: { 'max-retries'?: string | undefined; timeout?: string | undefined; 'attempt-timeout'?: string | undefined }, defaults: GenerateConfig = {}): GenerateConfig {
  const maxRetries = wholeNumberOption('max-retries', values['max-retries'], 0) ?? defaults.maxRetries;
  const timeout = positiveNumberOption('timeout', values.timeout) ?? defaults.timeout;
  const attemptTimeout = positiveNumberOption('attempt-timeout', values['attempt-timeout']) ?? defaults.attemptTimeout;
  return {
    ...(maxRetries === undefined ? {} : { maxRetries }),
    ...(timeout === undefined ? {} : { timeout }),
    ...(attemptTimeout === undefined ? {} : { attemptTimeout }),
  };
}

/**
 * Returns the arguments with `--opt -1` written as `--opt=-1` for options that take a value, so
 * a negative number reaches the option's own check (which says what is allowed) instead of
 * being read as an unknown flag.
 */
export function joinNegativeValues(args: readonly string[], options: ParseArgsConfig['options']): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name !== undefined && options?.[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** Throws a ConfigError naming the option when `path` exists and is not a folder (or, with `mustExist`, is missing). */
export function checkFolderOption(name: string, path: string | undefined, mustExist: boolean): void {
  if (path === undefined) return;
  let isFolder: boolean;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    if (mustExist) throw new ConfigError(`--${name} ${path}: no such folder. Give an existing folder.`);
    return;
  }
  if (!isFolder) throw new ConfigError(`--${name} ${path} is a file, not a folder. Give a folder${mustExist ? '' : ' (it is created when missing)'}.`);
}
