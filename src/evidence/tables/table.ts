import type { IsoDate } from '../../core/dates.js';

/**
 * What a reader hands on: rows of cells as a spreadsheet shows them, before any meaning is given
 * to them. CSV and XLSX readers both produce this, streaming, so that a file larger than memory
 * can be read.
 */
export interface Cell {
  /** The text as shown or typed (for a CSV field, the field itself). */
  text: string;
  /** A numeric cell's value as exact decimal text ("0.5341"), never by float arithmetic. */
  number?: string;
  /** The cell is formatted as a percent (0.5341 shown as 53,41%). */
  percent?: boolean;
  /**
   * The decimals a number cell shows (of the percent, for a percent) when its format makes them
   * other than the number's own: `0.00` shows 90 as 90,00 (2) and 89.9549 as 89,95 (2). Undefined
   * when it shows the number's digits (General, or 0.00 for 89.95).
   */
  places?: number;
  /** A date cell, as a calendar date. */
  date?: IsoDate;
  /** A boolean cell. */
  bool?: boolean;
  /** No value to read, whatever the rule: the text is the error's code, or "=" and the formula. */
  error?: CellError;
}

/** A cell holding an error (#DIV/0!, #N/A), or a formula whose result the workbook never saved. */
export interface CellError {
  /** The error shown; none when the formula's result was never computed (written by a script). */
  code?: string;
  /** The formula, without its "=", when the cell holds one (a cell sharing another's has none). */
  formula?: string;
}

export interface RawRow {
  /** 1-based, as the spreadsheet shows it: the header is usually row 1. */
  row: number;
  /** Index 0 is column A; missing entries are empty cells. */
  cells: Array<Cell | undefined>;
}

export interface RawSheet {
  /** Undefined for CSV. */
  name?: string;
  rows: AsyncIterable<RawRow>;
  /**
   * The merged ranges of an XLSX sheet ("A5:C5"), when the reader was asked for them: complete once
   * every row has been read (a sheet lists them after its rows). A merged range's value is in its
   * top-left cell; the others are empty.
   */
  merged?: string[];
}

/** Limits on what the readers accept (each adjustable through the command line's environment). */
export interface ReadLimits {
  /** The longest CSV record, in bytes. */
  maxRecordBytes?: number;
  /** An XLSX file, in bytes. */
  maxXlsxBytes?: number;
  /** An XLSX file's parts once expanded, in bytes. */
  maxUncompressedBytes?: number;
  /** A wait on the XLSX parser with no progress, in milliseconds. */
  idleTimeoutMs?: number;
}

/** Spreadsheet column letters for a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * An input that cannot be read at all (missing, empty, not the format its name says, truncated,
 * encrypted): one line for the user and exit code 2, never a stack trace.
 */
export class UnreadableInput extends Error {
  constructor(
    readonly file: string,
    readonly reason: { vi: string; en: string },
  ) {
    super(`${file}: ${reason.en}`);
  }
}

/** Node's system errors in words an officer understands. */
export function systemReason(e: unknown): { vi: string; en: string } {
  const code = (e as { code?: string })?.code;
  switch (code) {
    case 'ENOENT':
      return { vi: 'không có tệp này; kiểm tra tên và thư mục', en: 'no such file; check the name and folder' };
    case 'EACCES':
    case 'EPERM':
      return { vi: 'không có quyền đọc', en: 'permission denied' };
    case 'EISDIR':
      return { vi: 'đây là thư mục, không phải tệp', en: 'this is a folder, not a file' };
    default: {
      const msg = (e as Error)?.message ?? String(e);
      return { vi: msg, en: msg };
    }
  }
}
