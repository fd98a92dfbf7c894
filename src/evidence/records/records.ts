import { extname } from 'node:path';
import { Exact } from '../../core/exact.js';
import type { Criteria, DerivedIndicator } from '../../core/model.js';
import { problem, type Location } from '../../core/problems.js';
import { SampleRows, SampleTable } from './samples.js';
import { aggregateFor, isBlank, notationShown, NUMBER_CELL, remember, WeightColumn, type Aggregate, type Expected, type Notation, type NumberColumn, type Reading } from './aggregates.js';
import type { EvidenceCollector } from '../collect.js';
import { readCsvHead } from '../tables/csv.js';
import { headerKey, roleOf } from '../tables/headers.js';
import { readTable } from '../tables/read.js';
import { columnLetters, type Cell, type ReadLimits } from '../tables/table.js';
import { parseCsv, scanCsv } from './read-csv.js';
import { EVERY_COLUMN, type Projection } from './scan.js';
import { cleanText } from '../values.js';

/**
 * Record sources: row-level exports — survey answers (one row per respondent), dossier lists from
 * the one-stop-shop system (one row per hồ sơ) — aggregated per unit into the derived indicators of
 * the criteria file (`indicators:`), in one streamed pass per file (aggregates.ts does the counting).
 *
 * Millions of rows go through here, so a row costs little: csv-parse's arrays are taken as they
 * are, only the columns an indicator needs are looked at, and a unit text is resolved once.
 */
export interface RecordFile {
  /** The source name used by `from:` (--records NAME=FILE). */
  name: string;
  path: string;
  /** The name shown in messages and explanations. */
  file: string;
}

export interface RecordOptions {
  limits?: ReadLimits;
  /**
   * Keep the rows behind the sampled indicators (`share` and `mean`) for redrawing, except those of
   * the sources named in `census` (complete registers, not samples).
   */
  samples?: { census: readonly string[] };
  /** Hears how many rows of `file` have been read, every few thousand. */
  onRows?: (file: string, rows: number) => void;
  /**
   * How CSV files are read (read-csv.ts): by the projecting scanner (the default), or by csv-parse
   * as before the scanner, which the differential test compares it with.
   */
  csv?: 'scan' | 'csv-parse';
}

/**
 * Reads every record file and hands each unit's derived values to the collector, which gives them
 * to the leaves that read them exactly as it does evidence values. A source the criteria use but no
 * file was given for is reported once (`records-not-given`). With `samples`, returns the rows behind
 * the sampled indicators, one table per source and unit column (none otherwise).
 */
export async function readRecords(
  criteria: Criteria,
  criteriaFile: string,
  collector: EvidenceCollector,
  files: readonly RecordFile[],
  options: RecordOptions = {},
): Promise<SampleTable[]> {
  const tables: SampleTable[] = [];
  const bySource = new Map<string, DerivedIndicator[]>();
  for (const d of criteria.indicators.values()) bySource.set(d.from, [...(bySource.get(d.from) ?? []), d]);
  for (const [source, indicators] of bySource) {
    const given = files.filter((f) => f.name === source);
    if (given.length === 0) {
      collector.recordsNotGiven(source, indicators.map((d) => d.name), { file: criteriaFile });
      continue;
    }
    const sampled = options.samples !== undefined && !options.samples.census.includes(source);
    const reader = new SourceReader(criteria, indicators, collector, options, sampled ? source : undefined);
    for (const f of given) await reader.read(f);
    tables.push(...reader.finish());
  }
  return tables;
}

// ─────────────────────────────────────────────────────────────────────────── one source

/**
 * An XLSX cell as the text a CSV export would hold: dates as ISO, numbers in the locale's notation;
 * in a column of numbers (`numeric`), a number cell is marked as typed (NUMBER_CELL).
 */
function cellText(c: Cell | undefined, locale: 'vi' | 'en', numeric: boolean): string {
  if (c === undefined) return '';
  if (c.date !== undefined) return c.date;
  if (c.number !== undefined) {
    const n = c.percent ? Exact.parse(c.number)!.mul(Exact.HUNDRED).toString() : c.number;
    if (numeric) return NUMBER_CELL + n;
    return locale === 'vi' ? n.replace('.', ',') : n;
  }
  return c.text;
}

