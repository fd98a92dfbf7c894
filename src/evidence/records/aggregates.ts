import { dayNumber } from '../../core/dates.js';
import { Exact } from '../../core/exact.js';
import type { DerivedInfo, ExclusionReason } from '../../core/inputs.js';
import type { DerivedAggregate, DerivedIndicator } from '../../core/model.js';
import { foldText } from '../../core/text.js';
import { formatter, type Formatter } from '../../explain/numbers.js';
import type { SampleSink } from './samples.js';
import { tInterval, wilson } from './stats.js';
import { cleanText, isNotDone, parseDateText, parseLocaleNumber } from '../values.js';

/**
 * The derived indicators of one record source being computed, row by row, for every unit. Per
 * unit only counts and sums are kept, so memory does not grow with the number of rows, and they
 * are exact: whole numbers of 10^−places in doubles while they are safe integers, BigInt beyond.
 * A share or mean therefore reaches the rules as an exact rational; only its confidence interval,
 * which is for display, is computed in floating point.
 *
 * Millions of rows go through `add`, so it does little: a map lookup for each cell's meaning
 * (texts repeat: channels, answers, dates) and a few additions into typed arrays.
 */

/** What a derived indicator gives one unit: its value for the rules and the sample behind it. */
export interface DerivedValue {
  /** A percent (share, on_time), a number (mean) or a count; undefined when no row could be used. */
  value: Exact | undefined;
  /** The value as an evidence file would write it, in the criteria's locale ("93,95%"). */
  text: string;
  info: DerivedInfo;
}

// ─────────────────────────────────────────────────────────────────────────── exact sums per unit

/** A decimal as a whole number of 10^−places (0,75 → 75, 2), and as a double for the intervals. */
export interface Scaled {
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
 * doubles while they are safe integers (every addition then exact), BigInt beyond. A slot held as
 * BigInt is marked NaN in the fast array, so the fast path needs no second lookup.
 */
class UnitSums {
  private places = 0;
  private small = new Float64Array(16);
  private readonly big = new Map<number, bigint>();

  grow(slots: number): void {
    this.small = grown(this.small, slots);
  }

  add(u: number, units: number | bigint, places: number): void {
    if (places === this.places && typeof units === 'number') {
      const s = this.small[u]! + units;
      if (Number.isSafeInteger(s)) {
        this.small[u] = s;
        return;
      }
    }
    this.addAligned(u, units, places);
  }

  private addAligned(u: number, units: number | bigint, places: number): void {
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
    return Exact.of(this.scaled(u), 10n ** BigInt(this.places));
  }

  /** The sum as a whole number of 10^−places. */
  scaled(u: number): bigint {
    if (u < 0) return 0n;
    const s = this.small[u]!;
    return Number.isNaN(s) ? this.big.get(u)! : BigInt(s);
  }

