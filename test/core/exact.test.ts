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
