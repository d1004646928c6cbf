#!/usr/bin/env node
// Entry point of the `hookline` command: registers the TypeScript loader (so task files and
// hooks written in TypeScript load directly), then runs the CLI.
import { register } from 'tsx/esm/api';

// A closed pipe (`hookline hooks events | head`) is a normal way for output to end.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
