import { Exact } from '../core/exact.js';
import { appliesTo, type Criteria, type DerivedAggregate } from '../core/model.js';
import { problem, type DocPath, type Problem } from '../core/problems.js';
import { checkBandOrder } from '../core/rules/bands.js';
import { kindOf, type Rule } from '../core/rules/index.js';
import type { ValueSpec } from '../core/rules/kind.js';
import { bestOf } from '../core/rules/nested.js';
import { closest, foldText } from '../core/text.js';
import { roleOf } from '../evidence/tables/headers.js';
import type { Compiled } from './compile.js';
import { valueAt } from './issues.js';
import { unreachableCases } from './reach.js';
import { factsAt, type FactNode } from '../core/rules/conditions.js';
import { locatedReads, ruleTree, type LocatedRead } from '../core/rules/tree.js';
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
    ...checkRuleTrees(criteria),
    ...checkReads(criteria),
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
    // A cap on the leaf's own rule bounds it too ("tối đa không quá 8 điểm" of a 10-point leaf).
    const best = bestOf(rule, max);
    if (!isAdjustment && best.lt(max)) problems.push(problem('max-unreachable', 'warning', { id, best, max }, { path: rulePath }));
    for (const p of kind.check?.(rule, { id, max }) ?? []) problems.push({ ...p, path: [...rulePath, ...(p.path ?? [])] });
  };
  for (const leaf of criteria.leaves) checkOne(leaf.id, leaf.rule, leaf.max, leaf.path, 'max', false);
  for (const a of criteria.adjustments) checkOne(a.id, a.rule, a.cap, a.path, 'cap', true);
  return problems;
}

function tooPrecise(value: Exact, precision: number): boolean {
  const places = value.decimalPlaces();
  return places === undefined || places > precision;
}

/** What is scored from evidence: every leaf, and every adjustment with its cap as its max. */
function scoredItems(criteria: Criteria): Array<{ id: string; rule: Rule; indicator: string; max: Exact; path: DocPath; adjustment: boolean }> {
  return [
    ...criteria.leaves.map((l) => ({ id: l.id, rule: l.rule, indicator: l.indicator, max: l.max, path: l.path, adjustment: false })),
    ...criteria.adjustments.map((a) => ({ id: a.id, rule: a.rule, indicator: a.indicator, max: a.cap, path: a.path, adjustment: true })),
  ];
}

/**
 * The checks of rules inside rules and of the conditions they read, each at its own place: the
 * leaf's own rule names no indicator (the leaf does), no cap above the max, no `relative` inside
 * another rule (it needs the group's best of the leaf itself), attributes declared and tested as
 * their type allows, and no case that can never decide.
 */
function checkRuleTrees(criteria: Criteria): Problem[] {
  const problems: Problem[] = [];
  const declared = [...criteria.attributes.keys()];
  for (const item of scoredItems(criteria)) {
    const { id, max } = item;
    const top = item.rule;
    if (top.indicator !== undefined) {
      problems.push(problem('rule-indicator', 'error', { id, indicator: top.indicator }, { path: [...item.path, 'rule', 'indicator'] }));
    }
    for (const node of ruleTree(top, [...item.path, 'rule'], item.indicator)) {
      if (node.type === 'condition') {
        for (const { fact, path } of factsAt(node.condition, node.path)) {
          if (fact.source !== 'attribute') continue;
          const attribute = criteria.attributes.get(fact.name);
          if (!attribute) {
            problems.push(problem('unknown-attribute', 'error', { attribute: fact.name, ...suggestion(fact.name, declared), allowed: declared }, { path: [...path, 'attribute'] }));
            continue;
          }
          const wrong = attributeTestProblem(fact, attribute.type, path);
          if (wrong) problems.push(wrong);
        }
        continue;
      }
      const rule = node.rule;
      if (rule.cap !== undefined && rule.cap.gt(max)) problems.push(problem('cap-above-max', 'error', { id, cap: rule.cap, max }, { path: [...node.path, 'cap'] }));
      if (node.nested && rule.kind === 'relative') problems.push(problem('nested-rule', 'error', { id, kind: rule.kind }, { path: [...node.path, 'kind'] }));
      if (rule.kind === 'cases') {
        for (const u of unreachableCases(rule.cases.map((c) => c.when)) ?? []) {
          problems.push(problem('case-unreachable', 'error', { id, case: u.case, by: u.by }, { path: [...node.path, 'cases', u.case - 1, 'when'] }));
        }
      }
    }
  }
  return problems;
}

/**
 * An attribute is read as its declared type whatever the condition says, so its tests are those of
 * the type: a yes/no fact holds or not (`{ attribute: mien_nui }`, or under `not:`); a text is
 * compared with `is:`; a number with min/above/below/at_most. A population is a number to any
 * officer: a comparison on a number attribute needs no `of: number` (the cell is read as a number
 * either way, never as a percent), so `of` is not required there. The problem points at the test
 * that cannot be, or at the attribute when a test is missing.
 */
function attributeTestProblem(fact: FactNode, type: 'boolean' | 'number' | 'text', path: DocPath): Problem | undefined {
  const test = fact.test;
  const allowed = { boolean: 'yes', number: 'compare', text: 'is' } as const;
  if (test.type === allowed[type]) return undefined;
  const key = test.type === 'yes' ? 'attribute' : test.type === 'is' ? 'is' : test.lower ? (test.lower.strict ? 'above' : 'min') : test.upper!.strict ? 'below' : 'at_most';
  return problem('attribute-test', 'error', { attribute: fact.name, type, test: test.type }, { path: [...path, key] });
}