/** How many rows to look through for the header (title rows may come first). */
const HEADER_SEARCH_ROWS = 20;

/** How many rows below the header decide how a column writes its numbers. */
const NOTATION_ROWS = 1000;

/** How many unreadable cells of a column a problem quotes. */
const FIRST_SHOWN = 3;

/** The aggregates that share a unit column, and the unit each text in it resolves to. */
interface UnitColumn {
  name: string;
  aggregates: Aggregate[];
  /** Unit text → slot, or UNKNOWN_UNIT. */
  slots: Map<string, number>;
  /** The rows kept for redrawing this column's sampled indicators, when asked for. */
  samples?: SampleRows;
}

const UNKNOWN_UNIT = -1;

/** A sheet (or CSV file) being read: where its header is, and what was found in it. */
interface Sheet {
  where: { file: string; sheet?: string };
  rowsSeen: number;
  header?: {
    row: number;
    units: Array<{ column: UnitColumn; index: number; letter: string; header: string; live: Aggregate[] }>;
    /** Every column's header text, for problems about its cells. */
    names: string[];
    /** The columns read (the unit columns and those of the live indicators), for the scanner. */
    projection: Projection;
    /** The columns of numbers read, by index, and (for workbooks) which indexes they are. */
    numbers: Map<number, NumberColumn[]>;
    numeric: boolean[];
  };
  /** Rows below the header, held until the columns of numbers have their notation. */
  held?: Array<{ fields: readonly string[]; row: number }>;
  /** Header found and notations decided: rows go straight to the aggregates. */
  ready: boolean;
  gaveUp: boolean;
  blankUnits?: { rows: number; at: Location };
  unknown: Map<string, { rows: number; at: Location }>;
  /** Cells that cannot be read, by column index: reported once per column. */
  unreadable: Map<number, { expected: Expected; rows: number; first: Array<{ row: number; text: string }>; last: number }>;
}

/** Matches a column name from the criteria to a header: "ngay_tra" is "Ngày trả"; the default `unit` is any unit header. */
function sameColumn(name: string, header: string): boolean {
  return headerKey(name) === headerKey(header) || (name === 'unit' && roleOf(header) === 'unit');
}

class SourceReader {
  private readonly columns: UnitColumn[] = [];
  private readonly aggregates: Aggregate[];
  private readonly slotOf = new Map<string, number>();
  private readonly files: string[] = [];
  private slots = 0;
  /** How many slots the aggregates have room for. */
  private room = 0;
  private readonly reading: Reading;
  /** The sheet and row being aggregated, for the cells of it that cannot be read. */
  private current: Sheet | undefined;
  private rowNow = 0;

  constructor(
    criteria: Criteria,
    indicators: readonly DerivedIndicator[],
    private readonly collector: EvidenceCollector,
    private readonly options: RecordOptions,
    /** The source's name when its sampled indicators' rows are kept. */
    sampled?: string,
  ) {
    this.reading = { locale: criteria.locale, days: new Map(), unreadable: (index, text, expected) => this.unreadable(index, text, expected) };
    const weights = new Map<string, WeightColumn>();
    const weightColumn = (name: string) => weights.get(headerKey(name)) ?? weights.set(headerKey(name), new WeightColumn(name, this.reading)).get(headerKey(name))!;
    this.aggregates = indicators.map((d) => aggregateFor(d, this.reading, weightColumn));
    for (const a of this.aggregates) {
      const name = a.indicator.unitColumn;
      let column = this.columns.find((c) => headerKey(c.name) === headerKey(name));
      if (!column) this.columns.push((column = { name, aggregates: [], slots: new Map() }));
      column.aggregates.push(a);
    }
    if (sampled !== undefined) {
      for (const column of this.columns) {
        const kept = column.aggregates.filter((a) => a.indicator.aggregate.kind === 'share' || a.indicator.aggregate.kind === 'mean');
        if (kept.length === 0) continue;
        column.samples = new SampleRows(sampled, kept.map((a) => a.indicator));
        kept.forEach((a, i) => (a.sink = column.samples!.sink(i)));
      }
    }
    for (const unit of collector.units()) this.slot(unit);
  }

