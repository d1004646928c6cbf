/**
 * Prompt templates with `{name}` placeholders (Python `str.format` style; `{{` and `}}` are
 * literal braces).
 * @module
 */
import { ConfigError } from '../../errors.ts';

const PLACEHOLDER = /\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return '';
  return JSON.stringify(value);
}

/**
 * Returns `template` with every `{name}` replaced by `values[name]` (objects as JSON). Braces
 * that do not enclose a name are kept as they are. Throws a `ConfigError` naming the missing
 * key, the available ones and `owner` when a placeholder has no value.
 */
export function formatTemplate(template: string, values: Readonly<Record<string, unknown>>, owner: string): string {
  return template.replace(PLACEHOLDER, (whole, name: string | undefined) => {
    if (name === undefined) return whole[0]!;
    if (!Object.hasOwn(values, name)) {
      const available = Object.keys(values).sort();
      throw new ConfigError(
        `${owner}: the template uses {${name}}, which has no value here (available: ${available.length === 0 ? 'none' : available.join(', ')}). ` +
          `Pass '${name}' in the solver's params or the sample's metadata, or write {{${name}}} for literal braces.`,
      );
    }
    return asText(values[name]);
  });
}
