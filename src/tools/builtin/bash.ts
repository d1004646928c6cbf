/**
 * The `Bash` tool: runs a shell command in the session's working directory. Its input follows
 * Claude Code's (`command`, `description`, `timeout` in milliseconds), so command hooks with the
 * matcher `Bash` work unchanged.
 * @module
 */
import { defineTool } from '../define-tool.ts';
import { ToolError } from '../tool-error.ts';
import { resultText } from '../format.ts';
import type { Tool } from '../types.ts';
import { CancelledError } from '../../errors.ts';
import { type ProcessRunResult, runProcess } from '../../util/process-runner.ts';

/** Options of {@link bashTool}. */
export interface BashToolOptions {
  /** Default timeout in milliseconds (120,000). A call may ask for up to `maxTimeoutMs`. */
  readonly timeoutMs?: number;
  /** The largest timeout a call may ask for, in milliseconds (600,000). */
  readonly maxTimeoutMs?: number;
  /** Output kept per stream, in UTF-8 bytes (30,000; half from the start, half from the end, with the size of the gap between). */
  readonly maxOutputChars?: number;
  /** The shell (default `sh`), run as `<shell> -c <command>`. */
  readonly shell?: string;
  /** Environment of the command (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
}

/** The `Bash` tool's arguments. */
export interface BashInput extends Record<string, unknown> {
  command: string;
  description?: string;
  timeout?: number;
}

/**
 * What the `Bash` tool returns, and what PostToolUse hooks get as `tool_response`: Claude Code's
 * object (`stdout`, `stderr`, `interrupted`, `isImage`), plus hookline's `exitCode` (null when a
 * signal ended the command). `interrupted` is true when a signal ended it.
 */
export type BashResponse = {
  readonly stdout: string;
  readonly stderr: string;
  readonly interrupted: boolean;
  readonly isImage: false;
  readonly exitCode: number | null;
};

/** Returns the `Bash` tool's response object for a finished command. */
export function bashResponse(result: ProcessRunResult): BashResponse {
  return { stdout: result.stdout, stderr: result.stderr, interrupted: result.exitCode === null, isImage: false, exitCode: result.exitCode };
}

function isBashResponse(value: unknown): value is BashResponse {
  return value !== null && typeof value === 'object' && typeof (value as BashResponse).stdout === 'string' && typeof (value as BashResponse).stderr === 'string';
}

/** Returns the text the model reads for a finished command. */
export function formatCommandResult(result: Pick<ProcessRunResult, 'stdout' | 'stderr' | 'exitCode'> & { readonly signal?: string | null | undefined }): string {
  const status = result.exitCode !== null ? String(result.exitCode) : `none (killed by ${result.signal ?? 'a signal'})`;
  const parts = [`Exit code: ${status}`];
  if (result.stdout !== '') parts.push(`stdout:\n${result.stdout.replace(/\n$/, '')}`);
  if (result.stderr !== '') parts.push(`stderr:\n${result.stderr.replace(/\n$/, '')}`);
  if (result.stdout === '' && result.stderr === '') parts.push('(no output)');
  return parts.join('\n');
}

/**
 * Returns a new `Bash` tool. Each call runs `sh -c <command>` in its own process group; on
 * timeout the whole group is killed and the model gets a `timeout` error with the output so far.
 * Processes a command leaves running in the background are killed when it ends.
 */
export function bashTool(options: BashToolOptions = {}): Tool<BashInput> {
  const defaultTimeout = options.timeoutMs ?? 120_000;
  const maxTimeout = options.maxTimeoutMs ?? 600_000;
  const maxBytes = options.maxOutputChars ?? 30_000;
  return defineTool<BashInput>({
    name: 'Bash',
    description:
      'Runs a shell command (sh -c) in the working directory and returns its exit code, stdout and stderr. ' +
      `Optional timeout in milliseconds (default ${defaultTimeout}, at most ${maxTimeout}).`,
    parameters: {
      type: 'object',
      properties: {
        command: { type: 'string', description: 'The command to run.' },
        description: { type: 'string', description: 'What the command does, in a few words.' },
        timeout: { type: 'number', description: 'Timeout in milliseconds.', exclusiveMinimum: 0 },
      },
      required: ['command'],
      additionalProperties: false,
    },
    async execute(args, context) {
      const timeoutMs = Math.min(args.timeout ?? defaultTimeout, maxTimeout);
      const env = context.env === undefined ? (options.env ?? process.env) : { ...(options.env ?? process.env), ...context.env };
      const result = await runProcess({
        command: args.command, cwd: context.cwd, env, shell: options.shell ?? 'sh', timeoutMs,
        capture: { policy: 'head-tail', limitBytes: maxBytes }, killGroupOnExit: true, signal: context.signal, label: 'command',
      });
      if (result.error?.kind === 'cancelled') throw new CancelledError();
      if (result.error?.kind === 'spawn') {
        const problem = result.error.code === 'ENOENT' ? 'file_not_found' : 'unknown';
        throw new ToolError(problem, `Could not start the shell in ${context.cwd}: ${result.error.message}. Check that the working directory exists.`);
      }
      if (result.error?.kind === 'timeout') {
        throw new ToolError(
          'timeout',
          `Command timed out after ${timeoutMs / 1000}s and was killed (with its whole process group).\n${formatCommandResult(result)}\n` +
            'Give it a longer timeout (in milliseconds) or split the work into shorter commands.',
        );
      }
      return bashResponse(result);
    },
    resultText: (result) => (isBashResponse(result) ? formatCommandResult(result) : resultText(result)),
  });
}
