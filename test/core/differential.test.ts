import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreIndex } from '../../src/core/score.js';
import { loadCriteria } from '../../src/criteria/index.js';
import { EvidenceCollector } from '../../src/evidence/collect.js';
import { runs } from '../helpers/runs.js';
import { scenarioArb, type LeafSpec, type Scenario } from '../helpers/arbitrary.js';

/**
 * A differential test: a small reference scorer, written here from the design's rules alone —
 * its own fractions, its own reading of the few notations the generator writes, no code shared
 * with the engine — against the engine on thousands of generated criteria trees and evidence sets.
 */

// ---- Fractions: [numerator, denominator], denominator > 0, reduced. ----
type F = readonly [bigint, bigint];
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
const frac = (n: bigint, d: bigint = 1n): F => {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return [n / g, d / g];
};
const add = (a: F, b: F): F => frac(a[0] * b[1] + b[0] * a[1], a[1] * b[1]);
const sub = (a: F, b: F): F => add(a, [-b[0], b[1]]);
const mul = (a: F, b: F): F => frac(a[0] * b[0], a[1] * b[1]);
const div = (a: F, b: F): F => frac(a[0] * b[1], a[1] * b[0]);
const cmp = (a: F, b: F): number => {
  const l = a[0] * b[1];
  const r = b[0] * a[1];
  return l < r ? -1 : l > r ? 1 : 0;
};
const min = (a: F, b: F): F => (cmp(a, b) <= 0 ? a : b);
const ZERO = frac(0n);
/** From a JS number written in the criteria (quarters and small decimals): through its text. */
const num = (x: number): F => dec(String(x));
/** "12,5" or "12.5" → 125/10. */
const dec = (s: string): F => {
  const [i, f = ''] = s.replace(',', '.').split('.');
  return frac(BigInt(i! + f), 10n ** BigInt(f.length));
};
/** Half away from zero to 2 places. */
const round2 = (x: F): F => {
  const scaled = x[0] * 100n;
  const q = scaled / x[1];
  const r = scaled % x[1];
  const up = (r < 0n ? -r : r) * 2n >= x[1];
  return frac(up ? q + (scaled < 0n ? -1n : 1n) : q, 100n);
};
const same = (a: F, b: { num: bigint; den: bigint }) => a[0] === b.num && a[1] === b.den;

// ---- The few notations the generator writes, read by hand. ----
function percent(v: string): F | 'empty' {
  if (v.includes('/')) {
    const [a, b] = v.split('/').map((s) => BigInt(s.replace(/\./g, '')));
    if (b === 0n) return 'empty';
    return frac(a! * 100n, b!);
  }
  return dec(v.replace('%', ''));
}
const day = (v: string) => {
  const [d, m, y] = v.split('/').map(Number);
  return Date.UTC(y!, m! - 1, d!) / 86_400_000;
};

/** A leaf's points by its rule, or 'na' when the rule makes it not applicable. */
function leafPoints(spec: LeafSpec, value: string, best: F | undefined): F | 'na' {
  const r = spec.rule as Record<string, unknown>;
  const max = num(spec.max);
  switch (r['kind']) {
    case 'boolean':
      return value === 'có' ? (r['yes'] === undefined ? max : num(r['yes'] as number)) : r['no'] === undefined ? ZERO : num(r['no'] as number);
    case 'deadline': {
      if (value === 'không') return ZERO;
      const due = day('31/07/2025');
      return day(value) <= due ? max : num(r['late'] as number);
    }
    case 'bands': {
      const v = percent(value) as F;
      for (const b of r['bands'] as Array<{ min: number; points: number }>) if (cmp(v, num(b.min)) >= 0) return num(b.points);
      return ZERO;
    }
    case 'proportional': {
      const v = percent(value);
      if (v === 'empty') return r['empty'] === 'full' ? max : r['empty'] === 'na' ? 'na' : ZERO;
      return mul(max, min(frac(1n), div(v, frac(100n))));
    }
    case 'increment': {
      const v = num(Number(value));
      const over = sub(v, num(r['from'] as number));
      if (cmp(over, ZERO) <= 0) return num(r['base'] as number);
      const steps = over[0] / (over[1] * BigInt(r['step'] as number));
      const p = add(num(r['base'] as number), mul(num(r['per_step'] as number), frac(steps)));
      return min(p, max);
    }
    case 'levels':
      return num((r['levels'] as Record<string, number>)[value]!);
    case 'deduction': {
      const p = sub(max, mul(num(r['per'] as number), frac(BigInt(value))));
      const floor = num(r['floor'] as number);
      return cmp(p, floor) < 0 ? floor : p;
    }
    case 'relative': {
      const v = dec(value);
      const b = best!;
      if (r['direction'] === 'higher') return b[0] === 0n ? ZERO : mul(max, div(v, b));
      return cmp(v, b) === 0 ? max : mul(max, div(b, v));
    }
    case 'given':
      return dec(value);
  }
  throw new Error(`unknown rule ${String(r['kind'])}`);
}

