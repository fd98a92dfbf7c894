/**
 * An XLSX file checked as a zip archive with plain Node, before exceljs reads any of it. exceljs's
 * streaming reader trusts the bytes it is given: it crashes the process on a missing file, hangs on
 * a truncated archive, silently stops at a cut sheet and expands a zip bomb without limit. Here the
 * zip's own directory, sizes and CRC-32 checksums are checked first, so that a bad file is refused
 * with one clear line; exceljs is then fed only parts that passed (see `framedZip`).
 */
import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createInflateRaw } from 'node:zlib';
import { UnreadableInput } from './table.js';

export interface ZipLimits {
  /** The largest file accepted, in bytes. */
  maxBytes: number;
  /** The largest total of the entries' declared uncompressed sizes, in bytes. */
  maxUncompressedBytes: number;
  /** The largest uncompressed/compressed ratio of an entry over 1 MiB. */
  maxCompressionRatio: number;
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where the compressed data starts in the file, past the local header. */
  dataOffset: number;
}

/** Entries by lower-case name: OPC part names are case-insensitive. */
export type ZipDirectory = Map<string, ZipEntry>;

/** A message naming a part of the workbook in both languages (`sheet "Xã"`, `xl/styles.xml`). */
export interface PartLabel {
  vi: string;
  en: string;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const ZIP64_LOCATOR = 0x07064b50;
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');
const MIB = 1024 * 1024;
const READ_CHUNK = 64 * 1024;

/**
 * Checks the file and returns its zip directory: it exists and is not too large; it is a zip (an
 * OLE file is an .xls or a password-protected workbook, anything else is named for what it looks
 * like); the End Of Central Directory record and every central entry are sound, every entry's data
 * lies inside the file before the directory, nothing is encrypted or Zip64; `xl/workbook.xml` and a
 * worksheet are present; and the declared sizes are no zip bomb. Nothing is inflated here.
 */
export async function openXlsxZip(path: string, file: string, limits: ZipLimits): Promise<ZipDirectory> {
  const size = await fileSize(path, file, limits);
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw cannotOpen(file, error);
  }
  try {
    const head = await readAt(handle, 0, Math.min(size, 4096));
    if (head.subarray(0, OLE_MAGIC.length).equals(OLE_MAGIC)) {
      throw (await hasEncryptedPackage(handle, size)) ? passwordProtected(file) : oldExcel(file);
    }
    if (head[0] !== 0x50 || head[1] !== 0x4b) throw looksLikeText(head) ? textFile(file) : notZip(file);
    const end = await endOfDirectory(handle, size, file);
    const central = parseDirectory(await readAt(handle, end.offset, end.size), end.count, file);
    requireWorkbook(central, file);
    guardAgainstBomb(central, limits, file);
    return await locateData(handle, central, end.offset, file);
  } catch (error) {
    throw error instanceof UnreadableInput ? error : cannotRead(file, error);
  } finally {
    await handle.close();
  }
}

/**
 * Streams an entry's data through inflate (a stored entry as it is), refusing it as soon as it
 * grows past its declared size (a bomb that lies about its size) and, at the end, unless size and
 * CRC-32 match the directory (a cut or altered part). `onChunk` sees the inflated bytes.
 */
export async function inflateEntry(
  path: string,
  file: string,
  entry: ZipEntry,
  label: PartLabel,
  onChunk?: (chunk: Buffer) => void,
): Promise<void> {
  if (entry.method !== 0 && entry.method !== 8) throw unsupportedMethod(file);
  if (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize) throw failsChecksum(file, label);
  const source =
    entry.compressedSize > 0
      ? createReadStream(path, { start: entry.dataOffset, end: entry.dataOffset + entry.compressedSize - 1 })
      : Readable.from([]);
  let size = 0;
  let crc = 0;
  const check = async (chunks: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of chunks) {
      size += chunk.length;
      if (size > entry.uncompressedSize) throw failsChecksum(file, label);
      crc = crc32(chunk, crc);
      onChunk?.(chunk);
    }
  };
  try {
    await (entry.method === 8 ? pipeline(source, createInflateRaw(), check) : pipeline(source, check));
  } catch (error) {
    if (error instanceof UnreadableInput) throw error;
    throw errorCode(error)?.startsWith('Z_') ? failsChecksum(file, label) : cannotRead(file, error);
  }
  if (size !== entry.uncompressedSize || crc !== entry.crc32) throw failsChecksum(file, label);
}

