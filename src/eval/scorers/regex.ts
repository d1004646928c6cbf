/**
 * Regular expressions given as strings in Python syntax (as Inspect users write them) or as
 * RegExp objects.
 * @module
 */
import { ConfigError, errorMessage } from '../../errors.ts';

/**
 * Returns a RegExp for a pattern. A string may start with Python inline flags such as `(?i)` or
 * `(?is)` (turned into RegExp flags) and may use `\A` / `\Z` for the start / end of the text.
 * Stateful flags (`g`, `y`) are dropped. Throws a `ConfigError` naming `owner` for an invalid
 * pattern.
 */
export function toRegExp(pattern: string | RegExp, options: { ignoreCase: boolean; owner: string }): RegExp {
  let source: string;
  const flags = new Set<string>();
  if (typeof pattern === 'string') {
    source = pattern;
    const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
    if (inline !== null) {
      source = source.slice(inline[0].length);
      for (const f of inline[1]!) if (f === 'i' || f === 'm' || f === 's') flags.add(f);
    }
    source = source.replace(/\\Z/g, '(?![\\s\\S])').replace(/\\A/g, '(?<![\\s\\S])');
  } else {
    source = pattern.source;
    for (const f of pattern.flags) if (f !== 'g' && f !== 'y') flags.add(f);
  }
  if (options.ignoreCase) flags.add('i');
  try {
    return new RegExp(source, [...flags].join(''));
  } catch (error) {
    throw new ConfigError(`${options.owner}: invalid regular expression ${JSON.stringify(String(pattern))}: ${errorMessage(error)}. Fix the pattern.`, {
      cause: error,
    });
  }
}

/** Returns how many capture groups a RegExp has. */
export function captureGroupCount(re: RegExp): number {
  return new RegExp(`${re.source}|`, re.flags).exec('')!.length - 1;
}
