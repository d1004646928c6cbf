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
 * (never joined whole); a byte chunk is written before the next one is asked for.
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

/**
 * Appends chunks to an open file: text chunks (as UTF-8) gathered in writes of about 256 KB; a
 * byte chunk written as it is, before the next chunk is asked for, so that its producer may
 * reuse its buffer.
 */
async function writeChunks(file: FileHandle, chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): Promise<void> {
  let pending: string[] = [];
  let size = 0;
  // writeFile on a handle writes from its current position: consecutive calls append.
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    size = 0;
    await file.writeFile(text);
  };
  for await (const chunk of chunks) {
    if (typeof chunk !== 'string') {
      await flush();
      await file.writeFile(chunk);
      continue;
    }
    pending.push(chunk);
    size += chunk.length;
    if (size >= 256 * 1024) await flush();
  }
  await flush();
}

/** Tells whether an error is a Node file-system error with the given code (e.g. `ENOENT`). */
export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
