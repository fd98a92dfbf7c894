import { describe, expect, it } from 'vitest';
import { t975, tInterval, tQuantile, wilson } from '../../../src/evidence/records/stats.js';

/** Confidence intervals on small known samples, worked out by hand (z = 1.959964, z² = 3.841459). */
describe('Wilson interval', () => {
  it('8 of 10', () => {
    // centre = (p + z²/2n) / (1 + z²/n) = (0.8 + 0.192073) / 1.384146 = 0.716741
    // half   = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n) = 1.959964 · √(0.016 + 0.009604) / 1.384146
    //        = 1.959964 · 0.160012 / 1.384146 = 0.226577 → 0.490164 to 0.943318
    const ci = wilson(8, 10)!;
    expect(ci.low).toBeCloseTo(0.490164, 5);
    expect(ci.high).toBeCloseTo(0.943318, 5);
  });

  it('0 of 10 and 10 of 10: one bound exact, the other not collapsed', () => {
    // 0 of 10: centre = 0.192073/1.384146 = 0.138767, half = 1.959964·√0.009604/1.384146 = 0.138767.
    expect(wilson(0, 10)).toEqual({ low: 0, high: expect.closeTo(0.277533, 5) });
    expect(wilson(10, 10)).toEqual({ low: expect.closeTo(0.722467, 5), high: 1 });
  });

  it('takes an effective sample size that is not whole', () => {
    // 0.5 of n = 2.5: centre (0.5 + 0.768292)/(1 + 1.536584) = 0.5;
    // half = 1.959964·√(0.1 + 0.153658)/2.536584 = 1.959964·0.503645/2.536584 = 0.389156.
    const ci = wilson(1.25, 2.5)!;
    expect(ci.low).toBeCloseTo(0.110844, 5);
    expect(ci.high).toBeCloseTo(0.889156, 5);
  });

  it('has nothing to say about no rows', () => {
    expect(wilson(0, 0)).toBeUndefined();
  });
});

describe('t interval', () => {
  it('uses the quantiles of Student t (tables: 12.7062, 4.3027, 2.2622, 2.0452, 2.0423, 1.9840)', () => {
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.7062, 4);
    expect(t975(2)).toBeCloseTo(4.3027, 4);
    expect(t975(9)).toBeCloseTo(2.2622, 4);
    expect(t975(29)).toBeCloseTo(2.0452, 4);
    expect(t975(30)).toBeCloseTo(2.0423, 4);
    expect(t975(100)).toBeCloseTo(1.984, 4);
  });

  it('joins the series and the bisection without a step at 20 degrees of freedom', () => {
    // t(0.975, 20) = 2.085963 from either side.
    expect(t975(19.999999)).toBeCloseTo(2.085963, 5);
    expect(t975(20)).toBeCloseTo(2.085963, 5);
  });

  it('mean 4.25, s² = 0.41667 of 4 values', () => {
    // half = t(0.975, 3) · √(0.416667/4) = 3.182446 · 0.322749 = 1.027142 → 3.222858 to 5.277142
    const ci = tInterval(4.25, 1.25 / 3, 4)!;
    expect(ci.low).toBeCloseTo(3.22286, 4);
    expect(ci.high).toBeCloseTo(5.27714, 4);
  });

  it('needs two observations', () => {
    expect(tInterval(1, 0, 1)).toBeUndefined();
  });
});
