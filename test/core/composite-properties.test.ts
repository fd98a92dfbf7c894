import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Exact } from '../../src/core/exact.js';
import type { Unit } from '../../src/core/inputs.js';
import type { Criteria, Leaf } from '../../src/core/model.js';
import type { ItemResult, Report } from '../../src/core/report.js';
import { scoreIndex } from '../../src/core/score.js';
import { readKey, run } from '../../src/core/rules/evaluate.js';
import { kindOf, type Rule } from '../../src/core/rules/index.js';
import type { Env } from '../../src/core/rules/kind.js';
import { loadCriteria } from '../../src/criteria/index.js';
import { EvidenceCollector, type Input } from '../../src/evidence/collect.js';
import { reportToJson } from '../../src/report/json.js';
import {
  compositeScenarioArb,
  conditionArb,
  innerRuleArb,
  named,
  pointsUpTo,
  quarter,
  yamlOf,
  type LeafSpec,
  type ReadSpec,
  type Scenario,
} from '../helpers/arbitrary.js';
import { runs } from '../helpers/runs.js';
import { unitsFrom } from '../helpers/scoring.js';

/**
 * Invariants of the composite rules over generated criteria trees (all/any, cases, max_of, sum_of
 * beside the simple rules; caps, negative floors, units' facts, shared adjustment caps): what must
 * hold whatever the numbers.
 */
function criteriaOf(s: Pick<Scenario, 'yaml'>): Criteria {
  const { criteria, problems } = loadCriteria(s.yaml, 'gen.yaml');
  if (!criteria) throw new Error(JSON.stringify(problems.filter((p) => p.severity === 'error')) + '\n' + s.yaml);
  return criteria;
}

interface Scored {
  report: Report;
  units: Unit[];
  inputs: ReadonlyMap<string, ReadonlyMap<string, Input>>;
}

