/**
 * The CLI: a thin dispatcher over library functions. Each command parses its arguments and
 * calls an exported function.
 * @module
 */
import '../integrations/startup.ts';
import { VERSION } from '../version.ts';
import { guardRun } from './exit-guard.ts';

/** A CLI command: receives its arguments, returns the exit code. */
export type Command = (args: string[]) => Promise<number>;

/** A command's module is imported only when the command runs, so `--version` loads none. */
interface CommandEntry {
  readonly load: () => Promise<Command>;
  readonly summary: string;
}

const commands: Record<string, CommandEntry> = {
  eval: { load: async () => (await import('./commands/eval.ts')).evalCommand, summary: 'run an evaluation: hookline eval FILE[@task] --model …' },
  'eval-set': { load: async () => (await import('./commands/eval.ts')).evalSetCommand, summary: 'run tasks into a log folder until all succeed' },
  'eval-retry': { load: async () => (await import('./commands/eval.ts')).evalRetryCommand, summary: 'finish an errored or killed run from its log' },
  run: { load: async () => (await import('./commands/run.ts')).runCommand, summary: 'run an agent once: hookline run -p "prompt"' },
  chat: { load: async () => (await import('./commands/chat.ts')).chatCommand, summary: 'chat with an agent (interactive, resumable)' },
  hooks: { load: async () => (await import('./commands/hooks.ts')).hooksCommand, summary: 'list, trust and test hooks; show the event catalog' },
  log: { load: async () => (await import('./commands/log.ts')).logCommand, summary: 'read logs: hookline log dump FILE, hookline log list DIR' },
  view: { load: async () => (await import('./commands/view.ts')).viewCommand, summary: "browse a log folder in Inspect's log viewer" },
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
  return await guardRun(async () => (await command.load())(rest));
}