/**
 * One indicator is one column of evidence with one kind of value: read as yes/no in one place and
 * as a number in another, one of the two is wrong (and its cells could never satisfy both). Said
 * at each later read that cannot go with an earlier one, naming the first such.
 */
function checkReads(criteria: Criteria): Problem[] {
  const problems: Problem[] = [];
  const earlier = new Map<string, Array<LocatedRead & { id: string }>>();
  for (const item of scoredItems(criteria)) {
    for (const read of itemReads(item)) {
      const key = foldText(read.indicator);
      const before = earlier.get(key) ?? [];
      const other = before.find((b) => !compatible(b, read));
      if (other) {
        const data = { indicator: read.indicator, id: item.id, reads: read.spec.type, other: other.spec.type, otherId: other.id, ...levelsData(read, other) };
        problems.push(problem('read-conflict', 'error', data, { path: read.path }));
      }
      earlier.set(key, [...before, { ...read, id: item.id }]);
    }
  }
  return problems;
}

/** Every read of a leaf or adjustment with its place (an adjustment reads its own indicator). */
function itemReads(item: { rule: Rule; indicator: string; max: Exact; path: DocPath; adjustment: boolean }): LocatedRead[] {
  if (!item.adjustment) return locatedReads(item);
  return [{ indicator: item.indicator, spec: kindOf(item.rule).expects(item.rule, item.max), path: [...item.path, 'rule', 'kind'] }];
}

/** Numbers read as numbers go with percents, counts and points: a cell of those is a number too. */
const NUMBER_LIKE: ReadonlyArray<ValueSpec['type']> = ['percent', 'count', 'points'];

function compatible(a: LocatedRead, b: LocatedRead): boolean {
  const [x, y] = [a.spec.type, b.spec.type];
  if (x === y) return true;
  if ((x === 'number' && NUMBER_LIKE.includes(y)) || (y === 'number' && NUMBER_LIKE.includes(x))) return true;
  // A condition `is: Đạt` on an indicator a levels rule reads: the text must be one of its levels.
  const { text, levels } = levelsData(a, b);
  return text !== undefined && levels !== undefined && levels.some((l) => foldText(l) === foldText(text));
}

/** A condition's `is:` text and the levels a `levels` rule reads the same indicator as, when one read is each. */
function levelsData(a: LocatedRead, b: LocatedRead): { text?: string; levels?: string[] } {
  const isText = (r: LocatedRead) => (r.fact?.test.type === 'is' ? r.fact.test.text : undefined);
  const text = isText(a) ?? isText(b);
  const spec = a.spec.type === 'level' ? a.spec : b.spec.type === 'level' ? b.spec : undefined;
  return text !== undefined && spec ? { text, levels: [...spec.levels] } : {};
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
  // Every read: a composite leaf reads the indicators of its conditions and inner rules too.
  const reads = scoredItems(criteria).flatMap((item) => itemReads(item).map((r) => ({ ...r, id: item.id })));
  const derivedByFold = new Map<string, string>();
  for (const d of criteria.indicators.values()) {
    const fold = foldText(d.name);
    const other = derivedByFold.get(fold);
    if (other !== undefined) problems.push(problem('indicator-clash', 'error', { indicator: d.name, other }, { path: d.path, atKey: true }));
    else derivedByFold.set(fold, d.name);
  }
  const usedFolds = new Set(reads.map((r) => foldText(r.indicator)));
  const plainIndicators = [...new Set(reads.map((r) => r.indicator))].filter((i) => !derivedByFold.has(foldText(i)));
  for (const d of criteria.indicators.values()) {
    if (!usedFolds.has(foldText(d.name))) {
      const near = closest(d.name, plainIndicators);
      problems.push(problem('unused-indicator', 'error', { indicator: d.name, ...(near ? { near } : {}) }, { path: d.path, atKey: true }));
    }
  }
  for (const r of reads) {
    const name = derivedByFold.get(foldText(r.indicator));
    const d = name === undefined ? undefined : criteria.indicators.get(name);
    if (!d) continue;
    const gives = GIVES[d.aggregate.kind];
    const needs = r.spec.type;
    if (!READS[gives].includes(needs)) problems.push(problem('indicator-type', 'error', { id: r.id, indicator: d.name, gives, needs }, { path: r.path }));
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
  // ...then the indicators read inside composite rules and their conditions.
  for (const leaf of criteria.leaves) for (const r of locatedReads(leaf)) warn(r.indicator, { path: r.path });
  return problems;
}

function checkTests(criteria: Criteria): Problem[] {
  const problems: Problem[] = [];
  const items = [...new Set([...criteria.byId.keys(), ...criteria.adjustments.flatMap((a) => [a.id, ...(a.shared ? [a.shared.id] : [])]), 'total', 'index'])];
  const itemSet = new Set(items);
  // Evidence for any indicator a rule reads, inside composite rules and conditions too.
  const indicators = [...new Set(scoredItems(criteria).flatMap((item) => itemReads(item).map((r) => r.indicator)))];
  const indicatorFolds = new Set(indicators.map(foldText));
  const attributes = [...criteria.attributes.keys()];
  for (const t of criteria.tests) {
    for (const a of t.attributes) {
      if (!criteria.attributes.has(a.name)) problems.push(problem('unknown-test-attribute', 'error', { attribute: a.name, ...suggestion(a.name, attributes) }, { path: a.path, atKey: true }));
    }
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
