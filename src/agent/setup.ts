/**
 * `setupAgent()`: everything a host (the CLI's `run` and `chat`) does before an agent session —
 * start the hook system, load command hooks, build the model and the built-in tools, and add the
 * project's subagents (`.hookline/agents/*.md`, see agent-files.ts) as the `Task` tool.
 * @module
 */
import { resolve } from 'node:path';
import type { PermissionMode } from '../hooks/payloads/agent.ts';
import { initHooks } from '../hooks/startup.ts';
import { getModel } from '../model/index.ts';
import type { GenerateConfig } from '../types/model.ts';
import type { PermissionAsker } from '../runtime/context.ts';
import { builtinTools } from '../tools/builtin/index.ts';
import { Agent } from './agent.ts';
import { loadAgentDefinitions } from './agent-files.ts';
import { readPermissionSettings } from './settings-file.ts';
import { ConfigError } from '../errors.ts';

/** Options of {@link setupAgent}. */
export interface SetupAgentOptions {
  /** `provider/name` (default `mockllm/model`). */
  readonly model?: string | undefined;
  /** Working directory of tools and project folder of command hooks (default: the process's). */
  readonly cwd?: string | undefined;
  /** Built-in tool names (`bash`, `read`, `write`, `edit`; default all four). */
  readonly tools?: readonly string[] | undefined;
  readonly system?: string | undefined;
  readonly maxTurns?: number | undefined;
  /** Automatic compaction budget in estimated tokens (0: off; default the agent's). */
  readonly compactTokens?: number | undefined;
  readonly transcriptDir?: string | undefined;
  /** Overrides `permissions.defaultMode` of the settings files (see `settings-file.ts`). */
  readonly permissionMode?: PermissionMode | undefined;
  /**
   * Also read the hooks of `<cwd>/.claude/settings.json` (Claude Code's project settings; trusted like
   * project hooks), and the permissions of it and of `<cwd>/.claude/settings.local.json`.
   */
  readonly importClaude?: boolean | undefined;
  /** Also read `<cwd>/.codex/hooks.json` (Codex's project hooks); trusted like project hooks. */
  readonly importCodex?: boolean | undefined;
  /** Run the project's command hooks without asking for trust (this run only). */
  readonly trustProjectHooks?: boolean | undefined;
  /** Run without the hooks of a hooks file that cannot be read or parsed, with a warning, instead of stopping. */
  readonly ignoreBadHooks?: boolean | undefined;
  /** Settings of every model call (retries, timeouts); default: the model's. */
  readonly config?: GenerateConfig | undefined;
  /** Asks a person when a PreToolUse hook answers `ask` (chat); without it such calls are denied. */
  readonly askPermission?: PermissionAsker | undefined;
  /** Print the banner of active hooks (default: the `initHooks` default). */
  readonly banner?: boolean | undefined;
}

/**
 * Returns an agent ready to run, after `initHooks()` has run with this run's command-hook
 * options (the project folder is `cwd`), so every hook source sees the session's events.
 */
export async function setupAgent(options: SetupAgentOptions = {}): Promise<Agent> {
  const cwd = resolve(options.cwd ?? process.cwd());
  await initHooks({
    cwd,
    ...(options.banner === undefined ? {} : { banner: options.banner }),
    commandHooks: {
      trustProjectHooks: options.trustProjectHooks === true,
      ...(options.ignoreBadHooks === true ? { ignoreBadHooks: true } : {}),
      ...(options.importClaude === true ? { importClaude: true } : {}),
      ...(options.importCodex === true ? { importCodex: true } : {}),
    },
  });
  const model = getModel(options.model ?? 'mockllm/model', options.config === undefined ? {} : { config: options.config });
  // Each file's rules are checked as it is read, so that a bad rule names its file and key.
  const settings = readPermissionSettings(cwd, { importClaude: options.importClaude === true });
  const permissionMode = options.permissionMode ?? settings.defaultMode;
  if (permissionMode === 'bypassPermissions' && settings.bypassDisabledBy !== undefined) {
    throw new ConfigError(`${settings.bypassDisabledBy}: permissions.disableBypassPermissionsMode is "disable", so bypassPermissions mode cannot be used. Choose another --permission-mode.`);
  }
  const agents = loadAgentDefinitions(cwd, { importClaude: options.importClaude === true });
  return new Agent({
    model,
    tools: builtinTools(options.tools ?? ['bash', 'read', 'write', 'edit']),
    cwd,
    ...(options.system === undefined ? {} : { system: options.system }),
    ...(options.maxTurns === undefined ? {} : { maxTurns: options.maxTurns }),
    ...(options.compactTokens === undefined ? {} : { compactTokens: options.compactTokens }),
    ...(options.transcriptDir === undefined ? {} : { transcriptDir: options.transcriptDir }),
    ...(permissionMode === undefined ? {} : { permissionMode }),
    ...(settings.files.length === 0 ? {} : { permissions: settings }),
    ...(options.askPermission === undefined ? {} : { askPermission: options.askPermission }),
    ...(agents.length === 0 ? {} : { agents }),
  });
}
