import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Damaged and hostile container files built byte by byte, for the reader tests and the hostile
 * corpus: zips whose declared sizes, checksums and flags can lie, and OLE compound files (the
 * container of .xls and of password-protected workbooks).
 */
export interface ZipFile {
  name: string;
  data: Buffer | string;
  /** Stored rather than deflated. */
  store?: boolean;
  /** The data is written as it is, declared deflated. */
  raw?: boolean;
  flags?: number;
  declaredSize?: number;
  declaredCrc?: number;
}

/** Local headers, data, central directory, End Of Central Directory: the least a zip needs. */
export function buildZip(files: ZipFile[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const data = Buffer.isBuffer(file.data) ? file.data : Buffer.from(file.data);
    const compressed = file.store ? data : file.raw ? data : deflateRawSync(data);
    const name = Buffer.from(file.name);
    const size = file.declaredSize ?? data.length;
    const crc = file.declaredCrc ?? crc32(data);
    const method = file.store ? 0 : 8;
    const flags = 0x0800 | (file.flags ?? 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    chunks.push(local, name, compressed);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(flags, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(compressed.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += 30 + name.length + compressed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}

/** An OLE compound file header (512 bytes, magic first) and one directory sector after it. */
export function oleFile(entries: Buffer[]): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  header.writeUInt16LE(9, 0x1e); // 512-byte sectors
  header.writeUInt32LE(0, 0x30); // the directory starts at sector 0, right after the header
  const sector = Buffer.alloc(512);
  entries.forEach((entry, i) => entry.copy(sector, i * 128));
  return Buffer.concat([header, sector]);
}

export function directoryEntry(name: string, type: number): Buffer {
  const entry = Buffer.alloc(128);
  entry.write(name, 0, 'utf16le');
  entry.writeUInt16LE((name.length + 1) * 2, 64);
  entry[66] = type;
  return entry;
}
