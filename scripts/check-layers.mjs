#!/usr/bin/env node
// Checks that imports in src/ point down the layers, never up. The layer order is written once,
// here; a folder's files may import from their own layer and from layers below. Imports that
// still run up a layer are listed in KNOWN_UPWARD with the reason they remain: the check fails
// on any other upward import, and on a listed one that no longer exists (so the list shrinks).
//
//   node scripts/check-layers.mjs        (run by `npm run lint`)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const src = join(root, 'src');

/** Bottom to top. A path belongs to the first layer whose prefix it starts with. */
const LAYERS = [
  ['util', ['util/']],
  ['shared types', ['types/', 'errors.ts', 'version.ts']],
  ['runtime', ['runtime/']],
  ['hooks', ['hooks/']],
  ['model and tools', ['model/', 'tools/']],
  ['agent and log', ['agent/', 'log/']],
  ['eval', ['eval/']],
  ['integrations', ['integrations/', 'view/', 'testing/']],
  ['cli and entry', ['cli/', 'index.ts']],
];

/** Upward imports that remain, `from -> to`, each with why. */
// Empty: start-up reaches the integrations through contributions they register
// (src/hooks/startup-contributions.ts), not by importing them.
const KNOWN_UPWARD = new Map([]);

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

function layerOf(path) {
  const rel = relative(src, path);
  const index = LAYERS.findIndex(([, prefixes]) => prefixes.some((p) => rel === p || rel.startsWith(p)));
  return index < 0 ? undefined : index;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g;
const problems = [];
const seen = new Set();
for (const file of files(src)) {
  const from = layerOf(file);
  if (from === undefined) {
    problems.push(`${relative(src, file)} belongs to no layer: add its folder to LAYERS in scripts/check-layers.mjs`);
    continue;
  }
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(IMPORT)) {
    const target = resolve(dirname(file), match[1] ?? match[2]);
    const to = layerOf(target);
    if (to === undefined || to <= from) continue;
    const key = `${relative(src, file)} -> ${relative(src, target)}`;
    seen.add(key);
    if (!KNOWN_UPWARD.has(key)) problems.push(`${key}: ${LAYERS[from][0]} imports from ${LAYERS[to][0]}, a layer above it`);
  }
}
for (const key of KNOWN_UPWARD.keys()) {
  if (!seen.has(key)) problems.push(`${key} is listed in KNOWN_UPWARD but no longer imported: remove it from the list`);
}
if (problems.length > 0) {
  console.error(`Layer check failed (order: ${LAYERS.map(([name]) => name).join(' → ')}):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`Layers OK (${LAYERS.map(([name]) => name).join(' → ')}; ${KNOWN_UPWARD.size} known upward imports left).`);
