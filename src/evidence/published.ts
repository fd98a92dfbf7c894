import { Exact } from '../core/exact.js';
import type { Criteria } from '../core/model.js';
import { problem, type Location, type Problem } from '../core/problems.js';
import type { Manifest } from '../core/report.js';
import { foldText } from '../core/text.js';
import { location } from './collect.js';
import { text, type Column, type Header } from './tables/headers.js';
import { cellAt, columnWith } from './tables/read.js';
import type { Cell } from './tables/table.js';
import { cellNumber, prov, tableRows, type Rows } from './units.js';
import { cellError, cleanText, parseLocaleNumber, type Locale } from './values.js';

/**
 * Published figures to recheck: a ranking table as a province publishes it (CSV or XLSX), or a
 * report JSON read by `src/audit/report-file.ts`, both brought to this one shape.
 */
export interface Figure<T> {
  /** null: the cell is empty or "—" (nothing applies, not ranked). */
  value: T | null;
  /** Where it is written (a table cell); a report JSON gives none. */
  at?: Location;
}

export interface PublishedRank {
  rank: number;
  /** Written "3=". */
  tied: boolean;
}

export interface PublishedUnit {
  /** The unit as written: its id, or its name. */
  unit: string;
  /** The row. */
  at?: Location;
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
    const id = ids.get(foldText(c.header.split(/\s+/)[0] ?? ''));
    if (id !== undefined && !parts.has(id)) parts.set(id, c);
  }
  return { figures, parts };
}

/**
 * Reads a published ranking table: `unit` and any of `points`, `max`, `index`, `rank`, `band`, and
 * columns headed by a criterion's id. Numbers are read in the criteria's locale, unless the table
 * is written in the other one (an English export's 82.25 beside Vietnamese criteria): a table uses
 * one notation throughout, so its rows are read whole first and the notation decided on all of
 * them (a published table has one row per unit). Values that are not numbers or ranks are
 * problems at their cell; a unit given twice is one.
 */
export async function readPublishedTable(path: string, file: string, criteria: Criteria): Promise<{ units: PublishedUnit[]; problems: Problem[] }> {
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
  const rows: Rows[] = [];
  for await (const r of tableRows(path, file, missing, 'published', problems)) rows.push(r);
  const locale = notation(rows, columnsOf, criteria.locale);
  for (const r of rows) {
    const { figures, parts } = columnsOf(r.header);
    const unitColumn = columnWith(r.header, 'unit')!;
    const unit = cleanText(text(cellAt(r.row, unitColumn)));
    const at = location(prov(r, unitColumn));
    const rowAt = { file: at.file, ...(at.sheet !== undefined ? { sheet: at.sheet } : {}), row: at.row! };
    const earlier = seen.get(foldText(unit));
    if (earlier) {
      problems.push(problem('duplicate-unit', 'error', { unit }, { location: at, also: { location: earlier }, unit }));
      continue;
    }
    seen.set(foldText(unit), at);
    const read = new Reader(r, locale, problems);
    const column = (name: FigureName) => figures.get(name);
    const number = (name: 'points' | 'max' | 'index') => {
      const c = column(name);
      return c && read.number(c);
    };
    const rank = column('rank');
    const band = column('band');
    const partFigures = new Map<string, Figure<Exact>>();
    for (const [id, c] of parts) {
      const figure = read.number(c);
      if (figure) partFigures.set(id, figure);
    }
    units.push({
      unit,
      at: rowAt,
      points: number('points'),
      max: number('max'),
      index: number('index'),
      rank: rank && read.rank(rank),
      band: band && read.text(band),
      parts: partFigures,
    });
  }
  return { units, problems };
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
      .filter((c) => c?.number === undefined && !BLANK.has(cleanText(text(c))))
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

/** Empty, or the dash the reports write for "nothing applies" and "not ranked". */
const BLANK = new Set(['', '—', '–', '-']);

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

  /** A cell showing an error, or a formula never computed: a problem, and no figure. */
  private failed(cell: Cell | undefined, at: Location): boolean {
    if (!cell?.error) return false;
    const { code, data } = cellError(cell.error);
    this.problems.push(problem(code, 'error', data, { location: at }));
    return true;
  }

  number(column: Column): Figure<Exact> | undefined {
    const { cell, written, at } = this.cell(column);
    if (this.failed(cell, at)) return undefined;
    if (cell?.number === undefined && BLANK.has(written)) return { value: null, at };
    const value = cellNumber(cell?.number !== undefined ? cell : { text: bare(written) }, this.locale);
    if (value === undefined) {
      this.problems.push(problem('published-value', 'error', { value: written, expected: 'number' }, { location: at }));
      return undefined;
    }
    // A percent-formatted cell holds 0.955 for 95,5%.
    return { value: cell?.percent ? value.mul(Exact.HUNDRED) : value, at };
  }

  rank(column: Column): Figure<PublishedRank> | undefined {
    const { cell, written, at } = this.cell(column);
    if (this.failed(cell, at)) return undefined;
    if (BLANK.has(written)) return { value: null, at };
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
    return { value: BLANK.has(written) ? null : written, at };
  }
}
