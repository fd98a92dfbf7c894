import { extname } from 'node:path';
import { dayNumber } from '../core/dates.js';
import { Exact } from '../core/exact.js';
import type { DerivedInfo, ExclusionReason } from '../core/inputs.js';
import type { Criteria, DerivedAggregate, DerivedIndicator } from '../core/model.js';
import { problem, type Location } from '../core/problems.js';
import { foldText } from '../core/text.js';
import { formatter } from '../explain/numbers.js';
import type { EvidenceCollector } from './collect.js';
import { csvFailure, csvRecords, readCsvHead } from './csv.js';
import { headerKey, roleOf } from './headers.js';
import { tInterval, wilson } from './stats.js';
import { columnLetters, UnreadableInput, type Cell } from './table.js';
import { cleanText, isNotDone, parseDateText, parseLocaleNumber } from './values.js';

/**
 * Record sources: row-level exports — survey answers (one row per respondent), dossier lists from
 * the one-stop-shop system (one row per hồ sơ) — aggregated per unit into the derived indicators of
 * the criteria file (`indicators:`), in one streamed pass per file.
 *
 * Millions of rows go through here, so the per-row work is a few map lookups and additions: only
 * the columns an indicator needs are looked at; repeated strings (unit ids, channel values, dates)
 * are resolved once and cached; per unit only counts and sums are kept, so memory does not grow
 * with the number of rows. Counts and sums are exact (scaled integers, BigInt beyond 2^53), so a
 * share or mean reaches the rules as an exact rational; only the confidence interval, which is for
 * display, is computed in floating point.
 */
export interface RecordFile {
  /** The source name used by `from:` (--records NAME=FILE). */
  name: string;
  path: string;
  /** The name shown in messages and explanations. */
  file: string;
}

/** What a derived indicator gives one unit: its value for the rules and the sample behind it. */
export interface DerivedValue {
  /** A percent (share, on_time), a number (mean) or a count; undefined when no row could be used. */
  value: Exact | undefined;
  /** The value as an evidence file would write it, in the criteria's locale ("93,95%"). */
  text: string;
  info: DerivedInfo;
}

/**
 * Reads every record file and hands each unit's derived values to the collector, which gives them
 * to the leaves that read them exactly as it does evidence values. A source the criteria use but no
 * file was given for is reported once (`records-not-given`).
 */
export async function readRecords(criteria: Criteria, criteriaFile: string, collector: EvidenceCollector, files: readonly RecordFile[]): Promise<void> {
  const bySource = new Map<string, DerivedIndicator[]>();
  for (const d of criteria.indicators.values()) bySource.set(d.from, [...(bySource.get(d.from) ?? []), d]);
  for (const [source, indicators] of bySource) {
    const given = files.filter((f) => f.name === source);
    if (given.length === 0) {
      collector.recordsNotGiven(source, indicators.map((d) => d.name), { file: criteriaFile });
      continue;
    }
    const reader = new SourceReader(criteria, indicators, collector);
    for (const f of given) await reader.read(f);
    reader.finish();
  }
}

// ─────────────────────────────────────────────────────────────────────────── exact sums per unit

/** A decimal as a whole number of 10^−places (0,75 → 75, 2), and as a double for the intervals. */
interface Scaled {
  units: number | bigint;
  places: number;
  float: number;
}

function scaled(e: Exact): Scaled {
  const places = e.decimalPlaces()!;
  const units = (e.num * 10n ** BigInt(places)) / e.den;
  const small = Number(units);
  return { units: Number.isSafeInteger(small) ? small : units, places, float: Number(e.toString()) };
}

const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * One exact sum of decimals per unit slot, as integers scaled to the most decimal places seen:
 * plain doubles while they are safe integers (every addition then exact), BigInt beyond. A slot
 * held as BigInt is marked NaN in the fast array, so the fast path needs no second lookup.
 */
class UnitSums {
  private places = 0;
  private small = new Float64Array(16);
  private readonly big = new Map<number, bigint>();

