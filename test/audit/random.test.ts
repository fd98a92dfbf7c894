import { describe, expect, it } from 'vitest';
import { Random } from '../../src/audit/random.js';

describe('the seeded generator', () => {
  it('is xoshiro128**: from the state 1, 2, 3, 4 it gives the reference implementation’s numbers', () => {
    // The first eight outputs of Blackman and Vigna's xoshiro128starstar.c with s = {1, 2, 3, 4}.
    const r = Random.ofState(1, 2, 3, 4);
    expect(Array.from({ length: 8 }, () => r.next())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
  });

  it('gives the same numbers for the same seed and stream, and others for another', () => {
    const take = (seed: number, stream: number) => {
      const r = new Random(seed, stream);
      return Array.from({ length: 16 }, () => r.next());
    };
    expect(take(7, 3)).toEqual(take(7, 3));
    expect(take(7, 3)).not.toEqual(take(7, 4));
    expect(take(7, 3)).not.toEqual(take(8, 3));
    for (const x of take(0, 0)) expect(Number.isInteger(x) && x >= 0 && x < 2 ** 32).toBe(true);
  });

  it('resamples n rows with replacement: n draws in all, each row about equally often', () => {
    const r = new Random(1, 0);
    const times = new Int32Array(5);
    const seen = new Int32Array(5);
    for (let d = 0; d < 2000; d++) {
      r.resample(times, 5);
      expect(times.reduce((a, b) => a + b, 0)).toBe(5);
      times.forEach((t, i) => (seen[i]! += t));
    }
    // 10.000 draws over 5 rows: 2.000 each expected, sd √(10.000 × 0,2 × 0,8) = 40.
    for (const s of seen) expect(Math.abs(s - 2000)).toBeLessThan(200);
  });

  it('draws below n without bias, also for n that is no power of two', () => {
    const r = new Random(3, 0);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30000; i++) counts[r.below(3)]!++;
    // 10.000 each expected, sd √(30.000 × ⅓ × ⅔) ≈ 82.
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400);
    expect(r.below(1)).toBe(0);
  });
});
