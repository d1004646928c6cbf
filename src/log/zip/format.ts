/**
 * The binary records of a ZIP archive (PKWARE APPNOTE 6.3): local file headers, central
 * directory records and the end records, with ZIP64 where counts or offsets need it.
 * @module
 */
import * as zlib from 'node:zlib';

/** Local file header signature (`PK\x03\x04`). */
export const LOCAL_SIG = 0x04034b50;
/** Central directory record signature (`PK\x01\x02`). */
export const CENTRAL_SIG = 0x02014b50;
/** End of central directory signature (`PK\x05\x06`). */
export const EOCD_SIG = 0x06054b50;
/** ZIP64 end of central directory signature. */
export const ZIP64_EOCD_SIG = 0x06064b50;
/** ZIP64 end of central directory locator signature. */
export const ZIP64_LOCATOR_SIG = 0x07064b50;

/** Size of a local file header without its name. */
export const LOCAL_HEADER_SIZE = 30;
/** Size of a central directory record without its name, extra field and comment. */
export const CENTRAL_RECORD_SIZE = 46;
/** Size of the end of central directory record without its comment. */
export const EOCD_SIZE = 22;
/** Size of the ZIP64 end of central directory record. */
export const ZIP64_EOCD_SIZE = 56;
/** Size of the ZIP64 end of central directory locator. */
export const ZIP64_LOCATOR_SIZE = 20;

/** Compression method 0: stored as is. */
export const STORED = 0;
/** Compression method 8: DEFLATE (what this writer uses; every Inspect version reads it). */
export const DEFLATE = 8;
/** Compression method 93: Zstandard (what newer Inspect versions write). */
export const ZSTD = 93;

/** General-purpose flag: the member name is UTF-8. */
const UTF8_FLAG = 0x0800;
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;

/** What the archive records about one member. */
export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the member's local header. */
  offset: number;
  dosTime: number;
  dosDate: number;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

// zlib.crc32 exists from Node 20.15; the table version serves older Node 20 releases.
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/**
 * Returns the CRC-32 of `data` (the checksum ZIP stores per member); pass the CRC of the bytes
 * before `data` as `previous` to checksum a member chunk by chunk.
 */
export function crc32(data: Uint8Array, previous = 0): number {
  if (nativeCrc32 !== undefined) return nativeCrc32(data, previous) >>> 0;
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Returns the MS-DOS time and date fields for a moment (local time, 2-second resolution). */
export function dosDateTime(date: Date): { dosTime: number; dosDate: number } {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107);
  return {
    dosTime: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    dosDate: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

function checkSizes(entry: ZipEntry): void {
  if (entry.size >= U32_MAX || entry.compressedSize >= U32_MAX) {
    throw new RangeError(`ZIP member '${entry.name}' is 4 GiB or larger, which this writer does not support.`);
  }
}

/** Returns the local file header of a member (sizes and CRC known up front, no data descriptor). */
export function encodeLocalHeader(entry: ZipEntry): Buffer {
  checkSizes(entry);
  const name = Buffer.from(entry.name, 'utf8');
  const buf = Buffer.alloc(LOCAL_HEADER_SIZE + name.length);
  buf.writeUInt32LE(LOCAL_SIG, 0);
  buf.writeUInt16LE(20, 4);
  buf.writeUInt16LE(UTF8_FLAG, 6);
  buf.writeUInt16LE(entry.method, 8);
  buf.writeUInt16LE(entry.dosTime, 10);
  buf.writeUInt16LE(entry.dosDate, 12);
  buf.writeUInt32LE(entry.crc, 14);
  buf.writeUInt32LE(entry.compressedSize, 18);
  buf.writeUInt32LE(entry.size, 22);
  buf.writeUInt16LE(name.length, 26);
  buf.writeUInt16LE(0, 28);
  name.copy(buf, LOCAL_HEADER_SIZE);
  return buf;
}

/** Returns the central directory record of a member (ZIP64 extra field for offsets ≥ 4 GiB). */
export function encodeCentralRecord(entry: ZipEntry): Buffer {
  checkSizes(entry);
  const name = Buffer.from(entry.name, 'utf8');
  const zip64 = entry.offset >= U32_MAX;
  const extraLength = zip64 ? 12 : 0;
  const buf = Buffer.alloc(CENTRAL_RECORD_SIZE + name.length + extraLength);
  buf.writeUInt32LE(CENTRAL_SIG, 0);
  buf.writeUInt16LE((3 << 8) | 45, 4); // made by: Unix, spec 4.5
  buf.writeUInt16LE(zip64 ? 45 : 20, 6);
  buf.writeUInt16LE(UTF8_FLAG, 8);
  buf.writeUInt16LE(entry.method, 10);
  buf.writeUInt16LE(entry.dosTime, 12);
  buf.writeUInt16LE(entry.dosDate, 14);
  buf.writeUInt32LE(entry.crc, 16);
  buf.writeUInt32LE(entry.compressedSize, 20);
  buf.writeUInt32LE(entry.size, 24);
  buf.writeUInt16LE(name.length, 28);
  buf.writeUInt16LE(extraLength, 30);
  buf.writeUInt16LE(0, 32); // comment
  buf.writeUInt16LE(0, 34); // disk
  buf.writeUInt16LE(0, 36); // internal attributes
  buf.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
  buf.writeUInt32LE(zip64 ? U32_MAX : entry.offset, 42);
  name.copy(buf, CENTRAL_RECORD_SIZE);
  if (zip64) {
    const at = CENTRAL_RECORD_SIZE + name.length;
    buf.writeUInt16LE(0x0001, at);
    buf.writeUInt16LE(8, at + 2);
    buf.writeBigUInt64LE(BigInt(entry.offset), at + 4);
  }
  return buf;
}

/** Returns the end records that follow a central directory (ZIP64 ones when needed). */
export function encodeEndRecords(count: number, cdOffset: number, cdSize: number): Buffer {
  const zip64 = count >= U16_MAX || cdOffset >= U32_MAX || cdSize >= U32_MAX;
  const eocd = Buffer.alloc(EOCD_SIZE);
  eocd.writeUInt32LE(EOCD_SIG, 0);
  eocd.writeUInt16LE(zip64 ? U16_MAX : count, 8);
  eocd.writeUInt16LE(zip64 ? U16_MAX : count, 10);
  eocd.writeUInt32LE(zip64 ? U32_MAX : cdSize, 12);
  eocd.writeUInt32LE(zip64 ? U32_MAX : cdOffset, 16);
  if (!zip64) return eocd;
  const record = Buffer.alloc(ZIP64_EOCD_SIZE);
  record.writeUInt32LE(ZIP64_EOCD_SIG, 0);
  record.writeBigUInt64LE(BigInt(ZIP64_EOCD_SIZE - 12), 4);
  record.writeUInt16LE((3 << 8) | 45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(cdSize), 40);
  record.writeBigUInt64LE(BigInt(cdOffset), 48);
  const locator = Buffer.alloc(ZIP64_LOCATOR_SIZE);
  locator.writeUInt32LE(ZIP64_LOCATOR_SIG, 0);
  locator.writeBigUInt64LE(BigInt(cdOffset + cdSize), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([record, locator, eocd]);
}