  grow(slots: number): void {
    this.small = grown(this.small, slots);
  }

  add(u: number, units: number | bigint, places: number): void {
    if (places > this.places) this.rescale(places);
    const shift = this.places - places;
    if (typeof units === 'number' && shift < POW10.length) {
      const v = units * POW10[shift]!;
      const s = this.small[u]! + v;
      if (Number.isSafeInteger(v) && Number.isSafeInteger(s)) {
        this.small[u] = s;
        return;
      }
    }
    const held = this.big.get(u) ?? BigInt(this.small[u]!);
    this.big.set(u, held + BigInt(units) * 10n ** BigInt(shift));
    this.small[u] = NaN;
  }

  addProduct(u: number, a: Scaled, b: Scaled): void {
    if (typeof a.units === 'number' && typeof b.units === 'number') {
      const p = a.units * b.units;
      if (Number.isSafeInteger(p)) return this.add(u, p, a.places + b.places);
    }
    this.add(u, BigInt(a.units) * BigInt(b.units), a.places + b.places);
  }

  value(u: number): Exact {
    if (u < 0) return Exact.ZERO;
    const s = this.small[u]!;
    return Exact.of(Number.isNaN(s) ? this.big.get(u)! : BigInt(s), 10n ** BigInt(this.places));
  }

  private rescale(places: number): void {
    const k = places - this.places;
    const factor = 10n ** BigInt(k);
    for (const [u, v] of this.big) this.big.set(u, v * factor);
    for (let u = 0; u < this.small.length; u++) {
      const s = this.small[u]!;
      if (Number.isNaN(s)) continue;
      const v = k < POW10.length ? s * POW10[k]! : NaN;
      if (Number.isSafeInteger(v)) this.small[u] = v;
      else {
        this.big.set(u, BigInt(s) * factor);
        this.small[u] = NaN;
      }
    }
    this.places = places;
  }
}

function grown(a: Float64Array<ArrayBuffer>, slots: number): Float64Array<ArrayBuffer> {
  if (slots <= a.length) return a;
  const b = new Float64Array(Math.max(slots, a.length * 2));
  b.set(a);
  return b;
}

/** A number per unit slot (a count, or a double sum for an interval). */
class Tally {
  data = new Float64Array(16);
  grow(slots: number): void {
    this.data = grown(this.data, slots);
  }
  at(u: number): number {
    return u < 0 ? 0 : this.data[u]!;
  }
}

// ─────────────────────────────────────────────────────────────────────────── reading cells

/** What a cell means to an aggregate, when it is not a value: left out, and why. */
const BLANK = -1;
const UNPARSEABLE = -2;
const PENDING = -3;
const NO_WEIGHT = -4;
const REASONS: ReadonlyArray<[number, ExclusionReason]> = [
  [BLANK, 'blank'],
  [UNPARSEABLE, 'unparseable'],
  [PENDING, 'pending'],
  [NO_WEIGHT, 'weight'],
];

/** Day numbers below any real date, for cells that are not one. */
const DAY_BLANK = -1e9;
const DAY_NOT_DONE = -2e9;
const DAY_BAD = -3e9;

/** Caches keep memory flat: a column with ever new texts (free text, amounts) clears now and then. */
const CACHE_LIMIT = 100_000;

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

const isBlank = (text: string) => text === '' || text.trim() === '';

/** What the aggregates of one source share: the locale, and the dates already read. */
interface Reading {
  locale: 'vi' | 'en';
  days: Map<string, number>;
}

/** A date cell as a day number, or one of the DAY_ codes; dates are read in the criteria's locale. */
function dayOf(r: Reading, text: string): number {
  const known = r.days.get(text);
  if (known !== undefined) return known;
  const clean = cleanText(text);
  let day: number;
  if (clean === '') day = DAY_BLANK;
  else if (isNotDone(clean)) day = DAY_NOT_DONE;
  else {
    const iso = parseDateText(clean, r.locale);
    day = iso === undefined ? DAY_BAD : dayNumber(iso);
  }
  return remember(r.days, text, day);
}

