/**
 * `hookline run -p <prompt>`: runs one prompt through an agent session and prints the answer.
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { setupAgent, type SetupAgentOptions } from '../../agent/setup.ts';
import { PERMISSION_MODES } from '../../agent/settings-file.ts';
import type { RunResult, TurnResult } from '../../agent/types.ts';
import { ConfigError, isCancellation } from '../../errors.ts';
import { installInterruptKeys } from '../interrupt-keys.ts';
import { getHookBus } from '../../hooks/bus.ts';
import type { PermissionMode } from '../../hooks/payloads/agent.ts';
import { flushCommandHooks } from '../../hooks/sources/command/execute.ts';
import { formatRetryNotice, onRetryNotice } from '../../model/retry.ts';
import { toWire } from '../../util/wire-case.ts';
import { AGENT_CALL_DEFAULTS, checkFolderOption, joinNegativeValues, modelCallConfig, modelCallHelp, modelCallOptions, wholeNumberOption } from '../options.ts';

/** Options shared by `run` and `chat`. */
export const agentCliOptions = {
  model: { type: 'string', short: 'm' },
  cwd: { type: 'string' },
  tools: { type: 'string' },
  system: { type: 'string' },
  'max-turns': { type: 'string' },
  'compact-tokens': { type: 'string' },
  'transcript-dir': { type: 'string' },
  'permission-mode': { type: 'string' },
  'trust-project-hooks': { type: 'boolean' },
  'ignore-bad-hooks': { type: 'boolean' },
  'import-claude': { type: 'boolean' },
  'import-codex': { type: 'boolean' },
  ...modelCallOptions,
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** Help text of the options shared by `run` and `chat`. */
export const agentCliHelp = `  --model, -m NAME          provider/name (default mockllm/model)
  --cwd DIR                 working directory of tools and project of hooks.json (default .)
  --tools LIST              built-in tools, comma-separated: bash,read,write,edit (default all; '' for none)
  --system TEXT             system prompt
  --max-turns N             model requests allowed per prompt (default 100)
  --compact-tokens N        compact the conversation once it passes N estimated tokens (default 160000; 0: never)
  --transcript-dir DIR      where session transcripts go (default ~/.hookline/sessions)
  --permission-mode MODE    default, acceptEdits, plan, dontAsk or bypassPermissions (default: permissions.defaultMode
                            of .hookline/settings.json, else default); see docs/agent-events.md
  --trust-project-hooks     run the project's hooks.json without trusting it first (this run only)
  --ignore-bad-hooks        run without the hooks of a hooks file that cannot be parsed (warned), instead of stopping
  --import-claude           also read the hooks of <cwd>/.claude/settings.json (trusted like project hooks), and the
                            permissions of it and of <cwd>/.claude/settings.local.json
  --import-codex            also read <cwd>/.codex/hooks.json (trusted like project hooks)
${modelCallHelp(AGENT_CALL_DEFAULTS)}`;

const MODES = PERMISSION_MODES;

type SharedValues = { [K in keyof typeof agentCliOptions]?: (typeof agentCliOptions)[K]['type'] extends 'boolean' ? boolean : string };

/** Turns the shared options into {@link SetupAgentOptions}; throws a ConfigError for a bad value. */
export function agentSetupFromArgs(values: SharedValues): SetupAgentOptions {
  const maxTurns = wholeNumberOption('max-turns', values['max-turns'], 1);
  checkFolderOption('cwd', values.cwd, true);
  const mode = values['permission-mode'];
  if (mode !== undefined && !MODES.includes(mode as PermissionMode)) {
    throw new ConfigError(`--permission-mode must be one of ${MODES.join(', ')}, got '${mode}'.`);
  }
  const tools = values.tools === undefined ? undefined : values.tools.split(',').map((t) => t.trim()).filter((t) => t !== '');
  return {
    model: values.model,
    cwd: values.cwd,
    tools,
    system: values.system,
    maxTurns,
    compactTokens: wholeNumberOption('compact-tokens', values['compact-tokens'], 0),
    transcriptDir: values['transcript-dir'],
    permissionMode: mode as PermissionMode | undefined,
    trustProjectHooks: values['trust-project-hooks'],
    ignoreBadHooks: values['ignore-bad-hooks'],
    importClaude: values['import-claude'],
    importCodex: values['import-codex'],
    config: modelCallConfig(values, AGENT_CALL_DEFAULTS),
  };
}

/** Sends what is written to stdout to stderr until the returned function is called. */
function stdoutToStderr(): () => void {
  const stdout = process.stdout;
  const write = Object.getOwnPropertyDescriptor(stdout, 'write');
  Object.defineProperty(stdout, 'write', { value: process.stderr.write.bind(process.stderr), configurable: true, writable: true });
  return () => {
    if (write === undefined) Reflect.deleteProperty(stdout, 'write');
    else Object.defineProperty(stdout, 'write', write);
  };
}

/** Prints every model retry on stderr until the returned function is called (run and chat). */
export function printRetries(): () => void {
  return onRetryNotice((notice) => {
    process.stderr.write(`hookline: ${formatRetryNotice(notice)}\n`);
  });
}

/** Prints what a turn means for the user besides its answer: hook messages, blocks, stops. */
export function reportTurn(result: TurnResult, write: (text: string) => void): void {
  for (const message of result.systemMessages) write(`hookline: hook: ${message}\n`);
  if (result.outcome === 'blocked') write(`hookline: prompt blocked by a UserPromptSubmit hook${result.reason === undefined ? '' : `: ${result.reason}`}\n`);
  else if (result.outcome === 'stopped') write(`hookline: stopped by a hook${result.reason === undefined ? '' : `: ${result.reason}`}\n`);
  else if (result.outcome === 'max_turns') write(`hookline: ${result.reason ?? 'reached --max-turns'}\n`);
  else if (result.outcome === 'stop_hook_cap') write('hookline: Stop hooks kept blocking; the turn was ended anyway\n');
}

const help = `Usage: hookline run -p <prompt> [options]

Runs one prompt through an agent session (with hooks) and prints the answer.

  --prompt, -p TEXT         the prompt (or give it as the only positional argument)
  --output-format FORMAT    text (default) or json: {result, session_id, transcript_path, usage, num_turns, outcome}
${agentCliHelp}

Exit code 0, 1 when a hook blocked the prompt, or 130 when Ctrl-C interrupted the turn (a
second Ctrl-C exits at once).`;

/** `hookline run` */
export async function runCommand(args: string[]): Promise<number> {
  const options = { ...agentCliOptions, prompt: { type: 'string', short: 'p' }, 'output-format': { type: 'string' } } as const;
  const { values, positionals } = parseArgs({ args: joinNegativeValues(args, options), allowPositionals: true, options });
  if (values.help === true) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  const prompt = values.prompt ?? (positionals.length === 1 ? positionals[0] : undefined);
  if (prompt === undefined || prompt.trim() === '') {
    process.stderr.write(`hookline run: give a prompt with -p "…".\n\n${help}\n`);
    return 2;
  }
  const format = values['output-format'] ?? 'text';
  if (format !== 'text' && format !== 'json') {
    process.stderr.write(`hookline run: --output-format must be text or json, got '${format}'.\n`);
    return 2;
  }
  // In JSON mode stdout holds the JSON only: whatever hooks print goes to stderr meanwhile.
  const restoreStdout = format === 'json' ? stdoutToStderr() : undefined;
  let result: RunResult;
  try {
    const agent = await setupAgent(agentSetupFromArgs(values));
    const stopRetries = printRetries();
    const keys = installInterruptKeys((text) => process.stderr.write(text));
    try {
      result = await agent.run(prompt, { signal: keys.beginTurn() }).finally(stopRetries);
    } catch (error) {
      if (!isCancellation(error)) throw error;
      process.stderr.write('hookline: the turn was interrupted (Ctrl-C); the session ended and its transcript is consistent.\n');
      await getHookBus().flush();
      await flushCommandHooks();
      return 130;
    } finally {
      keys.dispose();
    }
    await getHookBus().flush();
    await flushCommandHooks();
  } finally {
    restoreStdout?.();
  }
  reportTurn(result, (text) => process.stderr.write(text));
  if (format === 'json') {
    const body = {
      result: result.text,
      session_id: result.sessionId,
      transcript_path: result.transcriptPath,
      usage: toWire(result.usage) ?? null,
      num_turns: result.modelCalls,
      outcome: result.outcome,
      ...(result.reason === undefined ? {} : { reason: result.reason }),
    };
    process.stdout.write(`${JSON.stringify(body)}\n`);
  } else if (result.text !== '') {
    process.stdout.write(`${result.text}\n`);
  }
  return result.outcome === 'blocked' ? 1 : 0;
}
