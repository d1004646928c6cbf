/**
 * The built-in tools and a helper to pick them by name.
 * @module
 */
import { ToolDefinitionError } from '../tool-error.ts';
import type { Tool } from '../types.ts';
import { type BashToolOptions, bashTool } from './bash.ts';
import { editTool, readTool, writeTool } from './files.ts';

export { type BashInput, type BashResponse, type BashToolOptions, bashResponse, bashTool, formatCommandResult } from './bash.ts';
export { type EditInput, editTool, numberLines, type ReadInput, readTool, type WriteInput, writeTool } from './files.ts';

/** Lower-case names of the built-in tools, as the CLI's `--tools` option spells them. */
export const BUILTIN_TOOL_NAMES = ['bash', 'read', 'write', 'edit'] as const;

/** A built-in tool name. */
export type BuiltinToolName = (typeof BUILTIN_TOOL_NAMES)[number];

/**
 * Returns new instances of the named built-in tools (all four by default). Names are
 * case-insensitive (`bash` or `Bash`); an unknown name throws, listing the valid ones.
 */
export function builtinTools(names: readonly string[] = BUILTIN_TOOL_NAMES, options: { bash?: BashToolOptions } = {}): Tool[] {
  const tools: Tool[] = [];
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    switch (name) {
      case 'bash':
        tools.push(bashTool(options.bash));
        break;
      case 'read':
        tools.push(readTool());
        break;
      case 'write':
        tools.push(writeTool());
        break;
      case 'edit':
        tools.push(editTool());
        break;
      default:
        throw new ToolDefinitionError(`Unknown built-in tool '${raw}'. Choose from: ${BUILTIN_TOOL_NAMES.join(', ')}.`);
    }
  }
  return tools;
}
