import { plain } from '../../core/text.js';
import { columnLetters, type Cell, type RawRow } from './table.js';

/**
 * Column headers as offices write them, in English or Vietnamese, with or without diacritics:
 * "Mã đơn vị", "Ma don vi", "unit" are the same column. Matching is on the plain form (lower case,
 * no diacritics, spaces and underscores alike).
 */
export type Role =
  | 'unit'
  | 'indicator'
  | 'value'
  | 'source'
  | 'note'
  | 'name'
  | 'group'
  | 'previous'
  | 'item'
  | 'points'
  | 'reason'
  | 'by'
  // Published results: the index, rank and band columns of a ranking table, and the applicable max.
  | 'index'
  | 'rank'
  | 'band'
  | 'max'
  /** A running number (STT): in nearly every office template, never an indicator. */
  | 'sequence';

const ALIASES: Record<Role, string[]> = {
  unit: ['unit', 'unit id', 'ma don vi', 'ma dv', 'don vi', 'ma xa', 'ma so', 'ma co quan'],
  indicator: ['indicator', 'chi tieu', 'ma chi tieu', 'chi so', 'ma chi so'],
  value: ['value', 'gia tri', 'ket qua', 'so lieu'],
  source: ['source', 'tai lieu kiem chung', 'minh chung', 'tlkc', 'van ban'],
  note: ['note', 'ghi chu', 'giai trinh'],
  name: ['name', 'ten don vi', 'ten', 'ten co quan'],
  group: ['group', 'nhom', 'nhom don vi'],
  previous: ['previous', 'ma cu', 'ma don vi cu', 'don vi cu', 'truoc sap xep'],
  item: ['item', 'tieu chi', 'ma tieu chi'],
  points: ['points', 'diem', 'so diem', 'diem tu cham', 'diem tham dinh', 'diem dieu chinh', 'tong diem', 'total'],
  reason: ['reason', 'ly do', 'ly do dieu chinh'],
  by: ['by', 'nguoi dieu chinh', 'nguoi tham dinh', 'can bo tham dinh'],
  // "Chỉ số" alone is the indicator of an evidence table; a published table reads it as the index.
  index: ['index', 'chi so cchc', 'chi so cai cach hanh chinh', 'par index'],
  rank: ['rank', 'xep hang', 'hang', 'thu hang'],
  band: ['band', 'xep loai', 'muc xep loai', 'phan loai'],
  max: ['max', 'toi da', 'diem toi da'],
  sequence: ['stt', 'tt', 'so tt', 'so thu tu', 'no', 'no.', '#'],
};

const BY_ALIAS = new Map<string, Role>(
  (Object.entries(ALIASES) as Array<[Role, string[]]>).flatMap(([role, names]) => names.map((n) => [n, role] as const)),
);

export function headerKey(text: string): string {
  return plain(text).replace(/[_\s]+/g, ' ').trim();
}

export function roleOf(header: string): Role | undefined {
  return BY_ALIAS.get(headerKey(header));
}

export interface Column {
  index: number;
  letter: string;
  header: string;
  role?: Role;
  /** The header cell is a number (an XLSX cell): its exact value, which may have lost trailing zeros ("1.10" typed → 1.1). */
  number?: string;
}

export interface Header {
  /** The last header row; data starts below it. */
  row: number;
  columns: Column[];
}

/** How many rows to look through for the header (above it: titles such as "BẢNG TỔNG HỢP…"). */
const HEADER_SEARCH_ROWS = 20;

/**
 * Finds the header: the first row with a unit column, below any title rows. When the next row has
 * no unit but has text, it continues the header (cells merged across two rows: "Mã đơn vị" spans
 * rows 1–2 and "Chỉ tiêu" spans C1:F1 over the indicator ids in row 2): each column then takes the
 * lower text, or the upper one where the lower is empty.
 */
export class HeaderFinder {
  private candidate: { row: RawRow; unitIndex: number } | undefined;
  private seen = 0;

  /** Feed rows in order. A found header may hand back a row that is already data (`replay`). */
  push(row: RawRow): { header: Header; replay?: RawRow } | 'more' | 'gave-up' {
    if (this.candidate) {
      const first = this.candidate;
      this.candidate = undefined;
      const continues = text(row.cells[first.unitIndex]) === '' && row.cells.some((c) => text(c) !== '');
      return continues ? { header: build(first.row, row) } : { header: build(first.row, undefined), replay: row };
    }
    this.seen++;
    const unitIndex = row.cells.findIndex((c) => roleOf(text(c)) === 'unit');
    if (unitIndex >= 0) {
      this.candidate = { row, unitIndex };
      return 'more';
    }
    return this.seen >= HEADER_SEARCH_ROWS ? 'gave-up' : 'more';
  }

  /** At the end of the sheet: a header found on its last row. */
  finish(): Header | undefined {
    const c = this.candidate;
    this.candidate = undefined;
    return c ? build(c.row, undefined) : undefined;
  }
}

function build(top: RawRow, sub: RawRow | undefined): Header {
  const width = Math.max(top.cells.length, sub?.cells.length ?? 0);
  const columns: Column[] = [];
  for (let i = 0; i < width; i++) {
    const upper = text(top.cells[i]);
    const lower = text(sub?.cells[i]);
    const header = lower !== '' ? lower : upper;
    if (header === '') continue;
    const role = roleOf(header);
    const number = (lower !== '' ? sub?.cells[i] : top.cells[i])?.number;
    columns.push({ index: i, letter: columnLetters(i), header, ...(role ? { role } : {}), ...(number !== undefined ? { number } : {}) });
  }
  return { row: sub?.row ?? top.row, columns };
}

export function text(c: Cell | undefined): string {
  if (c === undefined) return '';
  // ASCII needs no normalising: most cells are codes and numbers.
  return /^[\x20-\x7e]*$/.test(c.text) ? c.text.trim() : c.text.normalize('NFC').trim();
}
