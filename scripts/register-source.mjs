// Runs hookline from its TypeScript sources (tests, benchmarks, the docs generator): registers
// tsx, and resolves `hookline` and `hookline/<entry>` to src/ instead of the built dist/, so code
// that imports the package by name (examples, fixture plugins) shares one copy with the tests.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('./source-resolve-hooks.mjs', import.meta.url);
