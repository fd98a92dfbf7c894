import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { isUtf8 } from 'node:buffer';
import { parse, CsvError, type Parser } from 'csv-parse';
import { roleOf } from './headers.js';
import { columnLetters, systemReason, UnreadableInput, type RawRow, type RawSheet } from './table.js';

/**
 * CSV as Excel and office systems export it: UTF-8 with or without a BOM, or UTF-16 (with a BOM,
 * or without one, recognised by its zero bytes); comma, semicolon (Vietnamese Excel, where the comma
 * is the decimal mark) or tab, detected from the header line (below any title lines); quoted fields
 * with line breaks; CRLF. Streamed, so the file may be larger than memory. Row numbers count
 * records, as Excel shows them.
 */
export interface CsvLimits {
  /** The longest record accepted (a runaway quote otherwise swallows the whole file). */
  maxRecordBytes: number;
}

export const DEFAULT_CSV_LIMITS: CsvLimits = { maxRecordBytes: 1024 * 1024 };

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const SAMPLE_BYTES = 64 * 1024;

/**
 * The file's encoding, BOM and separator. `isHeader` says whether a field names the column that
 * marks the header line (for evidence tables, the unit column).
 */
export async function readCsvHead(path: string, file: string, isHeader: (field: string) => boolean = isUnitHeader): Promise<{ encoding: Encoding; bomBytes: number; delimiter: string }> {
  let sample: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      const buf = Buffer.alloc(SAMPLE_BYTES);
      const { bytesRead } = await handle.read(buf, 0, SAMPLE_BYTES, 0);
      sample = buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw new UnreadableInput(file, systemReason(e));
  }
  const { encoding, bomBytes } = detectEncoding(sample, file);
  const text = new TextDecoder(encoding).decode(sample.subarray(bomBytes));
  if (text.trim() === '') throw new UnreadableInput(file, { vi: 'tệp rỗng', en: 'the file is empty' });
  return { encoding, bomBytes, delimiter: detectDelimiter(text, isHeader) };
}

const isUnitHeader = (field: string) => roleOf(field) === 'unit';

export async function* readCsv(path: string, file: string, limits: CsvLimits = DEFAULT_CSV_LIMITS): AsyncGenerator<RawSheet> {
  const { encoding, bomBytes, delimiter } = await readCsvHead(path, file);
  yield { rows: rows(path, file, encoding, bomBytes, delimiter, limits) };
}

async function* rows(path: string, file: string, encoding: Encoding, bomBytes: number, delimiter: string, limits: CsvLimits): AsyncGenerator<RawRow> {
  const { parser, close } = csvRecords(path, file, { encoding, bomBytes, delimiter }, limits);
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      yield { row, cells: record.map((f) => (f === '' ? undefined : { text: f })) };
    }
  } catch (e) {
    throw csvFailure(e, file, row);
  } finally {
    close();
  }
}

/**
 * A csv-parse parser in arrays mode fed with the file's text, for readers that take its records
 * (`string[]`) themselves: the table reader above, and the record-file reader, which loops with
 * `read()` and keeps only the columns it needs. `close` releases the file.
 */
export function csvRecords(
  path: string,
  file: string,
  head: { encoding: Encoding; bomBytes: number; delimiter: string },
  limits: CsvLimits = DEFAULT_CSV_LIMITS,
): { parser: Parser; close: () => void } {
  const parser = parse({
    delimiter: head.delimiter,
    relax_column_count: true,
    max_record_size: limits.maxRecordBytes,
    skip_records_with_error: false,
  });
  const { bytes, close } = csvBytes(path, file, head, (e) => parser.destroy(e));
  bytes.pipe(parser);
  return { parser, close };
}

/**
 * The file's text after the BOM as checked UTF-8 bytes: UTF-8 passes through checked, UTF-16 is
 * transcoded. A file that cannot be read, or bytes that are not text, reach `fail` as an
 * UnreadableInput (at its row and column for a bad byte). `close` releases the file.
 */
