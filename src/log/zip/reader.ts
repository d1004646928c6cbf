/**
 * Reads ZIP archives: through the central directory when it is intact, otherwise by scanning
 * local file headers from the start, which recovers every complete member of a file whose tail
 * was torn (a crash in the middle of a write) or whose central directory is damaged.
 * @module
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import {
  CENTRAL_RECORD_SIZE,
  CENTRAL_SIG,
  crc32,
  DEFLATE,
  EOCD_SIG,
  EOCD_SIZE,
  LOCAL_HEADER_SIZE,
  LOCAL_SIG,
  STORED,
  ZIP64_EOCD_SIG,
  ZIP64_EOCD_SIZE,
  ZIP64_LOCATOR_SIG,
  ZIP64_LOCATOR_SIZE,
  ZSTD,
  type ZipEntry,
} from './format.ts';

const inflateRaw = promisify(zlib.inflateRaw);
const zstdDecompress = (zlib as { zstdDecompressSync?: (data: Uint8Array) => Buffer }).zstdDecompressSync;
const MAX_COMMENT = 0xffff;
const LOCAL_SIG_BYTES = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
// Below this size a synchronous inflate is faster than a round trip to the thread pool.
const SYNC_INFLATE_LIMIT = 256 * 1024;

/** Random access to the archive's bytes: the open file, or all of it in memory. */
interface Source {
  readonly size: number;
  read(position: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

function bufferSource(buf: Buffer): Source {
  return {
    size: buf.length,
    read: (position, length) => {
      if (position + length > buf.length) return Promise.reject(new Error(`unexpected end of file at offset ${buf.length}`));
      return Promise.resolve(buf.subarray(position, position + length));
    },
    close: () => Promise.resolve(),
  };
}

async function fileSource(path: string): Promise<Source> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    return { size, read: (position, length) => readExactly(file, position, length), close: () => file.close() };
  } catch (error) {
    await file.close();
    throw error;
  }
}

/** Options of {@link ZipReader.open}. */
export interface ZipReaderOptions {
  /** Read the whole file into memory at once (fastest when most members will be read). */
  preload?: boolean;
}

/** A ZIP archive opened for reading. */
export class ZipReader {
  readonly path: string;
  /** Members by name; when a name occurs twice, the later member wins. */
  readonly entries: ReadonlyMap<string, ZipEntry>;
  /** True when the central directory was missing or damaged and members were found by scanning. */
  readonly recovered: boolean;
  private readonly source: Source;

  private constructor(path: string, source: Source, entries: Map<string, ZipEntry>, recovered: boolean) {
    this.path = path;
    this.source = source;
    this.entries = entries;
    this.recovered = recovered;
  }

  /** Opens an archive; throws when the file is not a ZIP archive at all. */
  static async open(path: string, options: ZipReaderOptions = {}): Promise<ZipReader> {
    const source = options.preload === true ? bufferSource(await readFile(path)) : await fileSource(path);
    try {
      const central = await readCentralDirectory(source);
      if (central !== undefined) return new ZipReader(path, source, central, false);
      const scanned = scanLocalHeaders(await source.read(0, source.size));
      if (scanned.size === 0) throw new Error('no ZIP members found (the file is empty, truncated before its first member, or not a ZIP archive)');
      return new ZipReader(path, source, scanned, true);
    } catch (error) {
      await source.close();
      throw error;
    }
  }

  /** Returns a member's uncompressed bytes, checking size and CRC. */
  async read(name: string): Promise<Buffer> {
    const entry = this.entries.get(name);
    if (entry === undefined) throw new Error(`no member '${name}'`);
    const header = await this.source.read(entry.offset, LOCAL_HEADER_SIZE);
    if (header.readUInt32LE(0) !== LOCAL_SIG) throw new Error(`member '${name}' has no local header at offset ${entry.offset}`);
    const start = entry.offset + LOCAL_HEADER_SIZE + header.readUInt16LE(26) + header.readUInt16LE(28);
    const raw = await this.source.read(start, entry.compressedSize);
    const data = await decompress(entry, raw);
    if (data.length !== entry.size) throw new Error(`member '${name}' is ${data.length} bytes, expected ${entry.size}`);
    if (crc32(data) !== entry.crc) throw new Error(`member '${name}' fails its CRC check (the data is corrupt)`);
    return data;
  }

  /** Closes the file. */
  async close(): Promise<void> {
    await this.source.close();
  }
}

async function decompress(entry: ZipEntry, raw: Buffer): Promise<Buffer> {
  if (entry.method === STORED) return raw;
  if (entry.method === DEFLATE) return raw.length < SYNC_INFLATE_LIMIT ? zlib.inflateRawSync(raw) : inflateRaw(raw);
  if (entry.method === ZSTD) {
    if (zstdDecompress === undefined) {
      throw new Error(`member '${entry.name}' is zstd-compressed, which needs Node 22.15 or later to read`);
    }
    return zstdDecompress(raw);
  }
  throw new Error(`member '${entry.name}' uses unsupported compression method ${entry.method}`);
}

async function readExactly(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(buf, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`unexpected end of file at offset ${position + done}`);
    done += bytesRead;
  }
  return buf;
}

