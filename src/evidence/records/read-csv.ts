import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { csvFailure, csvRecords, DEFAULT_CSV_LIMITS, type Encoding } from '../tables/csv.js';
import { UnreadableInput, type ReadLimits } from '../tables/table.js';
import { CsvMalformed, RecordScanner, TEXT_SLOTS, type Projection } from './scan.js';
import { scanFile } from './scan-file.js';
import type { ScanFailure, ScanJob, ScanMessage } from './scan-worker.js';

/**
 * The three ways a CSV record file's rows reach the aggregates (records.ts), in order, as string
 * arrays with at least the columns the indicators read:
 *
 *   csv-parse  every field of every row, as before the scanner (kept for the differential test);
 *   scan       the projecting scanner (scan.ts) on this thread;
 *   thread     the scanner on a worker thread, this thread aggregating what it sends.
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
 * The scanner over the file's checked bytes, on this thread. A file it cannot read (a malformed
 * record, bytes that are not text) is read again by csv-parse for its error.
 */
export async function scanCsv(f: CsvFile, head: CsvHead, limits: ReadLimits | undefined, projection: () => Projection, take: TakeRow): Promise<void> {
  const scanner = new RecordScanner(head.delimiter, maxRecordBytes(limits), projection, take);
  try {
    await scanFile(f.path, f.file, head, scanner);
  } catch (e) {
    if (e instanceof CsvMalformed) throw await refusal(f, head, limits, { kind: 'failure', malformed: e.row });
    if (e instanceof UnreadableInput) throw await refusal(f, head, limits, { kind: 'failure', unreadable: e.reason });
    throw csvFailure(e, f.file, scanner.rows);
  }
}

/** What the scanning thread needs to know of the source: the unit columns (which mark the header) and every column read. */
export interface ThreadColumns {
  unitColumns: string[];
  columns: string[];
  headerRows: number;
}

/**
 * The scanner on a worker thread (scan-worker.ts), this thread rebuilding each row from the ids
 * of its texts and aggregating it. Rows come in the file's order; the thread sends the header's
 * rows whole and, below the header, the columns the indicators name.
 */
export async function threadCsv(f: CsvFile, head: CsvHead, limits: ReadLimits | undefined, source: ThreadColumns, take: TakeRow): Promise<void> {
  const taken = new SharedArrayBuffer(4);
  const counter = new Int32Array(taken);
  const job: ScanJob = { path: f.path, file: f.file, head, maxRecordBytes: maxRecordBytes(limits), ...source, taken };
  const worker = startWorker(job);
  const table = new Array<string>(TEXT_SLOTS);
  let row = 0;
  let failure: ScanFailure | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (m: ScanMessage) => {
        if (m.kind === 'end') return resolve();
        if (m.kind === 'failure') {
          failure = m;
          return resolve();
        }
        try {
          const { codes, texts, ids } = m;
          let k = 0;
          for (let r = 0; r < m.rows; r++) {
            const n = codes[k++]!;
            const fields: string[] = [];
            for (let j = 0; j < n; j++) {
              const column = codes[k++]!;
              const c = codes[k++]!;
              if (c >= 0) fields[column] = table[c]!;
              else {
                const text = (fields[column] = texts[-1 - c]!);
                const id = ids[-1 - c]!;
                if (id >= 0) table[id] = text;
              }
            }
            take(fields, ++row);
          }
        } catch (e) {
          return reject(e);
        }
        Atomics.add(counter, 0, 1);
        Atomics.notify(counter, 0);
      });
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`the thread reading the file stopped (exit code ${code})`)));
    });
  } catch (e) {
    throw csvFailure(e, f.file, row);
  } finally {
    await worker.terminate();
  }
  if (failure) throw await refusal(f, head, limits, failure);
}

/**
 * The thread runs the compiled worker next to this module (dist/, in the installed package). The
 * tests run the TypeScript sources, where there is none: the worker's source is then loaded
 * through tsx (a dev dependency), as the tests' own modules are.
 */
function startWorker(job: ScanJob): Worker {
  const compiled = new URL('./scan-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return new Worker(compiled, { workerData: job });
  const source = JSON.stringify(new URL('./scan-worker.ts', import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then(({ tsImport }) => tsImport(${source}, ${source}))`, { eval: true, workerData: job });
}

function maxRecordBytes(limits: ReadLimits | undefined): number {
  return limits?.maxRecordBytes ?? DEFAULT_CSV_LIMITS.maxRecordBytes;
}

/**
 * The error for a file the scanner stopped on: csv-parse reads it again (only this path pays for
 * it) and its error is the one given, with the same words and row as ever; should csv-parse read
 * it whole, the scanner's own finding.
 */
async function refusal(f: CsvFile, head: CsvHead, limits: ReadLimits | undefined, found: ScanFailure): Promise<UnreadableInput> {
  try {
    await parseCsv(f, head, limits, () => {});
  } catch (e) {
    return e as UnreadableInput;
  }
  if (found.unreadable) return new UnreadableInput(f.file, found.unreadable);
  return csvFailure(new Error(found.message ?? 'malformed'), f.file, (found.malformed ?? 1) - 1);
}