/** A part to hand to exceljs: an entry of the checked file, or bytes made up by the reader. */
export type FramedPart = { name: string; entry: ZipEntry } | { name: string; data: Buffer };

/**
 * A new zip stream made of the given parts only, in the given order and under the given names:
 * each a fresh local header (sizes and CRC from the checked directory, so no data descriptor to
 * scan for) followed by the entry's compressed bytes read from the file, then an empty End Of
 * Central Directory record, which ends exceljs's zip parser cleanly.
 */
export async function* framedZip(path: string, parts: FramedPart[]): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    for (const part of parts) {
      if ('data' in part) {
        yield localHeader(part.name, 0, crc32(part.data), part.data.length, part.data.length);
        yield part.data;
        continue;
      }
      const { entry } = part;
      yield localHeader(part.name, entry.method, entry.crc32, entry.compressedSize, entry.uncompressedSize);
      for (let done = 0; done < entry.compressedSize; ) {
        const length = Math.min(READ_CHUNK, entry.compressedSize - done);
        const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(length), 0, length, entry.dataOffset + done);
        if (bytesRead === 0) throw new Error('the file got shorter while it was being read');
        yield buffer.subarray(0, bytesRead);
        done += bytesRead;
      }
    }
    const end = Buffer.alloc(22);
    END_OF_DIRECTORY.copy(end);
    yield end;
  } finally {
    await handle.close();
  }
}

function localHeader(name: string, method: number, crc: number, compressedSize: number, size: number): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const header = Buffer.alloc(30 + nameBytes.length);
  header.writeUInt32LE(LOCAL_HEADER, 0);
  header.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  header.writeUInt16LE(0x0800, 6); // UTF-8 name, no data descriptor
  header.writeUInt16LE(method, 8);
  header.writeUInt16LE(0x0021, 12); // 1980-01-01: the date is not used
  header.writeUInt32LE(crc, 14);
  header.writeUInt32LE(compressedSize, 18);
  header.writeUInt32LE(size, 22);
  header.writeUInt16LE(nameBytes.length, 26);
  nameBytes.copy(header, 30);
  return header;
}

async function fileSize(path: string, file: string, limits: ZipLimits): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw refuse(file, 'không tìm thấy tệp; hãy kiểm tra lại đường dẫn', 'file not found; check the path');
    }
    throw cannotOpen(file, error);
  }
  if (info.isDirectory()) {
    throw refuse(
      file,
      'đây là một thư mục, không phải tệp; hãy chỉ ra tệp .xlsx',
      'this is a directory, not a file; give the path of the .xlsx file',
    );
  }
  if (!info.isFile()) {
    throw refuse(file, 'đây không phải một tệp thông thường; hãy chỉ ra tệp .xlsx', 'this is not a regular file; give the path of the .xlsx file');
  }
  if (info.size === 0) {
    throw refuse(file, 'tệp rỗng (0 byte); hãy xuất lại tệp từ Excel', 'the file is empty (0 bytes); export it again from Excel');
  }
  if (info.size > limits.maxBytes) {
    throw refuse(
      file,
      `tệp nặng ${megabytes(info.size, 'vi')}, vượt giới hạn ${megabytes(limits.maxBytes, 'vi')} cho tệp XLSX; hãy chia nhỏ tệp hoặc lưu thành CSV`,
      `the file is ${megabytes(info.size, 'en')}, over the ${megabytes(limits.maxBytes, 'en')} limit for XLSX; split it or save it as CSV`,
    );
  }
  return info.size;
}

