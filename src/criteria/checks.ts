import { Exact } from '../core/exact.js';
import { appliesTo, type Criteria, type DerivedAggregate } from '../core/model.js';
import { problem, type DocPath, type Problem } from '../core/problems.js';
import { checkBandOrder } from '../core/rules/bands.js';
import { readsOf } from '../core/rules/evaluate.js';
import { kindOf, type Rule } from '../core/rules/index.js';
import type { ValueSpec } from '../core/rules/kind.js';
import { closest, foldText } from '../core/text.js';
import { roleOf } from '../evidence/tables/headers.js';
import type { Compiled } from './compile.js';
import { valueAt } from './issues.js';
import type { RawCriteriaFile, RawCriterion } from './schema.js';

/**
 * The checks a schema cannot express, all run and all reported together: sums, ranges, band order,
 * references between parts of the file, and what a derived indicator gives against what its leaf
 * needs.
 */
export function checkCriteria({ criteria, declaredMax }: Compiled, raw: RawCriteriaFile): Problem[] {
  return [
    ...checkSums(criteria, declaredMax),
    ...checkRules(criteria),
    ...checkGroups(criteria, raw),
    ...checkTiebreak(criteria),
    ...checkIndicators(criteria),
    ...checkReservedIndicators(criteria, raw),
    ...checkTests(criteria),
    ...checkResponsible(criteria),
  ];
}

function checkSums(criteria: Criteria, declaredMax: Map<string, Exact>): Problem[] {
  const problems: Problem[] = [];
  for (const [id, declared] of declaredMax) {
    const node = criteria.byId.get(id);
    if (node && !node.max.eq(declared)) {
      problems.push(problem('max-mismatch', 'error', { id, declared, sum: node.max }, { path: [...node.path, 'max'] }));
    }
  }
  return problems;
}

function checkRules(criteria: Criteria): Problem[] {
  const problems: Problem[] = [];
  const checkOne = (id: string, rule: Rule, max: Exact, path: DocPath, maxKey: string, isAdjustment: boolean) => {
    const kind = kindOf(rule);
    const floor = kind.floor(rule);
    const rulePath = [...path, 'rule'];
    if (floor.gt(max)) problems.push(problem('floor-above-max', 'error', { id, floor, max }, { path: [...rulePath, 'floor'] }));
    for (const d of kind.declared(rule, max)) {
      const where = { path: [...rulePath, ...d.path] };
      if (d.value.gt(max)) problems.push(problem('points-above-max', 'error', { id, key: d.key, points: d.value, max }, where));
      else if (d.value.lt(floor)) problems.push(problem('points-below-floor', 'error', { id, key: d.key, points: d.value, floor }, where));
      else if (tooPrecise(d.value, criteria.precision)) {
        problems.push(problem('points-precision', 'warning', { id, key: d.key, points: d.value, precision: criteria.precision }, where));
      }
    }
    if (tooPrecise(max, criteria.precision)) {
      problems.push(problem('points-precision', 'warning', { id, key: maxKey, points: max, precision: criteria.precision }, { path: [...path, maxKey] }));
    }
    const best = kind.best(rule, max);
    if (!isAdjustment && best.lt(max)) problems.push(problem('max-unreachable', 'warning', { id, best, max }, { path: rulePath }));
    for (const p of kind.check?.(rule, { id }) ?? []) problems.push({ ...p, path: [...rulePath, ...(p.path ?? [])] });
  };
  for (const leaf of criteria.leaves) checkOne(leaf.id, leaf.rule, leaf.max, leaf.path, 'max', false);
  for (const a of criteria.adjustments) checkOne(a.id, a.rule, a.cap, a.path, 'cap', true);
  return problems;
}

function tooPrecise(value: Exact, precision: number): boolean {
  const places = value.decimalPlaces();
  return places === undefined || places > precision;
}

function checkGroups(criteria: Criteria, raw: RawCriteriaFile): Problem[] {
  const problems: Problem[] = [];
  const ids = criteria.groups.map((g) => g.id);
  const known = new Set(ids);
  const unknownGroup = (group: string, path: DocPath) =>
    problems.push(problem('unknown-group', 'error', { group, allowed: ids, ...suggestion(group, ids) }, { path }));

  for (const g of criteria.groups) {
    if (g.bands.kind === 'threshold') {
      const bands = g.bands.bands.map((b) => ({ threshold: b.min, strict: false }));
      problems.push(...checkBandOrder(g.id, bands, [...g.path, 'bands']));
      const lowest = g.bands.bands[g.bands.bands.length - 1]!.min;
      if (lowest.gt(Exact.ZERO)) {
        problems.push(problem('bands-no-zero', 'warning', { id: g.id, lowest }, { path: [...g.path, 'bands', g.bands.bands.length - 1, 'min'] }));
      }
    }
    const total = Exact.sum(criteria.leaves.filter((l) => appliesTo(l, g.id)).map((l) => l.max));
    if (!total.gt(Exact.ZERO)) problems.push(problem('empty-group', 'error', { group: g.id }, { path: g.path }));
  }

  const walk = (rc: RawCriterion, path: DocPath) => {
    rc.applies_to?.forEach((group, i) => {
      if (!known.has(group)) unknownGroup(group, [...path, 'applies_to', i]);
    });
    rc.children?.forEach((c, i) => walk(c, [...path, 'children', i]));
  };
  raw.criteria.forEach((rc, i) => walk(rc, ['criteria', i]));
  for (const t of criteria.tests) if (!known.has(t.group)) unknownGroup(t.group, [...t.path, 'group']);
  return problems;
}

