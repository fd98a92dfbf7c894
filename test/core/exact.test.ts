import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Exact } from '../../src/core/exact.js';

const x = (s: string) => Exact.parse(s)!;

describe('Exact', () => {
  it('adds decimals exactly: 0.1 + 0.2 = 0.3', () => {
    expect(x('0.1').add(x('0.2')).eq(x('0.3'))).toBe(true);
    // 0.7 + 0.1 >= 0.8 is false in binary floating point.
    expect(x('0.7').add(x('0.1')).gte(x('0.8'))).toBe(true);
  });

  it('keeps an index that never ends exact until shown', () => {
    // 68.32 / 84 × 100 = 6832/84 = 81.3333…; shown with 2 places: 81.33.
    const index = x('68.32').div(x('84')).mul(Exact.HUNDRED);
    expect(index.eq(Exact.of(6832n, 84n))).toBe(true);
    expect(index.toFixed(2)).toBe('81.33');
    expect(index.decimalPlaces()).toBeUndefined();
  });

  it('rounds half away from zero, as Excel ROUND and the decisions do', () => {
    // (2.675).toFixed(2) is "2.67" in floating point; exactly it is 2.68.
    expect(x('2.675').toFixed(2)).toBe('2.68');
    expect(x('0.125').round(2).toString()).toBe('0.13');
    expect(x('-0.125').round(2).toString()).toBe('-0.13');
    expect(x('0.124999').round(2).toString()).toBe('0.12');
    expect(x('1.5').round(0).toString()).toBe('2');
    expect(x('-1.5').round(0).toString()).toBe('-2');
  });

  it('parses plain decimal text and refuses anything else', () => {
    expect(x('0.10').toString()).toBe('0.1');
    expect(x('-12.50').toString()).toBe('-12.5');
    expect(x('1e-3').toString()).toBe('0.001');
    expect(x('.5').toString()).toBe('0.5');
    for (const bad of ['', '.', '1,5', '1.2.3', 'abc', '1 000', '--1']) expect(Exact.parse(bad)).toBeUndefined();
  });

  it('reads a JavaScript number through its shortest decimal text', () => {
    expect(Exact.fromNumber(0.1).eq(Exact.of(1n, 10n))).toBe(true);
    expect(Exact.fromNumber(1e21).eq(Exact.of(10n ** 21n))).toBe(true);
    expect(() => Exact.fromNumber(Number.NaN)).toThrow();
  });

  it('floors towards minus infinity', () => {
    expect(x('2.5').floor()).toBe(2n);
    expect(x('-2.5').floor()).toBe(-3n);
    expect(x('-3').floor()).toBe(-3n);
  });

  it('keeps fractions reduced with a positive denominator', () => {
    // 6/-4 = -3/2; -6/-4 = 3/2; 0/5 = 0/1; 10/1 stays whole.
    expect([Exact.of(6n, -4n).num, Exact.of(6n, -4n).den]).toEqual([-3n, 2n]);
    expect([Exact.of(-6n, -4n).num, Exact.of(-6n, -4n).den]).toEqual([3n, 2n]);
    expect([Exact.of(0n, 5n).num, Exact.of(0n, 5n).den]).toEqual([0n, 1n]);
    expect([Exact.of(-2048n).num, Exact.of(-2048n).den]).toEqual([-2048n, 1n]);
    expect(() => Exact.of(1n, 0n)).toThrow('Exact: division by zero');
    expect(() => Exact.ONE.div(Exact.ZERO)).toThrow('Exact: division by zero');
  });

  it('shares the small whole numbers instead of allocating them', () => {
    expect(Exact.of(0n)).toBe(Exact.ZERO);
    expect(Exact.of(1)).toBe(Exact.ONE);
    expect(Exact.of(100n)).toBe(Exact.HUNDRED);
    expect(Exact.whole(1023)).toBe(Exact.of(1023n));
    // 1024 is past the shared range: a value of its own, still correct.
    expect(Exact.whole(1024).toString()).toBe('1024');
    expect(Exact.whole(1024)).not.toBe(Exact.whole(1024));
  });

  it('reads exponents with or without a sign', () => {
    // 1e3 = 1000; 1E+2 = 100; 2.5e0 = 2.5; 25e-1 = 2.5.
    expect(x('1e3').toString()).toBe('1000');
    expect(x('1E+2').toString()).toBe('100');
    expect(x('2.5e0').toString()).toBe('2.5');
    expect(x('25e-1').toString()).toBe('2.5');
    expect(x('-0').isZero()).toBe(true);
    expect(x('+7').toString()).toBe('7');
    for (const bad of ['1e', 'e3', '1e12345', '1e+-2']) expect(Exact.parse(bad)).toBeUndefined();
    expect(() => Exact.fromNumber(Number.POSITIVE_INFINITY)).toThrow('not a finite number: Infinity');
    // 5e-7 is written "5e-7" by JavaScript: 5/10^7.
    expect(Exact.fromNumber(5e-7).eq(Exact.of(5n, 10n ** 7n))).toBe(true);
  });

  it('writes exact decimals without trailing zeros and endless ones at the places asked', () => {
    // 1/8 = 0.125 (3 places: 2^3); 1/20 = 0.05 (2 places: 2^2 and 5^1); 7 is whole; 1/3 never ends.
    expect(Exact.of(1n, 8n).decimalPlaces()).toBe(3);
    expect(Exact.of(1n, 20n).decimalPlaces()).toBe(2);
    expect(Exact.of(1n, 125n).decimalPlaces()).toBe(3);
    expect(Exact.of(1n, 20n).toString()).toBe('0.05');
    expect(Exact.of(-7n).toString()).toBe('-7');
    expect(Exact.of(7n, 10n).toString()).toBe('0.7');
    expect(Exact.of(1n, 3n).toString(4)).toBe('0.3333');
    expect(Exact.of(2n, 3n).toString()).toBe('0.66666666666666666667');
    expect(Exact.of(-2n, 3n).toString(2)).toBe('-0.67');
    // Past the 20 places kept ready: 1/3 to 25 places.
    expect(Exact.of(1n, 3n).toString(25)).toBe('0.' + '3'.repeat(25));
    // −0.001 shown with 2 places is 0.00, never "-0.00"; 1234.5 with 0 places is 1235.
    expect(x('-0.001').toFixed(2)).toBe('0.00');
    expect(x('1234.5').toFixed(0)).toBe('1235');
    expect(x('-1234.5').toFixed(1)).toBe('-1234.5');
    expect(x('81.335').toNumber(2)).toBe(81.34);
  });

  it('compares, orders and classifies', () => {
    const [a, b] = [x('0.5'), x('0.75')];
    expect([a.cmp(b), b.cmp(a), a.cmp(x('0.50'))]).toEqual([-1, 1, 0]);
    expect([a.lt(b), a.lt(a), a.lte(a), b.lte(a)]).toEqual([true, false, true, false]);
    expect([b.gt(a), a.gt(a), a.gte(a), a.gte(b)]).toEqual([true, false, true, false]);
    expect([Exact.min(a, b), Exact.min(b, a), Exact.max(a, b), Exact.max(b, a)]).toEqual([a, a, b, b]);
    expect([a.isInteger(), x('2').isInteger(), a.isNegative(), a.neg().isNegative(), Exact.ZERO.isNegative()]).toEqual([false, true, false, true, false]);
    expect(a.neg().abs().eq(a)).toBe(true);
    expect(a.abs()).toBe(a);
    // 0.75 − 0.5 = 0.25; 0.5 × 0.75 = 0.375; 0.5 / 0.75 = 2/3; 1/3 + 1/6 = 1/2 (different denominators).
    expect(b.sub(a).toString()).toBe('0.25');
    expect(a.mul(b).toString()).toBe('0.375');
    expect(a.div(b).eq(Exact.of(2n, 3n))).toBe(true);
    expect(Exact.of(1n, 3n).add(Exact.of(1n, 6n)).eq(a)).toBe(true);
    expect(Exact.of(1n, 4n).add(Exact.of(1n, 4n)).eq(a)).toBe(true);
    expect(x('7').floor()).toBe(7n);
    expect(x('0.5').floor()).toBe(0n);
  });

  it('sums in any order to the same exact value', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -100000, max: 100000 }), { maxLength: 30 }), fc.integer(), (cents, seed) => {
        const values = cents.map((c) => Exact.of(BigInt(c), 100n));
        const shuffled = [...values].sort(() => ((seed = (seed * 1103515245 + 12345) | 0) & 1 ? 1 : -1));
        expect(Exact.sum(values).eq(Exact.sum(shuffled))).toBe(true);
        expect(Exact.sum(values).eq(Exact.of(BigInt(cents.reduce((a, b) => a + b, 0)), 100n))).toBe(true);
      }),
    );
  });
});
