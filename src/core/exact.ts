/** Whole numbers below this are shared instances (see Exact.small). */
const SMALL = 1024;

/**
 * Exact rational numbers for points, percents and indices.
 *
 * Points are written as decimals, but an index (points / max × scale) or a proportional score is a
 * fraction whose decimal expansion may never end (68.32 / 84 × 100 = 81.333…). Keeping numerator and
 * denominator as BigInt makes every sum, tie and comparison exact; rounding happens only where the
 * design says so (leaf points to `precision`, shown values).
 */
export class Exact {
  /** Always reduced, denominator positive. */
  private constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {}

  /** Small whole numbers (counts, points, the 100 of a percent) are shared, not allocated each time. */
  private static readonly small: readonly Exact[] = Array.from({ length: SMALL }, (_, i) => new Exact(BigInt(i), 1n));
  static readonly ZERO: Exact = Exact.small[0]!;
  static readonly ONE: Exact = Exact.small[1]!;
  static readonly HUNDRED: Exact = Exact.small[100]!;

  static whole(n: number): Exact {
    return Exact.of(BigInt(n));
  }

  static of(num: bigint | number, den: bigint | number = 1n): Exact {
    const n = BigInt(num);
    const d = BigInt(den);
    if (d === 1n && n >= 0n && n < SMALL) return Exact.small[Number(n)]!;
    if (d === 0n) throw new RangeError('Exact: division by zero');
    const g = gcd(n < 0n ? -n : n, d < 0n ? -d : d);
    return d < 0n ? new Exact(-n / g, -d / g) : new Exact(n / g, d / g);
  }

