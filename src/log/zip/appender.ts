/**
 * An append-only ZIP writer that keeps the file a valid archive after every append, at a cost
 * linear in what is appended.
 *
 * Layout while open: `[members…][gap][central directory][end records]`. New members go into the
 * gap (never referenced, so the archive stays valid while they are written); then their central
 * records and fresh end records are written over the old end records in one write. When the gap
 * is too small the central directory moves further out, leaving a gap proportional to its own
 * size (and to the data), so moves are rare and their total cost stays linear. The gap is a
 * sparse hole on most file systems. {@link ZipAppender.finish} writes the last members, puts the
 * central directory right after them and truncates: the finished file is a compact, ordinary zip.
 * @module
 */
import { writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import {
  crc32,
  DEFLATE,
  dosDateTime,
  encodeCentralRecord,
  encodeEndRecords,
  encodeLocalHeader,
  type ZipEntry,
} from './format.ts';

const deflateRaw = promisify(zlib.deflateRaw);
const MIN_GAP = 64 * 1024;
// Below this size a synchronous deflate is faster than a round trip to the thread pool.
const SYNC_DEFLATE_LIMIT = 512 * 1024;
/** The DEFLATE level of every member: about twice as fast as the default on JSON, slightly larger. */
export const DEFLATE_LEVEL = 1;

/**
 * Decompresses a member's DEFLATE data of known size into a buffer of exactly that size (zlib's
 * default would hand back a view of a 16 KB output chunk, and a finish that decompresses
 * thousands of small journal members would hold all those chunks until the next collection).
 */
export function inflateMember(data: Uint8Array, size: number): Buffer {
  return zlib.inflateRawSync(data, { chunkSize: Math.max(MIN_INFLATE_CHUNK, size) });
}

/** zlib's smallest output chunk. */
const MIN_INFLATE_CHUNK = 64;

/** A member ready to be written: compressed data plus everything but its offset. */
export interface PreparedMember {
  readonly entry: Omit<ZipEntry, 'offset'>;
  readonly data: Buffer;
}

/** Compresses one member (DEFLATE) and computes its CRC; called before {@link ZipAppender.append}. */
export async function prepareMember(name: string, content: string | Uint8Array, now = new Date()): Promise<PreparedMember> {
  const raw = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const data = raw.length < SYNC_DEFLATE_LIMIT ? zlib.deflateRawSync(raw, { level: DEFLATE_LEVEL }) : await deflateRaw(raw, { level: DEFLATE_LEVEL });
  return {
    entry: { name, method: DEFLATE, crc: crc32(raw), compressedSize: data.length, size: raw.length, ...dosDateTime(now) },
    data,
  };
}

/**
 * A member given as a sequence of text chunks, for members built from one entry per sample
 * (`summaries.json`), whose whole text would be as large as the task: {@link ZipAppender.finish}
 * compresses it straight into the file, so neither its text nor its compressed bytes are ever
 * held whole.
 */
export interface StreamedMember {
  readonly name: string;
  readonly chunks: AsyncIterable<string> | Iterable<string>;
}

function isStreamed(member: PreparedMember | StreamedMember): member is StreamedMember {
  return 'chunks' in member;
}

/** Writes a ZIP archive member by member; see the module notes for the layout. */
export class ZipAppender {
  readonly path: string;
  private readonly file: FileHandle;
  /**
   * Central directory records of the members written so far, back to back in one buffer that
   * doubles as it fills (one small Buffer object per member would cost more than the record).
   */
  private central = Buffer.alloc(4096);
  private centralLength = 0;
  private memberCount = 0;
  private dataEnd = 0;
  private centralOffset = 0;
  private fileEnd = 0;
  private closed = false;

  private constructor(path: string, file: FileHandle) {
    this.path = path;
    this.file = file;
  }

  /** Creates (or truncates) the archive at `path`. */
  static async create(path: string): Promise<ZipAppender> {
    return new ZipAppender(path, await open(path, 'w+'));
  }

  /**
   * Appends members and rewrites the end records; resolves once the file is a valid archive that
   * contains them (with `sync`, once the data has also reached the disk).
   */
  async append(members: readonly PreparedMember[], sync = false): Promise<number[]> {
    this.assertOpen();
    if (members.length === 0) return [];
    const previousEnd = this.fileEnd;
    const offsets = this.offsetsOf(members);
    const { local, records } = this.layout(members);
    const dataEnd = this.dataEnd + local.length;
    const recordsLength = records.reduce((n, r) => n + r.length, 0);
    const count = this.memberCount + records.length;
    if (dataEnd <= this.centralOffset) {
      await this.writeAt(local, this.dataEnd);
      const centralLength = this.centralLength + recordsLength;
      const tail = Buffer.concat([...records, encodeEndRecords(count, this.centralOffset, centralLength)]);
      await this.writeAt(tail, this.centralOffset + this.centralLength);
      this.commit(records, dataEnd, this.centralOffset, this.centralOffset + this.centralLength + tail.length);
    } else {
      // Not enough room before the central directory: move it out past a fresh gap.
      const centralLength = this.centralLength + recordsLength;
      const gap = Math.max(MIN_GAP, 4 * centralLength, Math.floor(dataEnd / 8));
      const centralOffset = dataEnd + gap;
      await this.writeAt(local, this.dataEnd);
      const tail = Buffer.concat([this.central.subarray(0, this.centralLength), ...records, encodeEndRecords(count, centralOffset, centralLength)]);
      await this.writeAt(tail, centralOffset);
      this.commit(records, dataEnd, centralOffset, centralOffset + tail.length);
    }
    // The end only moves outwards; truncating covers a shorter ZIP64 tail all the same.
    if (this.fileEnd < previousEnd) await this.file.truncate(this.fileEnd);
    if (sync) await this.file.datasync();
    return offsets;
  }

  /** The offsets the local headers of `members` get when appended now. */
  private offsetsOf(members: readonly PreparedMember[]): number[] {
    const offsets: number[] = [];
    let offset = this.dataEnd;
    for (const member of members) {
      offsets.push(offset);
      offset += encodeLocalHeader({ ...member.entry, offset }).length + member.data.length;
    }
    return offsets;
  }

  /**
   * Appends the last members, writes the central directory right after the data, truncates the
   * gap away, syncs and closes the file. Streamed members are compressed into the file as their
   * chunks come; their local header is written again once their size and CRC are known.
   */
  async finish(members: readonly (PreparedMember | StreamedMember)[], now = new Date()): Promise<void> {
    this.assertOpen();
    try {
      // Cut the gap and the old central directory first, so that no stale end record can
      // outlive a crash in the middle of this write (a reader then recovers by scanning).
      await this.file.truncate(this.dataEnd);
      // Piece by piece, not joined: the last members and the central directory of a large
      // task are tens of megabytes, and a joined copy of them would double that at the end.
      let position = this.dataEnd;
      const records: Buffer[] = [];
      for (const member of members) {
        const { entry, end } = isStreamed(member) ? await this.writeStreamed(member, position, now) : await this.writePrepared(member, position);
        records.push(encodeCentralRecord(entry));
        position = end;
      }
      const dataEnd = position;
      const central = [this.central.subarray(0, this.centralLength), ...records];
      const centralLength = central.reduce((n, r) => n + r.length, 0);
      for (const part of [...central, encodeEndRecords(this.memberCount + records.length, dataEnd, centralLength)]) {
        await this.writeAt(part, position);
        position += part.length;
      }
      this.commit(records, dataEnd, dataEnd, position);
      await this.file.sync();
    } finally {
      await this.close();
    }
  }

  /** Writes a compressed member at `offset`; returns its entry and where its data ends. */
  private async writePrepared(member: PreparedMember, offset: number): Promise<{ entry: ZipEntry; end: number }> {
    const entry: ZipEntry = { ...member.entry, offset };
    const header = encodeLocalHeader(entry);
    await this.writeAt(header, offset);
    await this.writeAt(member.data, offset + header.length);
    return { entry, end: offset + header.length + member.data.length };
  }

  /** Compresses a streamed member into the file at `offset`; returns its entry and where its data ends. */
  private async writeStreamed(member: StreamedMember, offset: number, now: Date): Promise<{ entry: ZipEntry; end: number }> {
    const provisional: ZipEntry = { name: member.name, method: DEFLATE, crc: 0, compressedSize: 0, size: 0, ...dosDateTime(now), offset };
    const provisionalHeader = encodeLocalHeader(provisional);
    const headerLength = provisionalHeader.length;
    await this.writeAt(provisionalHeader, offset);
    const deflate = zlib.createDeflateRaw({ level: DEFLATE_LEVEL });
    let written = 0;
    const pending: Buffer[] = [];
    deflate.on('data', (chunk: Buffer) => pending.push(chunk));
    const flush = async (): Promise<void> => {
      while (pending.length > 0) {
        const chunk = pending.shift()!;
        await this.writeAt(chunk, offset + headerLength + written);
        written += chunk.length;
      }
    };
    const ended = new Promise<void>((resolve, reject) => {
      deflate.once('end', resolve);
      deflate.once('error', reject);
    });
    let crc = 0;
    let size = 0;
    for await (const text of member.chunks) {
      const raw = Buffer.from(text, 'utf8');
      crc = crc32(raw, crc);
      size += raw.length;
      if (!deflate.write(raw)) await new Promise<void>((resolve) => deflate.once('drain', resolve));
      await flush();
    }
    deflate.end();
    await ended;
    await flush();
    const entry: ZipEntry = { ...provisional, crc, compressedSize: written, size };
    await this.writeAt(encodeLocalHeader(entry), offset);
    return { entry, end: offset + headerLength + written };
  }

  /**
   * Reads back the uncompressed content of a member appended earlier, given the offset of its
   * local header (as {@link append} reports it) and its entry.
   */
  async readMember(offset: number, entry: Omit<ZipEntry, 'offset'>): Promise<Buffer> {
    this.assertOpen();
    const headerLength = encodeLocalHeader({ ...entry, offset }).length;
    const data = Buffer.alloc(entry.compressedSize);
    let done = 0;
    while (done < data.length) {
      const { bytesRead } = await this.file.read(data, done, data.length - done, offset + headerLength + done);
      if (bytesRead === 0) throw new Error(`the archive ends inside member '${entry.name}'`);
      done += bytesRead;
    }
    return entry.method === DEFLATE ? inflateMember(data, entry.size) : data;
  }

  /** Closes the file without finishing it (what remains is a valid, unfinished archive). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.file.close();
  }

  private layout(members: readonly PreparedMember[]): { local: Buffer; records: Buffer[] } {
    const { parts, records } = this.localParts(members);
    return { local: Buffer.concat(parts), records };
  }

  /** The local headers and data of `members` appended now, in order, and their central records. */
  private localParts(members: readonly PreparedMember[]): { parts: Buffer[]; records: Buffer[] } {
    const parts: Buffer[] = [];
    const entries: ZipEntry[] = [];
    let offset = this.dataEnd;
    for (const member of members) {
      const entry: ZipEntry = { ...member.entry, offset };
      const header = encodeLocalHeader(entry);
      parts.push(header, member.data);
      entries.push(entry);
      offset += header.length + member.data.length;
    }
    return { parts, records: entries.map(encodeCentralRecord) };
  }

  private commit(records: Buffer[], dataEnd: number, centralOffset: number, fileEnd: number): void {
    const added = records.reduce((n, r) => n + r.length, 0);
    if (this.centralLength + added > this.central.length) {
      const grown = Buffer.alloc(Math.max(2 * this.central.length, this.centralLength + added));
      this.central.copy(grown, 0, 0, this.centralLength);
      this.central = grown;
    }
    for (const record of records) {
      record.copy(this.central, this.centralLength);
      this.centralLength += record.length;
    }
    this.memberCount += records.length;
    this.dataEnd = dataEnd;
    this.centralOffset = centralOffset;
    this.fileEnd = fileEnd;
  }

  /**
   * Writes `bytes` at `position`, synchronously: a write into the page cache takes a few
   * microseconds, while a round trip of `FileHandle.write` through libuv's thread pool costs
   * about 45 µs of CPU on this thread (measured in BENCHMARKS.md), and the writer makes two per
   * write batch. Durability (`sync`) still waits for `datasync` asynchronously.
   */
  private async writeAt(bytes: Buffer, position: number): Promise<void> {
    let done = 0;
    while (done < bytes.length) done += writeSync(this.file.fd, bytes, done, bytes.length - done, position + done);
    return Promise.resolve();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`The archive ${this.path} is already closed.`);
  }
}
