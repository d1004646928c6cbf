/**
 * The CLI: a thin dispatcher over library functions. Each command parses its arguments and
 * calls an exported function.
 * @module
 */
import { errorMessage, isHooklineError } from '../errors.ts';
import { VERSION } from '../version.ts';
import { chatCommand } from './commands/chat.ts';
import { evalCommand, evalRetryCommand, evalSetCommand } from './commands/eval.ts';
import { hooksCommand } from './commands/hooks.ts';
import { logCommand } from './commands/log.ts';
import { runCommand } from './commands/run.ts';

/** A CLI command: receives its arguments, returns the exit code. */
export type Command = (args: string[]) => Promise<number>;

const commands: Record<string, { run: Command; summary: string }> = {
  eval: { run: evalCommand, summary: 'run an evaluation: hookline eval FILE[@task] --model …' },
  'eval-set': { run: evalSetCommand, summary: 'run tasks into a log folder until all succeed' },
  'eval-retry': { run: evalRetryCommand, summary: 'finish an errored or killed run from its log' },
  run: { run: runCommand, summary: 'run an agent once: hookline run -p "prompt"' },
  chat: { run: chatCommand, summary: 'chat with an agent (interactive, resumable)' },
  hooks: { run: hooksCommand, summary: 'list, trust and test hooks; show the event catalog' },
  log: { run: logCommand, summary: 'read logs: hookline log dump FILE, hookline log list DIR' },
  view: { run: (args) => import('./commands/view.ts').then((m) => m.viewCommand(args)), summary: "browse a log folder in Inspect's log viewer" },
};

function usage(): string {
  const lines = [`hookline ${VERSION}`, '', 'Usage: hookline <command> [options]', '', 'Commands:'];
  for (const [name, { summary }] of Object.entries(commands)) lines.push(`  ${name.padEnd(12)} ${summary}`);
  lines.push('', 'Run `hookline <command> --help` for a command\'s options.');
  return lines.join('\n');
}

/** Runs the CLI with the given arguments and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 1 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  if (command === undefined) {
    process.stderr.write(`hookline: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    const prefix = isHooklineError(error) ? `hookline: error [${error.code}]` : 'hookline: error';
    process.stderr.write(`${prefix}: ${errorMessage(error)}\n`);
    if (process.env.HOOKLINE_DEBUG !== undefined && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
    return 1;
  }
}