/** A number written in the locale (1.234,5 in vi), exactly; undefined when it is not one. */
function numberOf(text: string, locale: 'vi' | 'en'): Scaled | undefined {
  const e = parseLocaleNumber(cleanText(text), locale);
  return e === undefined ? undefined : scaled(e);
}

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

// ─────────────────────────────────────────────────────────────────────────── aggregates

/**
 * One derived indicator being computed: it names the columns it reads, is told where they are in
 * each file, and takes each row of a known unit. Survey weights, when declared, are read here too.
 */
abstract class Aggregate {
  readonly n = new Tally();
  readonly excluded = new Map<number, Tally>(REASONS.map(([code]) => [code, new Tally()]));
  /** Column indexes in the current file, in the order of `columns`; −1 when the file lacks one. */
  protected at: number[] = [];
  private weightAt = -1;
  private readonly weights = new Map<string, Scaled | number>();
  /** Exact Σw, and in doubles Σw and Σw² for the effective sample size. */
  protected readonly sumW = new UnitSums();
  protected readonly floatW = new Tally();
  protected readonly floatW2 = new Tally();

  constructor(
    readonly indicator: DerivedIndicator,
    protected readonly reading: Reading,
  ) {}

  /** The columns this aggregate reads (the unit column aside), weights last. */
  get columns(): string[] {
    return [...this.ownColumns(), ...(this.indicator.weightColumn !== undefined ? [this.indicator.weightColumn] : [])];
  }

  protected abstract ownColumns(): string[];

  bind(indexes: number[]): void {
    const own = this.ownColumns().length;
    this.at = indexes.slice(0, own);
    this.weightAt = this.indicator.weightColumn !== undefined ? indexes[own]! : -1;
  }

  grow(slots: number): void {
    this.n.grow(slots);
    for (const t of this.excluded.values()) t.grow(slots);
    this.sumW.grow(slots);
    this.floatW.grow(slots);
    this.floatW2.grow(slots);
    this.growOwn(slots);
  }

  protected abstract growOwn(slots: number): void;
  abstract add(u: number, fields: readonly string[]): void;
  abstract result(u: number, files: string[]): DerivedValue;

  protected exclude(u: number, code: number): void {
    this.excluded.get(code)!.data[u]!++;
  }

  /** The row's weight, counted into the unit's sums; undefined (and the row left out) when it has none. */
  protected weigh(u: number, fields: readonly string[]): Scaled | undefined {
    const text = fields[this.weightAt] ?? '';
    let w = this.weights.get(text);
    if (w === undefined) {
      const parsed = isBlank(text) ? undefined : numberOf(text, this.reading.locale);
      w = remember(this.weights, text, parsed === undefined || parsed.float < 0 ? NO_WEIGHT : parsed);
    }
    if (typeof w === 'number') {
      this.exclude(u, w);
      return undefined;
    }
    this.sumW.add(u, w.units, w.places);
    this.floatW.data[u]! += w.float;
    this.floatW2.data[u]! += w.float * w.float;
    return w;
  }

  protected get weighted(): boolean {
    return this.weightAt >= 0;
  }

  /** The sample behind a value: n, exclusions, weights, files, and `min_rows`. */
  protected info(u: number, files: string[], extra: Partial<DerivedInfo>): DerivedInfo {
    const n = this.n.at(u);
    const excluded = REASONS.map(([code, reason]) => ({ reason, count: this.excluded.get(code)!.at(u) })).filter((e) => e.count > 0);
    const { minRows, rowLabel } = this.indicator;
    const w = this.floatW.at(u);
    return {
      kind: this.indicator.aggregate.kind,
      n,
      excluded,
      ...extra,
      ...(this.indicator.weightColumn !== undefined ? { weighted: { sum: this.sumW.value(u), effectiveN: round(w * w === 0 ? 0 : (w * w) / this.floatW2.at(u), 2) } } : {}),
      files,
      ...(rowLabel !== undefined ? { rowLabel } : {}),
      ...(minRows !== undefined && n < minRows ? { insufficient: { minRows } } : {}),
    };
  }

