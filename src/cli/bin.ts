/**
 * The `hookline` command's process entry: runs the CLI on the process arguments and sets the
 * exit code.
 * @module
 */
import { checkHeapPolicySetting } from './heap-policy.ts';
import { main } from './main.ts';

// A closed pipe (`hookline hooks events | head`) is a normal way for output to end.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
try {
  checkHeapPolicySetting();
} catch (error) {
  process.stderr.write(`hookline: ${(error as Error).message}\n`);
  process.exit(2);
}
process.exitCode = await main(process.argv.slice(2));
