/**
 * Generates `docs/hooks-reference.md` from the event catalog (`src/hooks/catalog.ts`), the payload
 * and result types (read with the TypeScript compiler API) and the command-hook stdin builder,
 * and `src/hooks/hook-methods.ts` (the documented `HookMethods` interface) from the catalog.
 *
 *   npm run docs         writes both
 *   npm run docs:check   fails (exit 1) when either differs from what would be generated
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { catalog, EVENT_NAMES, type EventLevel, type EventSpec, type HookEventName } from '../src/hooks/catalog.ts';
import { buildHookInput } from '../src/hooks/sources/command/payload.ts';
import { toSnakeCase } from '../src/util/wire-case.ts';
import { EXAMPLE_PAYLOADS, EXAMPLE_PROJECT_DIR } from './docs-examples.ts';
import { type EventTypes, extractAll, type FieldDoc, type TypeDoc } from './docs-extract.ts';
import { generateHookMethods, HOOK_METHODS_PATH } from './docs-hook-methods.ts';

/** The generated file, relative to the repository root. */
export const REFERENCE_PATH = 'docs/hooks-reference.md';

const LEVELS: readonly [EventLevel, string][] = [
  ['evalSet', 'Eval set'], ['run', 'Run'], ['task', 'Task'], ['sample', 'Sample'], ['model', 'Model'], ['agent', 'Agent'], ['tool', 'Tool'],
];

const CAPABILITY: Record<string, string> = {
  observe: 'observe — the return value is ignored',
  decide: 'decide — may block, add context, stop, or rewrite input (results merge across handlers)',
  mutate: 'mutate — may change `input`, `tools`, `toolChoice` and `config` in place',
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function anchor(name: HookEventName): string {
  return name.toLowerCase();
}

function fieldRows(fields: readonly FieldDoc[], owner: string): string[] {
  const rows = ['| field | on the wire | type | description |', '| --- | --- | --- | --- |'];
  for (const f of fields) {
    const inherited = f.declaredIn === owner ? '' : ` *(from \`${f.declaredIn}\`)*`;
    const mutable = f.readonly ? '' : ' **(live: hooks may change it)**';
    rows.push(`| \`${f.name}${f.optional ? '?' : ''}\` | \`${toSnakeCase(f.name)}\` | \`${cell(f.type)}\` | ${cell(f.doc)}${mutable}${inherited} |`);
  }
  return rows;
}

function resultText(result: string): string {
  return result === 'void' ? '`void` (nothing)' : `[\`${result}\`](#${result.toLowerCase()}) or nothing (no opinion)`;
}

function eventSection(name: HookEventName, types: Map<string, TypeDoc>, eventTypes: Map<string, EventTypes>): string[] {
  const spec: EventSpec = catalog[name];
  const t = eventTypes.get(name);
  if (t === undefined) throw new Error(`catalog entry ${name} has no event<P, R>() type arguments`);
  const payload = types.get(t.payload);
  if (payload === undefined) throw new Error(`payload type ${t.payload} of ${name} is not exported from src/hooks/payloads/*.ts`);
  const out = [`### ${name}`, '', `${spec.when}`, ''];
  out.push('| | |', '| --- | --- |');
  out.push(`| how often | ${cell(spec.cardinality)} |`);
  out.push(`| wire name | \`${spec.wire}\` (command hooks, logs, audit trail) |`);
  out.push(`| capability | ${CAPABILITY[spec.capability]} |`);
  out.push(`| result | ${resultText(t.result)} |`);
  out.push(`| aliases | ${spec.aliases.length === 0 ? '—' : spec.aliases.map((a) => `\`${a}\``).join(', ')} |`);
  out.push(`| matcher field | ${spec.matcherField === undefined ? '— (command-hook matchers are ignored)' : `\`${spec.matcherField}\` (\`${toSnakeCase(spec.matcherField)}\` on the wire)`} |`);
  out.push(`| origin | ${cell(spec.origin)} |`);
  out.push('');
  const alias = payload.aliasOf === undefined ? '' : ` (= \`${payload.aliasOf}\`)`;
  out.push(`**Payload** \`${payload.name}\`${alias}${payload.doc === '' ? '' : ` — ${payload.doc}`}`, '');
  out.push(...fieldRows(payload.fields, payload.aliasOf ?? payload.name), '');
  if (spec.wireFields !== undefined) {
    out.push(`Command hooks receive exactly the protocol's fields, in this order: ${spec.wireFields.map((f) => `\`${f}\``).join(', ')}.`, '');
  } else {
    out.push('Command hooks receive the whole payload in snake_case, after `session_id` / `transcript_path` (when known), `cwd` and `hook_event_name`.', '');
  }
  const stdin = buildHookInput(name, EXAMPLE_PAYLOADS[name], { projectDir: EXAMPLE_PROJECT_DIR });
  out.push('<details><summary>Command-hook stdin example</summary>', '', '```json', JSON.stringify(stdin, null, 2), '```', '', '</details>', '');
  return out;
}

function resultSection(types: Map<string, TypeDoc>): string[] {
  const out = ['## Result types', ''];
  for (const name of ['HookDecision', 'ToolUseDecision', 'PermissionDecision']) {
    const t = types.get(name);
    if (t === undefined) throw new Error(`${name} is not exported from src/hooks/decision.ts`);
    out.push(`### ${name}`, '', t.doc, '', ...fieldRows(t.fields, name), '');
  }
  out.push(
    'Command hooks answer with the same fields in snake_case on stdout (`decision`, `reason`, `continue`, `stopReason`, `systemMessage`, ' +
      '`hookSpecificOutput.additionalContext`, `hookSpecificOutput.permissionDecision`, `hookSpecificOutput.updatedInput`), or with exit code 2 ' +
      'and a reason on stderr. See [writing-hooks.md](writing-hooks.md#command-hooks).',
    '',
  );
  return out;
}