  protected effectiveN(u: number): number {
    const w = this.floatW.at(u);
    return this.weighted ? (w === 0 ? 0 : (w * w) / this.floatW2.at(u)) : this.n.at(u);
  }
}

function round(x: number, places: number): number {
  return Number(x.toFixed(places));
}

/** A bound of an interval, kept to 6 decimals: it is shown rounded, and must not vary in the last bits. */
function bound(x: number): Exact {
  return Exact.fromNumber(round(x, 6));
}

/**
 * Shares and on-time rates: the percent of rows that meet the condition among the rows with a
 * value (weighted: the percent of the weights), with a Wilson interval.
 */
abstract class RateAggregate extends Aggregate {
  readonly hits = new Tally();
  readonly hitsW = new UnitSums();
  readonly floatHitsW = new Tally();
  readonly pendingLate = new Tally();

  protected growOwn(slots: number): void {
    this.hits.grow(slots);
    this.hitsW.grow(slots);
    this.floatHitsW.grow(slots);
    this.pendingLate.grow(slots);
  }

  /** 1 the row meets the condition, 0 it does not, or an exclusion code. */
  protected abstract classify(u: number, fields: readonly string[]): number;

  add(u: number, fields: readonly string[]): void {
    const c = this.classify(u, fields);
    if (c < 0) return this.exclude(u, c);
    if (this.weighted) {
      const w = this.weigh(u, fields);
      if (w === undefined) return;
      if (c === 1) {
        this.hitsW.add(u, w.units, w.places);
        this.floatHitsW.data[u]! += w.float;
      }
    } else if (c === 1) this.hits.data[u]!++;
    this.n.data[u]!++;
  }

  result(u: number, files: string[]): DerivedValue {
    const hits = this.weighted ? this.hitsW.value(u) : Exact.of(this.hits.at(u));
    const total = this.weighted ? this.sumW.value(u) : Exact.of(this.n.at(u));
    const value = total.isZero() ? undefined : hits.mul(Exact.HUNDRED).div(total);
    const nEff = this.effectiveN(u);
    const ci = wilson(this.weighted ? (this.floatHitsW.at(u) / this.floatW.at(u)) * nEff : this.hits.at(u), nEff);
    const late = this.pendingLate.at(u);
    const info = this.info(u, files, {
      hits,
      ...(late > 0 ? { pendingLate: late } : {}),
      ...(ci ? { ci: { low: bound(100 * ci.low), high: bound(100 * ci.high), method: 'wilson' as const } } : {}),
    });
    return { value, text: value === undefined ? '' : `${formatter(this.reading.locale).dec(value, 2)}%`, info };
  }
}

/** Rows whose column holds one of the values, compared as officers type them (NFC, trimmed, any case). */
class ValueMatcher {
  private readonly folded: Set<string>;
  private readonly cache = new Map<string, number>();
  constructor(values: readonly string[]) {
    this.folded = new Set(values.map(foldText));
  }
  /** 1 one of the values, 0 another, BLANK nothing. */
  of(text: string): number {
    const known = this.cache.get(text);
    if (known !== undefined) return known;
    return remember(this.cache, text, isBlank(text) ? BLANK : this.folded.has(foldText(cleanText(text))) ? 1 : 0);
  }
}

class ShareAggregate extends RateAggregate {
  private readonly matcher: ValueMatcher;
  constructor(indicator: DerivedIndicator, reading: Reading, private readonly spec: Extract<DerivedAggregate, { kind: 'share' }>) {
    super(indicator, reading);
    this.matcher = new ValueMatcher(spec.values);
  }
  protected ownColumns(): string[] {
    return [this.spec.column];
  }
  protected classify(_u: number, fields: readonly string[]): number {
    return this.matcher.of(fields[this.at[0]!] ?? '');
  }
}

