/**
 * Generates `src/hooks/hook-methods.ts`: the `HookMethods` interface (every method a `Hooks`
 * subclass may implement) with TSDoc taken from the event catalog, so that hovering an
 * `override onSampleEnd` in an editor says when it fires, how often, and what it may return.
 * @module
 */
import { catalog, EVENT_NAMES, type EventSpec, type HookEventName } from '../src/hooks/catalog.ts';

/** The generated file, relative to the repository root. */
export const HOOK_METHODS_PATH = 'src/hooks/hook-methods.ts';

const RETURNS: Record<string, string> = {
  observe: 'Return value: ignored.',
  decide: 'Return value: a decision (block with a reason, add context, stop, or rewrite input), or nothing; results merge across handlers.',
  mutate: 'Return value: ignored; change `input`, `tools`, `toolChoice` or `config` of the payload in place.',
};

function methodDoc(name: HookEventName, spec: EventSpec, alias: string | undefined): string[] {
  const lines = [
    '  /**',
    `   * ${spec.when}`,
    '   *',
    `   * ${spec.cardinality} ${RETURNS[spec.capability] ?? ''}`.trimEnd(),
    '   *',
    `   * Wire name \`${spec.wire}\` (command hooks, logs); origin: ${spec.origin}.`,
  ];
  if (alias !== undefined) lines.push(`   * Alias of {@link HookMethods.${name}} (the same event under the name \`${alias}\`).`);
  if (spec.aliases.length > 0 && alias === undefined) lines.push(`   * Also registered under ${spec.aliases.map((a) => `\`${a}\``).join(', ')}.`);
  lines.push('   */');
  return lines;
}

/** The text of `src/hooks/hook-methods.ts`. */
export function generateHookMethods(): string {
  const out = [
    '/**',
    ' * Every event method a `Hooks` subclass may implement, with its documentation. Generated from',
    ' * the event catalog by `npm run docs` (scripts/docs-hook-methods.ts): edit the catalog, not this file.',
    ' * @module',
    ' */',
    "import type { CanonicalOf, HookName, PayloadOf } from './catalog.ts';",
    "import type { HandlerResult } from './handler-result.ts';",
    '',
    'type M<N extends HookName> = HandlerResult<CanonicalOf<N>>;',
    'type P<N extends HookName> = PayloadOf<CanonicalOf<N>>;',
    '',
    '/**',
    ' * Every event method a `Hooks` subclass may implement: one per catalog event, and one per alias.',
    ' * Each receives one payload object and may return a promise, which is awaited before the next',
    ' * hook runs.',
    ' */',
    'export interface HookMethods {',
  ];
  for (const name of EVENT_NAMES) {
    out.push(...methodDoc(name, catalog[name], undefined), `  ${name}?(payload: P<'${name}'>): M<'${name}'>;`);
  }
  for (const name of EVENT_NAMES) {
    for (const alias of catalog[name].aliases) {
      out.push(...methodDoc(name, catalog[name], alias), `  ${alias}?(payload: P<'${alias}'>): M<'${alias}'>;`);
    }
  }
  out.push('}', '');
  return out.join('\n');
}
