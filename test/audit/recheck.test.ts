import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recheck } from '../../src/audit/recheck.js';
import { Exact } from '../../src/core/exact.js';
import type { Report, UnitResult } from '../../src/core/report.js';
import type { Figure, Published, PublishedUnit } from '../../src/evidence/published.js';
import { runs } from '../helpers/runs.js';
import { criteriaOf, score, unitsOf } from '../helpers/scoring.js';

/*
 * The comparison itself (src/audit/recheck.ts, pure), on tables printed from a scoring the way a
 * publisher prints them: every figure rounded half up to the decimals of its column, whatever they
 * are, from the unrounded values; units whose printed index is equal ranked in any order among
 * themselves, with consecutive ranks (the publisher saw decimals the print hides) or shared ones.
 * Such a table is right: recheck must find nothing in it. One total moved 0,50 must be found, and
 * nothing else.
 *
 * The criteria are test/audit/in-an's: 1.1 (max 35) + 1.2 (max 35) = 1, 2.1 (max 30) = 2, points
 * kept to 4 decimals, max 100 so the index is the points.
 */
const criteria = criteriaOf(readFileSync('test/audit/in-an/tieu-chi.yaml', 'utf8'));

/** Leaf points to 4 decimals, written with a decimal comma; some units alike, to make real ties. */
const unitArb = fc.record({
  chi_dao: fc.integer({ min: 0, max: 350_000 }),
  tthc: fc.integer({ min: 0, max: 350_000 }),
  hai_long: fc.integer({ min: 0, max: 300_000 }),
});
const scenarioArb = fc.record({
  units: fc.array(unitArb, { minLength: 2, maxLength: 12 }).chain((list) => fc.tuple(fc.constant(list), fc.array(fc.nat({ max: list.length - 1 }), { maxLength: 3 }))),
  /** Decimals printed: the points and index column, the parts. */
  places: fc.record({ total: fc.integer({ min: 0, max: 4 }), parts: fc.integer({ min: 0, max: 4 }) }),
  /** Ranks as positions (1, 2, 3 for three units printed alike) or shared (1, 1, 1). */
  shared: fc.boolean(),
  /** How units printed alike are ordered among themselves. */
  seed: fc.integer(),
});

const written = (n: number) => (n / 10_000).toFixed(4).replace('.', ',');

function scored(units: Array<{ chi_dao: number; tthc: number; hai_long: number }>, copies: number[]): Report {
  // A copy of an earlier unit makes an exact tie.
  const all = [...units, ...copies.map((i) => units[i]!)];
  const ids = Object.fromEntries(all.map((_, i) => [`bo-${i + 1}`, 'bo']));
  const evidence = Object.fromEntries(all.map((u, i) => [`bo-${i + 1}`, { chi_dao: written(u.chi_dao), tthc: written(u.tthc), hai_long: written(u.hai_long) }]));
  return score(criteria, unitsOf(ids), evidence);
}

/** A deterministic shuffle by seed, to order units printed alike. */
function jitter(seed: number, key: string): number {
  let h = seed ^ 0x9e3779b9;
  for (const c of key) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return h >>> 0;
}

/** The table a publisher prints: each figure rounded from the unrounded value, ranks by the printed index. */
function printed(report: Report, places: { total: number; parts: number }, shared: boolean, seed: number): Published {
  const fig = (x: Exact | null, p: number): Figure<Exact> => (x === null ? { value: null, blank: '—' } : { value: x.round(p), places: p });
  const ranked = report.units.filter((u) => u.index !== null);
  const key = (u: UnitResult) => u.index!.round(places.total);
  const order = [...ranked].sort((a, b) => key(b).cmp(key(a)) || jitter(seed, a.unit) - jitter(seed, b.unit));
  const ranks = new Map<string, number>();
  order.forEach((u, i) => {
    const prev = order[i - 1];
    ranks.set(u.unit, shared && prev && key(prev).eq(key(u)) ? ranks.get(prev.unit)! : i + 1);
  });
  const units: PublishedUnit[] = order.map((u) => ({
    unit: u.unit,
    points: fig(u.points, places.total),
    index: fig(u.index, places.total),
    rank: { value: { rank: ranks.get(u.unit)!, tied: false } },
    parts: new Map([
      ['1', fig(u.nodes.find((n) => n.id === '1')!.points, places.parts)],
      ['2', fig(u.nodes.find((n) => n.id === '2')!.points, places.parts)],
    ]),
  }));
  return { file: 'cong-bo.csv', units };
}

describe('recheck: a table printed right at any precision is right', () => {
  it('finds no difference and no inconsistency in it, ties at the printed precision in any order', () => {
    fc.assert(
      fc.property(scenarioArb, ({ units: [units, copies], places, shared, seed }) => {
        const report = scored(units, copies);
        const r = recheck(report, criteria, printed(report, places, shared, seed));
        expect(r.differences.map((d) => `${d.unit} ${d.field} ${d.verdict}`)).toEqual([]);
        expect(r.inconsistencies.map((i) => `${i.unit} ${i.of.kind}`)).toEqual([]);
        // Every figure was compared: 4 per unit (points, index, 1, 2) and its rank.
        expect(r.comparisons).toHaveLength(report.units.length * 5);
      }),
      { numRuns: runs(300) },
    );
  });

  it('finds a total printed 0,50 away, and nothing else', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), ({ units: [units, copies], shared, seed }, pick) => {
        const report = scored(units, copies);
        // 2 decimals throughout: a row's parts carry ± 0,01 and its total ± 0,005, far below 0,50.
        const table = printed(report, { total: 2, parts: 2 }, shared, seed);
        const moved = table.units[pick % table.units.length]!;
        moved.points = { ...moved.points!, value: moved.points!.value!.add(Exact.of(1, 2)) };
        const r = recheck(report, criteria, table);
        expect(r.differences.map((d) => `${d.unit} ${d.field}`)).toEqual([`${moved.unit} points`]);
        expect(r.inconsistencies.map((i) => `${i.unit} ${i.of.kind}`)).toEqual([`${moved.unit} total`]);
        expect(r.differences[0]!.by!.sub(Exact.of(1, 2)).abs().lte(Exact.of(5, 1000))).toBe(true);
      }),
      { numRuns: runs(200) },
    );
  });
});