  async read(f: RecordFile): Promise<void> {
    this.files.push(f.file);
    // Workbooks go through the table reader (which also refuses old .xls files); CSV takes the fast path.
    if (['.xlsx', '.xlsm', '.xls'].includes(extname(f.file).toLowerCase())) await this.readWorkbook(f);
    else await this.readCsv(f);
  }

  /** The CSV path: the scanner, which builds strings only for the columns the indicators read. */
  private async readCsv(f: RecordFile): Promise<void> {
    // The separator is the one that splits a unit column out of the header line (below any titles).
    const head = await readCsvHead(f.path, f.file, (field) => this.columns.some((c) => sameColumn(c.name, cleanText(field))));
    const sheet = this.sheet({ file: f.file });
    const onRows = this.options.onRows;
    const take = (fields: readonly string[], row: number) => {
      if (sheet.ready) this.aggregate(sheet, fields, row);
      else this.take(sheet, fields, row);
      if ((row & 4095) === 0) onRows?.(f.file, row);
    };
    if (this.options.csv === 'csv-parse') await parseCsv(f, head, this.options.limits, take);
    else await scanCsv(f, head, this.options.limits, () => this.projection(sheet), take);
    this.endSheet(sheet, true);
  }

  /** The columns the scanner decodes: all while the header is looked for, then those the live indicators read. */
  private projection(sheet: Sheet): Projection {
    return sheet.header?.projection ?? (sheet.gaveUp ? NO_COLUMN : EVERY_COLUMN);
  }

  private async readWorkbook(f: RecordFile): Promise<void> {
    let headed = false;
    let rows = 0;
    const locale = this.reading.locale;
    for await (const raw of readTable(f.path, f.file, { limits: this.options.limits ?? {} })) {
      const sheet = this.sheet({ file: f.file, ...(raw.name !== undefined ? { sheet: raw.name } : {}) });
      for await (const r of raw.rows) {
        const numeric = sheet.header?.numeric;
        const fields = r.cells.map((c, i) => cellText(c, locale, numeric?.[i] === true));
        if (sheet.ready) this.aggregate(sheet, fields, r.row);
        else this.take(sheet, fields, r.row);
        if ((++rows & 4095) === 0) this.options.onRows?.(f.file, rows);
      }
      headed ||= sheet.header !== undefined;
      this.endSheet(sheet, false);
    }
    if (!headed) this.missingUnitColumns({ file: f.file, row: 1 });
  }

  private sheet(where: Sheet['where']): Sheet {
    this.current = { where, rowsSeen: 0, ready: false, gaveUp: false, unknown: new Map(), unreadable: new Map() };
    return this.current;
  }

  /** A row before the aggregates take rows straight: the header is looked for, then the first rows held. */
  private take(sheet: Sheet, fields: readonly string[], row: number): void {
    if (sheet.header === undefined) return this.findHeader(sheet, fields, row);
    sheet.held!.push({ fields, row });
    if (sheet.held!.length >= NOTATION_ROWS) this.decide(sheet);
  }

  /** Each column of numbers gets its notation from the rows held; then they are aggregated. */
  private decide(sheet: Sheet): void {
    const held = sheet.held ?? [];
    sheet.held = undefined;
    sheet.ready = true;
    for (const [index, columns] of sheet.header!.numbers) {
      const notation = this.notation(sheet, index, held);
      for (const c of columns) c.notation = notation;
    }
    for (const h of held) this.aggregate(sheet, h.fields, h.row);
  }

