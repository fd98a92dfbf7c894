import type { DerivedIndicator } from '../../core/model.js';

/**
 * The rows behind the derived indicators that estimate from a sample — a survey's `share` and
 * `mean` — kept so that robustness can redraw them: for each row (respondent) of a record source,
 * its unit, its weights, and what it gives each indicator (x: 1 or 0 for a share, the answer's
 * value or the number for a mean; nothing when the row is left out of that indicator).
 *
 * Numbers are whole numbers of 10^−places held in doubles, so every sum over a unit's rows is exact
 * while it stays below 2^53 (checked when the table is built: an indicator whose sums could pass it
 * is marked `exact: false` and never redrawn). An indicator with few distinct values (a share, a
 * mapped mean's answers) keeps a 2-byte code per row and is summed per value; one with many (the
 * mean of a numeric column) keeps its number. `score` never keeps any of this: only `robustness`
 * asks for it.
 */

/** A sampled indicator of a table: what it is, and whether its sums are exact in doubles. */
export interface SampledIndicator {
  indicator: DerivedIndicator;
  kind: 'share' | 'mean';
  /** Decimal places of x (0 for a share). */
  xPlaces: number;
  /** False when some unit's Σw·x could pass 2^53: the indicator is not redrawn. */
  exact: boolean;
}

/** The decimal places a drawn value is rounded to, as reports show derived values: a percent to 2, a mean to 4. */
export const DRAWN_PLACES = { share: 2, mean: 4 } as const;

/** Indicators with at most this many distinct values are kept as codes and summed per value. */
const MAX_CODES = 64;

/**
 * One unit column of one record source (a survey's rows are the respondents of the unit its unit
 * column names), after reading: each unit's rows together, in an order that does not depend on the
 * order of the file (sorted by what they hold), so that the same rows in any order draw the same.
 */
export class SampleTable {
  readonly k: number;
  /** Per indicator: its distinct values in order (coded), or undefined (kept as numbers in `numbers`). */
  private readonly values_: ReadonlyArray<Float64Array | undefined>;
  /** Where each indicator's sums start among a unit's: one per value (coded), or Σw and Σw·x. */
  private readonly slotOf: Int32Array;
  private readonly sums: Float64Array;
  /** The indicators kept as codes (in a row's codes, the n-th is coded[n]), and those kept as numbers. */
  private readonly coded: Int32Array;
  private readonly direct: Int32Array;
  /** Per coded indicator: where its sums start, less one (codes count from 1), and its weight slot. */
  private readonly base: Int32Array;
  private readonly codedWeight: Int32Array;
  /** The weight slot every coded indicator shares, or −1. */
  private readonly oneWeight: number;
  /** Per indicator, its weight column, or the last slot (no weights) of a row's weights. */
  private readonly weightSlot: Int32Array;
  private readonly rowWeight: Float64Array;

  private constructor(
    readonly source: string,
    readonly indicators: readonly SampledIndicator[],
    private readonly blocks: ReadonlyMap<string, { first: number; count: number }>,
    /** Row-major, one per coded indicator: the value's code + 1 (0: left out). */
    private readonly codes: Uint16Array,
    /** Per indicator not coded: its x per row (NaN: left out). */
    private readonly numbers: ReadonlyArray<Float64Array | undefined>,
    /** Row-major, one per weight column: the row's weight (whole units of 10^−places). */
    private readonly weights: Float64Array,
    private readonly weightColumns: number,
    /** Per indicator, its weight column (−1: not weighted). */
    weightOf: Int32Array,
    values: ReadonlyArray<Float64Array | undefined>,
    private readonly xRange: ReadonlyArray<{ lo: number; hi: number }>,
  ) {
    this.k = indicators.length;
    this.values_ = values;
    this.slotOf = new Int32Array(this.k);
    let size = 0;
    values.forEach((v, i) => {
      this.slotOf[i] = size;
      size += v ? v.length : 2;
    });
    this.sums = new Float64Array(size);
    const all = values.map((_, i) => i);
    this.coded = Int32Array.from(all.filter((i) => values[i] !== undefined));
    this.direct = Int32Array.from(all.filter((i) => values[i] === undefined));
    this.weightSlot = Int32Array.from(weightOf, (c) => (c < 0 ? weightColumns : c));
    this.rowWeight = new Float64Array(weightColumns + 1);
    this.base = Int32Array.from(this.coded, (i) => this.slotOf[i]! - 1);
    this.codedWeight = Int32Array.from(this.coded, (i) => this.weightSlot[i]!);
    this.oneWeight = this.codedWeight.every((w) => w === this.codedWeight[0]) ? (this.codedWeight[0] ?? -1) : -1;
  }

