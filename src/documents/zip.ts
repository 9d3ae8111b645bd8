/**
 * The zip files documents are packed in (OOXML packages): reading the entries `docx` wrote, and
 * writing a package whose bytes depend on its content only. Every entry carries the same date (the
 * document's issue date, at midnight) instead of the time of rendering, so an issued invoice
 * printed again is the same file. Deflate through node:zlib, which is computation, not I/O.
 */
import zlib from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** Deflated (method 8) or stored (method 0) bytes. */
  data: Uint8Array;
  method: 0 | 8;
  crc: number;
  size: number;
}

/**
 * An entry of `content`, deflated. Through gzip, whose trailer carries the CRC-32 zip files need,
 * computed natively (node:zlib has `crc32` from Node 22 only): a gzip member from node:zlib is a
 * 10-byte header (no name, no extra field), the raw deflate stream, then CRC-32 and size.
 */
export function deflatedEntry(name: string, content: Uint8Array | string): ZipEntry {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  // Level 3: as fast as level 1 here and smaller; level 6 takes three times as long for 20 % less.
  const gzip = zlib.gzipSync(bytes, { level: 3 });
  return { name, data: gzip.subarray(10, gzip.length - 8), method: 8, crc: gzip.readUInt32LE(gzip.length - 8), size: bytes.length };
}

function endOfCentralDirectory(zip: Buffer): number {
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at -= 1) if (zip.readUInt32LE(at) === 0x06054b50) return at;
  throw new Error('not a zip file: no end of central directory record');
}

/** The entries of a zip file in its central directory's order, compressed data kept as it is. */
export function readZip(bytes: Uint8Array): ZipEntry[] {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = endOfCentralDirectory(zip);
  const entries: ZipEntry[] = [];
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i += 1) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`zip: no central directory entry at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    if (method !== 0 && method !== 8) throw new Error(`zip: compression method ${method} is not deflate or stored`);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    entries.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method,
      crc: zip.readUInt32LE(at + 16),
      data: Uint8Array.prototype.slice.call(zip, start, start + zip.readUInt32LE(at + 20)),
      size: zip.readUInt32LE(at + 24),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** The content of a read entry. */
export function entryContent(entry: ZipEntry): Buffer {
  return entry.method === 0 ? Buffer.from(entry.data) : zlib.inflateRawSync(entry.data);
}

/** MS-DOS date of a calendar date (`2026-11-02`); years before 1980, which it cannot hold, are 1980. */
function dosDate(date: string): number {
  return ((Math.max(1980, Number(date.slice(0, 4))) - 1980) << 9) | (Number(date.slice(5, 7)) << 5) | Number(date.slice(8, 10));
}

/** A zip file of `entries` in their order, each dated `date` at 00:00. */
export function writeZip(entries: readonly ZipEntry[], date: string): Uint8Array {
  const day = dosDate(date);
  const names = entries.map((e) => Buffer.from(e.name, 'utf8'));
  const localSize = entries.reduce((sum, e, i) => sum + 30 + names[i]!.length + e.data.length, 0);
  const centralSize = names.reduce((sum, name) => sum + 46 + name.length, 0);
  const zip = Buffer.alloc(localSize + centralSize + 22);
  const offsets: number[] = [];
  let at = 0;
  const header = (signature: number, entry: ZipEntry, name: Buffer, central: boolean) => {
    zip.writeUInt32LE(signature, at);
    at += 4;
    if (central) { zip.writeUInt16LE(20, at); at += 2; }
    // Version needed 2.0; flag bit 11: the name is UTF-8.
    zip.writeUInt16LE(20, at);
    zip.writeUInt16LE(/[^\x20-\x7e]/.test(entry.name) ? 0x0800 : 0, at + 2);
    zip.writeUInt16LE(entry.method, at + 4);
    zip.writeUInt16LE(0, at + 6);
    zip.writeUInt16LE(day, at + 8);
    zip.writeUInt32LE(entry.crc, at + 10);
    zip.writeUInt32LE(entry.data.length, at + 14);
    zip.writeUInt32LE(entry.size, at + 18);
    zip.writeUInt16LE(name.length, at + 22);
    zip.writeUInt16LE(0, at + 24);
    at += 26;
  };
  entries.forEach((entry, i) => {
    offsets.push(at);
    header(0x04034b50, entry, names[i]!, false);
    names[i]!.copy(zip, at);
    at += names[i]!.length;
    zip.set(entry.data, at);
    at += entry.data.length;
  });
  const centralStart = at;
  entries.forEach((entry, i) => {
    header(0x02014b50, entry, names[i]!, true);
    // Comment length, disk number, internal and external attributes, then the local header's offset.
    zip.writeUInt16LE(0, at);
    zip.writeUInt16LE(0, at + 2);
    zip.writeUInt16LE(0, at + 4);
    zip.writeUInt32LE(0, at + 6);
    zip.writeUInt32LE(offsets[i]!, at + 10);
    at += 14;
    names[i]!.copy(zip, at);
    at += names[i]!.length;
  });
  zip.writeUInt32LE(0x06054b50, at);
  zip.writeUInt16LE(0, at + 4);
  zip.writeUInt16LE(0, at + 6);
  zip.writeUInt16LE(entries.length, at + 8);
  zip.writeUInt16LE(entries.length, at + 10);
  zip.writeUInt32LE(at - centralStart, at + 12);
  zip.writeUInt32LE(centralStart, at + 16);
  zip.writeUInt16LE(0, at + 20);
  return new Uint8Array(zip.buffer, zip.byteOffset, zip.byteLength);
}
