/**
 * Command-hook matchers: the three-way classification shared by Codex and Claude Code.
 *
 * - absent, `""` or `"*"` match every value;
 * - a matcher made only of `[A-Za-z0-9_|]` is a list of exact names split on `|`
 *   (`Bash` does not match `BashOutput`);
 * - anything else is a regular expression tested unanchored (`^Bash` matches `BashOutput`).
 *
 * Regular expressions use JavaScript `RegExp` syntax without flags (as Claude Code does); Codex
 * uses Rust's `regex`, so a few patterns (look-around, back-references) are accepted here that
 * Codex rejects.
 * @module
 */
import { eventSpec, type HookEventName } from '../../catalog.ts';

/** A matcher ready to test values. */
export type CompiledMatcher =
  | { readonly kind: 'all' }
  | { readonly kind: 'exact'; readonly names: readonly string[] }
  | { readonly kind: 'regex'; readonly pattern: RegExp };

/** The result of compiling a matcher: the matcher, or why it is invalid. */
export type MatcherCompilation =
  | { readonly ok: true; readonly matcher: CompiledMatcher }
  | { readonly ok: false; readonly error: string };

const MATCH_ALL: CompiledMatcher = Object.freeze({ kind: 'all' });
const EXACT_LIST = /^[A-Za-z0-9_|]+$/;

/** Compiles a matcher string as written in `hooks.json` (undefined = no matcher). */
export function compileMatcher(matcher: string | undefined): MatcherCompilation {
  if (matcher === undefined || matcher === '' || matcher === '*') return { ok: true, matcher: MATCH_ALL };
  if (EXACT_LIST.test(matcher)) return { ok: true, matcher: { kind: 'exact', names: matcher.split('|') } };
  try {
    return { ok: true, matcher: { kind: 'regex', pattern: new RegExp(matcher) } };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Tells whether a compiled matcher selects a value (a missing value is tested as `""`). */
export function matcherSelects(matcher: CompiledMatcher, value: unknown): boolean {
  if (matcher.kind === 'all') return true;
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
  if (matcher.kind === 'exact') return matcher.names.includes(text);
  return matcher.pattern.test(text);
}

/**
 * Returns the payload field an event's matchers are tested against, or undefined when the
 * event ignores matchers (UserPromptSubmit, Stop, and every event without a matcher field).
 */
export function matcherFieldOf(event: HookEventName): string | undefined {
  return eventSpec(event).matcherField;
}
