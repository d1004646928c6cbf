/**
 * Inspect AI's single-function hooks from the environment, for users moving their set-up over (`initHooks()` calls
 * {@link enableLegacyEnvHooks} once, right after plugins and the other integrations load):
 *
 * | variable | effect |
 * | --- | --- |
 * | `HOOKLINE_TELEMETRY=<module>:<export>` | Inspect's `INSPECT_TELEMETRY`: an async `(type, json) => boolean` told about token usage and finished task logs; registered as `env/telemetry` |
 * | `HOOKLINE_API_KEY_OVERRIDE=<module>:<export>` | Inspect's `INSPECT_API_KEY_OVERRIDE`: a sync `(envVarName, value) => string \| undefined`; registered as `env/api-key-override` |
 *
 * `<module>` is a path (`./hooks/telemetry.mjs`, absolute, or relative to the current folder) or
 * an installed package name; `:<export>` names the function and defaults to the default export.
 * Inspect's dotted Python paths have no meaning here.
 * @module
 */
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, errorMessage } from '../errors.ts';
import { getHookBus } from '../hooks/bus.ts';
import { Hooks } from '../hooks/hooks-class.ts';
import type { RunEnd, TaskEnd } from '../hooks/payloads/eval.ts';
import type { ApiKeyOverride, ModelUsageData } from '../hooks/payloads/model.ts';
import { registrationFor } from '../hooks/register.ts';
import { logToWire } from '../log/wire.ts';
import type { EvalLog } from '../types/log.ts';
import { toWire } from '../util/wire-case.ts';
import { warn } from '../runtime/warnings.ts';
import { BUILT_IN_HOOKS } from '../hooks/built-in-hooks.ts';

/** Registry name of the hook made from `HOOKLINE_TELEMETRY`. */
export const TELEMETRY_HOOK_NAME = BUILT_IN_HOOKS.telemetry.name;
/** Registry name of the hook made from `HOOKLINE_API_KEY_OVERRIDE`. */
export const API_KEY_OVERRIDE_HOOK_NAME = BUILT_IN_HOOKS.apiKeyOverride.name;

/** Inspect's legacy telemetry function: returns true when it handled the message. */
export type TelemetryFunction = (type: 'model_usage' | 'eval_log_location' | 'eval_log', json: string) => boolean | Promise<boolean>;
/** Inspect's legacy API-key function: a replacement key, or undefined to keep the value. */
export type ApiKeyOverrideFunction = (envVarName: string, value: string) => string | null | undefined;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Splits `<module>:<export>` at the last colon followed by an identifier (a Windows drive stays in the path). */
function parseReference(value: string): { specifier: string; exportName: string } {
  const colon = value.lastIndexOf(':');
  const tail = colon < 0 ? '' : value.slice(colon + 1);
  if (colon >= 0 && IDENTIFIER.test(tail)) return { specifier: value.slice(0, colon), exportName: tail };
  return { specifier: value, exportName: 'default' };
}

function isPath(specifier: string): boolean {
  return specifier.startsWith('.') || isAbsolute(specifier);
}

/**
 * Imports the function an environment variable names. Throws a {@link ConfigError} naming the
 * variable, its value and the problem (module not found, no such export, not a function).
 */
export async function loadEnvFunction(variable: string, rawValue: string, cwd: string = process.cwd()): Promise<(...args: never[]) => unknown> {
  const value = rawValue.trim();
  const fail = (problem: string, cause?: unknown): never => {
    throw new ConfigError(
      `${variable} is set to '${value}', but ${problem}. Set it to <module>:<export> (a path such as ./hooks/telemetry.mjs, ` +
        'relative to the current folder, or an installed package name; the export defaults to the default export), or unset it.',
      cause === undefined ? undefined : { cause },
    );
  };
  const { specifier, exportName } = parseReference(value);
  if (specifier === '') fail('it names no module');
  let url: string;
  try {
    url = isPath(specifier) ? pathToFileURL(resolve(cwd, specifier)).href : pathToFileURL(createRequire(join(cwd, 'package.json')).resolve(specifier)).href;
  } catch (error) {
    return fail(`the module '${specifier}' cannot be found from ${cwd}`, error);
  }
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    return fail(`importing '${specifier}' failed: ${errorMessage(error)}`, error);
  }
  const fn = loaded[exportName];
  if (typeof fn !== 'function') {
    const exports = Object.keys(loaded).join(', ') || 'none';
    return fail(fn === undefined ? `'${specifier}' has no export '${exportName}' (its exports: ${exports})` : `its export '${exportName}' is a ${typeof fn}, not a function`);
  }
  return fn as (...args: never[]) => unknown;
}

