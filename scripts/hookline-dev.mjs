#!/usr/bin/env node
// The `hookline` command run from the TypeScript sources (what the tests spawn), so a change
// under src/ is tested without a build.
import './register-source.mjs';

await import('../src/cli/bin.ts');
