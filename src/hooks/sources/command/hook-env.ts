/**
 * The environment of a command hook: hookline's own environment plus the variables hook scripts
 * written for Claude Code and Codex read.
 *
 * - `CLAUDE_PROJECT_DIR` and `HOOKLINE_PROJECT_DIR`: the project folder (Claude Code sets the
 *   first; Codex sets none).
 * - `CLAUDE_ENV_FILE` and `CODEX_ENV_FILE` (SessionStart only, as both CLIs do; Claude Code's
 *   CwdChanged and FileChanged events do not exist here): one file per session, created empty
 *   before the hooks run, next to the transcript at `session-env/<session id>/env.sh`. Hooks append
 *   `export NAME=value` lines to it; the agent applies them to later Bash tool calls.
 * @module
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { HookEventName } from '../../catalog.ts';

/** Events whose hooks get the session's env file. */
const ENV_FILE_EVENTS: ReadonlySet<HookEventName> = new Set<HookEventName>(['onSessionStart']);

/** Returns the env file of a session: `<transcript folder>/session-env/<session id>/env.sh`. */
export function sessionEnvFile(transcriptPath: string, sessionId: string): string {
  return join(dirname(transcriptPath), 'session-env', sessionId, 'env.sh');
}

function field(payload: unknown, name: string): string | undefined {
  const value = payload === null || typeof payload !== 'object' ? undefined : (payload as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Returns the environment of the command hooks of one emission. For SessionStart in an agent
 * session it creates the session's env file (empty) so `>> "$CLAUDE_ENV_FILE"` works.
 */
export function commandHookEnv(event: HookEventName, payload: unknown, projectDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOOKLINE_PROJECT_DIR: projectDir, CLAUDE_PROJECT_DIR: projectDir };
  if (!ENV_FILE_EVENTS.has(event)) return env;
  const transcriptPath = field(payload, 'transcriptPath');
  const sessionId = field(payload, 'sessionId');
  if (transcriptPath === undefined || sessionId === undefined) return env;
  const file = sessionEnvFile(transcriptPath, sessionId);
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, '');
  env.CLAUDE_ENV_FILE = file;
  env.CODEX_ENV_FILE = file;
  return env;
}
