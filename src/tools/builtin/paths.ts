/**
 * Path and file-system error helpers shared by the file tools.
 * @module
 */
import { isAbsolute, resolve } from 'node:path';
import { errorMessage } from '../../errors.ts';
import { ToolError } from '../tool-error.ts';

/** Returns `path` made absolute against the session's working directory. */
export function resolveToolPath(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

/** Returns a {@link ToolError} with the right error type for a file-system error on `path`. */
export function fileError(error: unknown, path: string, cwd: string): ToolError {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return new ToolError('file_not_found', `File not found: ${path}. Check the path (relative paths resolve against ${cwd}).`, { cause: error });
    case 'EISDIR':
      return new ToolError('is_a_directory', `${path} is a directory, not a file. Give the path of a file.`, { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new ToolError('permission', `Permission denied: ${path}. Use a path the session may access.`, { cause: error });
    case 'ENOTDIR':
      return new ToolError('file_not_found', `A parent of ${path} is not a directory. Check the path.`, { cause: error });
    default:
      return new ToolError('unknown', `Could not access ${path}: ${errorMessage(error)}.`, { cause: error });
  }
}