  get decimals(): number {
    return this.places;
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

function grown(a: Float64Array<ArrayBuffer>, size: number): Float64Array<ArrayBuffer> {
  if (size <= a.length) return a;
  const b = new Float64Array(Math.max(size, a.length * 2));
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

/** What a cell means to an aggregate when it is not a value: left out, and why. */
const BLANK = -1;
const UNPARSEABLE = -2;
const PENDING = -3;
const NO_WEIGHT = -4;
const NOT_COUNTED = -5;
const REASONS: readonly ExclusionReason[] = ['blank', 'unparseable', 'pending', 'weight', 'not_counted'];

/** Day numbers below any real date, for cells that are not one. */
const DAY_BLANK = -1e9;
const DAY_NOT_DONE = -2e9;
const DAY_BAD = -3e9;

/** Caches keep memory flat: a column with ever new texts (free text, amounts) clears now and then. */
const CACHE_LIMIT = 100_000;

export function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

export const isBlank = (text: string) => text === '' || text.trim() === '';

/** What a column should hold, for the problem about those of its cells that cannot be read. */
export type Expected =
  | { kind: 'date' }
  | { kind: 'number' | 'weight'; column: NumberColumn }
  | { kind: 'answer'; answers: string[] }
  /** A formula error (#N/A) where a text is compared with values. */
  | { kind: 'value' };

const DATE: Expected = { kind: 'date' };
const VALUE: Expected = { kind: 'value' };

/** What the aggregates of one source share: the locale, the dates already read, and where unreadable cells are told. */
export interface Reading {
  locale: 'vi' | 'en';
  days: Map<string, number>;
  /** A cell of the current row (in the column at `index`) that cannot be read as `expected`: left out, and reported per column. */
  unreadable(index: number, text: string, expected: Expected): void;
}

/** A date cell as a day number, or one of the DAY_ codes; dates are read in the criteria's locale. */
function dayOf(r: Reading, text: string): number {
  const known = r.days.get(text);
  if (known !== undefined) return known;
  const clean = cleanText(text);
  // Dates first: a column holds far more of them than "chưa", and never one that is both.
  const iso = parseDateText(clean, r.locale);
  const day = iso !== undefined ? dayNumber(iso) : clean === '' ? DAY_BLANK : isNotDone(clean) ? DAY_NOT_DONE : DAY_BAD;
  return remember(r.days, text, day);
}

/** How a column writes its numbers: vi 1.234,5, en 1,234.5, or both (only numbers that read the same either way are taken). */
export type Notation = 'vi' | 'en' | 'mixed';

/**
 * A workbook's number cell reaches a number column as this mark (NUL) before the number's exact
 * text: typed numbers have no notation to decide. No text can hold it: CSV files with NUL bytes are
 * refused, and XML has no NUL character.
 */
export const NUMBER_CELL = '\u0000';

/** The notation a number's text shows: the one it reads in alone (0,9101 vi; 0.9101 en), or none (12; 1.234, which reads both ways). */
export function notationShown(text: string): 'vi' | 'en' | undefined {
  const vi = parseLocaleNumber(text, 'vi') !== undefined;
  const en = parseLocaleNumber(text, 'en') !== undefined;
  return vi === en ? undefined : vi ? 'vi' : 'en';
}

/**
 * A column of numbers (survey weights, a `mean`'s values), read in the notation decided for it in
 * the current file (records.ts decides it from the file's first rows, never per value).
 */
export class NumberColumn {
  /** The column's index in the current file. */
  at = -1;
  private notation_: Notation;
  private readonly cache = new Map<string, Scaled | number>();

  constructor(
    readonly name: string,
    locale: 'vi' | 'en',
  ) {
    this.notation_ = locale;
  }

  get notation(): Notation {
    return this.notation_;
  }

  set notation(n: Notation) {
    this.notation_ = n;
    this.cache.clear();
  }

  /** The number in a cell, exactly; BLANK, or UNPARSEABLE when it is no number in the column's notation. */
  read(text: string): Scaled | number {
    const known = this.cache.get(text);
    return known !== undefined ? known : remember(this.cache, text, this.parse(text));
  }

  private parse(text: string): Scaled | number {
    if (isBlank(text)) return BLANK;
    const e = text.startsWith(NUMBER_CELL) ? Exact.parse(text.slice(1)) : this.parseText(cleanText(text));
    return e === undefined ? UNPARSEABLE : scaled(e);
  }

  private parseText(text: string): Exact | undefined {
    if (this.notation_ !== 'mixed') return parseLocaleNumber(text, this.notation_);
    const vi = parseLocaleNumber(text, 'vi');
    const en = parseLocaleNumber(text, 'en');
    return vi !== undefined && en !== undefined && vi.eq(en) ? vi : undefined;
  }
}

/**
 * A survey weight column, read once per row however many questions are weighted by it: the row
 * last asked for is remembered by identity.
 */
export class WeightColumn {
  readonly numbers: NumberColumn;
  private readonly expected: Expected;
  private last: readonly string[] | undefined;
  private lastWeight: Scaled | number = NO_WEIGHT;

  constructor(
    name: string,
    private readonly reading: Reading,
  ) {
    this.numbers = new NumberColumn(name, reading.locale);
    this.expected = { kind: 'weight', column: this.numbers };
  }

  get name(): string {
    return this.numbers.name;
  }

  /** The row's weight, or NO_WEIGHT for a blank, unreadable or negative one (the last two reported). */
  of(fields: readonly string[]): Scaled | number {
    if (fields === this.last) return this.lastWeight;
    const text = fields[this.numbers.at] ?? '';
    let w = this.numbers.read(text);
    if (typeof w === 'number' || w.float < 0) {
      if (w !== BLANK) this.reading.unreadable(this.numbers.at, text, this.expected);
      w = NO_WEIGHT;
    }
    this.last = fields;
    this.lastWeight = w;
    return w;
  }
}

// ─────────────────────────────────────────────────────────────────────────── aggregates

/** With weights: their exact sum, and in doubles Σw and Σw² for Kish's effective sample size. */
interface WeightSums {
  sum: Exact;
  w: number;
  w2: number;
}

/** Per unit, the weights of the rows used: exactly, and in doubles. */
class WeightTotals {
  private readonly sum = new UnitSums();
  private readonly w = new Tally();
  private readonly w2 = new Tally();

  grow(slots: number): void {
    for (const t of [this.sum, this.w, this.w2]) t.grow(slots);
  }

  add(u: number, weight: Scaled): void {
    this.sum.add(u, weight.units, weight.places);
    this.w.data[u]! += weight.float;
    this.w2.data[u]! += weight.float * weight.float;
  }

  at(u: number): WeightSums {
    return { sum: this.sum.value(u), w: this.w.at(u), w2: this.w2.at(u) };
  }
}

/**
 * One derived indicator: it names the columns it reads, is told where they are in each file, and
 * takes each row of a known unit.
 */
export abstract class Aggregate {
  protected readonly n = new Tally();
  private readonly excluded = REASONS.map(() => new Tally());
  /** Numbers as the criteria's locale writes them, for the value's text. */
  protected readonly f: Formatter;
  /** Indexes of `ownColumns` in the current file. */
  protected at: number[] = [];
  /** Where each row used is also kept, for redrawing (robustness); only shares and means are given one. */
  sink: SampleSink | undefined;

  constructor(
    readonly indicator: DerivedIndicator,
    protected readonly reading: Reading,
    protected readonly weight: WeightColumn | undefined,
  ) {
    this.f = formatter(reading.locale);
  }

  /** The columns this aggregate reads besides the unit column: its own, then the weight column. */
  get columns(): string[] {
    return [...this.ownColumns(), ...(this.weight ? [this.weight.name] : [])];
  }

  protected abstract ownColumns(): string[];

  /** Where `columns` are in the current file (all found). */
  bind(indexes: readonly number[]): void {
    const own = this.ownColumns().length;
    this.at = indexes.slice(0, own);
    if (this.weight) this.weight.numbers.at = indexes[own]!;
  }

  /** The columns of numbers this aggregate reads, whose notation is decided per file. */
  numberColumns(): NumberColumn[] {
    return this.weight ? [this.weight.numbers] : [];
  }

  grow(slots: number): void {
    this.n.grow(slots);
    for (const t of this.excluded) t.grow(slots);
    this.growOwn(slots);
  }

  protected abstract growOwn(slots: number): void;
  abstract add(u: number, fields: readonly string[]): void;
  abstract result(u: number, files: string[]): DerivedValue;
  protected abstract weightSums(u: number): WeightSums | undefined;

  protected exclude(u: number, code: number): void {
    this.excluded[-code - 1]!.data[u]!++;
  }

  /** A cell of own column `i` that cannot be read as `expected`: told to the reader; the row is left out. */
  protected unreadable(i: number, text: string, expected: Expected): number {
    this.reading.unreadable(this.at[i]!, text, expected);
    return UNPARSEABLE;
  }

  /** The row's weight; a row without a usable one is left out (and undefined returned). */
  protected weigh(u: number, fields: readonly string[]): Scaled | undefined {
    const w = this.weight!.of(fields);
    if (typeof w !== 'number') return w;
    this.exclude(u, w);
    return undefined;
  }

  /** The sample behind a value: n, exclusions, weights, files, and `min_rows`. */
  protected info(u: number, w: WeightSums | undefined, files: string[], extra: Partial<DerivedInfo>): DerivedInfo {
    const n = this.n.at(u);
    const excluded: DerivedInfo['excluded'] = [];
    REASONS.forEach((reason, i) => {
      const count = this.excluded[i]!.at(u);
      if (count > 0) excluded.push({ reason, count });
    });
    const { minRows, rowLabel } = this.indicator;
    return {
      kind: this.indicator.aggregate.kind,
      n,
      excluded,
      ...extra,
      ...(w ? { weighted: { sum: w.sum, effectiveN: round(effectiveN(w), 2) } } : {}),
      files,
      ...(rowLabel !== undefined ? { rowLabel } : {}),
      ...(minRows !== undefined && n < minRows ? { insufficient: { minRows } } : {}),
    };
  }

  /** n, or with weights Kish's (Σw)²/Σw². */
  protected sampleSize(u: number, w: WeightSums | undefined): number {
    return w ? effectiveN(w) : this.n.at(u);
  }
}

function effectiveN(w: WeightSums): number {
  return w.w2 === 0 ? 0 : (w.w * w.w) / w.w2;
}

function round(x: number, places: number): number {
  return Number(x.toFixed(places));
}

/** A bound of an interval, kept to 6 decimals: it is shown rounded, and must not vary in the last bits. */
function bound(x: number): Exact {
  return Exact.of(BigInt(Math.round(x * 1e6)), 1_000_000n);
}

/**
 * Shares and on-time rates: the percent of rows that meet the condition among the rows with a
 * value (weighted: the percent of the weights), with a Wilson interval.
 */
abstract class RateAggregate extends Aggregate {
  private readonly hits = new Tally();
  private readonly weights = new WeightTotals();
  /** With weights, the weight of the rows that meet the condition. */
  private readonly hitsW = new WeightTotals();
  protected readonly pendingLate = new Tally();

  protected growOwn(slots: number): void {
    for (const t of [this.hits, this.weights, this.hitsW, this.pendingLate]) t.grow(slots);
  }

  /** 1 the row meets the condition, 0 it does not, or an exclusion code. */
  protected abstract classify(u: number, fields: readonly string[]): number;

  add(u: number, fields: readonly string[]): void {
    const c = this.classify(u, fields);
    if (c < 0) return this.exclude(u, c);
    if (this.weight) {
      const w = this.weigh(u, fields);
      if (w === undefined) return;
      this.weights.add(u, w);
      if (c === 1) this.hitsW.add(u, w);
      this.sink?.put(c, 0, w.units, w.places);
    } else {
      if (c === 1) this.hits.data[u]!++;
      this.sink?.put(c, 0, 1, 0);
    }
    this.n.data[u]!++;
  }

  protected weightSums(u: number): WeightSums | undefined {
    return this.weight ? this.weights.at(u) : undefined;
  }

  result(u: number, files: string[]): DerivedValue {
    const w = this.weightSums(u);
    const hitsW = this.weight ? this.hitsW.at(u) : undefined;
    const hits = hitsW ? hitsW.sum : Exact.of(this.hits.at(u));
    const total = w ? w.sum : Exact.of(this.n.at(u));
    const value = total.isZero() ? undefined : hits.mul(Exact.HUNDRED).div(total);
    const size = this.sampleSize(u, w);
    const ci = wilson(w && hitsW ? (hitsW.w / w.w) * size : this.hits.at(u), size);
    const late = this.pendingLate.at(u);
    const info = this.info(u, w, files, {
      hits,
      ...(late > 0 ? { pendingLate: late } : {}),
      ...(ci ? { ci: { low: bound(100 * ci.low), high: bound(100 * ci.high), method: 'wilson' as const } } : {}),
    });
    return { value, text: value === undefined ? '' : `${this.f.dec(value, 2)}%`, info };
  }
}

/** Excel's error values, which a formula cell shows (and a CSV saved from it holds) instead of a value. */
const FORMULA_ERROR = /^#(?:N\/A|NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|GETTING_DATA)$/i;

/**
 * Rows whose column holds one of the values (or, without values, any text), compared as officers
 * type them (NFC, trimmed, any case). A formula error is no value at all, rather than another one.
 */
class ValueMatcher {
  private readonly folded: Set<string> | undefined;
  private readonly cache = new Map<string, number>();
  constructor(values: readonly string[] | undefined) {
    this.folded = values && new Set(values.map(foldText));
  }
  /** 1 one of the values (or any text), 0 another, BLANK nothing, UNPARSEABLE a formula error. */
  of(text: string): number {
    const known = this.cache.get(text);
    return known !== undefined ? known : remember(this.cache, text, this.match(text));
  }
  private match(text: string): number {
    if (isBlank(text)) return BLANK;
    const folded = foldText(cleanText(text));
    if (this.folded?.has(folded)) return 1;
    // A formula whose result the workbook never saved comes as its text (=A2+1), no more a value.
    if (FORMULA_ERROR.test(folded) || folded.startsWith('=')) return UNPARSEABLE;
    return this.folded ? 0 : 1;
  }
}

class ShareAggregate extends RateAggregate {
  private readonly matcher: ValueMatcher;
  constructor(indicator: DerivedIndicator, reading: Reading, weight: WeightColumn | undefined, private readonly spec: Extract<DerivedAggregate, { kind: 'share' }>) {
    super(indicator, reading, weight);
    this.matcher = new ValueMatcher(spec.values);
  }
  protected ownColumns(): string[] {
    return [this.spec.column];
  }
  protected classify(_u: number, fields: readonly string[]): number {
    const text = fields[this.at[0]!] ?? '';
    const c = this.matcher.of(text);
    return c === UNPARSEABLE ? this.unreadable(0, text, VALUE) : c;
  }
}

/** Done on or before the due date; rows not yet done are left out or counted late, as the criteria say. */
class OnTimeAggregate extends RateAggregate {
  constructor(indicator: DerivedIndicator, reading: Reading, weight: WeightColumn | undefined, private readonly spec: Extract<DerivedAggregate, { kind: 'on_time' }>) {
    super(indicator, reading, weight);
  }
  protected ownColumns(): string[] {
    return [this.spec.done, this.spec.due];
  }
  protected classify(u: number, fields: readonly string[]): number {
    const dueText = fields[this.at[1]!] ?? '';
    const due = dayOf(this.reading, dueText);
    if (due === DAY_BLANK) return BLANK;
    if (due < DAY_BLANK) return this.unreadable(1, dueText, DATE);
    const doneText = fields[this.at[0]!] ?? '';
    const done = dayOf(this.reading, doneText);
    if (done === DAY_BLANK || done === DAY_NOT_DONE) {
      if (this.spec.pending === 'exclude') return PENDING;
      this.pendingLate.data[u]!++;
      return 0;
    }
    if (done === DAY_BAD) return this.unreadable(0, doneText, DATE);
    return done <= due ? 1 : 0;
  }
}

/** Rows, optionally those whose column has a value (any, or one of the listed ones). Never weighted. */
class CountAggregate extends Aggregate {
  private readonly hits = new Tally();
  private readonly matcher: ValueMatcher | undefined;
  constructor(indicator: DerivedIndicator, reading: Reading, private readonly spec: Extract<DerivedAggregate, { kind: 'count' }>) {
    super(indicator, reading, undefined);
    this.matcher = spec.column !== undefined ? new ValueMatcher(spec.values) : undefined;
  }
  protected ownColumns(): string[] {
    return this.spec.column !== undefined ? [this.spec.column] : [];
  }
  protected growOwn(slots: number): void {
    this.hits.grow(slots);
  }
  protected weightSums(): undefined {
    return undefined;
  }
  add(u: number, fields: readonly string[]): void {
    this.n.data[u]!++;
    if (this.matcher === undefined) this.hits.data[u]!++;
    else {
      const text = fields[this.at[0]!] ?? '';
      const c = this.matcher.of(text);
      if (c === 1) this.hits.data[u]!++;
      else if (c === UNPARSEABLE) this.unreadable(0, text, VALUE);
    }
  }
  result(u: number, files: string[]): DerivedValue {
    const hits = Exact.of(this.hits.at(u));
    return { value: hits, text: this.f.num(hits), info: this.info(u, undefined, files, { hits }) };
  }
}

/** What a mean needs to be shown: its exact value, and in doubles its mean and variance for the t interval. */
interface Moments {
  value: Exact | undefined;
  /** Σx (weighted Σwx), Σx² (Σwx²) and the total they are divided by (n, or Σw), in doubles. */
  x: number;
  x2: number;
  total: number;
}

abstract class MeanLike extends Aggregate {
  protected abstract moments(u: number): Moments;

  result(u: number, files: string[]): DerivedValue {
    const m = this.moments(u);
    const w = this.weightSums(u);
    const ci = this.interval(m, this.sampleSize(u, w));
    const info = this.info(u, w, files, ci ? { ci: { low: bound(ci.low), high: bound(ci.high), method: 't' } } : {});
    return { value: m.value, text: m.value === undefined ? '' : this.f.dec(m.value, 4), info };
  }

  /** s² = (Σx² − n·x̄²)/(n − 1); weighted, the weighted variance scaled by n_eff/(n_eff − 1). */
  protected interval(m: Moments, n: number): { low: number; high: number } | undefined {
    if (!(m.total > 0)) return undefined;
    const mean = m.x / m.total;
    const spread = Math.max(0, m.x2 / m.total - mean * mean);
    return tInterval(mean, (spread * n) / (n - 1), n);
  }
}

/** The mean of a numeric column, with a t interval. */
class MeanAggregate extends MeanLike {
  private readonly sumX = new UnitSums();
  private readonly weights = new WeightTotals();
  private readonly sumWX = new UnitSums();
  private readonly floatX = new Tally();
  private readonly floatX2 = new Tally();
  private readonly numbers: NumberColumn;
  private readonly expected: Expected;

  constructor(indicator: DerivedIndicator, reading: Reading, weight: WeightColumn | undefined, private readonly spec: Extract<DerivedAggregate, { kind: 'mean' }>) {
    super(indicator, reading, weight);
    this.numbers = new NumberColumn(spec.column, reading.locale);
    this.expected = { kind: 'number', column: this.numbers };
  }
  protected ownColumns(): string[] {
    return [this.spec.column];
  }
  override bind(indexes: readonly number[]): void {
    super.bind(indexes);
    this.numbers.at = this.at[0]!;
  }
  override numberColumns(): NumberColumn[] {
    return [this.numbers, ...super.numberColumns()];
  }
  protected growOwn(slots: number): void {
    for (const t of [this.sumX, this.weights, this.sumWX, this.floatX, this.floatX2]) t.grow(slots);
  }

  add(u: number, fields: readonly string[]): void {
    const text = fields[this.at[0]!] ?? '';
    const x = this.numbers.read(text);
    if (typeof x === 'number') return this.exclude(u, x === UNPARSEABLE ? this.unreadable(0, text, this.expected) : x);
    if (this.weight) {
      const w = this.weigh(u, fields);
      if (w === undefined) return;
      this.weights.add(u, w);
      this.sumWX.addProduct(u, w, x);
      this.floatX.data[u]! += w.float * x.float;
      this.floatX2.data[u]! += w.float * x.float * x.float;
      this.sink?.put(x.units, x.places, w.units, w.places);
    } else {
      this.sumX.add(u, x.units, x.places);
      this.floatX.data[u]! += x.float;
      this.floatX2.data[u]! += x.float * x.float;
      this.sink?.put(x.units, x.places, 1, 0);
    }
    this.n.data[u]!++;
  }

  protected weightSums(u: number): WeightSums | undefined {
    return this.weight ? this.weights.at(u) : undefined;
  }

  protected moments(u: number): Moments {
    const w = this.weightSums(u);
    const total = w ? w.sum : Exact.of(this.n.at(u));
    return {
      value: total.isZero() ? undefined : (w ? this.sumWX : this.sumX).value(u).div(total),
      x: this.floatX.at(u),
      x2: this.floatX2.at(u),
      total: w ? w.w : this.n.at(u),
    };
  }
}

type MappedMean = Extract<DerivedAggregate, { kind: 'mean' }> & { map: NonNullable<Extract<DerivedAggregate, { kind: 'mean' }>['map']> };

/**
 * The mean of answers through `map`: per unit only how many rows (and how much weight) gave each
 * answer, so a survey cell costs one lookup and a few additions; the mean is Σ value × weight / Σ weight,
 * summed once per unit at the end.
 */
class MappedMeanAggregate extends MeanLike {
  private readonly labels: Map<string, number>;
  private readonly answers = new Map<string, number>();
  /** The answers' values as whole numbers of 10^−places, and as doubles. */
  private readonly units: bigint[];
  private readonly places: number;
  private readonly floats: number[];
  /** Per unit and answer (slot u × answers + a): rows, exact and double sums of their weights. */
  private counts = new Float64Array(16);
  private readonly weightOf = new UnitSums();
  private floatWeightOf = new Float64Array(16);
  private readonly floatW2 = new Tally();
  private readonly range: { low: number; high: number };
  private readonly expected: Expected;

  constructor(indicator: DerivedIndicator, reading: Reading, weight: WeightColumn | undefined, private readonly spec: MappedMean) {
    super(indicator, reading, weight);
    // Answers mapped to null are recognised and left out; the others are indexes into the values.
    const values = spec.map.flatMap((m) => (m.value === null ? [] : [m.value]));
    let next = 0;
    this.labels = new Map(spec.map.map((m) => [foldText(m.label), m.value === null ? NOT_COUNTED : next++]));
    this.places = Math.max(...values.map((v) => v.decimalPlaces()!));
    this.units = values.map((v) => (v.num * 10n ** BigInt(this.places)) / v.den);
    this.floats = values.map((v) => Number(v.toString()));
    this.range = { low: Math.min(...this.floats), high: Math.max(...this.floats) };
    this.expected = { kind: 'answer', answers: spec.map.map((m) => m.label) };
  }
  protected ownColumns(): string[] {
    return [this.spec.column];
  }
  protected growOwn(slots: number): void {
    const size = slots * this.units.length;
    this.counts = grown(this.counts, size);
    this.floatWeightOf = grown(this.floatWeightOf, size);
    this.weightOf.grow(size);
    this.floatW2.grow(slots);
  }

  add(u: number, fields: readonly string[]): void {
    const text = fields[this.at[0]!] ?? '';
    let a = this.answers.get(text);
    if (a === undefined) a = remember(this.answers, text, isBlank(text) ? BLANK : (this.labels.get(foldText(cleanText(text))) ?? UNPARSEABLE));
    if (a < 0) return this.exclude(u, a === UNPARSEABLE ? this.unreadable(0, text, this.expected) : a);
    const cell = u * this.units.length + a;
    if (this.weight) {
      const w = this.weigh(u, fields);
      if (w === undefined) return;
      this.weightOf.add(cell, w.units, w.places);
      this.floatWeightOf[cell]! += w.float;
      this.floatW2.data[u]! += w.float * w.float;
      this.sink?.put(this.units[a]!, this.places, w.units, w.places);
    } else this.sink?.put(this.units[a]!, this.places, 1, 0);
    this.counts[cell]!++;
    this.n.data[u]!++;
  }

  /** Per answer, its rows or (with weights) their weight, exactly, as whole numbers of 10^−decimals. */
  private exact(u: number, a: number): bigint {
    const cell = u * this.units.length + a;
    return u < 0 ? 0n : this.weight ? this.weightOf.scaled(cell) : BigInt(this.counts[cell]!);
  }

  /** The same as a double. */
  private float(u: number, a: number): number {
    const cell = u * this.units.length + a;
    return u < 0 ? 0 : this.weight ? this.floatWeightOf[cell]! : this.counts[cell]!;
  }

  protected weightSums(u: number): WeightSums | undefined {
    if (!this.weight) return undefined;
    let sum = 0n;
    let w = 0;
    for (let a = 0; a < this.units.length; a++) {
      sum += this.exact(u, a);
      w += this.float(u, a);
    }
    return { sum: Exact.of(sum, 10n ** BigInt(this.weightOf.decimals)), w, w2: this.floatW2.at(u) };
  }

  protected moments(u: number): Moments {
    let sum = 0n;
    let total = 0n;
    const m = { x: 0, x2: 0, total: 0 };
    for (let a = 0; a < this.units.length; a++) {
      const exact = this.exact(u, a);
      total += exact;
      sum += exact * this.units[a]!;
      const float = this.float(u, a);
      const x = this.floats[a]!;
      m.x += float * x;
      m.x2 += float * x * x;
      m.total += float;
    }
    // Σ(weight × value) / Σ weight: every weight at one scale, the values at 10^−places.
    return { value: total === 0n ? undefined : Exact.of(sum, total * 10n ** BigInt(this.places)), ...m };
  }

  /** The mean of answers mapped to values cannot leave their range; a small sample's t interval can. */
  protected override interval(m: Moments, n: number): { low: number; high: number } | undefined {
    const ci = super.interval(m, n);
    return ci && { low: Math.max(ci.low, this.range.low), high: Math.min(ci.high, this.range.high) };
  }
}

/** The aggregate of a derived indicator; `weights` gives the shared weight column by name. */
export function aggregateFor(d: DerivedIndicator, reading: Reading, weights: (name: string) => WeightColumn): Aggregate {
  const a = d.aggregate;
  const weight = d.weightColumn === undefined ? undefined : weights(d.weightColumn);
  switch (a.kind) {
    case 'count':
      return new CountAggregate(d, reading, a);
    case 'share':
      return new ShareAggregate(d, reading, weight, a);
    case 'mean':
      return a.map ? new MappedMeanAggregate(d, reading, weight, { ...a, map: a.map }) : new MeanAggregate(d, reading, weight, a);
    case 'on_time':
      return new OnTimeAggregate(d, reading, weight, a);
  }
}