function score(s: Pick<Scenario, 'units' | 'evidence'>, criteria: Criteria, order: { rows?: number[]; units?: number[] } = {}): Scored {
  // Each unit keeps its own facts and their rows, whatever order it comes in.
  const all = unitsFrom(criteria, s.units);
  const units = (order.units ?? all.map((_, i) => i)).map((i) => all[i]!);
  const collector = new EvidenceCollector(criteria, units);
  for (const i of order.rows ?? s.evidence.map((_, i) => i)) {
    const e = s.evidence[i]!;
    collector.add(e.unit, e.leaf, { text: e.value }, { file: 'gen.csv', column: 'C', header: 'value' }, i + 2);
  }
  const set = collector.finish();
  expect(set.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return { report: scoreIndex({ criteria, units, inputs: set.inputs }), units, inputs: set.inputs };
}

const permutation = (n: number) =>
  fc.array(fc.integer(), { minLength: n, maxLength: n }).map((keys) =>
    keys
      .map((k, i) => [k, i] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map(([, i]) => i),
  );

const SCORED = new Set(['met', 'partial', 'not_met']);
const scored = (i: ItemResult) => SCORED.has(i.status);

/** A leaf's environment for a unit, as the scorer builds it: its reads kept under their keys, the unit's facts. */
function envOf(criteria: Criteria, leaf: Leaf, unit: Unit, inputs: Scored['inputs']): Env {
  return {
    max: leaf.max,
    indicator: leaf.indicator,
    read: (indicator, spec) => inputs.get(unit.id)?.get(readKey(leaf.id, { indicator, spec })),
    attribute: (name) => {
      const fact = unit.attributes?.get(name);
      return fact && { ...fact, title: criteria.attributes.get(name)!.title };
    },
  };
}

/** Every rule inside a rule, each with the environment it is run in (a rule naming its indicator passes it down). */
function nested(rule: Rule, env: Env): Array<{ rule: Rule; env: Env }> {
  const own = rule.indicator === undefined ? env : { ...env, indicator: rule.indicator };
  const inner: Rule[] =
    rule.kind === 'cases'
      ? [...rule.cases.map((c) => c.then), rule.otherwise].flatMap((t) => ('rule' in t ? [t.rule] : []))
      : rule.kind === 'max_of' || rule.kind === 'sum_of'
        ? rule.rules
        : [];
  return inner.flatMap((r) => [{ rule: r, env: own }, ...nested(r, own)]);
}

describe('composite scoring invariants', () => {
  it('keeps every leaf within [floor, max], and every rule, however deep, within its cap', () => {
    fc.assert(
      fc.property(compositeScenarioArb, (s) => {
        const criteria = criteriaOf(s);
        const { report, units, inputs } = score(s, criteria);
        for (const u of report.units) {
          const unit = units.find((x) => x.id === u.unit)!;
          for (const item of u.items) {
            const leaf = criteria.leaves.find((l) => l.id === item.id)!;
            const floor = kindOf(leaf.rule).floor(leaf.rule);
            expect(item.final.gte(floor) && item.final.lte(item.max), `${u.unit} ${item.id} ${item.final}`).toBe(true);
            if (scored(item) && leaf.rule.cap !== undefined) expect(item.final.lte(leaf.rule.cap), `${u.unit} ${item.id} cap`).toBe(true);
            if (item.status === 'not_applicable' && item.message.id === 'leaf.na_group') continue;
            // The same leaf run again through the one evaluator gives the report's points…
            const env = envOf(criteria, leaf, unit, inputs);
            const o = run(leaf.rule, env);
            if (o.status === 'scored') expect(o.points.round(criteria.precision).eq(item.points), `${u.unit} ${item.id} rerun`).toBe(true);
            // …and each rule inside it stays within its own cap and the leaf's max.
            for (const { rule, env: at } of nested(leaf.rule, env)) {
              const inner = run(rule, at);
              if (inner.status !== 'scored') continue;
              expect(inner.points.lte(leaf.max), `${u.unit} ${item.id} ${rule.kind} ≤ max`).toBe(true);
              if (rule.cap !== undefined) expect(inner.points.lte(rule.cap), `${u.unit} ${item.id} ${rule.kind} ≤ cap ${rule.cap}`).toBe(true);
            }
          }
        }
      }),
      { numRuns: runs(200) },
    );
  });

  it('keeps each bonus under a shared cap within its own cap, and their sum within the shared one', () => {
    fc.assert(
      fc.property(
        compositeScenarioArb.filter((s) => s.shared !== undefined),
        (s) => {
          const criteria = criteriaOf(s);
          const shared = s.shared!;
          for (const u of score(s, criteria).report.units) {
            const children = u.adjustments.filter((a) => shared.children.some((c) => c.id === a.id));
            expect(children.map((a) => a.id)).toEqual(shared.children.map((c) => c.id));
            for (const a of children) {
              const own = Exact.fromNumber(shared.children.find((c) => c.id === a.id)!.cap);
              expect(a.final.gte(Exact.ZERO) && a.final.lte(own), `${u.unit} ${a.id}`).toBe(true);
            }
            const cap = Exact.fromNumber(shared.cap);
            expect(Exact.sum(children.map((a) => a.final)).lte(cap)).toBe(true);
            expect(Exact.sum(children.map((a) => a.points)).lte(cap)).toBe(true);
            // Nothing is cut while there is room: the sum is the cap, or every child its own points.
            const uncut = children.every((a) => a.shared === undefined);
            expect(uncut || Exact.sum(children.map((a) => a.final)).eq(cap), `${u.unit} cut below the cap`).toBe(true);
          }
        },
      ),
      { numRuns: runs(200) },
    );
  });

  it('makes a unit’s points exactly the sum of its counted leaves and its adjustments', () => {
    fc.assert(
      fc.property(compositeScenarioArb, (s) => {
        for (const u of score(s, criteriaOf(s)).report.units) {
          const counted = u.items.filter((i) => i.status !== 'not_applicable' && i.status !== 'insufficient_data');
          const adjustments = Exact.sum(u.adjustments.map((a) => (a.kind === 'bonus' ? a.final : a.final.neg())));
          expect(u.points.eq(Exact.sum(counted.map((i) => i.final)).add(adjustments))).toBe(true);
          expect(u.max.eq(Exact.sum(counted.map((i) => i.max)))).toBe(true);
        }
      }),
      { numRuns: runs(200) },
    );
  });

  it('gives the same JSON whatever order the evidence rows and units come in', () => {
    fc.assert(
      fc.property(
        compositeScenarioArb.chain((s) => fc.tuple(fc.constant(s), permutation(s.evidence.length), permutation(s.units.length))),
        ([s, rows, units]) => {
          const criteria = criteriaOf(s);
          const a = reportToJson(score(s, criteria).report, { lang: 'vi' });
          const b = reportToJson(score(s, criteria, { rows, units }).report, { lang: 'vi' });
          expect(b).toBe(a);
        },
      ),
      { numRuns: runs(200) },
    );
  });

  it('changes only texts between languages', () => {
    fc.assert(
      fc.property(compositeScenarioArb, (s) => {
        const report = score(s, criteriaOf(s)).report;
        const strip = (json: string) => JSON.stringify(JSON.parse(json), (k, v) => (k === 'text' || (k === 'message' && typeof v === 'string') ? undefined : v));
        expect(strip(reportToJson(report, { lang: 'en' }))).toBe(strip(reportToJson(report, { lang: 'vi' })));
      }),
      { numRuns: runs(100) },
    );
  });
});

/** Units 1–4 with facts, and evidence for some of the reads. */
function unitsAndEvidence(reads: ReadSpec[]) {
  const facts = fc.record({ mien_nui: fc.option(fc.constantFrom('có', 'không'), { nil: undefined, freq: 6 }), bien_gioi: fc.option(fc.constantFrom('có', 'không'), { nil: undefined, freq: 6 }) });
  return fc
    .array(fc.tuple(facts, fc.array(fc.option(fc.nat(), { nil: undefined, freq: 4 }), { minLength: reads.length, maxLength: reads.length })), { minLength: 1, maxLength: 4 })
    .map((list) => {
      const units = list.map(([f], i) => ({ id: `u${i + 1}`, group: 'xa', attributes: Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as Record<string, string> }));
      const evidence = list.flatMap(([, picks], i) => reads.flatMap((r, ri) => (picks[ri] === undefined ? [] : [{ unit: `u${i + 1}`, leaf: r.indicator, value: r.values[picks[ri]! % r.values.length]! }])));
      return { units, evidence };
    });
}

const leaf = (id: string, max: number, rule: Record<string, unknown>, indicator?: string): LeafSpec => ({ id, max, rule, values: [], monotone: false, optional: false, ...(indicator ? { indicator } : {}) });

describe('max_of: the best of its alternatives', () => {
  // Leaf 1.1 takes the best of the alternatives; leaves 1.2, 1.3… are each alternative alone, reading
  // the same indicator (the first alternative reads the leaf's own, 1.1).
  const arb = fc
    .integer({ min: 1, max: 20 })
    .map(quarter)
    .chain((max) => fc.tuple(fc.constant(max), fc.array(innerRuleArb(max), { minLength: 2, maxLength: 3 }), fc.boolean()))
    .chain(([max, rules, leafOwn]) => {
      const { rule, reads } = named({ kind: 'max_of', rules }, 'k', '1.1', leafOwn);
      const alternatives = (rule['rules'] as Array<Record<string, unknown>>).map((r, i) => {
        // A leaf's own rule reads the leaf's indicator: move the alternative's to the leaf.
        const { indicator, ...own } = r;
        return leaf(`1.${i + 2}`, max, own, (indicator as string | undefined) ?? '1.1');
      });
      const yaml = yamlOf([leaf('1.1', max, rule), ...alternatives], 1, alternatives.length + 1, ['xa'], { attributes: true });
      return unitsAndEvidence(reads).map((ue) => ({ yaml, n: alternatives.length, ...ue }));
    });

  it('is at least each alternative scored on the same evidence, and exactly the best when all are', () => {
    fc.assert(
      fc.property(arb, (s) => {
        for (const u of score(s, criteriaOf(s)).report.units) {
          const best = u.items.find((i) => i.id === '1.1')!;
          const alternatives = u.items.filter((i) => i.id !== '1.1');
          expect(alternatives).toHaveLength(s.n);
          if (scored(best)) for (const a of alternatives.filter(scored)) expect(best.final.gte(a.final), `${u.unit}: ${best.final} < ${a.id} ${a.final}`).toBe(true);
          if (alternatives.every(scored)) {
            expect(scored(best)).toBe(true);
            expect(best.final.eq(alternatives.reduce((m, a) => Exact.max(m, a.final), alternatives[0]!.final))).toBe(true);
          }
          // Without evidence only when an alternative has none.
          if (best.status === 'no_evidence') expect(alternatives.some((a) => a.status === 'no_evidence')).toBe(true);
        }
      }),
      { numRuns: runs(200) },
    );
  });
});

describe('all and any over the same conditions', () => {
  // 1.1 all, 1.2 any, 1.3 De Morgan's any of the negations with yes and no swapped (= all).
  const arb = fc
    .integer({ min: 1, max: 20 })
    .map(quarter)
    .chain((max) => fc.tuple(fc.constant(max), fc.array(conditionArb(2), { minLength: 1, maxLength: 3 }), pointsUpTo(max), pointsUpTo(max)))
    .chain(([max, of, a, b]) => {
      const yes = Math.max(a, b);
      const no = Math.min(a, b);
      const { rule, reads } = named({ kind: 'all', of, yes, no }, 'k', '1.1', false);
      const conditions = rule['of'] as Array<Record<string, unknown>>;
      const leaves = [
        leaf('1.1', max, rule),
        leaf('1.2', max, { ...rule, kind: 'any' }),
        leaf('1.3', max, { kind: 'any', of: conditions.map((c) => ({ not: c })), yes: no, no: yes }),
      ];
      const yaml = yamlOf(leaves, 1, 3, ['xa'], { attributes: true });
      return unitsAndEvidence(reads).map((ue) => ({ yaml, single: conditions.length === 1, yes, no, ...ue }));
    });

  it('scores all ≤ any when yes ≥ no, both the same with one condition, and all as not any of the negations', () => {
    fc.assert(
      fc.property(arb, (s) => {
        for (const u of score(s, criteriaOf(s)).report.units) {
          const [all, any, morgan] = ['1.1', '1.2', '1.3'].map((id) => u.items.find((i) => i.id === id)!) as [ItemResult, ItemResult, ItemResult];
          // The same facts are read: the same evidence or the lack of it.
          expect([any.status === 'no_evidence', morgan.status === 'no_evidence']).toEqual([all.status === 'no_evidence', all.status === 'no_evidence']);
          if (!scored(all)) continue;
          expect([Exact.fromNumber(s.yes), Exact.fromNumber(s.no)].some((p) => p.eq(all.final))).toBe(true);
          expect(all.final.lte(any.final), `${u.unit}: all ${all.final} > any ${any.final}`).toBe(true);
          expect(morgan.final.eq(all.final)).toBe(true);
          if (s.single) expect(all.final.eq(any.final)).toBe(true);
        }
      }),
      { numRuns: runs(200) },
    );
  });
});
