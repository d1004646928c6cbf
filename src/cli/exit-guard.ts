/**
 * The exit guard: a CLI command never ends silently in the middle of a run, and never stays
 * alive after it is done.
 *
 * While a command runs:
 * - the event loop running empty with the command unfinished (something it awaits will never
 *   settle) finishes every open log as an error, says so, and exits 1 — instead of Node's silent
 *   exit code 13;
 * - `process.exit()` called by a hook (or anything else) throws instead of ending the process, so
 *   the failure is handled like any hook failure and the logs are finished; the command then
 *   exits non-zero and says who tried to exit;
 * - an uncaught exception (e.g. thrown from a timer a hook started) finishes the open logs as
 *   errors, says so, and exits 1.
 *
 * Once the command is done and its output flushed, the process ends on its own; if something a
 * hook left behind (a timer, a socket) keeps it alive for {@link EXIT_GRACE_MS}, it exits anyway.
 * @module
 */
import { errorMessage, HooklineError, isHooklineError } from '../errors.ts';
import { finishOpenRuns, openRunCount } from '../util/open-runs.ts';
import { repeatedWarningsSummary } from '../runtime/warnings.ts';

/** How long a finished command waits for the process to end on its own before exiting. */
export const EXIT_GRACE_MS = 2000;

/** Thrown by `process.exit()` while a command runs: hookline finishes the run first. */
export class ExitDuringRunError extends HooklineError {
  /** The exit code that was asked for. */
  readonly exitCode: number;

  constructor(exitCode: number) {
    super(
      'HOOK_FAILED',
      `process.exit(${exitCode}) was called during the run; hookline stopped it so the run and its logs could finish. ` +
        'To stop a run from a hook, throw an error (or use onError: "throw") instead of exiting the process.',
    );
    this.exitCode = exitCode;
  }
}

/** Prints a command's error the way every command reports one; returns exit code 1. */
export function reportCommandError(error: unknown): number {
  const prefix = isHooklineError(error) ? `hookline: error [${error.code}]` : 'hookline: error';
  process.stderr.write(`${prefix}: ${errorMessage(error)}\n`);
  if (process.env.HOOKLINE_DEBUG !== undefined && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  return 1;
}

function flushStdio(): Promise<void> {
  const flushOne = (stream: NodeJS.WriteStream): Promise<void> =>
    new Promise((resolve) => {
      if (stream.destroyed || stream.writableEnded) resolve();
      else stream.write('', () => resolve());
    });
  return Promise.all([flushOne(process.stdout), flushOne(process.stderr)]).then(() => undefined);
}

function exitCodeOf(code: unknown): number {
  const n = typeof code === 'string' ? Number(code) : code;
  return typeof n === 'number' && Number.isInteger(n) ? n : 0;
}

async function endEarly(realExit: (code?: number) => never, what: string, error: Error): Promise<never> {
  const runs = openRunCount();
  const finished = await finishOpenRuns(error).catch(() => 0);
  const logs = runs === 0 ? '' : `${finished} of ${runs} open log(s) finished with status 'error', completed samples kept; \`hookline eval-retry LOG\` runs the rest.\n`;
  process.stderr.write(`hookline: error: ${what}\n${logs}`);
  await flushStdio();
  return realExit(1);
}

/**
 * Runs one CLI command under the exit guard and ends the process with its exit code once it is
 * done. Errors the command throws are printed ({@link reportCommandError}) and give exit code 1.
 * Returns the exit code (the process normally ends before the caller sees it).
 */
export async function guardRun(command: () => Promise<number>): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- restored below; called with process bound
  const realExit = process.exit;
  const exit = (code?: number): never => realExit.call(process, code);
  const exitRequests: number[] = [];
  let done = false;
  let ending = false;

  process.exit = ((code?: unknown): never => {
    const requested = exitCodeOf(code ?? process.exitCode);
    // A closed stdout (`hookline … | head`) is a normal way for a command to end.
    if (done || process.stdout.destroyed) return exit(requested);
    exitRequests.push(requested);
    throw new ExitDuringRunError(requested);
  });

  const onStall = (): void => {
    if (done || ending) return;
    ending = true;
    void endEarly(
      exit,
      'the run stopped making progress: something it waits for (a hook, a solver or a scorer) will never settle and nothing else is running. ' +
        'Give the hook a timeout (HookPolicy.timeoutMs, or HOOKLINE_HOOK_TIMEOUT in seconds; 0 turns it off) or make sure its promise settles.',
      new Error('the run stopped: a promise it awaited never settled (see hookline on stderr)'),
    );
  };
  const onCrash = (error: unknown): void => {
    if (ending) return;
    ending = true;
    const where = error instanceof ExitDuringRunError ? '' : ' (thrown outside any hook call, e.g. from a timer or callback a hook started)';
    void endEarly(exit, `uncaught exception during the run${where}: ${errorMessage(error)}`, error instanceof Error ? error : new Error(errorMessage(error)));
  };
  process.on('beforeExit', onStall);
  process.on('uncaughtException', onCrash);

  let code: number;
  try {
    code = await command();
  } catch (error) {
    code = reportCommandError(error);
  } finally {
    done = true;
    process.off('beforeExit', onStall);
    process.off('uncaughtException', onCrash);
    process.exit = realExit;
  }
  if (exitRequests.length > 0) {
    process.stderr.write(
      `hookline: error: process.exit(${exitRequests[0]}) was called during the run${exitRequests.length > 1 ? ` (${exitRequests.length} times)` : ''}; ` +
        'hookline stopped it and finished the run (see the warnings above for which hook). Exiting with a failure code.\n',
    );
    code = code === 0 ? (exitRequests.find((c) => c !== 0) ?? 1) : code;
  }
  process.exitCode = code;
  const repeated = repeatedWarningsSummary();
  if (repeated !== undefined) process.stderr.write(repeated);
  await flushStdio();
  // Ends the process if something left behind (a timer, a socket) keeps it alive.
  setTimeout(() => {
    process.stderr.write(`hookline: note: exiting although something started during the run (a timer or socket, e.g. left by a hook) is still active\n`);
    exit(code);
  }, EXIT_GRACE_MS).unref();
  return code;
}