/**
 * Inspect's telemetry messages as hooks: `model_usage` after each provider call with usage;
 * for each task log, `eval_log_location` and, unless that was handled, `eval_log` with the log
 * in Inspect's JSON form. Logs of tasks that ended normally are sent at `onTaskEnd`, the others
 * (errors, cancellation) at `onRunEnd`, so every outcome is sent once, as Inspect does.
 */
class LegacyTelemetry extends Hooks {
  private readonly sent = new Set<string>();

  constructor(private readonly send: TelemetryFunction) {
    super();
  }

  override async onModelUsage(data: ModelUsageData): Promise<void> {
    await this.send('model_usage', JSON.stringify({ model: data.modelName, usage: toWire(data.usage) }));
  }

  override async onTaskEnd(data: TaskEnd): Promise<void> {
    await this.sendLog(data.log);
  }

  override async onRunEnd(data: RunEnd): Promise<void> {
    for (const log of data.logs) await this.sendLog(log);
  }

  private async sendLog(log: Readonly<EvalLog>): Promise<void> {
    const id = log.eval.evalId;
    if (this.sent.has(id)) return;
    this.sent.add(id);
    try {
      const handled = log.location !== undefined && (await this.send('eval_log_location', log.location));
      if (!handled) await this.send('eval_log', JSON.stringify(logToWire(log)));
    } catch (error) {
      warn(`Error occurred sending telemetry: ${errorMessage(error)}`, 'hooks', error);
    }
  }
}

function legacyApiKeyOverride(override: ApiKeyOverrideFunction): Hooks {
  return new (class LegacyApiKeyOverride extends Hooks {
    override overrideApiKey(data: ApiKeyOverride): string | undefined {
      return override(data.envVarName, data.value) ?? undefined;
    }
  })();
}

/** Registers `hook` under `name` (unless something already is) with the variable shown in `hooks list`. */
function registerFromEnv(name: string, description: string, detail: string, hook: Hooks): void {
  const bus = getHookBus();
  if (bus.get(name) !== undefined) return;
  bus.register({ ...registrationFor(bus, hook, { name, description }, 'class', undefined), details: [detail] });
}

/**
 * Registers the hooks named by `HOOKLINE_TELEMETRY` and `HOOKLINE_API_KEY_OVERRIDE`. Called once by `initHooks()` at start-up; a variable that names no
 * usable function stops start-up with a {@link ConfigError} naming it.
 */
export async function enableLegacyEnvHooks(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Promise<void> {
  const telemetry = env.HOOKLINE_TELEMETRY?.trim();
  if (telemetry !== undefined && telemetry !== '') {
    const send = (await loadEnvFunction('HOOKLINE_TELEMETRY', telemetry, cwd)) as TelemetryFunction;
    registerFromEnv(TELEMETRY_HOOK_NAME, 'eval logs and token usage are recorded by the HOOKLINE_TELEMETRY function',
      `from HOOKLINE_TELEMETRY=${telemetry}`, new LegacyTelemetry(send));
  }
  const apiKey = env.HOOKLINE_API_KEY_OVERRIDE?.trim();
  if (apiKey !== undefined && apiKey !== '') {
    const override = (await loadEnvFunction('HOOKLINE_API_KEY_OVERRIDE', apiKey, cwd)) as ApiKeyOverrideFunction;
    registerFromEnv(API_KEY_OVERRIDE_HOOK_NAME, 'API keys are read and may be replaced by the HOOKLINE_API_KEY_OVERRIDE function',
      `from HOOKLINE_API_KEY_OVERRIDE=${apiKey}`, legacyApiKeyOverride(override));
  }
}