/** Returns the whole reference as Markdown. */
export function generateHooksReference(): string {
  const { types, events } = extractAll();
  const out = [
    '# Hooks reference',
    '',
    '<!-- Generated by scripts/generate-docs.ts from src/hooks/catalog.ts and src/hooks/payloads/*.ts. Do not edit: run `npm run docs`. -->',
    '',
    'Every event hookline emits, in catalog order. In-process names are `Hooks` methods (`onSampleEnd`); the wire name (`SampleEnd`) is ' +
      'what command hooks, the audit log and `hooks.json` use. Payload fields are camelCase in TypeScript and snake_case on the wire. ' +
      'Payloads are read-only except the live fields of `onBeforeModelGenerate`. How to write hooks: [writing-hooks.md](writing-hooks.md).',
    '',
    '| event | wire name | capability | result | aliases |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const name of EVENT_NAMES) {
    const spec: EventSpec = catalog[name];
    const result = events.get(name)?.result ?? 'void';
    out.push(`| [\`${name}\`](#${anchor(name)}) | \`${spec.wire}\` | ${spec.capability} | ${result === 'void' ? '—' : `\`${result}\``} | ${spec.aliases.map((a) => `\`${a}\``).join(', ') || '—'} |`);
  }
  out.push('');
  for (const [level, title] of LEVELS) {
    const names = EVENT_NAMES.filter((n) => catalog[n].level === level);
    if (names.length === 0) continue;
    out.push(`## ${title} events`, '');
    for (const name of names) out.push(...eventSection(name, types, events));
  }
  out.push(...resultSection(types));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** The first line where two texts differ, for the staleness message. */
function firstDifference(a: string, b: string): string {
  const left = a.split('\n');
  const right = b.split('\n');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] !== right[i]) return `line ${i + 1}:\n  committed: ${left[i] ?? '(end of file)'}\n  generated: ${right[i] ?? '(end of file)'}`;
  }
  return '(no difference)';
}

/** The generated files (relative to the repository root) and their generators. */
const GENERATED: readonly [string, () => string][] = [
  [REFERENCE_PATH, generateHooksReference],
  [HOOK_METHODS_PATH, generateHookMethods],
];

function absolute(path: string): string {
  return fileURLToPath(new URL(`../${path}`, import.meta.url));
}

/** Compares a committed generated file with a fresh one; returns a message when they differ. */
export function checkGenerated(path: string, generate: () => string, file = absolute(path)): string | undefined {
  const generated = generate();
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    return `${path} does not exist. Run \`npm run docs\` and commit it.`;
  }
  if (committed === generated) return undefined;
  return `${path} is stale (the catalog or a payload type changed). Run \`npm run docs\` and commit the result.\nFirst difference at ${firstDifference(committed, generated)}`;
}

/** Compares the committed reference with a fresh one; returns a message when they differ. */
export function checkHooksReference(file = absolute(REFERENCE_PATH)): string | undefined {
  return checkGenerated(REFERENCE_PATH, generateHooksReference, file);
}

/** Compares the committed `HookMethods` interface with a fresh one. */
export function checkHookMethods(): string | undefined {
  return checkGenerated(HOOK_METHODS_PATH, generateHookMethods);
}

function main(args: readonly string[]): void {
  if (args.includes('--check')) {
    const problems = GENERATED.map(([path, generate]) => checkGenerated(path, generate)).filter((p) => p !== undefined);
    if (problems.length > 0) {
      console.error(problems.join('\n'));
      process.exit(1);
    }
    console.log(`${GENERATED.map(([path]) => path).join(' and ')} are up to date.`);
    return;
  }
  for (const [path, generate] of GENERATED) {
    writeFileSync(absolute(path), generate());
    console.log(`wrote ${path}`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