  /**
   * How a column writes its numbers, from its first rows: the notation its numbers show (0,9101 is
   * vi, 0.9101 en; 12 and 1.234, which read both ways, show none), the criteria's locale when none
   * does. A column showing both is a problem; only numbers that read the same both ways are taken.
   */
  private notation(sheet: Sheet, index: number, held: NonNullable<Sheet['held']>): Notation {
    const shown: Partial<Record<'vi' | 'en', { row: number; text: string }>> = {};
    for (const { fields, row } of held) {
      const text = fields[index] ?? '';
      if (isBlank(text) || text.startsWith(NUMBER_CELL)) continue;
      const clean = cleanText(text);
      const n = notationShown(clean);
      if (n === undefined || shown[n] !== undefined) continue;
      shown[n] = { row, text: clean };
      if (shown.vi && shown.en) break;
    }
    const { vi, en } = shown;
    if (!vi || !en) return vi ? 'vi' : en ? 'en' : this.reading.locale;
    const at = { ...sheet.where, row: Math.max(vi.row, en.row), cell: columnLetters(index), header: sheet.header!.names[index]! };
    this.collector.recordProblem(problem('record-mixed-notation', 'error', { column: at.header, vi, en }, { location: at }));
    return 'mixed';
  }

  /** A cell of the current row that cannot be read: counted per column, the first few quoted; a cell read by several indicators counts once. */
  private unreadable(index: number, text: string, expected: Expected): void {
    const sheet = this.current!;
    let c = sheet.unreadable.get(index);
    if (c === undefined) sheet.unreadable.set(index, (c = { expected, rows: 0, first: [], last: 0 }));
    if (c.last === this.rowNow) return;
    c.last = this.rowNow;
    c.rows++;
    if (c.first.length < FIRST_SHOWN) c.first.push({ row: this.rowNow, text: cleanText(text.startsWith(NUMBER_CELL) ? text.slice(1) : text) });
  }

  private aggregate(sheet: Sheet, fields: readonly string[], row: number): void {
    const header = sheet.header!;
    this.rowNow = row;
    for (const h of header.units) {
      const text = fields[h.index] ?? '';
      const u = h.column.slots.get(text) ?? this.resolve(h.column, text);
      if (u === UNKNOWN_UNIT) this.unknownRow(sheet, { ...sheet.where, row, cell: h.letter, header: h.header }, text);
      else {
        h.column.samples?.begin(u);
        for (const a of h.live) a.add(u, fields);
      }
    }
  }

  /** A unit text seen for the first time: a known unit's slot, or UNKNOWN_UNIT. */
  private resolve(column: UnitColumn, text: string): number {
    const id = isBlank(text) ? undefined : this.collector.unitFor(text);
    return remember(column.slots, text, id === undefined ? UNKNOWN_UNIT : this.slot(id));
  }

  /** Rows that name no unit, or one not in the units file: counted, and reported once per file and unit. */
  private unknownRow(sheet: Sheet, at: Location, text: string): void {
    if (isBlank(text)) {
      (sheet.blankUnits ??= { rows: 0, at }).rows++;
      return;
    }
    const seen = sheet.unknown.get(text);
    if (seen) seen.rows++;
    else sheet.unknown.set(text, { rows: 1, at });
  }

  private slot(unit: string): number {
    let s = this.slotOf.get(unit);
    if (s === undefined) {
      s = this.slots++;
      this.slotOf.set(unit, s);
      // Room for twice as many at a time: the national units file gives 3,321 slots at once.
      if (this.slots > this.room) {
        this.room = Math.max(64, this.room * 2);
        for (const a of this.aggregates) a.grow(this.room);
      }
    }
    return s;
  }

