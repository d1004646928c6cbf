/**
 * `hookline chat`: an interactive session on the terminal (or on lines piped to stdin).
 * `/clear` starts over, `/exit` ends; `--resume PATH` continues a transcript.
 * @module
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Session } from '../../agent/session.ts';
import { setupAgent } from '../../agent/setup.ts';
import { getHookBus } from '../../hooks/bus.ts';
import { flushCommandHooks } from '../../hooks/sources/command/execute.ts';
import { askTimeoutMs, LineReader, terminalAsker } from '../permission-prompt.ts';
import { installInterruptKeys } from '../interrupt-keys.ts';
import { isCancellation } from '../../errors.ts';
import { IdleNotifier, idleNotificationDelayMs } from '../../agent/idle-notification.ts';
import { agentCliHelp, agentCliOptions, agentSetupFromArgs, printRetries, reportTurn } from './run.ts';

const help = `Usage: hookline chat [options]

An interactive agent session. Type a prompt and press Enter; /clear starts a fresh session,
/compact [instructions] replaces the conversation by a summary the model writes, /exit (or end
of input) ends it.

  --resume PATH             continue the session recorded in a transcript (.jsonl)
  --idle-notification SECS  fire Notification (idle_prompt) once the prompt has waited this long after an answer
                            (default 60, or HOOKLINE_IDLE_NOTIFICATION; 0: never)
${agentCliHelp}

Ctrl-C interrupts the running turn (the session goes on); pressing it again exits.

When a PreToolUse hook answers "ask", chat asks you: y runs the call; n, no answer within 60 s
(HOOKLINE_ASK_TIMEOUT, in seconds) or the end of input denies it.`;

function describe(session: Session, write: (text: string) => void): void {
  write(`session ${session.id}\ntranscript ${session.transcriptPath}\n`);
}

async function compactCommand(session: Session, instructions: string, write: (text: string) => void): Promise<void> {
  const result = await session.compact(instructions);
  write(result.compacted ? `hookline: compacted the conversation (${result.messagesBefore} messages → ${result.messagesAfter})\n` : `hookline: not compacted: ${result.reason ?? 'no reason given'}\n`);
}

async function start(session: Session, write: (text: string) => void): Promise<void> {
  const started = await session.start();
  if (started.stopped) write(`hookline: a SessionStart hook stopped the session${started.reason === undefined ? '' : `: ${started.reason}`}; the next prompt will not run.\n`);
}

/** `hookline chat` */
export async function chatCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...agentCliOptions, resume: { type: 'string' }, 'idle-notification': { type: 'string' } } });
  if (values.help === true) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  const out = (text: string): void => {
    process.stdout.write(text);
  };
  const err = (text: string): void => {
    process.stderr.write(text);
  };
  const timeoutMs = askTimeoutMs();
  const idleDelayMs = idleNotificationDelayMs(values['idle-notification']);
  const lines = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  // Take the iterator now: lines piped in arrive while SessionStart runs and must not be lost.
  const input = new LineReader(lines[Symbol.asyncIterator]());
  const agent = await setupAgent({ ...agentSetupFromArgs(values), askPermission: terminalAsker(input, err, timeoutMs) });
  const session = values.resume === undefined ? agent.session() : agent.resume(values.resume);
  describe(session, err);
  const idle = new IdleNotifier(session, agent, { delayMs: idleDelayMs });
  let reason: 'prompt_input_exit' | 'other' = 'other';
  const stopRetries = printRetries();
  const keys = installInterruptKeys(err, lines);
  try {
    await start(session, err);
    lines.setPrompt('> ');
    lines.prompt();
    for (let next = await input.next(); next.done !== true; next = await input.next()) {
      idle.inputArrived();
      const line = next.value;
      const text = line.trim();
      if (text === '/exit' || text === '/quit') {
        reason = 'prompt_input_exit';
        break;
      }
      if (text === '/clear') {
        await session.clear();
        describe(session, err);
        await start(session, err);
      } else if (text === '/compact' || text.startsWith('/compact ')) {
        await compactCommand(session, text.slice('/compact'.length).trim(), err);
      } else if (text !== '') {
        const signal = keys.beginTurn();
        try {
          const result = await session.send(line, { signal });
          reportTurn(result, err);
          if (result.text !== '') out(`${result.text}\n`);
        } catch (error) {
          if (!isCancellation(error)) throw error;
          err('hookline: the turn was interrupted; type the next prompt, or /exit\n');
        } finally {
          keys.endTurn();
        }
        // The agent answered: the prompt now waits for the person.
        idle.waiting();
      }
      lines.prompt();
    }
  } finally {
    stopRetries();
    keys.dispose();
    lines.close();
    await idle.dispose();
    await session.end(reason);
    await getHookBus().flush();
    await flushCommandHooks();
  }
  return 0;
}
