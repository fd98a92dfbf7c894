import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Exact } from '../../src/core/exact.js';
import type { Override } from '../../src/core/inputs.js';
import type { Group } from '../../src/core/model.js';
import { changedStandings, entryOf, orderEntries, orderIdOrdered, standings, type RankEntry } from '../../src/core/rank.js';
import { Scorer, scoreIndex } from '../../src/core/score.js';
import { loadCriteria } from '../../src/criteria/index.js';
import { EvidenceCollector } from '../../src/evidence/collect.js';
import { scenarioArb } from '../helpers/arbitrary.js';
import { runs } from '../helpers/runs.js';
import { unitsFrom } from '../helpers/scoring.js';

/**
 * The shortcuts robustness takes through the core, against the core's own way: one unit's entry
 * changed in a ranked group against ranking the group anew; one leaf's override changed against
 * scoring the unit anew; a double beside each exact index against exact comparison alone.
 */
const THRESHOLD: Group = { id: 'xa', title: 'Xã', path: [], bands: { kind: 'threshold', bands: [{ min: Exact.of(9, 2), label: 'Tốt' }, { min: Exact.of(3), label: 'Khá' }, { min: Exact.of(1), label: 'Đạt' }] } };
const QUARTILES: Group = { id: 'xa', title: 'Xã', path: [], bands: { kind: 'quartiles', labels: ['Cao', 'Trung bình cao', 'Trung bình thấp', 'Thấp'] } };

/** Indices on a coarse grid (many ties, some at a band's edge: 4,49 → 4,5 shown at 1 place) with an optional tiebreak. */
const keyArb = fc.tuple(fc.integer({ min: -4, max: 12 }), fc.constantFrom(1, 2, 3, 6), fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }));
const entry = (unit: string, [n, d, t]: [number, number, number | undefined], tiebreak: boolean): RankEntry =>
  entryOf(unit, tiebreak ? [Exact.of(n, d), t === undefined ? null : Exact.of(t)] : [Exact.of(n, d)]);

describe('changedStandings', () => {
  it('gives what ranking the changed group anew gives: every unit whose rank, tie or band moves', () => {
    fc.assert(
      fc.property(
        fc.array(keyArb, { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.option(keyArb, { nil: undefined }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 }),
        (keys, pick, changed, tiebreak, quartiles, places) => {
          const group = quartiles ? QUARTILES : THRESHOLD;
          // The last unit may be unranked before (it joins) when `pick` says so.
          const joins = pick % 5 === 0;
          const all = keys.map((k, i) => entry(`u${i + 1}`, k, tiebreak));
          const ranked = joins ? all.slice(0, -1) : all;
          const ordered = orderEntries([...ranked]);
          const before = standings(group, ordered, places);
          const unit = joins ? all[all.length - 1]!.unit : ordered[pick % ordered.length]!.unit;
          const next = changed === undefined ? null : entry(unit, changed, tiebreak);
          if (joins && next === null) return;
          const at = ordered.findIndex((e) => e.unit === unit);
          const got = changedStandings(group, ordered, before, at, next, places);

          const now = orderEntries([...ordered.filter((e) => e.unit !== unit), ...(next ? [next] : [])]);
          const after = new Map(standings(group, now, places).map((s, i) => [now[i]!.unit, s]));
          const was = new Map(before.map((s, i) => [ordered[i]!.unit, s]));
          const expected = [...new Set([...was.keys(), ...after.keys()])]
            .filter((u) => JSON.stringify(was.get(u) ?? null) !== JSON.stringify(after.get(u) ?? null))
            .sort();
          expect(got.map((c) => c.unit).sort()).toEqual(expected);
          for (const c of got) {
            expect(c.before).toEqual(was.get(c.unit) ?? null);
            expect(c.after).toEqual(after.get(c.unit) ?? null);
          }
        },
      ),
      { numRuns: runs(1000) },
    );
  });

  it('orders entries as exact comparison alone does, given in unit-id order or not', () => {
    fc.assert(
      fc.property(fc.array(keyArb, { maxLength: 20 }), fc.boolean(), (keys, tiebreak) => {
        const entries = keys.map((k, i) => entry(`u${String(i).padStart(2, '0')}`, k, tiebreak));
        const exact = [...entries].sort((a, b) => {
          for (let i = 0; i < a.key.length; i++) {
            const [x, y] = [a.key[i]!, b.key[i]!];
            if (x === null || y === null) {
              if (x !== y) return x === null ? 1 : -1;
              continue;
            }
            if (!x.eq(y)) return y.cmp(x);
          }
          return a.unit < b.unit ? -1 : 1;
        });
        expect(orderEntries([...entries].reverse()).map((e) => e.unit)).toEqual(exact.map((e) => e.unit));
        expect(orderIdOrdered([...entries]).map((e) => e.unit)).toEqual(exact.map((e) => e.unit));
      }),
      { numRuns: runs(500) },
    );
  });

  it('bands an index at the edge as shown: 4,45 shown at 1 place is 4,5, Tốt from 4,5', () => {
    // 89/20 = 4,45 → 4,5 (half away from zero) ≥ 4,5; 4,449… (4449/1000) → 4,4 < 4,5.
    const edge = [entryOf('a', [Exact.of(89, 20)]), entryOf('b', [Exact.of(4449, 1000)])];
    expect(standings(THRESHOLD, orderEntries(edge), 1).map((s) => s.band)).toEqual(['Tốt', 'Khá']);
  });
});

describe('Scorer.changed', () => {
  it('scores a unit with one override put back or claimed exactly as scoring it anew', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), fc.nat(), fc.nat(), (s, unitPick, itemPick, pointsPick) => {
        const { criteria } = loadCriteria(s.yaml, 'gen.yaml');
        const units = unitsFrom(criteria!, s.units);
        const collector = new EvidenceCollector(criteria!, units);
        s.evidence.forEach((e, i) => collector.add(e.unit, e.leaf, { text: e.value }, { file: 'gen.csv', column: 'C', header: 'value' }, i + 2));
        const inputs = collector.finish().inputs;
        const report = scoreIndex({ criteria: criteria!, units, inputs });
        const scorer = new Scorer({ criteria: criteria!, units, inputs });
        const unit = units[unitPick % units.length]!;
        const items = [...criteria!.leaves.map((l) => ({ id: l.id, max: l.max })), ...criteria!.adjustments.map((a) => ({ id: a.id, max: a.cap }))];
        const item = items[itemPick % items.length]!;
        const points = Exact.of(pointsPick % (Number(item.max.mul(Exact.of(4)).floor()) + 1), 4);
        const overrides = new Map<string, Override>([[item.id, { points, reason: 'Thẩm định', evidence: { file: 'x.csv', row: 2, column: 'C' } }]]);
        const base = report.units.find((u) => u.unit === unit.id)!;
        const fast = scorer.changed(unit, base, item.id, overrides);
        const anew = scorer.unit(unit, { overrides });
        const view = (u: typeof fast) => ({
          points: u.points.toString(),
          max: u.max.toString(),
          index: u.index?.toString() ?? null,
          status: u.status,
          nodes: u.nodes.map((n) => [n.id, n.points.toString(), n.max.toString(), n.index?.toString() ?? null]),
          items: u.items.map((i) => [i.id, i.final.toString(), i.status]),
          adjustments: u.adjustments.map((a) => [a.id, a.final.toString()]),
        });
        expect(view(fast)).toEqual(view(anew));
      }),
      { numRuns: runs(400) },
    );
  });
});
