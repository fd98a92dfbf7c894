import { extname } from 'node:path';
import { Exact } from '../../core/exact.js';
import type { Criteria, DerivedIndicator } from '../../core/model.js';
import { problem, type Location } from '../../core/problems.js';
import { aggregateFor, isBlank, remember, WeightColumn, type Aggregate, type Reading } from './aggregates.js';
import type { EvidenceCollector } from '../collect.js';
import { csvFailure, csvRecords, readCsvHead } from '../tables/csv.js';
import { headerKey, roleOf } from '../tables/headers.js';
import { readTable } from '../tables/read.js';
import { columnLetters, type Cell, type ReadLimits } from '../tables/table.js';
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

/**
 * Reads every record file and hands each unit's derived values to the collector, which gives them
 * to the leaves that read them exactly as it does evidence values. A source the criteria use but no
 * file was given for is reported once (`records-not-given`).
 */
export async function readRecords(
  criteria: Criteria,
  criteriaFile: string,
  collector: EvidenceCollector,
  files: readonly RecordFile[],
  limits: ReadLimits = {},
): Promise<void> {
  const bySource = new Map<string, DerivedIndicator[]>();
  for (const d of criteria.indicators.values()) bySource.set(d.from, [...(bySource.get(d.from) ?? []), d]);
  for (const [source, indicators] of bySource) {
    const given = files.filter((f) => f.name === source);
    if (given.length === 0) {
      collector.recordsNotGiven(source, indicators.map((d) => d.name), { file: criteriaFile });
      continue;
    }
    const reader = new SourceReader(criteria, indicators, collector, limits);
    for (const f of given) await reader.read(f);
    reader.finish();
  }
}

// ─────────────────────────────────────────────────────────────────────────── one source

/** An XLSX cell as the text a CSV export would hold: dates as ISO, numbers in the locale's notation. */
function cellText(c: Cell | undefined, locale: 'vi' | 'en'): string {
  if (c === undefined) return '';
  if (c.date !== undefined) return c.date;
  if (c.number !== undefined) {
    const n = c.percent ? Exact.parse(c.number)!.mul(Exact.HUNDRED).toString() : c.number;
    return locale === 'vi' ? n.replace('.', ',') : n;
  }
  return c.text;
}

/** How many rows to look through for the header (title rows may come first). */
const HEADER_SEARCH_ROWS = 20;

/** The aggregates that share a unit column, and the unit each text in it resolves to. */
interface UnitColumn {
  name: string;
  aggregates: Aggregate[];
  /** Unit text → slot, or UNKNOWN_UNIT. */
  slots: Map<string, number>;
}

const UNKNOWN_UNIT = -1;

/** A sheet (or CSV file) being read: where its header is, and what was found in it. */
interface Sheet {
  where: { file: string; sheet?: string };
  rowsSeen: number;
  header?: { row: number; units: Array<{ column: UnitColumn; index: number; letter: string; header: string; live: Aggregate[] }> };
  gaveUp: boolean;
  blankUnits?: { rows: number; at: Location };
  unknown: Map<string, { rows: number; at: Location }>;
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
  private readonly reading: Reading;

  constructor(
    criteria: Criteria,
    indicators: readonly DerivedIndicator[],
    private readonly collector: EvidenceCollector,
    private readonly limits: ReadLimits,
  ) {
    this.reading = { locale: criteria.locale, days: new Map() };
    const weights = new Map<string, WeightColumn>();
    const weightColumn = (name: string) => weights.get(headerKey(name)) ?? weights.set(headerKey(name), new WeightColumn(name, criteria.locale)).get(headerKey(name))!;
    this.aggregates = indicators.map((d) => aggregateFor(d, this.reading, weightColumn));
    for (const a of this.aggregates) {
      const name = a.indicator.unitColumn;
      let column = this.columns.find((c) => headerKey(c.name) === headerKey(name));
      if (!column) this.columns.push((column = { name, aggregates: [], slots: new Map() }));
      column.aggregates.push(a);
    }
    for (const unit of collector.units()) this.slot(unit);
  }