/**
 * Whether an OLE compound file holds a stream named "EncryptedPackage": that is how Office stores
 * an .xlsx encrypted with a password (MS-OFFCRYPTO); any other OLE file is an old binary one. A
 * directory entry is 128 bytes at a file offset that is a multiple of 128 (sectors of 512 or 4096
 * bytes after a header of the same size): its UTF-16LE name comes first, the name's byte length
 * with its terminating NUL at offset 64 and the object type (2, a stream) at 66. Scanning for such
 * an entry avoids following the FAT chains, and a cell holding that text cannot look like one.
 */
async function hasEncryptedPackage(handle: FileHandle, size: number): Promise<boolean> {
  const chunkSize = MIB; // a multiple of 128: no directory entry straddles two chunks
  for (let position = 0; position < size; position += chunkSize) {
    const chunk = await readAt(handle, position, Math.min(chunkSize, size - position));
    for (let i = chunk.indexOf(ENCRYPTED_PACKAGE); i >= 0; i = chunk.indexOf(ENCRYPTED_PACKAGE, i + 1)) {
      if (
        i % 128 === 0 &&
        i + 128 <= chunk.length &&
        chunk.readUInt16LE(i + 64) === ENCRYPTED_PACKAGE.length + 2 &&
        chunk[i + 66] === 2
      ) {
        return true;
      }
    }
  }
  return false;
}

/** Text (a CSV, an HTML page saved as .xls): a UTF-16 byte order mark, or no control bytes. */
function looksLikeText(head: Buffer): boolean {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return true;
  return head.every((b) => b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d);
}

/** The End Of Central Directory record: within the last 64 KiB + 22 bytes (its comment is at most 65535). */
async function endOfDirectory(
  handle: FileHandle,
  size: number,
  file: string,
): Promise<{ offset: number; size: number; count: number }> {
  const tailStart = Math.max(0, size - (0xffff + 22));
  const tail = await readAt(handle, tailStart, size - tailStart);
  for (let i = tail.lastIndexOf(END_OF_DIRECTORY); i >= 0; i = i > 0 ? tail.lastIndexOf(END_OF_DIRECTORY, i - 1) : -1) {
    if (i + 22 > tail.length || i + 22 + tail.readUInt16LE(i + 20) > tail.length) continue; // a chance match in the data
    const disk = tail.readUInt16LE(i + 4);
    const directoryDisk = tail.readUInt16LE(i + 6);
    const countOnDisk = tail.readUInt16LE(i + 8);
    const count = tail.readUInt16LE(i + 10);
    const directorySize = tail.readUInt32LE(i + 12);
    const directoryOffset = tail.readUInt32LE(i + 16);
    if (
      count === 0xffff ||
      directorySize === 0xffffffff ||
      directoryOffset === 0xffffffff ||
      (i >= 20 && tail.readUInt32LE(i - 20) === ZIP64_LOCATOR)
    ) {
      throw zip64(file);
    }
    if (disk !== 0 || directoryDisk !== 0 || countOnDisk !== count || directoryOffset + directorySize > tailStart + i) {
      throw damagedDirectory(file);
    }
    return { offset: directoryOffset, size: directorySize, count };
  }
  throw refuse(
    file,
    'tệp bị cắt cụt hoặc hỏng (không tìm thấy thư mục nén); hãy xuất lại tệp từ Excel',
    'the file is truncated or damaged (no zip directory); export it again from Excel',
  );
}

interface CentralEntry {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

function parseDirectory(directory: Buffer, count: number, file: string): Map<string, CentralEntry> {
  const entries = new Map<string, CentralEntry>();
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL_HEADER) throw damagedDirectory(file);
    const flags = directory.readUInt16LE(p + 8);
    const nameLength = directory.readUInt16LE(p + 28);
    const next = p + 46 + nameLength + directory.readUInt16LE(p + 30) + directory.readUInt16LE(p + 32);
    if (next > directory.length) throw damagedDirectory(file);
    const entry: CentralEntry = {
      name: directory.toString(flags & 0x0800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength),
      method: directory.readUInt16LE(p + 10),
      crc32: directory.readUInt32LE(p + 16),
      compressedSize: directory.readUInt32LE(p + 20),
      uncompressedSize: directory.readUInt32LE(p + 24),
      localOffset: directory.readUInt32LE(p + 42),
    };
    if (entry.compressedSize === 0xffffffff || entry.uncompressedSize === 0xffffffff || entry.localOffset === 0xffffffff) {
      throw zip64(file);
    }
    if (flags & 0x0001) {
      throw refuse(
        file,
        'tệp nén được mã hoá; hãy lưu lại dạng .xlsx không đặt mật khẩu',
        'the zip archive is encrypted; save it again as .xlsx without a password',
      );
    }
    // Two entries of one name: readers would disagree on which is the part.
    const key = entry.name.toLowerCase();
    if (entries.has(key)) throw damagedDirectory(file);
    entries.set(key, entry);
    p = next;
  }
  return entries;
}