interface RefUnit {
  id: string;
  points: F;
  max: F;
  index: F | null;
  rank: number | null;
  tied: boolean;
  band: string | null;
  leaves: Map<string, { final: F; counted: boolean }>;
}

/** For a relative leaf: the best value among the units of the group that gave one. */
function groupBest(s: Scenario, spec: LeafSpec, group: string, value: (unit: string, leaf: string) => string | undefined): F | undefined {
  const values = s.units
    .filter((o) => o.group === group)
    .map((o) => value(o.id, spec.id))
    .filter((x): x is string => x !== undefined && x !== 'KAD')
    .map(dec);
  const lower = spec.rule['direction'] === 'lower';
  return values.length === 0 ? undefined : values.reduce((a, b) => ((lower ? cmp(b, a) < 0 : cmp(b, a) > 0) ? b : a));
}

function reference(s: Scenario): RefUnit[] {
  const value = (unit: string, leaf: string) => s.evidence.find((e) => e.unit === unit && e.leaf === leaf)?.value;
  const applies = (spec: LeafSpec, group: string) => !spec.appliesTo || spec.appliesTo.includes(group);
  const units: RefUnit[] = s.units.map((u) => {
    const leaves = new Map<string, { final: F; counted: boolean }>();
    let points = ZERO;
    let max = ZERO;
    let data = false;
    for (const spec of s.leaves) {
      const v = value(u.id, spec.id);
      if (!applies(spec, u.group) || v === 'KAD') {
        leaves.set(spec.id, { final: ZERO, counted: false });
        continue;
      }
      let p: F | 'na';
      // No evidence: what the rule gives for none — `missing` (0 here) for a deadline, otherwise 0.
      if (v === undefined) p = ZERO;
      else {
        data = true;
        p = leafPoints(spec, v, spec.rule['kind'] === 'relative' ? groupBest(s, spec, u.group, value) : undefined);
      }
      if (p === 'na') {
        leaves.set(spec.id, { final: ZERO, counted: false });
        continue;
      }
      const final = round2(p);
      leaves.set(spec.id, { final, counted: true });
      points = add(points, final);
      max = add(max, num(spec.max));
    }
    const bonus = value(u.id, 'thuong');
    if (bonus !== undefined) {
      data = true;
      points = add(points, min(round2(dec(bonus)), frac(2n)));
    }
    const ranked = max[0] !== 0n && data;
    return { id: u.id, points, max, index: ranked ? mul(div(points, max), frac(100n)) : null, rank: null, tied: false, band: null, leaves };
  });
  for (const g of s.groups) {
    const ranked = units.filter((u) => s.units.find((x) => x.id === u.id)!.group === g && u.index !== null).sort((a, b) => cmp(b.index!, a.index!));
    ranked.forEach((u, i) => {
      const prev = ranked[i - 1];
      const tie = prev !== undefined && cmp(prev.index!, u.index!) === 0;
      u.rank = tie ? prev.rank : i + 1;
      if (tie) prev.tied = u.tied = true;
      // Bands on the shown index: from 80 Tốt, else Chưa tốt — the lowest band starts at 0, so it
      // also takes an index below 0 (negative floors).
      const shown = round2(u.index!);
      u.band = cmp(shown, frac(80n)) >= 0 ? 'Tốt' : 'Chưa tốt';
    });
  }
  return units;
}

function engine(s: Scenario) {
  const { criteria } = loadCriteria(s.yaml, 'gen.yaml');
  const units = s.units.map((u) => ({ ...u, name: u.id, previous: [] }));
  const collector = new EvidenceCollector(criteria!, units);
  s.evidence.forEach((e, i) => collector.add(e.unit, e.leaf, { text: e.value }, { file: 'gen.csv', column: 'C', header: 'value' }, i + 2));
  return scoreIndex({ criteria: criteria!, units, inputs: collector.finish().inputs });
}

export const DIFFERENTIAL_RUNS = 2000;

describe('differential: the engine against a reference scorer', () => {
  it(`agrees on points, maxima, exact indices, ranks, ties and bands over ${DIFFERENTIAL_RUNS} generated cases`, () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const report = engine(s);
        for (const ref of reference(s)) {
          const u = report.units.find((x) => x.unit === ref.id)!;
          for (const [id, leaf] of ref.leaves) {
            const item = u.items.find((i) => i.id === id)!;
            const counted = item.status !== 'not_applicable' && item.status !== 'insufficient_data';
            expect(counted, `${ref.id} ${id} counted`).toBe(leaf.counted);
            if (counted) expect(same(leaf.final, item.final), `${ref.id} ${id}: ${item.final} vs ${leaf.final.join('/')}`).toBe(true);
          }
          expect(same(ref.points, u.points), `${ref.id} points`).toBe(true);
          expect(same(ref.max, u.max), `${ref.id} max`).toBe(true);
          expect(ref.index === null ? u.index === null : u.index !== null && same(ref.index, u.index), `${ref.id} index`).toBe(true);
          expect([u.rank, u.tied, u.band]).toEqual([ref.rank, ref.tied, ref.band]);
        }
      }),
      { numRuns: runs(DIFFERENTIAL_RUNS) },
    );
  });
});
