import { Exact } from '../core/exact.js';
import type {
  Adjustment,
  Attribute,
  Bands,
  Branch,
  Criteria,
  CriteriaNode,
  CriteriaTest,
  DerivedAggregate,
  DerivedIndicator,
  Group,
  Leaf,
  SharedCap,
  Supplier,
} from '../core/model.js';
import { STATUSES, type Status } from '../core/report.js';
import { statusNamed } from '../explain/messages.js';
import { problem, type DocPath, type Problem } from '../core/problems.js';
import { adjustmentKindNames, compileRule } from '../core/rules/index.js';
import { foldText } from '../core/text.js';
import { LEAF_ONLY_KEYS, type RawAdjustment, type RawCriteriaFile, type RawCriterion, type RawDerived } from './schema.js';

type RawAdjustmentItem = Omit<RawAdjustment, 'kind' | 'children' | 'rule'> & { rule: NonNullable<RawAdjustment['rule']> };

/** A compiled criteria file plus what only the compiler can see (declared parent maxima). */
export interface Compiled {
  criteria: Criteria;
  declaredMax: Map<string, Exact>;
  problems: Problem[];
}

/**
 * Builds the typed criteria from a file that passed the schema: exact numbers, defaults filled in,
 * inherited `applies_to`, `responsible` and `supplied_by`, and the structural problems only a walk of the tree can
 * find (a criterion that is neither node nor leaf, duplicate ids).
 */