  /**
   * a / b for whole numbers held in doubles (safe integers, b ≠ 0), reduced in double arithmetic:
   * for ratios made millions of times from sums that are known to be whole (redrawn totals).
   */
  static ratio(a: number, b: number): Exact {
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || b === 0) throw new RangeError(`Exact.ratio: ${a}/${b} is not a ratio of safe integers`);
    let x = Math.abs(a);
    let y = Math.abs(b);
    while (y !== 0) [x, y] = [y, x % y];
    const sign = b < 0 ? -1 : 1;
    return new Exact(BigInt((sign * a) / x), BigInt((sign * b) / x));
  }

  /**
   * Parses plain decimal text: optional sign, digits, optional fraction, optional exponent
   * ("-12.5", "0.10", "1e-3"). Returns undefined for anything else; locale-specific forms
   * (1.234,5; 53,41%) are handled by the evidence value parsers, which call this with plain text.
   */
  static parse(text: string): Exact | undefined {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/.exec(text);
    if (!m) return undefined;
    const int = m[2]!;
    const frac = m[3] ?? '';
    if (int === '' && frac === '') return undefined;
    const e = Number(m[4] ?? 0);
    // BigInt('') is 0n, so ".5" reads as 5/10.
    const num = BigInt(int + frac) * 10n ** BigInt(Math.max(e, 0));
    const den = 10n ** BigInt(frac.length) * 10n ** BigInt(Math.max(-e, 0));
    return Exact.of(m[1] === '-' ? -num : num, den);
  }

  /**
   * A JavaScript number through its shortest round-trip decimal text, never by arithmetic: YAML
   * `0.1` and an XLSX cell 0.1 become exactly 1/10.
   */
  static fromNumber(x: number): Exact {
    if (!Number.isFinite(x)) throw new RangeError(`Exact: not a finite number: ${x}`);
    // A finite number's text ("5e-7", "1e+21", "-0.1") is always plain decimal text.
    return Exact.parse(String(x))!;
  }

  add(o: Exact): Exact {
    if (this.den === o.den) return Exact.of(this.num + o.num, this.den);
    return Exact.of(this.num * o.den + o.num * this.den, this.den * o.den);
  }

  sub(o: Exact): Exact {
    return this.add(o.neg());
  }

  mul(o: Exact): Exact {
    return Exact.of(this.num * o.num, this.den * o.den);
  }

  /** Throws on division by zero: callers decide what 0/0 means (see the `proportional` rule). */
  div(o: Exact): Exact {
    return Exact.of(this.num * o.den, this.den * o.num);
  }

  neg(): Exact {
    return new Exact(-this.num, this.den);
  }

  abs(): Exact {
    return this.isNegative() ? this.neg() : this;
  }

  cmp(o: Exact): -1 | 0 | 1 {
    const l = this.num * o.den;
    const r = o.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }

  eq(o: Exact): boolean {
    return this.num === o.num && this.den === o.den;
  }
  lt(o: Exact): boolean {
    return this.cmp(o) < 0;
  }
  lte(o: Exact): boolean {
    return this.cmp(o) <= 0;
  }
  gt(o: Exact): boolean {
    return this.cmp(o) > 0;
  }
  gte(o: Exact): boolean {
    return this.cmp(o) >= 0;
  }

  isZero(): boolean {
    return this.num === 0n;
  }
  isNegative(): boolean {
    return this.num < 0n;
  }
  isInteger(): boolean {
    return this.den === 1n;
  }

  static min(a: Exact, b: Exact): Exact {
    return a.lte(b) ? a : b;
  }
  static max(a: Exact, b: Exact): Exact {
    return a.gte(b) ? a : b;
  }
  static sum(values: Iterable<Exact>): Exact {
    let s = Exact.ZERO;
    for (const v of values) s = s.add(v);
    return s;
  }

  /** Largest integer ≤ this. */
  floor(): bigint {
    if (this.den === 1n) return this.num;
    // BigInt division truncates towards zero.
    const q = this.num / this.den;
    return this.isNegative() ? q - 1n : q;
  }

  /**
   * Rounds to `places` decimals, half away from zero — what "làm tròn đến 2 chữ số thập phân" and
   * Excel's ROUND do: 0.125 → 0.13, −0.125 → −0.13.
   */
  round(places: number): Exact {
    const rounded = this.roundedUnits(places);
    return Exact.of(this.isNegative() ? -rounded : rounded, pow10(places));
  }

  /** |this| × 10^places rounded half up to a whole number: ⌊(2·|num|·10^places + den) / (2·den)⌋. */
  private roundedUnits(places: number): bigint {
    const abs = this.isNegative() ? -this.num : this.num;
    return (2n * abs * pow10(places) + this.den) / (2n * this.den);
  }

  /** Number of decimal places needed to write this exactly, or undefined if it never ends. */
  decimalPlaces(): number | undefined {
    let d = this.den;
    let twos = 0;
    let fives = 0;
    while (d % 2n === 0n) {
      d /= 2n;
      twos++;
    }
    while (d % 5n === 0n) {
      d /= 5n;
      fives++;
    }
    return d === 1n ? Math.max(twos, fives) : undefined;
  }

  /** Fixed-point text rounded half away from zero, with `.` as the decimal mark: "81.33". */
  toFixed(places: number): string {
    const units = this.roundedUnits(places);
    const neg = this.isNegative() && units !== 0n;
    const digits = units.toString().padStart(places + 1, '0');
    const int = digits.slice(0, digits.length - places);
    const frac = digits.slice(digits.length - places);
    return (neg ? '-' : '') + int + (places > 0 ? '.' + frac : '');
  }

  /** The shortest exact decimal text ("0.5", "12"), or a rounded one when it never ends. */
  toString(maxPlaces = 20): string {
    // A reduced fraction written with exactly decimalPlaces() places never ends in 0.
    return this.toFixed(this.decimalPlaces() ?? maxPlaces);
  }

  /** A JSON number at the given precision (the design shows numbers at their shown precision). */
  toNumber(places: number): number {
    return Number(this.toFixed(places));
  }
}

const POWERS = Array.from({ length: 21 }, (_, i) => 10n ** BigInt(i));

function pow10(places: number): bigint {
  return POWERS[places] ?? 10n ** BigInt(places);
}

/** Greatest common divisor of a ≥ 0 and b > 0. */
function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
