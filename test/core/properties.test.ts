import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Exact } from '../../src/core/exact.js';
import type { Criteria } from '../../src/core/model.js';
import type { Report } from '../../src/core/report.js';
import { scoreIndex } from '../../src/core/score.js';
import { kindOf } from '../../src/core/rules/index.js';
import { loadCriteria } from '../../src/criteria/index.js';
import { EvidenceCollector } from '../../src/evidence/collect.js';
import { reportToJson } from '../../src/report/json.js';
import { runs } from '../helpers/runs.js';
import { unitsFrom } from '../helpers/scoring.js';
import { scenarioArb, type Scenario } from '../helpers/arbitrary.js';

/**
 * Invariants over generated criteria trees and evidence: what must hold whatever the numbers.
 */
function criteriaOf(s: Scenario): Criteria {
  const { criteria, problems } = loadCriteria(s.yaml, 'gen.yaml');
  if (!criteria) throw new Error(JSON.stringify(problems.filter((p) => p.severity === 'error')) + '\n' + s.yaml);
  return criteria;
}

function run(s: Scenario, criteria: Criteria, order: { rows?: number[]; units?: number[] } = {}): Report {
  // Each unit keeps its own facts and their rows, whatever order it comes in.
  const all = unitsFrom(criteria, s.units);
  const units = (order.units ?? all.map((_, i) => i)).map((i) => all[i]!);
  const collector = new EvidenceCollector(criteria, units);
  const rows = order.rows ?? s.evidence.map((_, i) => i);
  for (const i of rows) {
    const e = s.evidence[i]!;
    // Each row keeps its own place, wherever it is read from.
    collector.add(e.unit, e.leaf, { text: e.value }, { file: 'gen.csv', column: 'C', header: 'value' }, i + 2);
  }
  const set = collector.finish();
  expect(set.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return scoreIndex({ criteria, units, inputs: set.inputs });
}

const permutation = (n: number) =>
  fc.array(fc.integer(), { minLength: n, maxLength: n }).map((keys) =>
    keys
      .map((k, i) => [k, i] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map(([, i]) => i),
  );

describe('scoring invariants', () => {
  it('keeps every leaf within [floor, max]', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const criteria = criteriaOf(s);
        for (const u of run(s, criteria).units) {
          for (const item of u.items) {
            const leaf = criteria.leaves.find((l) => l.id === item.id)!;
            const floor = kindOf(leaf.rule).floor(leaf.rule);
            expect(item.final.gte(floor) && item.final.lte(item.max), `${u.unit} ${item.id} ${item.final}`).toBe(true);
          }
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it('makes a unit’s points exactly the sum of its counted leaves and its adjustments', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const criteria = criteriaOf(s);
        for (const u of run(s, criteria).units) {
          const counted = u.items.filter((i) => i.status !== 'not_applicable' && i.status !== 'insufficient_data');
          const leaves = Exact.sum(counted.map((i) => i.final));
          const adjustments = Exact.sum(u.adjustments.map((a) => (a.kind === 'bonus' ? a.final : a.final.neg())));
          expect(u.points.eq(leaves.add(adjustments))).toBe(true);
          expect(u.max.eq(Exact.sum(counted.map((i) => i.max)))).toBe(true);
          // The areas add up to the same total.
          const areas = u.nodes.filter((n) => n.depth === 0);
          expect(Exact.sum(areas.map((a) => a.points)).add(adjustments).eq(u.points)).toBe(true);
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it('never lets the index exceed the scale unless bonus points are declared', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const criteria = criteriaOf(s);
        for (const u of run(s, criteria).units) {
          if (u.index === null || s.bonus) continue;
          expect(u.index.lte(criteria.scale)).toBe(true);
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it('gives the same JSON whatever order the evidence rows and units come in', () => {
    fc.assert(
      fc.property(
        scenarioArb.chain((s) => fc.tuple(fc.constant(s), permutation(s.evidence.length), permutation(s.units.length))),
        ([s, rows, units]) => {
          const criteria = criteriaOf(s);
          const a = reportToJson(run(s, criteria), { lang: 'vi' });
          const b = reportToJson(run(s, criteria, { rows, units }), { lang: 'vi' });
          expect(b).toBe(a);
        },
      ),
      { numRuns: runs(200) },
    );
  });

  it('never lowers a leaf’s points when its evidence improves (monotone rules)', () => {
    fc.assert(
      fc.property(
        scenarioArb.filter((s) => s.evidence.some((e) => e.value !== 'KAD' && e.leaf !== 'thuong')),
        fc.nat(),
        (s, pick) => {
          const criteria = criteriaOf(s);
          const candidates = s.evidence.map((e, i) => ({ e, i })).filter(({ e }) => e.value !== 'KAD' && e.leaf !== 'thuong');
          const { e, i } = candidates[pick % candidates.length]!;
          const spec = s.leaves.find((l) => l.id === e.leaf)!;
          const at = spec.values.indexOf(e.value);
          if (!spec.monotone || at < 0 || at === spec.values.length - 1) return;
          const better: Scenario = { ...s, evidence: s.evidence.map((x, j) => (j === i ? { ...x, value: spec.values[at + 1]! } : x)) };
          const before = run(s, criteria).units.find((u) => u.unit === e.unit)!.items.find((it) => it.id === e.leaf)!;
          const after = run(better, criteria).units.find((u) => u.unit === e.unit)!.items.find((it) => it.id === e.leaf)!;
          if (before.status === 'not_applicable' || after.status === 'not_applicable') return;
          expect(after.final.gte(before.final), `${e.leaf}: ${e.value} → ${spec.values[at + 1]}`).toBe(true);
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it('changes only texts between languages', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const report = run(s, criteriaOf(s));
        const strip = (json: string) => JSON.stringify(JSON.parse(json), (k, v) => (k === 'text' || k === 'message' && typeof v === 'string' ? undefined : v));
        expect(strip(reportToJson(report, { lang: 'en' }))).toBe(strip(reportToJson(report, { lang: 'vi' })));
      }),
      { numRuns: runs(100) },
    );
  });
});
