/**
 * `CLAUDE_ENV_FILE`: after SessionStart hooks ran, the lines they appended to the session's env
 * file (`export NAME=value`) become environment variables of the session's later Bash tool calls,
 * as in Claude Code.
 *
 * The file is read by `sh` itself (`set -a; . file`), so quoting, `$VAR` expansion
 * (`export PATH="$HOME/.local/bin:$PATH"`) and plain `NAME=value` lines mean what they mean in a
 * shell; the variables that differ from hookline's own environment afterwards are kept. The shell
 * gets {@link ENV_FILE_TIMEOUT_MS}; a file that fails to load is reported as a warning naming it,
 * and the session goes on with the variables it had.
 * @module
 */
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { sessionEnvFile } from '../hooks/sources/command/hook-env.ts';
import { warn } from '../runtime/warnings.ts';

/** How long loading an env file may take, in milliseconds. */
export const ENV_FILE_TIMEOUT_MS = 10_000;

const LOAD_SCRIPT = 'set -a; . "$1" >/dev/null || exit 97; exec "$2" -e "process.stdout.write(JSON.stringify(process.env))"';

function size(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Returns the variables the file sets (those that differ from this process's environment). */
function loadEnvFile(file: string): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    execFile('/bin/sh', ['-c', LOAD_SCRIPT, 'sh', file, process.execPath], { env: process.env, timeout: ENV_FILE_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null) {
        reject(new Error(stderr.trim() === '' ? error.message : stderr.trim()));
        return;
      }
      const after = JSON.parse(stdout) as Record<string, string>;
      const changed: Record<string, string> = {};
      for (const [name, value] of Object.entries(after)) {
        // The shell's own bookkeeping is not something the file exported.
        if (name === '_' || name === 'SHLVL' || name === 'PWD' || name === 'OLDPWD') continue;
        if (process.env[name] !== value) changed[name] = value;
      }
      resolve(changed);
    });
  });
}

/**
 * Returns the Bash environment overlay of a session after its SessionStart hooks ran: the
 * variables its env file sets, or `current` unchanged when the file is empty or cannot be loaded
 * (with a warning).
 */
export async function sessionToolEnv(transcriptPath: string, sessionId: string, current: Readonly<Record<string, string>> | undefined): Promise<Readonly<Record<string, string>> | undefined> {
  const file = sessionEnvFile(transcriptPath, sessionId);
  if (size(file) === 0) return current;
  try {
    return await loadEnvFile(file);
  } catch (error) {
    warn(
      `The session env file ${file} (CLAUDE_ENV_FILE) could not be loaded: ${error instanceof Error ? error.message : String(error)}. ` +
        'Later Bash commands run without its variables; fix the SessionStart hook that wrote it (lines like export NAME=value).',
      'agent',
    );
    return current;
  }
}