  /** The units with rows, in no particular order. */
  units(): IterableIterator<string> {
    return this.blocks.keys();
  }

  /** Where a unit's rows are (a block of row numbers), if it has any. */
  rowsOf(unit: string): { first: number; count: number } | undefined {
    return this.blocks.get(unit);
  }

  /**
   * Each indicator's value, as `value` gives it, over the rows of a unit's block drawn `times[j]`
   * times each (j from 0 to `count` − 1; a row drawn twice counts twice), into out[at + i]. An
   * indicator whose sums are not exact gets NaN.
   */
  valuesOver(first: number, times: Int32Array, count: number, out: Float64Array, at: number): void {
    const { k, codes, weights, weightColumns, coded, base, codedWeight, oneWeight, direct, slotOf, sums, rowWeight, weightSlot, numbers } = this;
    const kc = coded.length;
    sums.fill(0);
    for (let j = 0; j < count; j++) {
      const m = times[j]!;
      if (m === 0) continue;
      const r = first + j;
      // The row's weight in each column, times how often it was drawn; the last: m alone (no weights).
      for (let c = 0; c < weightColumns; c++) rowWeight[c] = m * weights[r * weightColumns + c]!;
      rowWeight[weightColumns] = m;
      const row = r * kc;
      if (oneWeight >= 0) {
        // Every coded indicator weighted alike (the usual survey): one weight for the row.
        const w = rowWeight[oneWeight]!;
        for (let n = 0; n < kc; n++) {
          const code = codes[row + n]!;
          if (code !== 0) sums[base[n]! + code]! += w;
        }
      } else {
        for (let n = 0; n < kc; n++) {
          const code = codes[row + n]!;
          if (code !== 0) sums[base[n]! + code]! += rowWeight[codedWeight[n]!]!;
        }
      }
      for (let n = 0; n < direct.length; n++) {
        const i = direct[n]!;
        const x = numbers[i]![r]!;
        if (x !== x) continue;
        const w = rowWeight[weightSlot[i]!]!;
        sums[slotOf[i]!]! += w;
        sums[slotOf[i]! + 1]! += w * x;
      }
    }
    for (let i = 0; i < k; i++) {
      if (!this.indicators[i]!.exact) {
        out[at + i] = NaN;
        continue;
      }
      const values = this.values_[i];
      let sw = 0;
      let swx = 0;
      if (values === undefined) {
        sw = sums[slotOf[i]!]!;
        swx = sums[slotOf[i]! + 1]!;
      } else {
        for (let v = 0; v < values.length; v++) {
          const w = sums[slotOf[i]! + v]!;
          sw += w;
          swx += w * values[v]!;
        }
      }
      out[at + i] = this.value(i, sw, swx);
    }
  }

  /**
   * The value of indicator `i` from Σw and Σw·x, as a whole number of 10^−DRAWN_PLACES (a percent
   * to 2 places, a mean to 4), rounded half away from zero; NaN when no weight was drawn (0/0).
   * Exact: integer arithmetic on the exact sums.
   */
  value(i: number, w: number, wx: number): number {
    if (w === 0) return NaN;
    const ind = this.indicators[i]!;
    // A share is 100 × Σw·x / Σw percent; a mean Σw·x / Σw at x's places.
    if (ind.kind === 'share') return roundedRatio(wx, 10 ** (DRAWN_PLACES.share + 2), w, 1);
    const shift = DRAWN_PLACES.mean - ind.xPlaces;
    return shift >= 0 ? roundedRatio(wx, 10 ** shift, w, 1) : roundedRatio(wx, 1, w, 10 ** -shift);
  }

  /** The lowest and highest value indicator `i` can be drawn at (a mean lies between its rows' x), as `value` gives them. */
  range(i: number): { lo: number; hi: number } {
    if (this.indicators[i]!.kind === 'share') return { lo: 0, hi: 100 * 10 ** DRAWN_PLACES.share };
    const { lo, hi } = this.xRange[i]!;
    return { lo: this.value(i, 1, lo), hi: this.value(i, 1, hi) };
  }