/** Parses the central directory; undefined when it is missing or inconsistent. */
async function readCentralDirectory(source: Source): Promise<Map<string, ZipEntry> | undefined> {
  const size = source.size;
  if (size < EOCD_SIZE) return undefined;
  const tailLength = Math.min(size, EOCD_SIZE + MAX_COMMENT + ZIP64_EOCD_SIZE + ZIP64_LOCATOR_SIZE);
  const tailStart = size - tailLength;
  const tail = await source.read(tailStart, tailLength);
  let at = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG && i + EOCD_SIZE + tail.readUInt16LE(i + 20) === tail.length) {
      at = i;
      break;
    }
  }
  if (at < 0) return undefined;
  let count = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locator = at - ZIP64_LOCATOR_SIZE;
    if (locator < 0 || tail.readUInt32LE(locator) !== ZIP64_LOCATOR_SIG) return undefined;
    const recordOffset = Number(tail.readBigUInt64LE(locator + 8));
    if (recordOffset + ZIP64_EOCD_SIZE > size) return undefined;
    const record = await source.read(recordOffset, ZIP64_EOCD_SIZE);
    if (record.readUInt32LE(0) !== ZIP64_EOCD_SIG) return undefined;
    count = Number(record.readBigUInt64LE(32));
    cdSize = Number(record.readBigUInt64LE(40));
    cdOffset = Number(record.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > size) return undefined;
  const cd = await source.read(cdOffset, cdSize);
  const entries = new Map<string, ZipEntry>();
  let pos = 0;
  for (let n = 0; n < count; n++) {
    if (pos + CENTRAL_RECORD_SIZE > cd.length || cd.readUInt32LE(pos) !== CENTRAL_SIG) return undefined;
    const nameLength = cd.readUInt16LE(pos + 28);
    const extraLength = cd.readUInt16LE(pos + 30);
    const commentLength = cd.readUInt16LE(pos + 32);
    const flags = cd.readUInt16LE(pos + 8);
    const nameStart = pos + CENTRAL_RECORD_SIZE;
    const entry: ZipEntry = {
      name: cd.toString(flags & 0x0800 ? 'utf8' : 'latin1', nameStart, nameStart + nameLength),
      method: cd.readUInt16LE(pos + 10),
      dosTime: cd.readUInt16LE(pos + 12),
      dosDate: cd.readUInt16LE(pos + 14),
      crc: cd.readUInt32LE(pos + 16),
      compressedSize: cd.readUInt32LE(pos + 20),
      size: cd.readUInt32LE(pos + 24),
      offset: cd.readUInt32LE(pos + 42),
    };
    applyZip64Extra(entry, cd.subarray(nameStart + nameLength, nameStart + nameLength + extraLength));
    if (entry.offset + LOCAL_HEADER_SIZE + entry.compressedSize > size) return undefined;
    entries.delete(entry.name);
    entries.set(entry.name, entry);
    pos = nameStart + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Fills in sizes and offset stored in a ZIP64 extra field (those set to 0xffffffff). */
function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  for (let i = 0; i + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(i);
    const length = extra.readUInt16LE(i + 2);
    if (id === 0x0001) {
      let at = i + 4;
      const next = (): number => {
        const value = at + 8 <= i + 4 + length ? Number(extra.readBigUInt64LE(at)) : 0xffffffff;
        at += 8;
        return value;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.offset === 0xffffffff) entry.offset = next();
      return;
    }
    i += 4 + length;
  }
}

/** Finds every complete member by walking local headers; skips gaps and damaged stretches. */
function scanLocalHeaders(buf: Buffer): Map<string, ZipEntry> {
  const entries = new Map<string, ZipEntry>();
  let pos = buf.indexOf(LOCAL_SIG_BYTES, 0);
  while (pos >= 0 && pos + LOCAL_HEADER_SIZE <= buf.length) {
    const flags = buf.readUInt16LE(pos + 6);
    const nameLength = buf.readUInt16LE(pos + 26);
    const extraLength = buf.readUInt16LE(pos + 28);
    const compressedSize = buf.readUInt32LE(pos + 18);
    const dataStart = pos + LOCAL_HEADER_SIZE + nameLength + extraLength;
    const end = dataStart + compressedSize;
    // Members written with a data descriptor (flag bit 3) carry no sizes here: not recoverable.
    if ((flags & 0x0008) === 0 && nameLength > 0 && end <= buf.length) {
      const name = buf.toString(flags & 0x0800 ? 'utf8' : 'latin1', pos + LOCAL_HEADER_SIZE, pos + LOCAL_HEADER_SIZE + nameLength);
      entries.delete(name);
      entries.set(name, {
        name,
        method: buf.readUInt16LE(pos + 8),
        dosTime: buf.readUInt16LE(pos + 10),
        dosDate: buf.readUInt16LE(pos + 12),
        crc: buf.readUInt32LE(pos + 14),
        compressedSize,
        size: buf.readUInt32LE(pos + 22),
        offset: pos,
      });
      pos = buf.indexOf(LOCAL_SIG_BYTES, end);
    } else {
      pos = buf.indexOf(LOCAL_SIG_BYTES, pos + 4);
    }
  }
  return entries;
}