function requireWorkbook(entries: Map<string, CentralEntry>, file: string): void {
  if (!entries.has('xl/workbook.xml')) {
    if (entries.has('mimetype') && entries.has('content.xml')) {
      throw refuse(
        file,
        'đây là bảng tính OpenDocument (.ods); hãy mở và lưu lại dạng .xlsx',
        'this is an OpenDocument spreadsheet (.ods); open it and save it as .xlsx',
      );
    }
    throw refuse(
      file,
      'tệp nén không phải bảng tính Excel (thiếu xl/workbook.xml); hãy lưu lại dạng .xlsx từ Excel',
      'the zip archive is not an Excel workbook (no xl/workbook.xml); save it as .xlsx from Excel',
    );
  }
  if (![...entries.keys()].some((name) => /^xl\/worksheets\/[^/]+\.xml$/.test(name))) throw noWorksheets(file);
}

/** Declared sizes only: a bomb is refused before a byte is inflated (`inflateEntry` holds entries to them). */
function guardAgainstBomb(entries: Map<string, CentralEntry>, limits: ZipLimits, file: string): void {
  let total = 0;
  for (const entry of entries.values()) total += entry.uncompressedSize;
  if (total > limits.maxUncompressedBytes) {
    throw refuse(
      file,
      `tệp giải nén ra tới ${megabytes(total, 'vi')}, vượt giới hạn ${megabytes(limits.maxUncompressedBytes, 'vi')}; từ chối vì có thể là "bom nén"`,
      `the file would expand to ${megabytes(total, 'en')}, over the ${megabytes(limits.maxUncompressedBytes, 'en')} limit; refused as a possible zip bomb`,
    );
  }
  for (const entry of entries.values()) {
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize > MIB && ratio > limits.maxCompressionRatio) {
      throw refuse(
        file,
        `phần ${entry.name} nén với tỉ lệ ${Math.round(ratio)}:1, vượt giới hạn ${limits.maxCompressionRatio}:1; từ chối vì có thể là "bom nén"`,
        `part ${entry.name} is compressed ${Math.round(ratio)} to 1, over the ${limits.maxCompressionRatio} to 1 limit; refused as a possible zip bomb`,
      );
    }
  }
}