export function compileCriteria(raw: RawCriteriaFile): Compiled {
  const problems: Problem[] = [];
  const byId = new Map<string, CriteriaNode>();
  const declaredMax = new Map<string, Exact>();
  const leaves: Leaf[] = [];

  const claimId = (id: string, path: DocPath, first: Map<string, DocPath>): boolean => {
    const earlier = first.get(id);
    if (earlier) {
      problems.push(problem('duplicate-id', 'error', { id }, { path: [...path, 'id'], also: { path: [...earlier, 'id'] } }));
      return false;
    }
    first.set(id, path);
    return true;
  };
  const idPaths = new Map<string, DocPath>();
  // The office enters what it derives from record files, whatever the leaf says.
  const derived = new Set(Object.keys(raw.indicators ?? {}).map(foldText));
  const supplier = (indicator: string, declared: Supplier): Supplier => (derived.has(foldText(indicator)) ? 'office' : declared);

  const walk = (rc: RawCriterion, path: DocPath, depth: number, parent: Branch | undefined, inherited: Supplier): CriteriaNode | undefined => {
    const unique = claimId(rc.id, path, idPaths);
    const appliesTo = rc.applies_to ?? parent?.appliesTo;
    const responsible = rc.responsible ?? parent?.responsible;
    const suppliedBy = rc.supplied_by ?? inherited;
    const base = {
      id: rc.id,
      title: rc.title,
      depth,
      path,
      ...(parent ? { parentId: parent.id } : {}),
      ...(appliesTo ? { appliesTo } : {}),
      ...(responsible ? { responsible } : {}),
      ...(rc.reference ? { reference: rc.reference } : {}),
      ...(rc.description ? { description: rc.description } : {}),
    };
    if (rc.children !== undefined) {
      if (rc.rule !== undefined) problems.push(problem('leaf-or-node', 'error', { id: rc.id, has: 'both' }, { path: [...path, 'rule'], atKey: true }));
      for (const key of LEAF_ONLY_KEYS) {
        if (key !== 'rule' && rc[key] !== undefined) problems.push(problem('leaf-key-on-node', 'error', { id: rc.id, key }, { path: [...path, key], atKey: true }));
      }
      const node: Branch = { ...base, type: 'node', max: Exact.ZERO, children: [] };
      rc.children.forEach((child, i) => {
        const c = walk(child, [...path, 'children', i], depth + 1, node, suppliedBy);
        if (c) node.children.push(c);
      });
      node.max = Exact.sum(node.children.map((c) => c.max));
      if (rc.max !== undefined) declaredMax.set(rc.id, Exact.fromNumber(rc.max));
      if (unique) byId.set(rc.id, node);
      return node;
    }
    if (rc.rule === undefined) {
      problems.push(problem('leaf-or-node', 'error', { id: rc.id, has: 'neither' }, { path }));
      return undefined;
    }
    if (rc.max === undefined) {
      problems.push(problem('leaf-without-max', 'error', { id: rc.id }, { path }));
      return undefined;
    }
    const max = Exact.fromNumber(rc.max);
    const indicator = rc.indicator ?? rc.id;
    const leaf: Leaf = {
      ...base,
      type: 'leaf',
      max,
      rule: compileRule(rc.rule, max),
      indicator,
      optional: rc.optional ?? false,
      suppliedBy: supplier(indicator, suppliedBy),
    };
    if (unique) byId.set(rc.id, leaf);
    leaves.push(leaf);
    return leaf;
  };

  const areas = raw.criteria.flatMap((rc, i) => walk(rc, ['criteria', i], 0, undefined, 'unit') ?? []);

  const groupPaths = new Map<string, DocPath>();
  const groups: Group[] = [];
  raw.groups.forEach((g, i) => {
    const path: DocPath = ['groups', i];
    const earlier = groupPaths.get(g.id);
    if (earlier) {
      problems.push(problem('duplicate-group', 'error', { group: g.id }, { path: [...path, 'id'], also: { path: [...earlier, 'id'] } }));
      return;
    }
    groupPaths.set(g.id, path);
    groups.push({ id: g.id, title: g.title, bands: compileBands(g.bands), path });
  });

  const adjustments: Adjustment[] = [];
  const adjustment = (a: RawAdjustmentItem, kind: Adjustment['kind'], path: DocPath, shared?: SharedCap): void => {
    if (!claimId(a.id, path, idPaths)) return;
    if (!(adjustmentKindNames as readonly string[]).includes(a.rule.kind)) {
      problems.push(problem('adjustment-rule', 'error', { id: a.id, kind: a.rule.kind, allowed: [...adjustmentKindNames] }, { path: [...path, 'rule', 'kind'] }));
      return;
    }
    const cap = Exact.fromNumber(a.cap);
    const indicator = a.indicator ?? a.id;
    adjustments.push({
      id: a.id,
      title: a.title,
      kind,
      cap,
      rule: compileRule(a.rule, cap),
      indicator,
      suppliedBy: supplier(indicator, a.supplied_by ?? 'unit'),
      path,
      ...(a.responsible ? { responsible: a.responsible } : {}),
      ...(a.reference ? { reference: a.reference } : {}),
      ...(shared ? { shared } : {}),
    });
  };
  (raw.adjustments ?? []).forEach((a, i) => {
    const path: DocPath = ['adjustments', i];
    if (a.children === undefined) {
      if (a.rule === undefined) problems.push(problem('adjustment-shape', 'error', { id: a.id, has: 'neither' }, { path }));
      else adjustment({ ...a, rule: a.rule }, a.kind, path);
      return;
    }
    if (a.rule !== undefined) problems.push(problem('adjustment-shape', 'error', { id: a.id, has: 'both' }, { path: [...path, 'rule'], atKey: true }));
    if (!claimId(a.id, path, idPaths)) return;
    // The children's sum is bounded by the parent's cap; each child keeps its own.
    const shared: SharedCap = { id: a.id, title: a.title, cap: Exact.fromNumber(a.cap), children: [], path };
    a.children.forEach((child, j) => {
      const at: DocPath = [...path, 'children', j];
      if (child.kind !== undefined && child.kind !== a.kind) {
        problems.push(problem('adjustment-child-kind', 'error', { id: child.id, kind: child.kind, parent: a.id, parentKind: a.kind }, { path: [...at, 'kind'] }));
      }
      const before = adjustments.length;
      adjustment(child, a.kind, at, shared);
      if (adjustments.length > before) shared.children.push(child.id);
    });
  });

  const attributes = new Map<string, Attribute>();
  for (const [name, a] of Object.entries(raw.attributes ?? {})) {
    attributes.set(name, { name, title: a.title, type: a.type, column: a.column ?? name, path: ['attributes', name] });
  }

  const indicators = new Map<string, DerivedIndicator>();
  for (const [name, d] of Object.entries(raw.indicators ?? {})) {
    const path: DocPath = ['indicators', name];
    const aggregate = compileAggregate(name, d, path, problems);
    if (!aggregate) continue;
    indicators.set(name, {
      name,
      from: d.from,
      unitColumn: d.unit_column ?? 'unit',
      aggregate,
      path,
      ...(d.weight_column ? { weightColumn: d.weight_column } : {}),
      ...(d.min_rows ? { minRows: d.min_rows } : {}),
      ...(d.row_label ? { rowLabel: d.row_label } : {}),
    });
  }

  const tests: CriteriaTest[] = (raw.tests ?? []).map((t, i) => {
    const path: DocPath = ['tests', i];
    return {
      name: t.name,
      group: t.group,
      ...(t.unit ? { unit: t.unit } : {}),
      attributes: Object.entries(t.attributes ?? {}).map(([name, value]) => ({ name, value, path: [...path, 'attributes', name] })),
      evidence: Object.entries(t.evidence).map(([indicator, value]) => ({ indicator, value, path: [...path, 'evidence', indicator] })),
      expect: Object.entries(t.expect).flatMap(([item, e]) => {
        const at: DocPath = [...path, 'expect', item];
        const expected = expectation(e, at, problems);
        return expected ? [{ item, expected, path: at }] : [];
      }),
      path,
    };
  });

  const precision = raw.precision ?? 2;
  const criteria: Criteria = {
    id: raw.id,
    title: raw.title,
    year: raw.year,
    ...(raw.reference ? { reference: raw.reference } : {}),
    locale: raw.locale ?? 'vi',
    precision,
    indexPrecision: raw.index_precision ?? precision,
    scale: raw.scale === undefined ? Exact.HUNDRED : Exact.fromNumber(raw.scale),
    groups,
    tiebreak: raw.tiebreak ?? [],
    areas,
    leaves,
    byId,
    adjustments,
    indicators,
    attributes,
    tests,
  };
  return { criteria, declaredMax, problems };
}

