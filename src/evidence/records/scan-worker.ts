/**
 * The scanner on a thread of its own (worker_threads), so that reading a large record file and
 * aggregating its rows use both cores: this thread reads, checks and scans the bytes; the main
 * thread aggregates the rows it is sent (read-csv.ts), in order.
 *
 * Rows go as numbers: each field is a column index and where its text is held in the scanner's
 * table of texts (scan.ts), which this thread's table mirrors: a text is sent the first time it is
 * put in its place (a definition in the row that needs it) and then only by its place, so the main
 * thread gets each unit id, date or answer as one string however many rows repeat it. A place
 * taken by another text is defined again before its next use, so a place always means the text
 * last defined for it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Encoding } from '../tables/csv.js';
import { sameColumn } from '../tables/headers.js';
import { UnreadableInput } from '../tables/table.js';
import { cleanText } from '../values.js';
import { CsvMalformed, EVERY_COLUMN, RecordScanner, type Projection } from './scan.js';
import { scanFile } from './scan-file.js';

export interface ScanJob {
  path: string;
  file: string;
  head: { encoding: Encoding; bomBytes: number; delimiter: string };
  maxRecordBytes: number;
  /** The unit column names: a row naming one is the header (as records.ts decides). */
  unitColumns: string[];
  /** Every column name the source's indicators read: the columns sent below the header. */
  columns: string[];
  /** How many rows to look through for the header. */
  headerRows: number;
  /** [batches the main thread has taken]: the scan waits when it is too far ahead. */
  taken: SharedArrayBuffer;
}

/** A batch of rows: `codes` holds, per row, its field count then (column, text) pairs; a text ≥ 0 is a place, −1 − k the k-th of `texts`, to be held at place `ids[k]` (−1: not held). */
export interface RowBatch {
  kind: 'rows';
  rows: number;
  codes: Int32Array;
  texts: string[];
  ids: number[];
}

export interface ScanEnd {
  kind: 'end';
}

/** What stopped the scan: the file is malformed or not text (csv-parse is then asked for its words), or something else. */
export interface ScanFailure {
  kind: 'failure';
  malformed?: number;
  unreadable?: { vi: string; en: string };
  message?: string;
}

export type ScanMessage = RowBatch | ScanEnd | ScanFailure;

const BATCH_ROWS = 8192;
const MAX_AHEAD = 8;

const job = workerData as ScanJob;
const port = parentPort!;
const taken = new Int32Array(job.taken);

let projection: Projection = EVERY_COLUMN;
/** The columns sent below the header; undefined while the header is looked for. */
let sent: number[] | undefined;
let rowsSeen = 0;

let codes = new Int32Array(1 << 16);
let length = 0;
let rows = 0;
let texts: string[] = [];
let ids: number[] = [];
let batches = 0;

function code(n: number): void {
  if (length === codes.length) {
    const grown = new Int32Array(codes.length * 2);
    grown.set(codes);
    codes = grown;
  }
  codes[length++] = n;
}

function field(column: number, text: string, place: number, fresh: number): void {
  code(column);
  if (place >= 0 && fresh === 0) return code(place);
  code(-1 - texts.length);
  texts.push(text);
  ids.push(place);
}

function flush(): void {
  if (rows === 0) return;
  // Not more than MAX_AHEAD batches ahead of the main thread: memory stays flat.
  while (batches - Atomics.load(taken, 0) >= MAX_AHEAD) Atomics.wait(taken, 0, Atomics.load(taken, 0), 1000);
  const out = codes.slice(0, length);
  const batch: RowBatch = { kind: 'rows', rows, codes: out, texts, ids };
  port.postMessage(batch, [out.buffer]);
  batches++;
  length = 0;
  rows = 0;
  texts = [];
  ids = [];
}

function onRecord(fields: string[]): void {
  const { slot, fresh } = scanner.places!;
  if (sent === undefined) {
    code(fields.length);
    for (let i = 0; i < fields.length; i++) field(i, fields[i]!, slot[i]!, fresh[i]!);
    lookForHeader(fields);
  } else {
    let n = 0;
    for (const i of sent) if (fields[i] !== undefined) n++;
    code(n);
    for (const i of sent) if (fields[i] !== undefined) field(i, fields[i]!, slot[i]!, fresh[i]!);
  }
  if (++rows === BATCH_ROWS) flush();
}

/** The header is the first row (of the first `headerRows`) naming a unit column; below it only the columns read are sent. */
function lookForHeader(fields: string[]): void {
  const headers = fields.map((f) => (f === '' ? '' : cleanText(f)));
  const naming = (names: string[]) => headers.flatMap((h, i) => (h !== '' && names.some((name) => sameColumn(name, h)) ? [i] : []));
  if (naming(job.unitColumns).length > 0) sent = naming(job.columns);
  else if (++rowsSeen >= job.headerRows) sent = [];
  else return;
  const wanted = new Uint8Array(fields.length);
  for (const i of sent) wanted[i] = 1;
  projection = { all: false, wanted };
}

const scanner = new RecordScanner(job.head.delimiter, job.maxRecordBytes, () => projection, onRecord, true);

async function run(): Promise<ScanMessage> {
  try {
    await scanFile(job.path, job.file, job.head, scanner);
    flush();
    return { kind: 'end' };
  } catch (e) {
    flush();
    if (e instanceof CsvMalformed) return { kind: 'failure', malformed: e.row };
    if (e instanceof UnreadableInput) return { kind: 'failure', unreadable: e.reason };
    return { kind: 'failure', message: e instanceof Error ? e.message : String(e) };
  }
}

port.postMessage(await run());