  async read(f: RecordFile): Promise<void> {
    this.files.push(f.file);
    // Workbooks go through the table reader (which also refuses old .xls files); CSV takes the fast path.
    if (['.xlsx', '.xlsm', '.xls'].includes(extname(f.file).toLowerCase())) await this.readWorkbook(f);
    else await this.readCsv(f);
  }

  /** The CSV path: csv-parse's arrays taken with read(), nothing allocated per row beyond them. */
  private async readCsv(f: RecordFile): Promise<void> {
    const head = await readCsvHead(f.path, f.file);
    const { parser, close } = csvRecords(f.path, f.file, head, this.limits.maxRecordBytes === undefined ? undefined : { maxRecordBytes: this.limits.maxRecordBytes });
    const sheet = this.sheet({ file: f.file });
    let row = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        parser.on('readable', () => {
          try {
            let record: string[] | null;
            while ((record = parser.read() as string[] | null) !== null) this.row(sheet, record, ++row);
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
    this.endSheet(sheet, true);
  }

  private async readWorkbook(f: RecordFile): Promise<void> {
    let headed = false;
    for await (const raw of readTable(f.path, f.file, { limits: this.limits })) {
      const sheet = this.sheet({ file: f.file, ...(raw.name !== undefined ? { sheet: raw.name } : {}) });
      for await (const r of raw.rows) {
        this.row(
          sheet,
          r.cells.map((c) => cellText(c, this.reading.locale)),
          r.row,
        );
      }
      headed ||= sheet.header !== undefined;
      this.endSheet(sheet, false);
    }
    if (!headed) this.missingUnitColumns({ file: f.file, row: 1 });
  }

  private sheet(where: Sheet['where']): Sheet {
    return { where, rowsSeen: 0, gaveUp: false, unknown: new Map() };
  }

  private row(sheet: Sheet, fields: readonly string[], row: number): void {
    const header = sheet.header;
    if (header === undefined) return this.findHeader(sheet, fields, row);
    for (const h of header.units) {
      const text = fields[h.index] ?? '';
      const u = h.column.slots.get(text) ?? this.resolve(h.column, text);
      if (u === UNKNOWN_UNIT) this.unknownRow(sheet, { ...sheet.where, row, cell: h.letter, header: h.header }, text);
      else for (const a of h.live) a.add(u, fields);
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
      for (const a of this.aggregates) a.grow(this.slots);
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
    for (const { column, index } of units) {
      if (index < 0) {
        for (const a of column.aggregates) need(column.name, a.indicator.name);
        continue;
      }
      const live: Aggregate[] = [];
      for (const a of column.aggregates) {
        const indexes = a.columns.map(find);
        a.columns.forEach((c, i) => indexes[i]! < 0 && need(c, a.indicator.name));
        if (indexes.every((i) => i >= 0)) {
          a.bind(indexes);
          live.push(a);
        }
      }
      bound.push({ column, index, letter: columnLetters(index), header: cleanText(fields[index]!), live });
    }
    sheet.header = { row, units: bound };
    for (const [column, indicators] of missing) {
      this.collector.recordProblem(problem('record-missing-column', 'error', { column, indicators }, { location: { ...sheet.where, row } }));
    }
  }

  private endSheet(sheet: Sheet, only: boolean): void {
    if (sheet.header === undefined && only) this.missingUnitColumns({ ...sheet.where, row: 1 });
    if (sheet.blankUnits) {
      this.collector.recordProblem(problem('record-blank-unit', 'warning', { rows: sheet.blankUnits.rows }, { location: sheet.blankUnits.at }));
    }
    for (const [text, u] of sheet.unknown) this.collector.unknownUnit(text, u.rows, u.at);
  }

  private missingUnitColumns(at: Location): void {
    for (const c of this.columns) {
      this.collector.recordProblem(problem('record-missing-column', 'error', { column: c.name, indicators: c.aggregates.map((a) => a.indicator.name) }, { location: at }));
    }
  }

  /** Every unit's derived values, also for units without a row (a count of 0, a rate of 0/0). */
  finish(): void {
    for (const unit of this.collector.units()) {
      const u = this.slotOf.get(unit) ?? -1;
      for (const a of this.aggregates) this.collector.addDerived(unit, a.indicator, a.result(u, this.files));
    }
  }
}