/** An example's expectation: points, a status in words ("không áp dụng") or `{ status: not_applicable }`. */
function expectation(e: number | string | { status: Status }, path: DocPath, problems: Problem[]): CriteriaTest['expect'][number]['expected'] | undefined {
  if (typeof e === 'number') return { points: Exact.fromNumber(e) };
  if (typeof e !== 'string') return { status: e.status };
  const status = statusNamed(e);
  if (status === undefined) problems.push(problem('test-status', 'error', { value: e, allowed: [...STATUSES] }, { path }));
  return status === undefined ? undefined : { status };
}

function compileBands(bands: RawCriteriaFile['groups'][number]['bands']): Bands {
  if (bands === undefined) return { kind: 'none' };
  if (Array.isArray(bands)) return { kind: 'threshold', bands: bands.map((b) => ({ min: Exact.fromNumber(b.min), label: b.label })) };
  return { kind: 'quartiles', labels: bands.quartiles };
}

const AGGREGATES = ['count', 'share', 'mean', 'on_time'] as const;

function compileAggregate(name: string, d: RawDerived, path: DocPath, problems: Problem[]): DerivedAggregate | undefined {
  const kinds = AGGREGATES.filter((k) => d[k] !== undefined);
  if (kinds.length !== 1) {
    problems.push(problem('indicator-kind', 'error', { indicator: name, has: kinds.length === 0 ? 'none' : 'several', kinds: [...kinds] }, { path }));
    return undefined;
  }
  const kind = kinds[0]!;
  if (d.pending !== undefined && kind !== 'on_time') {
    problems.push(problem('indicator-option', 'error', { indicator: name, key: 'pending', kind, allowed: ['on_time'] }, { path: [...path, 'pending'], atKey: true }));
  }
  // A count is of rows: weighting it would turn it into an estimate of a population total.
  if (d.weight_column !== undefined && kind === 'count') {
    problems.push(problem('indicator-option', 'error', { indicator: name, key: 'weight_column', kind, allowed: ['share', 'mean', 'on_time'] }, { path: [...path, 'weight_column'], atKey: true }));
  }
  if (d.count?.values !== undefined && d.count.column === undefined) {
    problems.push(problem('count-values-without-column', 'error', { indicator: name }, { path: [...path, 'count', 'values'], atKey: true }));
  }
  switch (kind) {
    case 'count':
      return { kind, ...(d.count!.column ? { column: d.count!.column } : {}), ...(d.count!.values ? { values: d.count!.values } : {}) };
    case 'share':
      return { kind, column: d.share!.column, values: d.share!.values };
    case 'mean': {
      const map = d.mean!.map;
      return {
        kind,
        column: d.mean!.column,
        ...(map ? { map: Object.entries(map).map(([label, value]) => ({ label, value: value === null ? null : Exact.fromNumber(value) })) } : {}),
      };
    }
    case 'on_time':
      return { kind, done: d.on_time!.done, due: d.on_time!.due, pending: d.pending ?? 'exclude' };
  }
}