export function csvBytes(
  path: string,
  file: string,
  head: { encoding: Encoding; bomBytes: number; delimiter: string },
  fail: (e: Error) => void,
): { bytes: Transform; close: () => void } {
  const source = createReadStream(path, { start: head.bomBytes, highWaterMark: 256 * 1024 });
  source.on('error', (e) => fail(new UnreadableInput(file, systemReason(e))));
  const bytes = source.pipe(head.encoding === 'utf-8' ? utf8Bytes(file, (offset, what) => placeOfByte(path, file, head, offset, what)) : decoder(head.encoding, file));
  bytes.on('error', fail);
  return { bytes, close: () => source.destroy() };
}

export function csvFailure(e: unknown, file: string, row: number): UnreadableInput {
  if (e instanceof UnreadableInput) return e;
  if (e instanceof CsvError) {
    const at = row + 1;
    switch (e.code) {
      case 'CSV_QUOTE_NOT_CLOSED':
        return new UnreadableInput(file, {
          vi: `dấu nháy kép mở ở dòng ${at} không được đóng; kiểm tra ô có dấu " ở dòng đó`,
          en: `a double quote opened on row ${at} is never closed; check the cell with " on that row`,
        });
      case 'CSV_MAX_RECORD_SIZE':
        return new UnreadableInput(file, {
          vi: `dòng ${at} dài bất thường (vượt giới hạn của một dòng); có thể thiếu dấu nháy kép đóng, hoặc nâng giới hạn bằng PARSCORE_MAX_RECORD_MB`,
          en: `row ${at} is abnormally long (over the limit for one row); a closing double quote may be missing, or raise the limit with PARSCORE_MAX_RECORD_MB`,
        });
      default:
        return new UnreadableInput(file, { vi: `lỗi định dạng CSV ở dòng ${at}: ${e.message}`, en: `CSV format error on row ${at}: ${e.message}` });
    }
  }
  return new UnreadableInput(file, systemReason(e));
}

/** What is wrong with a byte that stops a UTF-8 file. */
type BadByte = 'not-utf8' | 'nul';

/**
 * UTF-8 passes through as bytes, checked on the way: csv-parse decodes only the fields, so
 * decoding the whole text first (and csv-parse encoding it back) would read it three times. Invalid
 * UTF-8 (a file saved in the old Windows-1258 code page reads as mojibake, never silently) and NUL
 * bytes (binary data) are refused, at their row and column (`place`, given the byte's offset after
 * the BOM, looks for them only then). A character split between chunks waits for the next one.
 */
function utf8Bytes(file: string, place: (offset: number, what: BadByte) => Promise<UnreadableInput>): Transform {
  let carry: Buffer | undefined;
  let passed = 0;
  const refuse = (offset: number, what: BadByte, done: (e: Error) => void) => {
    place(offset, what).then(done, () => done(what === 'nul' ? notText(file) : notUtf8(file)));
  };
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
      const end = wholeCharacters(buf);
      carry = end < buf.length ? Buffer.from(buf.subarray(end)) : undefined;
      const body = buf.subarray(0, end);
      if (!isUtf8(body)) return refuse(passed + firstInvalidByte(body), 'not-utf8', done);
      if (body.includes(0)) return refuse(passed + body.indexOf(0), 'nul', done);
      passed += body.length;
      done(null, body);
    },
    flush(done) {
      if (carry) refuse(passed, 'not-utf8', done);
      else done(null);
    },
  });
}

/** Where valid UTF-8 stops in `buf` (known to hold some invalid sequence, or a character cut short). */
function firstInvalidByte(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    // The lead byte gives the length and the range of the second byte (no overlong forms, no surrogates, nothing above U+10FFFF).
    const [size, low, high] =
      b < 0x80 ? [1, 0, 0] : b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf] : b === 0xe0 ? [3, 0xa0, 0xbf] : b === 0xed ? [3, 0x80, 0x9f] : b >= 0xe1 && b <= 0xef ? [3, 0x80, 0xbf] : b === 0xf0 ? [4, 0x90, 0xbf] : b === 0xf4 ? [4, 0x80, 0x8f] : b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf] : [0, 0, 0];
    if (size === 0 || i + size > buf.length) return i;
    if (size > 1 && (buf[i + 1]! < low || buf[i + 1]! > high)) return i;
    for (let k = 2; k < size; k++) if ((buf[i + k]! & 0xc0) !== 0x80) return i;
    i += size;
  }
  return i;
}

