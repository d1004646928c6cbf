/**
 * The file tools `Read`, `Write` and `Edit`. Their inputs follow Claude Code's (`file_path`,
 * `offset`/`limit`, `content`, `old_string`/`new_string`/`replace_all`), so command hooks with
 * the matchers `Read`, `Write`, `Edit` (or `Edit|Write`) work unchanged. Relative paths resolve
 * against the session's working directory.
 * @module
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { defineTool } from '../define-tool.ts';
import { ToolError } from '../tool-error.ts';
import type { Tool } from '../types.ts';
import { fileError, resolveToolPath } from './paths.ts';

/** The `Read` tool's arguments. */
export interface ReadInput extends Record<string, unknown> {
  file_path: string;
  /** The 1-based line to start at. */
  offset?: number;
  /** How many lines to return. */
  limit?: number;
}

/** The `Write` tool's arguments. */
export interface WriteInput extends Record<string, unknown> {
  file_path: string;
  content: string;
}

/** The `Edit` tool's arguments. */
export interface EditInput extends Record<string, unknown> {
  file_path: string;
  old_string: string;
  new_string: string;
  replace_all?: boolean;
}

const DEFAULT_LINES = 2000;
const MAX_LINE_CHARS = 2000;

async function readText(path: string, cwd: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw fileError(error, path, cwd);
  }
}

/** Returns lines numbered like `cat -n` (the number, a tab, the line), long lines cut. */
export function numberLines(lines: readonly string[], first: number): string {
  return lines
    .map((line, i) => {
      const text = line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}… [line truncated]` : line;
      return `${String(first + i).padStart(6)}\t${text}`;
    })
    .join('\n');
}

/** Returns a new `Read` tool: the file's lines, numbered, from `offset` (1-based), at most `limit` (2,000). */
export function readTool(): Tool<ReadInput> {
  return defineTool<ReadInput>({
    name: 'Read',
    description:
      'Reads a text file and returns its lines numbered like `cat -n` (the number and a tab come before each line; ' +
      `they are not part of the file). Optional offset (1-based first line) and limit (default ${DEFAULT_LINES} lines).`,
    parameters: {
      type: 'object',
      properties: {
        file_path: { type: 'string', description: 'Path of the file (absolute, or relative to the working directory).' },
        offset: { type: 'integer', minimum: 1, description: 'The line number to start reading from.' },
        limit: { type: 'integer', minimum: 1, description: 'The number of lines to read.' },
      },
      required: ['file_path'],
      additionalProperties: false,
    },
    async execute(args, context) {
      const path = resolveToolPath(context.cwd, args.file_path);
      const text = await readText(path, context.cwd);
      if (text === '') return '(the file is empty)';
      const lines = text.replace(/\n$/, '').split('\n');
      const offset = args.offset ?? 1;
      if (offset > lines.length) return `(the file has ${lines.length} lines; offset ${offset} is past the end)`;
      const limit = args.limit ?? DEFAULT_LINES;
      const shown = lines.slice(offset - 1, offset - 1 + limit);
      const rest = lines.length - (offset - 1 + shown.length);
      const more = rest > 0 ? `\n… (${rest} more lines; read on with offset ${offset + shown.length})` : '';
      return numberLines(shown, offset) + more;
    },
  });
}

/** Returns a new `Write` tool: writes the content (creating parent folders), replacing any file. */
export function writeTool(): Tool<WriteInput> {
  return defineTool<WriteInput>({
    name: 'Write',
    description: 'Writes content to a file, creating it (and its parent folders) or replacing it entirely.',
    parameters: {
      type: 'object',
      properties: {
        file_path: { type: 'string', description: 'Path of the file (absolute, or relative to the working directory).' },
        content: { type: 'string', description: 'The whole new content of the file.' },
      },
      required: ['file_path', 'content'],
      additionalProperties: false,
    },
    async execute(args, context) {
      const path = resolveToolPath(context.cwd, args.file_path);
      let existed = false;
      try {
        existed = (await stat(path)).isFile();
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'ENOENT') throw fileError(error, path, context.cwd);
      }
      try {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, args.content, 'utf8');
      } catch (error) {
        throw fileError(error, path, context.cwd);
      }
      return { type: existed ? 'update' : 'create', filePath: path, success: true };
    },
  });
}

function countOccurrences(text: string, search: string): number {
  let count = 0;
  for (let at = text.indexOf(search); at !== -1; at = text.indexOf(search, at + search.length)) count++;
  return count;
}

/** Returns a new `Edit` tool: replaces an exact string that must occur once (or every occurrence with replace_all). */
export function editTool(): Tool<EditInput> {
  return defineTool<EditInput>({
    name: 'Edit',
    description:
      'Replaces old_string with new_string in a file. old_string must match the file exactly (whitespace included, ' +
      'without Read\'s line numbers) and occur exactly once, unless replace_all is true.',
    parameters: {
      type: 'object',
      properties: {
        file_path: { type: 'string', description: 'Path of the file (absolute, or relative to the working directory).' },
        old_string: { type: 'string', description: 'The exact text to replace.' },
        new_string: { type: 'string', description: 'The text to put in its place.' },
        replace_all: { type: 'boolean', description: 'Replace every occurrence (default false).' },
      },
      required: ['file_path', 'old_string', 'new_string'],
      additionalProperties: false,
    },
    async execute(args, context) {
      const path = resolveToolPath(context.cwd, args.file_path);
      if (args.old_string === '') {
        throw new ToolError('unknown', 'old_string is empty. Give the exact text to replace, or use Write to create a file.');
      }
      if (args.old_string === args.new_string) {
        throw new ToolError('unknown', 'old_string and new_string are the same, so there is nothing to change. Give the new text in new_string.');
      }
      const text = await readText(path, context.cwd);
      const count = countOccurrences(text, args.old_string);
      if (count === 0) {
        throw new ToolError('unknown', `old_string was not found in ${path}. Read the file and copy the exact text, whitespace included.`);
      }
      const replaceAll = args.replace_all === true;
      if (count > 1 && !replaceAll) {
        throw new ToolError('unknown', `old_string occurs ${count} times in ${path}. Include more surrounding text to make it unique, or set replace_all to true.`);
      }
      let updated: string;
      if (replaceAll) {
        updated = text.split(args.old_string).join(args.new_string);
      } else {
        const at = text.indexOf(args.old_string);
        updated = text.slice(0, at) + args.new_string + text.slice(at + args.old_string.length);
      }
      try {
        await writeFile(path, updated, 'utf8');
      } catch (error) {
        throw fileError(error, path, context.cwd);
      }
      return { filePath: path, success: true, replacements: replaceAll ? count : 1 };
    },
  });
}
