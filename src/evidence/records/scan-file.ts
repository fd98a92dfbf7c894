import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import { csvBytes, wholeCharacters, type Encoding } from '../tables/csv.js';
import { systemReason, UnreadableInput } from '../tables/table.js';
import type { RecordScanner } from './scan.js';

/**
 * A CSV file's text after its BOM, given to the scanner. UTF-8 is read into one buffer that the
 * scanner reads in place — what a record leaves unread moves to the front and the next bytes are
 * read behind it, so no byte is copied twice — and checked as it comes: bytes that are not UTF-8,
 * or NUL, stop the reading (the caller asks csv-parse where, as csv.ts says it). UTF-16 is
 * transcoded to UTF-8 first (csv.ts).
 */
export async function scanFile(path: string, file: string, head: { encoding: Encoding; bomBytes: number; delimiter: string }, scanner: RecordScanner): Promise<void> {
  if (head.encoding !== 'utf-8') {
    const { bytes, close } = csvBytes(path, file, head, (e) => bytes.destroy(e));
    try {
      for await (const chunk of bytes as AsyncIterable<Buffer>) scanner.feed(chunk);
      scanner.end();
    } finally {
      close();
    }
    return;
  }
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw new UnreadableInput(file, systemReason(e));
  }
  try {
    let buf = Buffer.allocUnsafe(READ_BYTES);
    let position = head.bomBytes;
    let kept = 0;
    let checked = 0;
    for (;;) {
      if (buf.length - kept < READ_BYTES / 2) {
        const larger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(larger, 0, 0, kept);
        buf = larger;
      }
      let read: number;
      try {
        read = (await handle.read(buf, kept, buf.length - kept, position)).bytesRead;
      } catch (e) {
        throw new UnreadableInput(file, systemReason(e));
      }
      position += read;
      const filled = kept + read;
      const final = read === 0;
      // A character cut at the end waits for the rest of it, unless the file ends there.
      const whole = final ? filled : checked + wholeCharacters(buf.subarray(checked, filled));
      const fresh = buf.subarray(checked, whole);
      if (!isUtf8(fresh) || fresh.includes(0)) throw new UnreadableInput(file, NOT_TEXT);
      checked = whole;
      const used = scanner.scan(buf.subarray(0, whole), final);
      if (final) return;
      buf.copyWithin(0, used, filled);
      kept = filled - used;
      checked -= used;
    }
  } finally {
    await handle.close();
  }
}

const READ_BYTES = 1024 * 1024;

const NOT_TEXT = {
  vi: 'tệp không phải văn bản UTF-8, hoặc chứa dữ liệu nhị phân (byte NUL)',
  en: 'the file is not UTF-8 text, or holds binary data (NUL bytes)',
};