/**
 * The row and column of the byte at `offset` (after the BOM): the file is read again up to it,
 * counting records and fields outside quotes as csv-parse does, so rows are those a spreadsheet
 * shows (a line break inside a quoted cell does not start a row). Only on the error path.
 */
async function placeOfByte(path: string, file: string, head: { bomBytes: number; delimiter: string }, offset: number, what: BadByte): Promise<UnreadableInput> {
  const QUOTE = 0x22;
  const LF = 0x0a;
  const CR = 0x0d;
  const separator = head.delimiter.charCodeAt(0);
  let row = 1;
  let field = 0;
  let quoted = false;
  let afterCr = false;
  let at = 0;
  const before = offset > 0 ? createReadStream(path, { start: head.bomBytes, end: head.bomBytes + offset - 1, highWaterMark: 1024 * 1024 }) : [];
  for await (const chunk of before as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++, at++) {
      const b = chunk[i]!;
      const crLf = afterCr && b === LF;
      afterCr = false;
      if (b === QUOTE) quoted = !quoted;
      else if (quoted || crLf) continue;
      else if (b === separator) field++;
      else if (b === LF || b === CR) {
        row++;
        field = 0;
        afterCr = b === CR;
      }
    }
  }
  const cell = columnLetters(field);
  return new UnreadableInput(
    file,
    what === 'nul'
      ? {
          vi: `tệp chứa dữ liệu nhị phân (byte NUL), không phải CSV: byte đầu tiên ở dòng ${row}, cột ${cell}; kiểm tra lại tệp được gửi`,
          en: `the file holds binary data (NUL bytes), not CSV: the first on row ${row}, column ${cell}; check the file that was sent`,
        }
      : {
          vi: `tệp không phải văn bản UTF-8 ở dòng ${row}, cột ${cell} (byte thứ ${head.bomBytes + offset + 1} của tệp), có thể do ô này được dán từ một tệp lưu bằng bảng mã Windows-1258; hãy gõ lại ô đó, hoặc trong Excel chọn Lưu thành "CSV UTF-8"`,
          en: `the file is not UTF-8 text on row ${row}, column ${cell} (byte ${head.bomBytes + offset + 1} of the file), perhaps pasted from a file saved as Windows-1258; retype that cell, or in Excel use Save As "CSV UTF-8"`,
        },
  );
}

/** The length of `buf` without a last character cut short (its lead byte and fewer than all its continuation bytes). */
export function wholeCharacters(buf: Buffer): number {
  if (buf.length === 0) return 0;
  let i = buf.length - 1;
  while (i > 0 && buf.length - i < 4 && (buf[i]! & 0xc0) === 0x80) i--;
  const lead = buf[i]!;
  const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return i + size > buf.length ? i : buf.length;
}

/** UTF-16 is decoded to text, refusing what is not text: invalid sequences and NUL characters. */
function decoder(encoding: Encoding, file: string): Transform {
  const td = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  const check = (s: string): string => {
    if (s.includes('\u0000')) throw notText(file);
    return s;
  };
  return new Transform({
    readableObjectMode: false,
    decodeStrings: true,
    transform(chunk: Buffer, _enc, done) {
      try {
        done(null, check(td.decode(chunk, { stream: true })));
      } catch (e) {
        done(e instanceof UnreadableInput ? e : notUtf8(file));
      }
    },
    flush(done) {
      try {
        done(null, check(td.decode()));
      } catch (e) {
        done(e instanceof UnreadableInput ? e : notUtf8(file));
      }
    },
  });
}

