import { csvFailure, csvRecords, DEFAULT_CSV_LIMITS, type Encoding } from '../tables/csv.js';
import { UnreadableInput, type ReadLimits } from '../tables/table.js';
import { CsvMalformed, RecordScanner, type Projection } from './scan.js';
import { scanFile } from './scan-file.js';

/**
 * The two ways a CSV record file's rows reach the aggregates (records.ts), in order, as string
 * arrays with at least the columns the indicators read:
 *
 *   scan       the projecting scanner (scan.ts), the default;
 *   csv-parse  every field of every row, as before the scanner (kept for the differential test).
 *
 * Whichever reads, a file that cannot be read is refused with csv-parse's words and row.
 */
export type CsvHead = { encoding: Encoding; bomBytes: number; delimiter: string };
export type TakeRow = (fields: readonly string[], row: number) => void;
export interface CsvFile {
  path: string;
  file: string;
}

/** csv-parse's arrays taken with read(), nothing allocated per row beyond them. */
export async function parseCsv(f: CsvFile, head: CsvHead, limits: ReadLimits | undefined, take: TakeRow): Promise<void> {
  const maxRecordBytes = limits?.maxRecordBytes;
  const { parser, close } = csvRecords(f.path, f.file, head, maxRecordBytes === undefined ? undefined : { maxRecordBytes });
  let row = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      parser.on('readable', () => {
        try {
          let record: string[] | null;
          while ((record = parser.read() as string[] | null) !== null) take(record, ++row);
        } catch (e) {
          reject(e);
        }
      });
      parser.on('end', resolve);
      parser.on('error', reject);
    });
  } catch (e) {
    throw csvFailure(e, f.file, row);
  } finally {
    close();
  }
}

/**
 * The scanner over the file's checked bytes. A file it cannot read (a malformed
 * record, bytes that are not text) is read again by csv-parse for its error.
 */
export async function scanCsv(f: CsvFile, head: CsvHead, limits: ReadLimits | undefined, projection: () => Projection, take: TakeRow): Promise<void> {
  const scanner = new RecordScanner(head.delimiter, maxRecordBytes(limits), projection, take);
  try {
    await scanFile(f.path, f.file, head, scanner);
  } catch (e) {
    if (e instanceof CsvMalformed) throw await refusal(f, head, limits, { malformed: e.row });
    if (e instanceof UnreadableInput) throw await refusal(f, head, limits, { unreadable: e.reason });
    throw csvFailure(e, f.file, scanner.rows);
  }
}

function maxRecordBytes(limits: ReadLimits | undefined): number {
  return limits?.maxRecordBytes ?? DEFAULT_CSV_LIMITS.maxRecordBytes;
}

/**
 * The error for a file the scanner stopped on: csv-parse reads it again (only this path pays for
 * it) and its error is the one given, with the same words and row as ever; should csv-parse read
 * it whole, the scanner's own finding.
 */
async function refusal(f: CsvFile, head: CsvHead, limits: ReadLimits | undefined, found: { malformed?: number; unreadable?: { vi: string; en: string } }): Promise<UnreadableInput> {
  try {
    await parseCsv(f, head, limits, () => {});
  } catch (e) {
    return e as UnreadableInput;
  }
  if (found.unreadable) return new UnreadableInput(f.file, found.unreadable);
  return csvFailure(new Error('malformed'), f.file, (found.malformed ?? 1) - 1);
}