/** Done on or before the due date; rows not yet done are left out or counted late, as the criteria say. */
class OnTimeAggregate extends RateAggregate {
  constructor(indicator: DerivedIndicator, reading: Reading, private readonly spec: Extract<DerivedAggregate, { kind: 'on_time' }>) {
    super(indicator, reading);
  }
  protected ownColumns(): string[] {
    return [this.spec.done, this.spec.due];
  }
  protected classify(u: number, fields: readonly string[]): number {
    const due = dayOf(this.reading, fields[this.at[1]!] ?? '');
    if (due === DAY_BLANK) return BLANK;
    if (due < DAY_BLANK) return UNPARSEABLE;
    const done = dayOf(this.reading, fields[this.at[0]!] ?? '');
    if (done === DAY_BLANK || done === DAY_NOT_DONE) {
      if (this.spec.pending === 'exclude') return PENDING;
      this.pendingLate.data[u]!++;
      return 0;
    }
    if (done === DAY_BAD) return UNPARSEABLE;
    return done <= due ? 1 : 0;
  }
}

/** Rows, optionally those whose column has a value (any, or one of the listed ones). Never weighted. */
class CountAggregate extends Aggregate {
  readonly hits = new Tally();
  private readonly matcher: ValueMatcher | undefined;
  constructor(indicator: DerivedIndicator, reading: Reading, private readonly spec: Extract<DerivedAggregate, { kind: 'count' }>) {
    super(indicator, reading);
    this.matcher = spec.values ? new ValueMatcher(spec.values) : undefined;
  }
  protected ownColumns(): string[] {
    return this.spec.column !== undefined ? [this.spec.column] : [];
  }
  protected growOwn(slots: number): void {
    this.hits.grow(slots);
  }
  add(u: number, fields: readonly string[]): void {
    this.n.data[u]!++;
    if (this.spec.column === undefined) this.hits.data[u]!++;
    else {
      const text = fields[this.at[0]!] ?? '';
      if (this.matcher ? this.matcher.of(text) === 1 : !isBlank(text)) this.hits.data[u]!++;
    }
  }
  result(u: number, files: string[]): DerivedValue {
    const hits = Exact.of(this.hits.at(u));
    return { value: hits, text: formatter(this.reading.locale).num(hits), info: this.info(u, files, { hits }) };
  }
}

/** The mean of a numeric column, or of answers through `map`, with a t interval. */
class MeanAggregate extends Aggregate {
  private readonly sumX = new UnitSums();
  private readonly sumWX = new UnitSums();
  /** In doubles, for the interval: Σx and Σx² (weighted: Σwx and Σwx²). */
  private readonly floatX = new Tally();
  private readonly floatX2 = new Tally();
  private readonly values = new Map<string, Scaled | number>();
  private readonly map: Map<string, Scaled> | undefined;
  private readonly range: { low: number; high: number } | undefined;

  constructor(indicator: DerivedIndicator, reading: Reading, private readonly spec: Extract<DerivedAggregate, { kind: 'mean' }>) {
    super(indicator, reading);
    this.map = spec.map ? new Map(spec.map.map((m) => [foldText(m.label), scaled(m.value)])) : undefined;
    const mapped = [...(this.map?.values() ?? [])].map((v) => v.float);
    this.range = mapped.length > 0 ? { low: Math.min(...mapped), high: Math.max(...mapped) } : undefined;
  }
  protected ownColumns(): string[] {
    return [this.spec.column];
  }
  protected growOwn(slots: number): void {
    this.sumX.grow(slots);
    this.sumWX.grow(slots);
    this.floatX.grow(slots);
    this.floatX2.grow(slots);
  }

