import { Exact } from './exact.js';
import { message, type Message } from './messages.js';
import { recordSource, type Criteria, type Leaf } from './model.js';
import type { Report, UnitResult } from './report.js';
import { regainOf } from './rules/evaluate.js';
import { kindOf, type Rule } from './rules/index.js';

/**
 * The remediation view: where points were lost and what it would take to regain them. A unit's
 * plan lists its lost points largest first, each with the ways its rule offers (from its own
 * module's `regain`) and the exact gain of each; a group's view sums the losses per criterion and
 * per responsible office across its units. Pure, like the rest of the core.
 */
export interface RegainWay {
  message: Message;
  /** The leaf's points once done, rounded to the criteria's precision. */
  points: Exact;
  /** points − the final points now: always positive. */
  gain: Exact;
}

export interface LostPoints {
  id: string;
  title: string;
  kind: 'leaf' | 'penalty';
  responsible?: string;
  /** Where the rule is written and what it says, from the criteria file. */
  reference?: string;
  description?: string;
  rule: Rule;
  max: Exact;
  final: Exact;
  lost: Exact;
  /** Why the points were lost: the outcome's own message. */
  why: Message | null;
  ways: RegainWay[];
}

export function unitPlan(criteria: Criteria, unit: UnitResult): LostPoints[] {
  const lost: LostPoints[] = [];
  for (const item of unit.items) {
    if (!item.deduction.gt(Exact.ZERO)) continue;
    const leaf = criteria.byId.get(item.id) as Leaf;
    const kind = kindOf(leaf.rule);
    const raw: Array<{ message: Message; points: Exact }> = [];
    if (item.status === 'no_evidence' || item.status === 'invalid') {
      // Figures the office supplies (a record file, the survey) are not the unit's to submit.
      const source = recordSource(criteria, leaf.indicator);
      const way =
        leaf.suppliedBy === 'office' ? message('regain.office', source === undefined ? {} : { source }) : message('regain.submit', { invalid: item.status === 'invalid' });
      raw.push({ message: way, points: kind.best(leaf.rule, leaf.max) });
    }
    if (item.override && item.override.points.lt(item.points)) raw.push({ message: message('regain.appeal', { reason: item.override.reason }), points: item.points });
    if (item.message) raw.push(...regainOf(leaf.rule, item.value, { max: leaf.max, best: item.best, message: item.message }));
    lost.push({
      id: item.id,
      title: item.title,
      kind: 'leaf',
      ...described(leaf),
      rule: leaf.rule,
      max: item.max,
      final: item.final,
      lost: item.deduction,
      why: item.message,
      ways: ways(raw, item.final, criteria.precision),
    });
  }
  for (const a of unit.adjustments) {
    if (a.kind !== 'penalty' || !a.final.gt(Exact.ZERO)) continue;
    const adjustment = criteria.adjustments.find((x) => x.id === a.id)!;
    lost.push({
      id: a.id,
      title: a.title,
      kind: 'penalty',
      ...described(adjustment),
      rule: adjustment.rule,
      max: Exact.ZERO,
      final: a.final.neg(),
      lost: a.final,
      why: a.message,
      // A penalty is regained only by having nothing to penalise.
      ways: [{ message: message('regain.deduction', { count: Exact.ZERO }), points: Exact.ZERO, gain: a.final }],
    });
  }
  // Largest first; equal losses keep the tree's order (the sort is stable).
  return lost.sort((a, b) => b.lost.cmp(a.lost));
}

function described(x: { responsible?: string | undefined; reference?: string | undefined; description?: string | undefined }): Pick<LostPoints, 'responsible' | 'reference' | 'description'> {
  return {
    ...(x.responsible ? { responsible: x.responsible } : {}),
    ...(x.reference ? { reference: x.reference } : {}),
    ...(x.description ? { description: x.description } : {}),
  };
}

function ways(raw: ReadonlyArray<{ message: Message; points: Exact }>, final: Exact, precision: number): RegainWay[] {
  return raw
    .map((w) => {
      const points = w.points.round(precision);
      return { message: w.message, points, gain: points.sub(final) };
    })
    .filter((w) => w.gain.gt(Exact.ZERO));
}

export interface CriterionLoss {
  id: string;
  title: string;
  responsible?: string;
  /** Points lost on this leaf, summed over the units. */
  lost: Exact;
  /** Units that lost points on it. */
  units: number;
  /** Units it counted for (applicable, scored). */
  counted: number;
}

/** Where most points were lost across the units (of one group, or all): largest first. */
export function lossesByCriterion(report: Report, group?: string): CriterionLoss[] {
  const byId = new Map<string, CriterionLoss>();
  for (const u of report.units) {
    if (group !== undefined && u.group !== group) continue;
    for (const i of u.items) {
      if (i.status === 'not_applicable' || i.status === 'insufficient_data') continue;
      let c = byId.get(i.id);
      if (!c) {
        c = { id: i.id, title: i.title, ...(i.responsible ? { responsible: i.responsible } : {}), lost: Exact.ZERO, units: 0, counted: 0 };
        byId.set(i.id, c);
      }
      c.counted++;
      if (i.deduction.gt(Exact.ZERO)) {
        c.lost = c.lost.add(i.deduction);
        c.units++;
      }
    }
  }
  return [...byId.values()].filter((c) => c.units > 0).sort((a, b) => b.lost.cmp(a.lost));
}

export interface ResponsibleLoss {
  /** The office, or undefined for leaves that name none. */
  responsible: string | undefined;
  lost: Exact;
  /** Unit × leaf outcomes that lost points. */
  items: number;
  units: number;
  /** The leaves concerned, in tree order. */
  criteria: string[];
}

/** Lost points by the office that answers for them (`responsible`): largest first. */
export function lossesByResponsible(report: Report, group?: string): ResponsibleLoss[] {
  const byOffice = new Map<string, Pick<ResponsibleLoss, 'responsible' | 'lost' | 'items'> & { unitSet: Set<string>; leafSet: Set<string> }>();
  for (const c of lossesByCriterion(report, group)) {
    const key = c.responsible ?? '';
    let r = byOffice.get(key);
    if (!r) {
      r = { responsible: c.responsible, lost: Exact.ZERO, items: 0, unitSet: new Set(), leafSet: new Set() };
      byOffice.set(key, r);
    }
    r.lost = r.lost.add(c.lost);
    r.items += c.units;
    r.leafSet.add(c.id);
  }
  // Tree order of the leaves (every unit lists them all in that order).
  const order = new Map<string, number>();
  for (const u of report.units) {
    if (group !== undefined && u.group !== group) continue;
    u.items.forEach((i, n) => {
      order.set(i.id, n);
      // Every leaf that lost points is in lossesByCriterion, so its office is in byOffice.
      if (i.deduction.gt(Exact.ZERO)) byOffice.get(i.responsible ?? '')!.unitSet.add(u.unit);
    });
  }
  return [...byOffice.values()]
    .map(({ unitSet, leafSet, ...r }) => ({ ...r, units: unitSet.size, criteria: [...leafSet].sort((a, b) => order.get(a)! - order.get(b)!) }))
    .sort((a, b) => b.lost.cmp(a.lost));
}
