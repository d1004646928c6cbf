/**
 * Ctrl-C in `hookline chat` and `run`: the first press interrupts the running turn (the session
 * stays usable and its transcript consistent); a second press before the next turn starts exits
 * at once by SIGINT's default action (status 130 in a shell), saying so. Without a running turn the first press only says how to exit.
 * @module
 */
import type { Interface } from 'node:readline';

/** The Ctrl-C state of one command. */
export interface InterruptKeys {
  /** Returns the signal of a new turn (and forgets earlier presses). */
  beginTurn(): AbortSignal;
  /** The turn finished (interrupted or not). */
  endTurn(): void;
  /** Removes the handlers. */
  dispose(): void;
}

/** Installs the Ctrl-C handlers (on the process, and on the readline interface when given). */
export function installInterruptKeys(write: (text: string) => void, lines?: Interface): InterruptKeys {
  let controller: AbortController | undefined;
  let presses = 0;
  const onSigint = (): void => {
    presses++;
    if (presses >= 2) {
      write('\nhookline: Ctrl-C pressed twice; exiting now.\n');
      // The default action of SIGINT (exit status 130 in a shell): process.exit() is held back by
      // the exit guard until the run finishes, which is what a second Ctrl-C must not wait for.
      process.off('SIGINT', onSigint);
      lines?.off('SIGINT', onSigint);
      process.kill(process.pid, 'SIGINT');
      return;
    }
    if (controller !== undefined && !controller.signal.aborted) {
      write('\nhookline: interrupting the turn (press Ctrl-C again to exit)\n');
      controller.abort();
    } else {
      write('\nhookline: no turn is running; press Ctrl-C again to exit, or type /exit\n');
    }
  };
  process.on('SIGINT', onSigint);
  lines?.on('SIGINT', onSigint);
  return {
    beginTurn: () => {
      presses = 0;
      controller = new AbortController();
      return controller.signal;
    },
    endTurn: () => {
      controller = undefined;
    },
    dispose: () => {
      process.off('SIGINT', onSigint);
      lines?.off('SIGINT', onSigint);
    },
  };
}