  /** Builds a table from the rows kept while reading (`SampleRows`), grouping each unit's rows. */
  static from(rows: SampleRows, unitOfSlot: (slot: number) => string): SampleTable {
    const count = rows.rows;
    const k = rows.indicators.length;
    // Each indicator's x and w at one scale: its most decimal places.
    const xPlaces = rows.indicators.map((_, i) => maxOf(rows.xPlaces[i]!, count));
    const xs = rows.indicators.map((_, i) => rescaled(rows.x[i]!, rows.xPlaces[i]!, xPlaces[i]!, count));
    // One weight per row and weight column, at the column's most decimal places.
    const columns = rows.columns;
    const weightOf = rows.weightOf;
    const ws = columns.map((_, c) => rescaled(rows.w[c]!, rows.wPlaces[c]!, maxOf(rows.wPlaces[c]!, count), count));
    const weight = new Float64Array(count * columns.length);
    for (let r = 0; r < count; r++) for (let c = 0; c < columns.length; c++) weight[r * columns.length + c] = ws[c]![r]!;
    const values = xs.map((x) => {
      const distinct = [...new Set(x.filter((v) => v === v))].sort((a, b) => a - b);
      return distinct.length <= MAX_CODES ? Float64Array.from(distinct) : undefined;
    });
    const code = values.map((v) => (v ? new Map([...v].map((x, c) => [x, c + 1])) : undefined));

    // Rows grouped by unit slot (counting sort), then each unit's rows sorted by what they hold.
    let slots = 0;
    for (let r = 0; r < count; r++) slots = Math.max(slots, rows.unit[r]! + 1);
    const start = new Int32Array(slots + 1);
    for (let r = 0; r < count; r++) start[rows.unit[r]! + 1]!++;
    for (let s = 0; s < slots; s++) start[s + 1]! += start[s]!;
    const order = new Int32Array(count);
    const next = start.slice(0, slots);
    for (let r = 0; r < count; r++) order[next[rows.unit[r]!]!++] = r;
    const cmp = (a: number, b: number) => {
      for (let c = 0; c < columns.length; c++) {
        const d = compareNumbers(weight[a * columns.length + c]!, weight[b * columns.length + c]!);
        if (d !== 0) return d;
      }
      for (let i = 0; i < k; i++) {
        const d = compareNumbers(xs[i]![a]!, xs[i]![b]!);
        if (d !== 0) return d;
      }
      return 0;
    };
    const blocks = new Map<string, { first: number; count: number }>();
    let most = 0;
    for (let s = 0; s < slots; s++) {
      const first = start[s]!;
      const n = start[s + 1]! - first;
      if (n === 0) continue;
      order.subarray(first, first + n).sort(cmp);
      blocks.set(unitOfSlot(s), { first, count: n });
      most = Math.max(most, n);
    }

    const codedOnes = values.flatMap((v, i) => (v ? [i] : []));
    const codes = new Uint16Array(count * codedOnes.length);
    const numbers = values.map((v) => (v ? undefined : new Float64Array(count)));
    const weights = new Float64Array(count * columns.length);
    for (let r = 0; r < count; r++) {
      const from = order[r]!;
      for (let i = 0; i < k; i++) {
        const n = numbers[i];
        if (n) n[r] = xs[i]![from]!;
      }
      codedOnes.forEach((i, n) => {
        const x = xs[i]![from]!;
        codes[r * codedOnes.length + n] = x === x ? code[i]!.get(x)! : 0;
      });
      for (let c = 0; c < columns.length; c++) weights[r * columns.length + c] = weight[from * columns.length + c]!;
    }
    const xRange = xs.map((x) => {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of x) if (v === v) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
      return lo <= hi ? { lo, hi } : { lo: 0, hi: 0 };
    });
    const indicators = rows.indicators.map((indicator, i): SampledIndicator => {
      const kind = indicator.aggregate.kind === 'share' ? 'share' : 'mean';
      // Σw·x over a unit's rows, each drawn up to `most` times in all, stays exact if the largest |w·x| times `most` does.
      const w = weightOf[i]! < 0 ? 1 : largest(ws[weightOf[i]!]!);
      const exact = largest(xs[i]!) * w * most <= Number.MAX_SAFE_INTEGER && w * most <= Number.MAX_SAFE_INTEGER;
      return { indicator, kind, xPlaces: xPlaces[i]!, exact };
    });
    return new SampleTable(rows.source, indicators, blocks, codes, numbers, weights, columns.length, weightOf, values, xRange);
  }
}

/**
 * The rows of one unit column of a source, as they are read: a row is begun for its unit, and
 * each sampled indicator that uses it puts its x (and the row's weight, once per weight column)
 * into it.
 */
export class SampleRows {
  rows = 0;
  unit = new Int32Array(1024);
  readonly x: Float64Array[];
  readonly xPlaces: Uint8Array[];
  /** The weight columns, and per column each row's weight. */
  readonly columns: string[];
  readonly w: Float64Array[];
  readonly wPlaces: Uint8Array[];
  /** Per indicator, its weight column (−1: not weighted). */
  readonly weightOf: Int32Array;
  private capacity = 1024;

