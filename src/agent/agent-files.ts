/**
 * Subagent definitions from files, in Claude Code's format: one Markdown file per subagent in
 * `<project>/.hookline/agents/` (and `<project>/.claude/agents/` with `importClaude`), whose front
 * matter gives `name`, `description` and optionally `tools` (comma-separated) and `maxTurns`,
 * and whose body is the system prompt.
 *
 * ```markdown
 * ---
 * name: reviewer
 * description: Reviews a change for bugs and missing tests.
 * tools: Read, Bash
 * ---
 * You review code. Report problems as a list.
 * ```
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.ts';
import type { AgentDefinition } from './subagent-tool.ts';

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

function fail(file: string, problem: string): never {
  throw new ConfigError(`Subagent file ${file}: ${problem}. Start it with front matter: ---, name: <type>, description: <when to use it>, ---, then the system prompt.`);
}

/** Parses one subagent file; throws a ConfigError naming the file and the problem. */
export function parseAgentFile(file: string, text: string): AgentDefinition {
  const match = FRONT_MATTER.exec(text);
  if (match === null) fail(file, 'no front matter (a block between two --- lines)');
  const fields = new Map<string, string>();
  for (const [index, line] of (match[1] ?? '').split(/\r?\n/).entries()) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) fail(file, `line ${index + 2} of the front matter is not "key: value"`);
    fields.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim().replace(/^(["'])(.*)\1$/, '$2'));
  }
  const name = fields.get('name');
  const description = fields.get('description');
  if (name === undefined || !/^[A-Za-z0-9_-]+$/.test(name)) fail(file, `name must be letters, digits, - or _ (got ${JSON.stringify(name ?? '')})`);
  if (description === undefined || description === '') fail(file, 'description is missing');
  const tools = fields.get('tools');
  const maxTurns = fields.get('maxTurns');
  if (maxTurns !== undefined && !/^\d+$/.test(maxTurns)) fail(file, `maxTurns must be a whole number (got ${JSON.stringify(maxTurns)})`);
  const system = (match[2] ?? '').trim();
  return {
    name,
    description,
    ...(system === '' ? {} : { system }),
    ...(tools === undefined || tools === '' ? {} : { tools: tools.split(',').map((t) => t.trim()).filter((t) => t !== '') }),
    ...(maxTurns === undefined ? {} : { maxTurns: Number(maxTurns) }),
  };
}

/**
 * Returns the subagent definitions of a project: every `*.md` file of `.hookline/agents/` (and of
 * `.claude/agents/` when `importClaude` is set), in file-name order; a later file with the same
 * name replaces an earlier one (`.hookline` wins over `.claude`). Missing folders give none.
 */
export function loadAgentDefinitions(projectDir: string, options: { readonly importClaude?: boolean | undefined } = {}): AgentDefinition[] {
  const folders = [...(options.importClaude === true ? [join(projectDir, '.claude', 'agents')] : []), join(projectDir, '.hookline', 'agents')];
  const byName = new Map<string, AgentDefinition>();
  for (const folder of folders) {
    if (!existsSync(folder)) continue;
    for (const entry of readdirSync(folder).filter((f) => f.endsWith('.md')).sort()) {
      const file = join(folder, entry);
      const definition = parseAgentFile(file, readFileSync(file, 'utf8'));
      byName.set(definition.name, definition);
    }
  }
  return [...byName.values()];
}