function checkTiebreak(criteria: Criteria): Problem[] {
  const ids = [...criteria.byId.keys()];
  return criteria.tiebreak.flatMap((id, i) =>
    criteria.byId.has(id) ? [] : [problem('unknown-node', 'error', { id, ...suggestion(id, ids) }, { path: ['tiebreak', i] })],
  );
}

/** What a derived indicator gives, and which value types a rule may read from it. */
const GIVES: Record<DerivedAggregate['kind'], 'count' | 'percent' | 'number'> = {
  count: 'count',
  share: 'percent',
  on_time: 'percent',
  mean: 'number',
};
const READS: Record<'count' | 'percent' | 'number', ReadonlyArray<ValueSpec['type']>> = {
  count: ['count', 'number'],
  percent: ['percent', 'number'],
  number: ['number', 'points'],
};

function checkIndicators(criteria: Criteria): Problem[] {
  const problems: Problem[] = [];
  const users = [
    ...criteria.leaves.map((l) => ({ id: l.id, indicator: l.indicator, rule: l.rule, max: l.max, path: l.path })),
    ...criteria.adjustments.map((a) => ({ id: a.id, indicator: a.indicator, rule: a.rule, max: a.cap, path: a.path })),
  ];
  const derivedByFold = new Map<string, string>();
  for (const d of criteria.indicators.values()) {
    const fold = foldText(d.name);
    const other = derivedByFold.get(fold);
    if (other !== undefined) problems.push(problem('indicator-clash', 'error', { indicator: d.name, other }, { path: d.path, atKey: true }));
    else derivedByFold.set(fold, d.name);
  }
  const usedFolds = new Set(users.map((u) => foldText(u.indicator)));
  const plainIndicators = users.map((u) => u.indicator).filter((i) => !derivedByFold.has(foldText(i)));
  for (const d of criteria.indicators.values()) {
    if (!usedFolds.has(foldText(d.name))) {
      const near = closest(d.name, plainIndicators);
      problems.push(problem('unused-indicator', 'error', { indicator: d.name, ...(near ? { near } : {}) }, { path: d.path, atKey: true }));
    }
  }
  for (const u of users) {
    const name = derivedByFold.get(foldText(u.indicator));
    const d = name === undefined ? undefined : criteria.indicators.get(name);
    if (!d) continue;
    const gives = GIVES[d.aggregate.kind];
    const needs = kindOf(u.rule).expects(u.rule, u.max).type;
    if (!READS[gives].includes(needs)) {
      problems.push(problem('indicator-type', 'error', { id: u.id, indicator: d.name, gives, needs }, { path: [...u.path, 'rule', 'kind'] }));
    }
  }
  return problems;
}

/**
 * An indicator named like a column other tables reserve (`diem_tham_dinh`, `ghi_chu`): a wide
 * table reads a column of exactly that name as the indicator, but a long table, the units file or
 * the self-assessment reads it as their column of that role. One warning per indicator, where its
 * name is declared: a derived indicator's key, else the first leaf's or adjustment's `indicator`
 * (or its id, the default).
 */
function checkReservedIndicators(criteria: Criteria, raw: RawCriteriaFile): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const warn = (indicator: string, where: Pick<Problem, 'path' | 'atKey'>) => {
    const role = roleOf(indicator);
    if (role === undefined || seen.has(foldText(indicator))) return;
    seen.add(foldText(indicator));
    problems.push(problem('reserved-indicator', 'warning', { indicator, role }, where));
  };
  for (const d of criteria.indicators.values()) warn(d.name, { path: d.path, atKey: true });
  for (const u of [...criteria.leaves, ...criteria.adjustments]) {
    warn(u.indicator, { path: [...u.path, valueAt(raw, [...u.path, 'indicator']) === undefined ? 'id' : 'indicator'] });
  }
  return problems;
}

function checkTests(criteria: Criteria): Problem[] {
  const problems: Problem[] = [];
  const items = [...criteria.byId.keys(), ...criteria.adjustments.map((a) => a.id), 'total', 'index'];
  const itemSet = new Set(items);
  // Every indicator a rule reads: a composite rule's conditions and inner rules included.
  const indicators = [...new Set([...criteria.leaves, ...criteria.adjustments].flatMap((u) => [u.indicator, ...readsOf(u.rule, { indicator: u.indicator, max: 'max' in u ? u.max : u.cap }).map((r) => r.indicator)]))];
  const indicatorFolds = new Set(indicators.map(foldText));
  for (const t of criteria.tests) {
    for (const e of t.expect) {
      if (!itemSet.has(e.item)) problems.push(problem('unknown-test-item', 'error', { item: e.item, ...suggestion(e.item, items) }, { path: e.path, atKey: true }));
    }
    for (const e of t.evidence) {
      if (!indicatorFolds.has(foldText(e.indicator))) {
        problems.push(problem('unknown-test-indicator', 'error', { indicator: e.indicator, ...suggestion(e.indicator, indicators) }, { path: e.path, atKey: true }));
      }
    }
  }
  return problems;
}

/**
 * Conferences ask who answers for lost points. A file that names no office at all gets one
 * warning; a file that names some gets one per leaf left out.
 */
function checkResponsible(criteria: Criteria): Problem[] {
  const without = criteria.leaves.filter((l) => l.responsible === undefined);
  if (without.length === 0) return [];
  if (without.length === criteria.leaves.length) return [problem('missing-responsible', 'warning', { id: '*' }, { path: ['criteria'], atKey: true })];
  return without.map((l) => problem('missing-responsible', 'warning', { id: l.id }, { path: l.path }));
}

function suggestion(word: string, candidates: readonly string[]): { suggestion?: string } {
  const s = closest(word, candidates);
  return s === undefined ? {} : { suggestion: s };
}