  constructor(
    readonly source: string,
    readonly indicators: readonly DerivedIndicator[],
  ) {
    this.columns = [...new Set(indicators.flatMap((d) => (d.weightColumn === undefined ? [] : [d.weightColumn])))];
    this.weightOf = Int32Array.from(indicators, (d) => (d.weightColumn === undefined ? -1 : this.columns.indexOf(d.weightColumn)));
    this.x = indicators.map(() => new Float64Array(this.capacity).fill(NaN));
    this.xPlaces = indicators.map(() => new Uint8Array(this.capacity));
    this.w = this.columns.map(() => new Float64Array(this.capacity));
    this.wPlaces = this.columns.map(() => new Uint8Array(this.capacity));
  }

  /** A new row of the unit in slot `u`: every indicator left out of it until it puts a value. */
  begin(u: number): void {
    if (this.rows === this.capacity) this.grow();
    this.unit[this.rows++] = u;
  }

  /** The sink through which indicator `i` puts the current row's value. */
  sink(i: number): SampleSink {
    const c = this.weightOf[i]!;
    return {
      put: (x, xPlaces, w, wPlaces) => {
        const r = this.rows - 1;
        this.x[i]![r] = asNumber(x);
        this.xPlaces[i]![r] = xPlaces;
        if (c < 0) return;
        this.w[c]![r] = asNumber(w);
        this.wPlaces[c]![r] = wPlaces;
      },
    };
  }

  private grow(): void {
    const size = this.capacity * 2;
    const more = <T extends Float64Array | Uint8Array | Int32Array>(a: T, fill?: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      if (fill !== undefined) b.fill(fill);
      b.set(a);
      return b;
    };
    this.unit = more(this.unit);
    this.indicators.forEach((_, i) => {
      this.x[i] = more(this.x[i]!, NaN);
      this.xPlaces[i] = more(this.xPlaces[i]!);
    });
    this.columns.forEach((_, c) => {
      this.w[c] = more(this.w[c]!);
      this.wPlaces[c] = more(this.wPlaces[c]!);
    });
    this.capacity = size;
  }
}

/** Where an aggregate puts what the current row gives it: x and w as whole numbers of 10^−places (w 1 without weights). */
export interface SampleSink {
  put(x: number | bigint, xPlaces: number, w: number | bigint, wPlaces: number): void;
}

/** A whole number as a double, or Infinity past 2^53 (the table then refuses to redraw its indicator). */
function asNumber(v: number | bigint): number {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : Infinity;
}

function maxOf(a: Uint8Array, count: number): number {
  let m = 0;
  for (let r = 0; r < count; r++) if (a[r]! > m) m = a[r]!;
  return m;
}

/** The values at `places` decimal places (Infinity where that passes 2^53). */
function rescaled(values: Float64Array, places: Uint8Array, to: number, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let r = 0; r < count; r++) {
    const v = values[r]!;
    const shift = to - places[r]!;
    const scaledValue = shift === 0 || v !== v ? v : v * 10 ** shift;
    out[r] = v === v && !Number.isSafeInteger(scaledValue) ? Infinity : scaledValue;
  }
  return out;
}

function largest(a: Float64Array): number {
  let m = 0;
  for (const v of a) if (v === v && Math.abs(v) > m) m = Math.abs(v);
  return m;
}

/** Numbers in order, a left-out value (NaN) first. */
function compareNumbers(a: number, b: number): number {
  if (a !== a) return b !== b ? 0 : -1;
  if (b !== b) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * (num × numScale) / (den × denScale) rounded half away from zero to a whole number, for whole
 * numbers num, den > 0 and powers of ten held in doubles: exactly — in doubles while every step is
 * a safe integer, in BigInt beyond.
 */
export function roundedRatio(num: number, numScale: number, den: number, denScale: number): number {
  const n = Math.abs(num) * numScale;
  const d = den * denScale;
  const a = 2 * n + d;
  const b = 2 * d;
  let q: number;
  if (Number.isSafeInteger(n) && Number.isSafeInteger(a + b)) {
    // The quotient of two doubles may round up to the next whole number: corrected both ways.
    q = Math.floor(a / b);
    if (q * b > a) q--;
    else if ((q + 1) * b <= a) q++;
  } else {
    const bn = BigInt(Math.abs(num)) * BigInt(numScale);
    const bd = BigInt(den) * BigInt(denScale);
    q = Number((2n * bn + bd) / (2n * bd));
  }
  return num < 0 ? -q : q;
}