function detectEncoding(sample: Buffer, file: string): { encoding: Encoding; bomBytes: number } {
  if (sample.length === 0) throw new UnreadableInput(file, { vi: 'tệp rỗng', en: 'the file is empty' });
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bomBytes: 3 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bomBytes: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bomBytes: 2 };
  if (sample[0] === 0x50 && sample[1] === 0x4b && sample[2] === 0x03 && sample[3] === 0x04) {
    throw new UnreadableInput(file, {
      vi: 'đây là tệp Excel (.xlsx) hoặc tệp nén, không phải CSV; hãy đặt đuôi .xlsx',
      en: 'this is an Excel (.xlsx) or zip file, not CSV; name it .xlsx',
    });
  }
  if (sample[0] === 0xd0 && sample[1] === 0xcf && sample[2] === 0x11 && sample[3] === 0xe0) {
    throw new UnreadableInput(file, {
      vi: 'đây là tệp Excel cũ (.xls), không phải CSV; hãy mở bằng Excel và lưu thành .xlsx hoặc CSV UTF-8',
      en: 'this is an old Excel file (.xls), not CSV; open it in Excel and save as .xlsx or CSV UTF-8',
    });
  }
  // UTF-16 without a BOM: ASCII letters alternate with zero bytes.
  const n = Math.min(sample.length & ~1, 512);
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  if (n >= 8 && oddZeros > n / 4 && evenZeros === 0) return { encoding: 'utf-16le', bomBytes: 0 };
  if (n >= 8 && evenZeros > n / 4 && oddZeros === 0) return { encoding: 'utf-16be', bomBytes: 0 };
  return { encoding: 'utf-8', bomBytes: 0 };
}

const SEPARATORS = [',', ';', '\t'];

/** How many lines to look through for the header line (title lines may come first). */
const HEADER_SEARCH_LINES = 20;

/**
 * The separator of the header line: the first line (of the first 20) that some separator splits
 * into fields one of which `isHeader` (a title line such as "BẢNG TỔNG HỢP, NĂM 2025" has none);
 * where several do, the one used most on it. Without such a line, the one used most on the first
 * line. Quotes are respected throughout.
 */
export function detectDelimiter(text: string, isHeader: (field: string) => boolean = isUnitHeader): string {
  const lines = firstLines(text, HEADER_SEARCH_LINES);
  for (const line of lines) {
    const splitting = SEPARATORS.filter((d) => fieldsOf(line, d).some(isHeader));
    if (splitting.length > 0) return mostUsed(line, splitting);
  }
  return mostUsed(lines[0] ?? '', SEPARATORS);
}

/** The first `n` lines of `text`, a line break inside quotes not ending one. */
function firstLines(text: string, n: number): string[] {
  const lines: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length && lines.length < n; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      lines.push(text.slice(start, i));
      if (ch === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  if (lines.length < n && start < text.length) lines.push(text.slice(start));
  return lines;
}

/** A line's fields for a separator: unquoted ("" is a quote) and trimmed. */
function fieldsOf(line: string, separator: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        field += ch;
        i++;
      } else quoted = !quoted;
    } else if (ch === separator && !quoted) {
      fields.push(field.trim());
      field = '';
    } else field += ch;
  }
  fields.push(field.trim());
  return fields;
}

/** Of `candidates`, the separator used most often outside quotes on `line` (the first listed on a tie). */
function mostUsed(line: string, candidates: readonly string[]): string {
  const counts = new Map(candidates.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = candidates[0]!;
  for (const [d, c] of counts) if (c > counts.get(best)!) best = d;
  return best;
}

function notUtf8(file: string): UnreadableInput {
  return new UnreadableInput(file, {
    vi: 'tệp không phải văn bản UTF-8 (có thể lưu bằng bảng mã Windows-1258); trong Excel hãy chọn Lưu thành "CSV UTF-8"',
    en: 'the file is not UTF-8 text (perhaps saved as Windows-1258); in Excel use Save As "CSV UTF-8"',
  });
}

function notText(file: string): UnreadableInput {
  return new UnreadableInput(file, {
    vi: 'tệp chứa dữ liệu nhị phân (byte NUL), không phải CSV; kiểm tra lại tệp được gửi',
    en: 'the file holds binary data (NUL bytes), not CSV; check the file that was sent',
  });
}
