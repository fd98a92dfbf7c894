import { Writable } from 'node:stream';
import type { Row, stream, Worksheet } from 'exceljs';

/**
 * A workbook written with exceljs's streaming writer into memory, row by row (rows are committed
 * as they are added, so only the zip grows), and given out as bytes with no clock in them: its
 * properties and zip entries are dated 1980-01-01, so the same inputs give the same file.
 */
export async function streamingWorkbook(): Promise<{ book: stream.xlsx.WorkbookWriter; finish(): Promise<Buffer> }> {
  const { default: ExcelJS } = await import('exceljs');
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  // Inline strings rather than a shared-string table, which would hold every distinct text in memory.
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  book.creator = 'parscore';
  book.lastModifiedBy = 'parscore';
  book.created = EPOCH;
  book.modified = EPOCH;
  return {
    book,
    finish: async () => {
      await book.commit();
      return fixZipTimes(Buffer.concat(chunks), EPOCH, 'xlsx');
    },
  };
}

/** A bold, wrapped header row. */
export function headerRow(sheet: Worksheet, headers: string[]): Row {
  const head = sheet.addRow(headers);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', wrapText: true };
  return head;
}

/**
 * A text cell's value that a spreadsheet never takes for a formula: a text starting with = + - @
 * goes in as rich text, the form that can only be text; others as they are.
 */
export function inertText(text: string): string | { richText: Array<{ text: string }> } {
  return /^[=+\-@]/.test(text) ? { richText: [{ text }] } : text;
}

/** The earliest time a zip entry can carry. */
const EPOCH = new Date(Date.UTC(1980, 0, 1));

/**
 * Zip writers (JSZip, archiver) stamp every entry with the current time, so the same workbook
 * written twice differs in those bytes. This sets the DOS time and date of every entry, in the
 * central directory and in each local header, to `when` (UTC), in place.
 */
export function fixZipTimes(buf: Buffer, when: Date, name: string): Buffer {
  const time = (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | (when.getUTCSeconds() >> 1);
  const day = ((when.getUTCFullYear() - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate();
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${name}: no end of central directory`);
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${name}: bad central directory`);
    buf.writeUInt16LE(time, p + 12);
    buf.writeUInt16LE(day, p + 14);
    const local = buf.readUInt32LE(p + 42);
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`${name}: bad local header`);
    buf.writeUInt16LE(time, local + 10);
    buf.writeUInt16LE(day, local + 12);
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return buf;
}
