import { Exact } from '../core/exact.js';
import type { Criteria } from '../core/model.js';
import { problem, type Location, type Problem } from '../core/problems.js';
import type { Manifest } from '../core/report.js';
import { foldText, plain } from '../core/text.js';
import { location } from './collect.js';
import { text, type Column, type Header } from './tables/headers.js';
import { cellAt, columnWith } from './tables/read.js';
import type { Cell } from './tables/table.js';
import { prov, tableRows, type Rows } from './units.js';
import { cellError, cleanText, parseLocaleNumber, writtenPlaces, type Locale } from './values.js';

/**
 * Published figures to recheck: a ranking table as a province publishes it (CSV or XLSX), or a
 * report JSON read by `src/audit/report-file.ts`, both brought to this one shape.
 */
export interface Figure<T> {
  /**
   * null: nothing — a cell left blank or marked "not published" (then `blank` says how), or a
   * report's null (no index, no rank, nothing applies).
   */
  value: T | null;
  /** The cell is empty or holds a mark for "not published, no data": "", "—", "-", "…", "N/A", "*". */
  blank?: string;
  /**
   * The decimals a number is printed with: from its text ("89,950": 3), its cell's number format
   * (0.00: 2) or, for a report JSON, the report's precision. It stands for the interval
   * [value − ½·10⁻ᵖ, value + ½·10⁻ᵖ].
   */
  places?: number;
  /** Where it is written (a table cell); a report JSON gives none. */
  at?: Location;
}

export interface PublishedRank {
  rank: number;
  /** Written "3=". */
  tied: boolean;
}

/** A row that sums up the rows above it rather than a unit: "Trung bình", "Bình quân", "Cả nước" (a mean); "Tổng" (a total). */
export type SummaryKind = 'mean' | 'total';

export interface PublishedUnit {
  /** The unit as written: its id, or its name; for a summary row, its label ("Trung bình"). */
  unit: string;
  /** The row. */
  at?: Location;
  /** The row is labelled as a mean or total: recheck takes it for one unless a unit has that id or name. */
  summary?: SummaryKind;
  /** The row says the unit is not ranked ("không xếp hạng", "chưa xếp hạng: …") in its rank or band cell. */
  unranked?: { written: string; at?: Location };
  /** A figure left undefined is not published (no such column). */
  points?: Figure<Exact>;
  max?: Figure<Exact>;
  index?: Figure<Exact>;
  rank?: Figure<PublishedRank>;
  band?: Figure<string>;
  /** Points of criteria, leaves and bonuses or penalties, by id. */
  parts: Map<string, Figure<Exact>>;
}

export interface Published {
  file: string;
  units: PublishedUnit[];
  /** A report JSON's manifest, to warn when the inputs differ. */
  manifest?: Manifest;
  /** The ranking sheet of the workbook `score --format xlsx` writes, read alone. */
  sheet?: string;
}

const FIGURES = ['points', 'max', 'index', 'rank', 'band'] as const;
type FigureName = (typeof FIGURES)[number];

/** The columns of a published table: its figures, and the criteria named by id ("1", "1.2 Kế hoạch"). */
function publishedColumns(header: Header, ids: ReadonlyMap<string, string>): { figures: Map<FigureName, Column>; parts: Map<string, Column> } {
  const figures = new Map<FigureName, Column>();
  for (const f of FIGURES) {
    // "Chỉ số" names an indicator in evidence; in a ranking table it is the index.
    const c = columnWith(header, f) ?? (f === 'index' ? columnWith(header, 'indicator') : undefined);
    if (c) figures.set(f, c);
  }
  const parts = new Map<string, Column>();
  for (const c of header.columns) {
    if (c.role !== undefined) continue;
    // "1", "1.2 Kế hoạch", and the workbook's "1. Công tác chỉ đạo…" or "2) …": the id, then a point, colon or bracket.
    const first = (c.header.split(/\s+/)[0] ?? '').replace(/[.:)]+$/, '');
    const id = ids.get(foldText(first));
    if (id !== undefined && !parts.has(id)) parts.set(id, c);
  }
  return { figures, parts };
}

/** The marks a published table leaves in a cell for "not published, no data". */
const BLANK = new Set(['', '—', '–', '-', '--', '…', '...', 'n/a', 'na', '*', '**']);