/** Reads each local header: its data must lie in the file, before the next entry and the directory. */
async function locateData(
  handle: FileHandle,
  central: Map<string, CentralEntry>,
  directoryOffset: number,
  file: string,
): Promise<ZipDirectory> {
  const byOffset = [...central.entries()].sort(([, a], [, b]) => a.localOffset - b.localOffset);
  const located: ZipDirectory = new Map();
  for (const [i, [key, entry]] of byOffset.entries()) {
    const limit = byOffset[i + 1]?.[1].localOffset ?? directoryOffset;
    const header = entry.localOffset + 30 <= limit ? await readAt(handle, entry.localOffset, 30) : undefined;
    if (header?.length !== 30 || header.readUInt32LE(0) !== LOCAL_HEADER) throw damagedDirectory(file);
    const dataOffset = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (dataOffset + entry.compressedSize > limit) throw damagedDirectory(file);
    const { name, method, compressedSize, uncompressedSize } = entry;
    located.set(key, { name, method, crc32: entry.crc32, compressedSize, uncompressedSize, dataOffset });
  }
  return located;
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

export function noWorksheets(file: string): UnreadableInput {
  return refuse(
    file,
    'bảng tính không có trang tính nào; hãy kiểm tra lại tệp',
    'the workbook has no worksheets; check the file',
  );
}

function passwordProtected(file: string): UnreadableInput {
  return refuse(
    file,
    'tệp Excel được đặt mật khẩu; hãy mở bằng Excel, gỡ mật khẩu rồi lưu lại dạng .xlsx',
    'the workbook is password-protected; open it in Excel, remove the password and save it again as .xlsx',
  );
}

function oldExcel(file: string): UnreadableInput {
  return refuse(
    file,
    'đây là tệp Excel 97–2003 (.xls) hoặc tệp Office định dạng cũ; hãy mở bằng Excel và lưu lại dạng .xlsx',
    'this is an Excel 97–2003 workbook (.xls) or another old-format Office file; open it in Excel and save it as .xlsx',
  );
}

function textFile(file: string): UnreadableInput {
  return refuse(
    file,
    'tệp là văn bản thuần (có thể là CSV bị đổi đuôi thành .xlsx), không phải bảng tính Excel; hãy đặt đuôi .csv hoặc lưu lại dạng .xlsx',
    'the file is plain text (perhaps a CSV renamed .xlsx), not an Excel workbook; name it .csv or save it as .xlsx',
  );
}

function notZip(file: string): UnreadableInput {
  return refuse(
    file,
    'tệp không phải bảng tính .xlsx (không có cấu trúc nén zip); hãy lưu lại dạng .xlsx từ Excel',
    'the file is not an .xlsx workbook (not a zip archive); save it as .xlsx from Excel',
  );
}

function zip64(file: string): UnreadableInput {
  return refuse(
    file,
    'tệp dùng định dạng nén Zip64, chưa được hỗ trợ; hãy mở bằng Excel và lưu lại',
    'the file uses the Zip64 format, which is not supported; open it in Excel and save it again',
  );
}

function damagedDirectory(file: string): UnreadableInput {
  return refuse(
    file,
    'tệp bị cắt cụt hoặc hỏng (thư mục nén không khớp với nội dung); hãy xuất lại tệp từ Excel',
    'the file is truncated or damaged (its zip directory does not match its contents); export it again from Excel',
  );
}

function unsupportedMethod(file: string): UnreadableInput {
  return refuse(
    file,
    'tệp dùng kiểu nén không được hỗ trợ; hãy mở bằng Excel và lưu lại',
    'the file uses an unsupported compression method; open it in Excel and save it again',
  );
}

function failsChecksum(file: string, label: PartLabel): UnreadableInput {
  return refuse(
    file,
    `tệp bị hỏng (dữ liệu của ${label.vi} không khớp mã kiểm tra, có thể đã bị cắt cụt); hãy xuất lại tệp từ Excel`,
    `the file is damaged (the data of ${label.en} fails its checksum, perhaps cut short); export it again from Excel`,
  );
}

function cannotOpen(file: string, error: unknown): UnreadableInput {
  const why = errorCode(error) ?? oneLine(error);
  return refuse(file, `không mở được tệp (${why}); hãy kiểm tra quyền truy cập`, `the file cannot be opened (${why}); check its permissions`);
}

function cannotRead(file: string, error: unknown): UnreadableInput {
  const why = errorCode(error) ?? oneLine(error);
  return refuse(file, `không đọc được tệp (${why}); hãy thử lại hoặc chép tệp ra ổ đĩa khác`, `the file cannot be read (${why}); try again or copy it to another disk`);
}

export function refuse(file: string, vi: string, en: string): UnreadableInput {
  return new UnreadableInput(file, { vi, en });
}

/** An error's message on one line, short enough for a problem report. */
export function oneLine(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function megabytes(bytes: number, locale: 'vi' | 'en'): string {
  const text = bytes >= 1024 * MIB ? `${(bytes / (1024 * MIB)).toFixed(1)} GB` : `${(bytes / MIB).toFixed(1)} MB`;
  return locale === 'vi' ? text.replace('.', ',') : text;
}
