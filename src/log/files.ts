/**
 * Small file helpers shared by the log writers and the eval-set bookkeeping.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';

/**
 * Writes `data` to `path` atomically: a temporary file in the same folder is written, synced
 * and renamed over the destination, so readers see the old content or the new, never a mix.
 * `data` may be a sequence of chunks (text, written as UTF-8, or bytes), written one after another
 * in writes of about 256 KB (never joined whole).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array | AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): Promise<void> {
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(temporary, 'w');
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) await file.writeFile(data);
    else await writeChunks(file, data);
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await file.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Appends chunks (text, as UTF-8, or bytes) to an open file in writes of about 256 KB. */
async function writeChunks(file: FileHandle, chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): Promise<void> {
  let pending: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    pending.push(bytes);
    size += bytes.length;
    if (size >= 256 * 1024) {
      // writeFile on a handle writes from its current position: consecutive calls append.
      await file.writeFile(Buffer.concat(pending, size));
      pending = [];
      size = 0;
    }
  }
  if (pending.length > 0) await file.writeFile(Buffer.concat(pending, size));
}

/** Tells whether an error is a Node file-system error with the given code (e.g. `ENOENT`). */
export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
