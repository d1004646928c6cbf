#!/usr/bin/env node
// Entry point of the `hookline` command: runs the compiled CLI from dist/.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/bin.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(`hookline: ${entry.pathname} is missing: this copy of hookline is not built. Run \`npm run build\` in ${new URL('..', import.meta.url).pathname}.\n`);
  process.exit(1);
}
await import(entry.href);