export function isBlank(written: string): boolean {
  return BLANK.has(foldText(written));
}

/** "không xếp hạng", "chưa xếp hạng: không có dữ liệu" (what parscore writes), "KXH", "unranked", "not ranked". */
export function isUnranked(written: string): boolean {
  return /^(khong xep hang|chua xep hang|kxh|not ranked|unranked)\b/.test(plain(written));
}

const SUMMARY: ReadonlyMap<string, SummaryKind> = new Map([
  ...[
    'trung binh',
    'trung binh chung',
    'trung binh ca nuoc',
    'trung binh toan tinh',
    'trung binh toan thanh pho',
    'gia tri trung binh',
    'binh quan',
    'binh quan chung',
    'ca nuoc',
    'toan quoc',
    'toan tinh',
    'average',
    'mean',
    'national average',
    'national',
    'nationwide',
    'overall',
  ].map((k) => [k, 'mean'] as const),
  ...['tong', 'tong cong', 'tong so', 'total', 'grand total', 'sum'].map((k) => [k, 'total'] as const),
]);

/** What a row's label sums up: "Trung bình" a mean, "Tổng cộng" a total; undefined for anything else. */
export function summaryKind(label: string): SummaryKind | undefined {
  return SUMMARY.get(plain(label).replace(/[.:()*]+/g, ' ').replace(/\s+/g, ' ').trim());
}

/**
 * The first sheet of the workbook `score --format xlsx` writes, in either language ("Xếp hạng",
 * "Ranking"; "Xếp hạng (2)" past Excel's row limit), known by its name and its first columns:
 * group, rank, unit, name, points, max, index, band.
 */
function isOwnRanking(name: string | undefined, header: Header): boolean {
  if (name === undefined || !/^(xep hang|ranking)( \(\d+\))?$/.test(plain(name))) return false;
  const roles = header.columns.slice(0, 8).map((c) => c.role);
  return ['group', 'rank', 'unit', 'name', 'points', 'max', 'indicator', 'band'].every((r, i) => roles[i] === r || (r === 'indicator' && roles[i] === 'index'));
}

/**
 * Reads a published ranking table: `unit` and any of `points`, `max`, `index`, `rank`, `band`, and
 * columns headed by a criterion's id. Numbers are read in the criteria's locale, unless the table
 * is written in the other one (an English export's 82.25 beside Vietnamese criteria): a table uses
 * one notation throughout, so its rows are read whole first and the notation decided on all of
 * them (a published table has one row per unit). Values that are not numbers or ranks are
 * problems at their cell; a unit given twice is one. Rows labelled "Trung bình", "Tổng", "Cả nước"
 * are summary rows, whether the label is in the unit cell or (the unit cell empty) beside it.
 *
 * Of a workbook, every sheet; or only `sheet`; or, in the workbook `score --format xlsx` writes,
 * only its ranking sheet (its other sheets repeat every unit, criterion by criterion).
 */