  private answer(text: string): Scaled | number {
    const known = this.values.get(text);
    if (known !== undefined) return known;
    const v = isBlank(text) ? BLANK : ((this.map ? this.map.get(foldText(cleanText(text))) : numberOf(text, this.reading.locale)) ?? UNPARSEABLE);
    return remember(this.values, text, v);
  }

  add(u: number, fields: readonly string[]): void {
    const x = this.answer(fields[this.at[0]!] ?? '');
    if (typeof x === 'number') return this.exclude(u, x);
    if (this.weighted) {
      const w = this.weigh(u, fields);
      if (w === undefined) return;
      this.sumWX.addProduct(u, w, x);
      this.floatX.data[u]! += w.float * x.float;
      this.floatX2.data[u]! += w.float * x.float * x.float;
    } else {
      this.sumX.add(u, x.units, x.places);
      this.floatX.data[u]! += x.float;
      this.floatX2.data[u]! += x.float * x.float;
    }
    this.n.data[u]!++;
  }

  result(u: number, files: string[]): DerivedValue {
    const total = this.weighted ? this.sumW.value(u) : Exact.of(this.n.at(u));
    const value = total.isZero() ? undefined : (this.weighted ? this.sumWX : this.sumX).value(u).div(total);
    const ci = this.interval(u);
    // The mean of answers mapped to values cannot leave their range; a small sample's t interval can.
    if (ci && this.range) {
      ci.low = Math.max(ci.low, this.range.low);
      ci.high = Math.min(ci.high, this.range.high);
    }
    const info = this.info(u, files, ci ? { ci: { low: bound(ci.low), high: bound(ci.high), method: 't' } } : {});
    return { value, text: value === undefined ? '' : formatter(this.reading.locale).dec(value, 4), info };
  }

  /** Unweighted: s² = (Σx² − n·x̄²)/(n − 1). Weighted: the weighted variance scaled by n_eff/(n_eff − 1). */
  private interval(u: number): { low: number; high: number } | undefined {
    const n = this.effectiveN(u);
    const total = this.weighted ? this.floatW.at(u) : this.n.at(u);
    if (!(total > 0)) return undefined;
    const mean = this.floatX.at(u) / total;
    const spread = Math.max(0, this.floatX2.at(u) / total - mean * mean);
    return tInterval(mean, (spread * n) / (n - 1), n);
  }
}

function aggregateFor(d: DerivedIndicator, reading: Reading): Aggregate {
  const a = d.aggregate;
  switch (a.kind) {
    case 'count':
      return new CountAggregate(d, reading, a);
    case 'share':
      return new ShareAggregate(d, reading, a);
    case 'mean':
      return new MeanAggregate(d, reading, a);
    case 'on_time':
      return new OnTimeAggregate(d, reading, a);
  }
}

// ─────────────────────────────────────────────────────────────────────────── one source

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
  ) {
    this.reading = { locale: criteria.locale, days: new Map() };
    this.aggregates = indicators.map((d) => aggregateFor(d, this.reading));
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
    const ext = extname(f.file).toLowerCase();
    if (ext === '.xlsx' || ext === '.xlsm') await this.readXlsx(f);
    else if (ext === '.xls') {
      throw new UnreadableInput(f.file, {
        vi: 'tệp Excel định dạng cũ (.xls) không được hỗ trợ; hãy mở bằng Excel và lưu thành .xlsx',
        en: 'old-format Excel files (.xls) are not supported; open it in Excel and save as .xlsx',
      });
    } else await this.readCsv(f);
  }

  /** The CSV path: csv-parse's arrays taken with read(), nothing allocated per row beyond them. */
  private async readCsv(f: RecordFile): Promise<void> {
    const head = await readCsvHead(f.path, f.file);
    const { parser, close } = csvRecords(f.path, f.file, head);
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

  private async readXlsx(f: RecordFile): Promise<void> {
    const { readXlsx } = await import('./xlsx.js');
    let headed = false;
    for await (const raw of readXlsx(f.path, f.file)) {
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