  /** The header is the first row (of the first 20) with a unit column; every column an indicator reads must be in it. */
  private findHeader(sheet: Sheet, fields: readonly string[], row: number): void {
    if (sheet.gaveUp) return;
    const find = (name: string) => fields.findIndex((f) => f !== '' && sameColumn(name, cleanText(f)));
    const units = this.columns.map((column) => ({ column, index: find(column.name) }));
    if (!units.some((u) => u.index >= 0)) {
      if (++sheet.rowsSeen >= HEADER_SEARCH_ROWS) sheet.gaveUp = true;
      return;
    }
    const missing = new Map<string, string[]>();
    const need = (column: string, indicator: string) => missing.set(column, [...(missing.get(column) ?? []), indicator]);
    const bound: NonNullable<Sheet['header']>['units'] = [];
    const wanted = new Uint8Array(fields.length);
    for (const { column, index } of units) {
      if (index < 0) {
        for (const a of column.aggregates) need(column.name, a.indicator.name);
        continue;
      }
      wanted[index] = 1;
      const live: Aggregate[] = [];
      for (const a of column.aggregates) {
        const indexes = a.columns.map(find);
        a.columns.forEach((c, i) => indexes[i]! < 0 && need(c, a.indicator.name));
        if (indexes.every((i) => i >= 0)) {
          a.bind(indexes);
          live.push(a);
          for (const i of indexes) wanted[i] = 1;
        }
      }
      bound.push({ column, index, letter: columnLetters(index), header: cleanText(fields[index]!), live });
    }
    const numbers = new Map<number, NumberColumn[]>();
    for (const a of bound.flatMap((b) => b.live)) for (const c of a.numberColumns()) numbers.set(c.at, [...(numbers.get(c.at) ?? []), c]);
    const numeric = fields.map((_, i) => numbers.has(i));
    sheet.header = { row, units: bound, projection: { all: false, wanted }, names: fields.map((f) => cleanText(f)), numbers, numeric };
    // Without columns of numbers there is nothing to decide: rows go straight to the aggregates.
    if (numbers.size > 0) sheet.held = [];
    else sheet.ready = true;
    for (const [column, indicators] of missing) {
      this.collector.recordProblem(problem('record-missing-column', 'error', { column, indicators }, { location: { ...sheet.where, row } }));
    }
  }

  private endSheet(sheet: Sheet, only: boolean): void {
    if (sheet.held) this.decide(sheet);
    if (sheet.header === undefined && only) this.missingUnitColumns({ ...sheet.where, row: 1 });
    if (sheet.blankUnits) {
      this.collector.recordProblem(problem('record-blank-unit', 'warning', { rows: sheet.blankUnits.rows }, { location: sheet.blankUnits.at }));
    }
    for (const [text, u] of sheet.unknown) this.collector.unknownUnit(text, u.rows, u.at);
    for (const [index, c] of sheet.unreadable) {
      // Only columns found by their header name are read, so each has one.
      const header = sheet.header!.names[index]!;
      const e = c.expected;
      const data = {
        column: header,
        rows: c.rows,
        first: c.first,
        expected: e.kind,
        ...(e.kind === 'date' ? { notation: this.reading.locale } : e.kind === 'number' || e.kind === 'weight' ? { notation: e.column.notation } : {}),
        ...(e.kind === 'answer' ? { answers: e.answers } : {}),
      };
      const at = { ...sheet.where, row: c.first[0]!.row, cell: columnLetters(index), header };
      this.collector.recordProblem(problem('record-unreadable', 'error', data, { location: at }));
    }
  }

  private missingUnitColumns(at: Location): void {
    for (const c of this.columns) {
      this.collector.recordProblem(problem('record-missing-column', 'error', { column: c.name, indicators: c.aggregates.map((a) => a.indicator.name) }, { location: at }));
    }
  }

  /**
   * Every unit's derived values, also for units without a row (a count of 0, a rate of 0/0); and
   * the rows kept for redrawing, by unit.
   */
  finish(): SampleTable[] {
    for (const unit of this.collector.units()) {
      const u = this.slotOf.get(unit) ?? -1;
      for (const a of this.aggregates) this.collector.addDerived(unit, a.indicator, a.result(u, this.files));
    }
    const units: string[] = [];
    for (const [unit, slot] of this.slotOf) units[slot] = unit;
    return this.columns.flatMap((c) => (c.samples ? [SampleTable.from(c.samples, (slot) => units[slot]!)] : []));
  }
}

// ─────────────────────────────────────────────────────────────────────────── reading CSV

/** After 20 rows without a header, no column is read. */
const NO_COLUMN: Projection = { all: false, wanted: new Uint8Array(0) };