export async function readPublishedTable(path: string, file: string, criteria: Criteria, options: { sheet?: string } = {}): Promise<{ units: PublishedUnit[]; problems: Problem[]; sheet?: string }> {
  const ids = new Map([...criteria.byId.keys(), ...criteria.adjustments.map((a) => a.id)].map((id) => [foldText(id), id]));
  const problems: Problem[] = [];
  const units: PublishedUnit[] = [];
  const seen = new Map<string, Location>();
  const columns = new Map<Header, ReturnType<typeof publishedColumns>>();
  const columnsOf = (h: Header) => {
    let c = columns.get(h);
    if (!c) columns.set(h, (c = publishedColumns(h, ids)));
    return c;
  };
  const missing = (h: Header) => {
    const c = columnsOf(h);
    return c.figures.size === 0 && c.parts.size === 0 ? ['points'] : [];
  };
  // parscore's own workbook: once its ranking sheet is seen, the other sheets are passed over.
  let own: string | undefined;
  const skip = (sheet: { name?: string; header: Header }) => {
    if (options.sheet !== undefined) return false;
    if (isOwnRanking(sheet.name, sheet.header)) {
      own ??= sheet.name;
      return false;
    }
    return own !== undefined;
  };
  let rows: Rows[] = [];
  for await (const r of tableRows(path, file, missing, 'published', problems, { ...(options.sheet !== undefined ? { sheet: options.sheet } : {}), skip, withoutUnit: true })) rows.push(r);
  if (own !== undefined) {
    // Sheets read before the ranking sheet, and what was said of them, are not the table either.
    const ranking = (sheet: string | undefined) => sheet !== undefined && isOwnRankingName(sheet);
    rows = rows.filter((r) => ranking(r.where.sheet));
    for (let i = problems.length - 1; i >= 0; i--) if (!ranking(problems[i]!.location?.sheet)) problems.splice(i, 1);
  }
  const locale = notation(rows, columnsOf, criteria.locale);
  for (const r of rows) {
    const { figures, parts } = columnsOf(r.header);
    const unitColumn = columnWith(r.header, 'unit')!;
    let unit = cleanText(text(cellAt(r.row, unitColumn)));
    let summary = summaryKind(unit);
    // "…" where a table leaves out the middle of a ranking is no unit.
    if (isBlank(unit)) {
      // A summary row's label may stand in the name or number cell, or span them (merged): the unit cell is then empty.
      const label = summaryLabel(r, figures, parts);
      if (label === undefined) continue;
      unit = label;
      summary = summaryKind(label);
    }
    const at = location(prov(r, unitColumn));
    const rowAt = { file: at.file, ...(at.sheet !== undefined ? { sheet: at.sheet } : {}), row: at.row! };
    if (!summary) {
      const earlier = seen.get(foldText(unit));
      if (earlier) {
        problems.push(problem('duplicate-unit', 'error', { unit }, { location: at, also: { location: earlier }, unit }));
        continue;
      }
      seen.set(foldText(unit), at);
    }
    const read = new Reader(r, locale, problems);
    const column = (name: FigureName) => figures.get(name);
    const number = (name: 'points' | 'max' | 'index') => {
      const c = column(name);
      return c && read.number(c);
    };
    const rankColumn = column('rank');
    const bandColumn = column('band');
    const rank = rankColumn && read.rank(rankColumn);
    const band = bandColumn && read.text(bandColumn);
    const unranked = rank === 'unranked' ? read.written(rankColumn!) : band?.value != null && isUnranked(band.value) ? read.written(bandColumn!) : undefined;
    const partFigures = new Map<string, Figure<Exact>>();
    for (const [id, c] of parts) {
      const figure = read.number(c);
      if (figure) partFigures.set(id, figure);
    }
    units.push({
      unit,
      at: rowAt,
      ...(summary ? { summary } : {}),
      ...(unranked ? { unranked } : {}),
      points: number('points'),
      max: number('max'),
      index: number('index'),
      rank: rank === 'unranked' ? undefined : rank,
      // "chưa xếp hạng" in the band column says the unit is not ranked; it is no band.
      band: band?.value != null && isUnranked(band.value) ? undefined : band,
      parts: partFigures,
    });
  }
  return { units, problems, ...(own !== undefined ? { sheet: own } : {}) };
}

function isOwnRankingName(sheet: string): boolean {
  return /^(xep hang|ranking)( \(\d+\))?$/.test(plain(sheet));
}

/**
 * The label of a row whose unit cell is empty, when it is a summary ("Trung bình"): in a cell of the
 * name, number or group column, or of any other column left of the figures.
 */
function summaryLabel(r: Rows, figures: ReadonlyMap<FigureName, Column>, parts: ReadonlyMap<string, Column>): string | undefined {
  const firstFigure = Math.min(...[...figures.values(), ...parts.values()].map((c) => c.index));
  for (const c of r.header.columns) {
    const labelled = c.role === 'name' || c.role === 'sequence' || c.role === 'group' || (c.role === undefined && c.index < firstFigure);
    if (!labelled) continue;
    const written = cleanText(text(cellAt(r.row, c)));
    if (summaryKind(written)) return written;
  }
  // A label merged across the first cells is in the leftmost one, which may have no header.
  for (let i = 0; i < firstFigure; i++) {
    const written = cleanText(text(r.row.cells[i]));
    if (written !== '' && summaryKind(written)) return written;
  }
  return undefined;
}

/** The criteria's notation, or the other when every written number reads only in that one. */
function notation(rows: readonly Rows[], columnsOf: (h: Header) => ReturnType<typeof publishedColumns>, locale: Locale): Locale {
  const other: Locale = locale === 'vi' ? 'en' : 'vi';
  const written = rows.flatMap((r) => {
    const { figures, parts } = columnsOf(r.header);
    return [...figures.entries()]
      .filter(([name]) => name !== 'rank' && name !== 'band')
      .map(([, c]) => c)
      .concat([...parts.values()])
      .map((c) => cellAt(r.row, c))
      .filter((c) => c?.number === undefined && !isBlank(cleanText(text(c))))
      .map((c) => bare(cleanText(text(c))));
  });
  // Text that is no number in either notation is a problem whatever the notation; it decides nothing.
  const numbers = written.filter((t) => parseLocaleNumber(t, locale) !== undefined || parseLocaleNumber(t, other) !== undefined);
  const reads = (l: Locale) => numbers.every((t) => parseLocaleNumber(t, l) !== undefined);
  return !reads(locale) && reads(other) ? other : locale;
}

/** A number as written, without a percent sign (an index written "92,50%"). */
function bare(written: string): string {
  return written.replace(/\s*%$/, '');
}

/** The cells of one row as figures; a value that cannot be read is a problem and no figure. */
class Reader {
  constructor(
    private readonly r: Rows,
    private readonly locale: Locale,
    private readonly problems: Problem[],
  ) {}

  private cell(column: Column): { cell: Cell | undefined; written: string; at: Location } {
    const cell = cellAt(this.r.row, column);
    return { cell, written: cleanText(text(cell)), at: location(prov(this.r, column)) };
  }

  written(column: Column): { written: string; at: Location } {
    const { written, at } = this.cell(column);
    return { written, at };
  }

  /** A cell showing an error, or a formula never computed: a problem, and no figure. */
  private failed(cell: Cell | undefined, at: Location): boolean {
    if (!cell?.error) return false;
    const { code, data } = cellError(cell.error);
    this.problems.push(problem(code, 'error', data, { location: at }));
    return true;
  }

  /**
   * A number as printed: a number cell as its format shows it (89.9549 in 0.00 is 89,95, 2
   * places), text with the decimals it is written with ("89,950": 3).
   */
  number(column: Column): Figure<Exact> | undefined {
    const { cell, written, at } = this.cell(column);
    if (this.failed(cell, at)) return undefined;
    if (cell?.number === undefined && isBlank(written)) return { value: null, blank: written, at };
    if (cell?.number !== undefined) {
      const held = Exact.parse(cell.number)!;
      // A percent-formatted cell holds 0.955 for 95,5%.
      const value = cell.percent ? held.mul(Exact.HUNDRED) : held;
      const places = cell.places ?? value.decimalPlaces() ?? 0;
      return { value: value.round(places), places, at };
    }
    const value = parseLocaleNumber(bare(written), this.locale);
    if (value === undefined) {
      this.problems.push(problem('published-value', 'error', { value: written, expected: 'number' }, { location: at }));
      return undefined;
    }
    return { value, places: writtenPlaces(bare(written), this.locale) ?? 0, at };
  }

  /** A rank: "3", "3=" (tied); blank; or "không xếp hạng" (not ranked). */
  rank(column: Column): Figure<PublishedRank> | 'unranked' | undefined {
    const { cell, written, at } = this.cell(column);
    if (this.failed(cell, at)) return undefined;
    if (isBlank(written)) return { value: null, blank: written, at };
    if (isUnranked(written)) return 'unranked';
    const m = /^(\d+)\s*(=?)$/.exec(written);
    if (!m) {
      this.problems.push(problem('published-value', 'error', { value: written, expected: 'rank' }, { location: at }));
      return undefined;
    }
    return { value: { rank: Number(m[1]), tied: m[2] === '=' }, at };
  }

  text(column: Column): Figure<string> | undefined {
    const { cell, written, at } = this.cell(column);
    if (this.failed(cell, at)) return undefined;
    return isBlank(written) ? { value: null, blank: written, at } : { value: written, at };
  }
}
