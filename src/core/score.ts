import { Exact } from './exact.js';
import type { Fact, InvalidInput, LeafInput, Override, Provenance, SelfScore, Unit, Value } from './inputs.js';
import { message, type Message } from './messages.js';
import { appliesTo, type Adjustment, type Criteria, type CriteriaNode, type Leaf } from './model.js';
import type { Problem } from './problems.js';
import { indexOf, rankGroup } from './rank.js';
import { NOT_COUNTED, type AdjustmentResult, type ItemResult, type Manifest, type NodeResult, type Report, type Status, type UnitResult, type UnitStatus } from './report.js';
import { isComposite, readKey, run } from './rules/evaluate.js';
import { kindOf } from './rules/index.js';
import type { Env, ReadInput, ValueSpec } from './rules/kind.js';
import { foldText } from './text.js';

export type Input = LeafInput | InvalidInput;
type ByUnit<T> = ReadonlyMap<string, ReadonlyMap<string, T>>;

export interface ScoreInput {
  criteria: Criteria;
  /** The units scored, each in a group the criteria declare. */
  units: readonly Unit[];
  /** unit id → leaf or adjustment id → its evidence, parsed for its rule. */
  inputs: ByUnit<Input>;
  /** What units claimed (tự chấm). */
  self?: ByUnit<SelfScore>;
  /** Appraisers' documented changes (thẩm định). */
  overrides?: ByUnit<Override>;
  /** Evidence problems carried into the report (each goes to its unit when it has one). */
  findings?: readonly Problem[];
  manifest?: Manifest;
  /** Hears how far scoring has gone, for a progress line: `done` of `total` units. */
  onUnit?: (done: number, total: number) => void;
}

/**
 * The scoring core: criteria + evidence → for each group a ranking with bands, and for every unit
 * and leaf the points, the points lost and why. Pure: no files, no clock, exact arithmetic; the
 * same inputs in any order give the same report.
 */
export function scoreIndex(input: ScoreInput): Report {
  const { criteria } = input;
  // In the order given: rankGroup orders each group's ranked and unranked units itself.
  const units = input.units;
  const scorer = new Scorer(input);
  const findings = input.findings ?? [];
  const results = units.map((u, n) => {
    if (n % 64 === 0) input.onUnit?.(n, units.length);
    return scorer.unit(u, { findings: findings.filter((f) => f.unit === u.id) });
  });
  input.onUnit?.(units.length, units.length);

  const byGroup = criteria.groups.map((g) => rankGroup(g, results.filter((r) => r.group === g.id), criteria));
  return {
    format: 'parscore/report@1',
    criteria: {
      id: criteria.id,
      title: criteria.title,
      year: criteria.year,
      ...(criteria.reference ? { reference: criteria.reference } : {}),
      locale: criteria.locale,
      precision: criteria.precision,
      indexPrecision: criteria.indexPrecision,
      scale: criteria.scale,
    },
    ...(input.manifest ? { manifest: input.manifest } : {}),
    units: byGroup.flatMap((g) => g.units),
    groups: byGroup.map((g) => g.group),
    // Unit ids are text, so a finding about no unit matches none either.
    findings: findings.filter((f) => !units.some((u) => u.id === f.unit)),
  };
}

/**
 * Scoring one unit at a time, as `scoreIndex` scores each: what robustness uses to score a unit
 * again with one appraisal change put back, or one leaf with a redrawn value. Built once for all
 * the units (the best value of each group for `relative` leaves, the criteria above each leaf).
 */
export class Scorer {
  private readonly criteria: Criteria;
  private readonly bests: Bests;
  private readonly parents: Map<string, string[]>;
  private readonly sources: ReadonlyMap<string, string>;
  /** Each leaf's place among the criteria's leaves (and a unit's items). */
  private readonly leafAt: ReadonlyMap<string, number>;

  constructor(private readonly input: Pick<ScoreInput, 'criteria' | 'units' | 'inputs' | 'self' | 'overrides'>) {
    const { criteria } = input;
    this.criteria = criteria;
    const groups = new Set(criteria.groups.map((g) => g.id));
    for (const u of input.units) {
      if (!groups.has(u.group)) throw new TypeError(`unit ${u.id}: group ${u.group} is not declared in criteria ${criteria.id}`);
    }
    this.bests = groupBests(criteria, input.units, input.inputs);
    this.parents = parentsOfLeaves(criteria);
    this.sources = new Map([...criteria.indicators.values()].map((d) => [foldText(d.name), d.from]));
    this.leafAt = new Map(criteria.leaves.map((l, i) => [l.id, i]));
  }

  /**
   * A unit's result (before ranking). `overrides` in place of the unit's own, as if the appraisers
   * had written those; `inputs` in place of its evidence (redrawn values); `bests`: for the
   * `relative` leaves named, the best value in the unit's group in place of the evidence's.
   */
  unit(
    u: Unit,
    layers: { overrides?: ReadonlyMap<string, Override> | undefined; inputs?: ReadonlyMap<string, Input>; bests?: ReadonlyMap<string, Exact | undefined>; findings?: Problem[] } = {},
  ): UnitResult {
    const inputs = layers.inputs ?? this.input.inputs.get(u.id);
    return scoreUnit(this.criteria, u, {
      inputs,
      env: new UnitEnv(this.criteria, u, inputs),
      self: this.input.self?.get(u.id),
      overrides: 'overrides' in layers ? layers.overrides : this.input.overrides?.get(u.id),
      bests: layers.bests ? this.withBests(u.group, layers.bests) : this.bests,
      parents: this.parents,
      sources: this.sources,
      findings: layers.findings ?? [],
    });
  }

  /**
   * A unit scored again with its overrides replaced, when only leaf or adjustment `id` can differ
   * from `base` (the unit's result with its own overrides): that one is scored anew — with an
   * adjustment, every adjustment, for the caps they share — and the totals of `base` and of the
   * criteria above the leaf are corrected by the difference. Sums are exact, so this is the result
   * `unit(u, { overrides })` gives, for a national run's thousands of appraisal changes.
   */
  changed(u: Unit, base: UnitResult, id: string, overrides: ReadonlyMap<string, Override>): UnitResult {
    const inputs = this.input.inputs.get(u.id);
    const ctx: UnitContext = {
      inputs,
      env: new UnitEnv(this.criteria, u, inputs),
      self: this.input.self?.get(u.id),
      overrides,
      bests: this.bests,
      parents: this.parents,
      sources: this.sources,
      findings: [],
    };
    const counted = (i: ItemResult) => (NOT_COUNTED.has(i.status) ? { points: Exact.ZERO, max: Exact.ZERO } : { points: i.final, max: i.max });
    const signed = (list: readonly AdjustmentResult[]) => Exact.sum(list.map((a) => (a.kind === 'bonus' ? a.final : a.final.neg())));
    let { items, adjustments, nodes } = base;
    let points: Exact;
    let max: Exact;
    const at = this.leafAt.get(id);
    if (at !== undefined) {
      const before = counted(base.items[at]!);
      const item = scoreLeaf(this.criteria, this.criteria.leaves[at]!, u, ctx);
      const after = counted(item);
      items = base.items.slice();
      items[at] = item;
      const dp = after.points.sub(before.points);
      const dm = after.max.sub(before.max);
      points = base.points.add(dp);
      max = base.max.add(dm);
      // The criteria above the leaf, and the leaf itself where it is an area of its own.
      const above = new Set([...item.parents, id]);
      nodes = base.nodes.map((n) => {
        if (!above.has(n.id)) return n;
        const p = n.points.add(dp);
        const m = n.max.add(dm);
        return { ...n, points: p, max: m, index: indexOf(p, m, this.criteria.scale) };
      });
    } else {
      adjustments = shareCaps(this.criteria.adjustments.map((a) => scoreAdjustment(this.criteria, a, ctx)), this.criteria);
      points = base.points.sub(signed(base.adjustments)).add(signed(adjustments));
      max = base.max;
    }
    const status = unitStatusOf(max, items, adjustments);
    return { ...base, points, max, index: status === 'ranked' ? indexOf(points, max, this.criteria.scale) : null, band: null, rank: null, tied: false, status, nodes, items, adjustments, findings: [] };
  }

  /** One leaf of a unit scored on the given inputs, with no self-assessment or override: a leaf whose value was redrawn. */
  leaf(u: Unit, leaf: Leaf, inputs: ReadonlyMap<string, Input>): ItemResult {
    const ctx = { inputs, env: new UnitEnv(this.criteria, u, inputs), self: undefined, overrides: undefined, bests: this.bests, parents: this.parents, sources: this.sources, findings: [] };
    return scoreLeaf(this.criteria, leaf, u, ctx);
  }

  private withBests(group: string, given: ReadonlyMap<string, Exact | undefined>): Bests {
    const bests = new Map(this.bests);
    for (const [leaf, best] of given) bests.set(leaf, new Map(best === undefined ? [] : [[group, best]]));
    return bests;
  }
}

/**
 * For each `relative` leaf (by id) and group, the best value among the group's units. A group the
 * leaf does not apply to is never asked for its best: its units score the leaf not applicable.
 */
function groupBests(criteria: Criteria, units: readonly Unit[], inputs: ByUnit<Input>): Bests {
  const bests = new Map<string, Map<string, Exact>>();
  for (const leaf of criteria.leaves) {
    if (leaf.rule.kind !== 'relative') continue;
    const byGroup = new Map<string, Exact>();
    for (const g of criteria.groups) {
      const best = bestOf(leaf, units.filter((u) => u.group === g.id).map((u) => inputs.get(u.id)?.get(leaf.id)));
      if (best !== undefined) byGroup.set(g.id, best);
    }
    bests.set(leaf.id, byGroup);
  }
  return bests;
}

/** The best of a `relative` leaf's values among a group's inputs (the highest, or the lowest with `direction: lower`). */
export function bestOf(leaf: Leaf, inputs: Iterable<Input | undefined>): Exact | undefined {
  const lower = leaf.rule.kind === 'relative' && leaf.rule.direction === 'lower';
  let best: Exact | undefined;
  for (const input of inputs) {
    if (!input || 'invalid' in input || input.value.type !== 'number') continue;
    const v = input.value.value;
    if (best === undefined || (lower ? v.lt(best) : v.gt(best))) best = v;
  }
  return best;
}

/** leaf id → group id → the best value. */
type Bests = ReadonlyMap<string, ReadonlyMap<string, Exact>>;

interface UnitContext {
  inputs: ReadonlyMap<string, Input> | undefined;
  env: UnitEnv;
  self: ReadonlyMap<string, SelfScore> | undefined;
  overrides: ReadonlyMap<string, Override> | undefined;
  bests: Bests;
  parents: Map<string, string[]>;
  /** Derived indicator (folded) → the record source it comes from. */
  sources: ReadonlyMap<string, string>;
  findings: Problem[];
}

/** Leaves with these statuses say nothing about the unit: a unit with only such leaves (and no adjustment) has no data. */
export const NO_DATA: ReadonlySet<Status> = new Set(['not_applicable', 'insufficient_data', 'no_evidence']);

/**
 * Whether a unit is ranked: it needs an applicable max and some data (a leaf not in NO_DATA, or an
 * adjustment with evidence). Nothing counted because every leaf lacks data (min_rows) is no data,
 * not "nothing applies".
 */
export function unitStatus(hasMax: boolean, hasData: boolean, anyInsufficient: boolean): UnitStatus {
  if (!hasMax) return anyInsufficient ? 'no_data' : 'no_max';
  return hasData ? 'ranked' : 'no_data';
}

function scoreUnit(criteria: Criteria, unit: Unit, ctx: UnitContext): UnitResult {
  const items = criteria.leaves.map((leaf) => scoreLeaf(criteria, leaf, unit, ctx));
  const adjustments = shareCaps(criteria.adjustments.map((a) => scoreAdjustment(criteria, a, ctx)), criteria);
  return unitResult(criteria, unit, items, adjustments, ctx.findings);
}

/** A unit's status from its applicable max, leaves and adjustments (see unitStatus). */
function unitStatusOf(max: Exact, items: readonly ItemResult[], adjustments: readonly AdjustmentResult[]): UnitStatus {
  return unitStatus(!max.isZero(), items.some((i) => !NO_DATA.has(i.status)) || adjustments.some((a) => a.evidence.length > 0), items.some((i) => i.status === 'insufficient_data'));
}

/** A unit's totals, node by node, and its status, from its scored leaves and adjustments. */
function unitResult(criteria: Criteria, unit: Unit, items: ItemResult[], adjustments: AdjustmentResult[], findings: Problem[]): UnitResult {
  const byLeaf = new Map(items.map((i) => [i.id, i]));
  const totals = new Map<string, { points: Exact; max: Exact }>();
  const total = (children: readonly CriteriaNode[]) => {
    let points = Exact.ZERO;
    let max = Exact.ZERO;
    for (const child of children) {
      const s = sum(child);
      points = points.add(s.points);
      max = max.add(s.max);
    }
    return { points, max };
  };
  const sum = (node: CriteriaNode): { points: Exact; max: Exact } => {
    if (node.type === 'node') {
      const t = total(node.children);
      totals.set(node.id, t);
      return t;
    }
    const item = byLeaf.get(node.id)!;
    return NOT_COUNTED.has(item.status) ? { points: Exact.ZERO, max: Exact.ZERO } : { points: item.final, max: item.max };
  };
  let { points, max } = total(criteria.areas);
  const nodes: NodeResult[] = branches(criteria.areas).map((node) => {
    // A leaf at the top of the tree is an area of its own: its sum is its own points.
    const t = node.type === 'node' ? totals.get(node.id)! : sum(node);
    return {
      id: node.id,
      title: node.title,
      depth: node.depth,
      ...t,
      index: indexOf(t.points, t.max, criteria.scale),
      ...(node.type === 'leaf' ? { leaf: true as const } : {}),
    };
  });
  for (const a of adjustments) points = a.kind === 'bonus' ? points.add(a.final) : points.sub(a.final);

  const status = unitStatusOf(max, items, adjustments);
  const claims = [
    ...items.flatMap((i) => (i.self === undefined ? [] : [i.self])),
    ...adjustments.flatMap((a) => (a.self === undefined ? [] : [a.kind === 'bonus' ? a.self : a.self.neg()])),
  ];
  return {
    unit: unit.id,
    name: unit.name,
    group: unit.group,
    points,
    max,
    index: status === 'ranked' ? indexOf(points, max, criteria.scale) : null,
    band: null,
    rank: null,
    tied: false,
    status,
    nodes,
    items,
    adjustments,
    ...(claims.length > 0 ? { selfPoints: Exact.sum(claims) } : {}),
    findings,
  };
}

/** Every criterion above the leaves, each before its children (tree order), and the leaves at the top. */
function branches(nodes: readonly CriteriaNode[], top = true): CriteriaNode[] {
  return nodes.flatMap((n) => (n.type === 'node' ? [n, ...branches(n.children, false)] : top ? [n] : []));
}

/** What a rule gives when there is nothing to go on: `missing` for a deadline, otherwise 0. */
function nonePoints(leaf: Leaf): Exact {
  return leaf.rule.kind === 'deadline' ? leaf.rule.missing : Exact.ZERO;
}

function scoreLeaf(criteria: Criteria, leaf: Leaf, unit: Unit, ctx: UnitContext): ItemResult {
  const override = ctx.overrides?.get(leaf.id);
  const self = ctx.self?.get(leaf.id);
  const outcome = (
    status: Status,
    points: Exact,
    msg: Message,
    read: { input?: ReadInput | undefined; evidence?: Provenance[]; value?: Value; best?: Exact; written?: string; source?: string } = {},
  ): ItemResult => {
    // An appraiser's override decides the final points, also of a leaf the unit declared not
    // applicable; a leaf the criteria exclude for the group (the only one saying leaf.na_group) stays excluded.
    const overridden = override && msg.id !== 'leaf.na_group';
    const final = overridden ? override.points : points;
    // The status follows the final points (a leaf overridden to 0,5 of 1 is partly met); a leaf
    // without usable evidence keeps saying so, the override explaining its points.
    const finalStatus = overridden && status !== 'no_evidence' && status !== 'invalid' ? statusOf(final, leaf.max) : status;
    const counted = !NOT_COUNTED.has(finalStatus);
    // What only one readable value has (its text, source, note, derived sample): a composite rule
    // reads several, cited in its message and evidence.
    const input = read.input;
    const readable: Partial<LeafInput> | undefined = input;
    // Every item has every key (absent ones undefined): a national run holds hundreds of thousands
    // of them, and objects of one shape are smaller and faster than ones built from conditional spreads.
    return {
      id: leaf.id,
      title: leaf.title,
      parents: ctx.parents.get(leaf.id)!,
      responsible: leaf.responsible || undefined,
      max: leaf.max,
      evidence: read.evidence ?? input?.evidence ?? [],
      written: read.written ?? (input?.text || undefined),
      source: read.source ?? (readable?.source || undefined),
      note: readable?.note || undefined,
      derived: readable?.derived,
      self: self?.points,
      selfNote: self?.note || undefined,
      points,
      final,
      status: finalStatus,
      deduction: counted ? (final === leaf.max ? Exact.ZERO : leaf.max.sub(final)) : Exact.ZERO,
      message: msg,
      override: overridden ? override : undefined,
      value: read.value,
      best: read.best,
    };
  };

  if (!appliesTo(leaf, unit.group)) {
    // scoreIndex has checked that every unit's group is declared.
    const group = criteria.groups.find((g) => g.id === unit.group)!;
    return outcome('not_applicable', Exact.ZERO, message('leaf.na_group', { group: group.title }));
  }
  const composite = isComposite(leaf.rule);
  const best = ctx.bests.get(leaf.id)?.get(unit.group);
  const o = run(leaf.rule, ctx.env.at(leaf, composite, best));
  // A composite leaf read several values: each with its indicator, and the documents they cite.
  const values = composite ? ctx.env.values() : undefined;
  const read = { input: 'input' in o ? o.input : undefined, evidence: o.evidence, ...values };
  switch (o.status) {
    case 'no_evidence': {
      const source = ctx.sources.get(foldText(o.indicator));
      const none = composite ? message('leaf.none_of', { indicator: o.indicator }) : message('leaf.none', {});
      return outcome('no_evidence', nonePoints(leaf), source === undefined ? none : message('leaf.no_records', { source }), read);
    }
    case 'invalid':
      return outcome('invalid', nonePoints(leaf), message('leaf.invalid', { text: o.text }), read);
    case 'insufficient_data': {
      const derived = (o.input as LeafInput).derived!;
      return outcome('insufficient_data', Exact.ZERO, message('leaf.insufficient', { n: derived.n, minRows: derived.insufficient!.minRows }), read);
    }
    case 'declared_na':
      return leaf.optional
        ? outcome('not_applicable', Exact.ZERO, message('leaf.na_declared', { text: o.text }), read)
        : outcome('invalid', nonePoints(leaf), message('leaf.invalid', { text: o.text }), read);
    case 'not_applicable':
      return outcome('not_applicable', Exact.ZERO, o.message, read);
    case 'scored': {
      const points = o.points.round(criteria.precision);
      return outcome(statusOf(points, leaf.max), points, o.message, { ...read, ...(o.value ? { value: o.value } : {}), ...(best ? { best } : {}) });
    }
  }
}

/**
 * Adjustments under one shared cap ("Điểm cộng, tối đa 5"): their sum is bounded by it, each in
 * the file's order taking what room the earlier ones left — both the computed points and the final
 * ones (after overrides), so an appraiser's change is bounded like the evidence's.
 */
function shareCaps(results: AdjustmentResult[], criteria: Criteria): AdjustmentResult[] {
  const room = new Map<string, { points: Exact; final: Exact }>();
  return results.map((r, i) => {
    const shared = criteria.adjustments[i]!.shared;
    if (!shared) return r;
    const left = room.get(shared.id) ?? { points: shared.cap, final: shared.cap };
    const points = Exact.min(r.points, left.points);
    const final = Exact.min(r.final, left.final);
    room.set(shared.id, { points: left.points.sub(points), final: left.final.sub(final) });
    const cut = final.lt(r.final) || points.lt(r.points);
    return { ...r, points, final, ...(cut ? { shared: { id: shared.id, title: shared.title, cap: shared.cap, before: r.final } } : {}) };
  });
}

/**
 * Where a unit's rules read their evidence: its inputs and facts, for one leaf at a time. One per
 * unit, pointed at each leaf in turn: a national run reads hundreds of thousands of leaves.
 */
class UnitEnv implements Env {
  max = Exact.ZERO;
  indicator = '';
  best: Exact | undefined = undefined;
  private leaf = '';
  private composite = false;
  /** What a composite leaf's rules read, in order: for the item's value and documents. */
  private seen: Array<{ indicator: string; input: ReadInput }> = [];

  constructor(
    private readonly criteria: Criteria,
    private readonly unit: Unit,
    private readonly inputs: ReadonlyMap<string, Input> | undefined,
  ) {}

  at(leaf: Leaf, composite: boolean, best: Exact | undefined): this {
    this.max = leaf.max;
    this.indicator = leaf.indicator;
    this.best = best;
    this.leaf = leaf.id;
    this.composite = composite;
    if (composite) this.seen = [];
    return this;
  }

  /** The values a composite leaf read ("tu_can_doi: không; ty_le_thu: 62%") and the documents they cite. */
  values(): { written?: string; source?: string } {
    const written = [...new Map(this.seen.map((s) => [`${s.indicator}: ${s.input.text}`, true])).keys()].join('; ');
    const sources = [...new Set(this.seen.flatMap((s) => ('source' in s.input && s.input.source ? [s.input.source] : [])))].join('; ');
    return { ...(written ? { written } : {}), ...(sources ? { source: sources } : {}) };
  }

  // A simple leaf's one value is kept under its id; a composite leaf's under each read's key.
  read(indicator: string, spec: ValueSpec): ReadInput | undefined {
    if (!this.composite) return this.inputs?.get(this.leaf);
    const input = this.inputs?.get(readKey(this.leaf, { indicator, spec }));
    if (input) this.seen.push({ indicator, input });
    return input;
  }

  attribute(name: string): (Fact & { title: string }) | undefined {
    const fact = this.unit.attributes?.get(name);
    return fact && { ...fact, title: this.criteria.attributes.get(name)?.title ?? name };
  }
}

/** The criteria above each leaf, from its area down: one array per leaf, shared by every unit. */
function parentsOfLeaves(criteria: Criteria): Map<string, string[]> {
  return new Map(criteria.leaves.map((leaf) => [leaf.id, parentsOf(criteria, leaf)]));
}

function parentsOf(criteria: Criteria, leaf: Leaf): string[] {
  const parents: string[] = [];
  for (let id = leaf.parentId; id !== undefined; id = criteria.byId.get(id)!.parentId) parents.unshift(id);
  return parents;
}

function statusOf(points: Exact, max: Exact): Status {
  if (points.gte(max)) return 'met';
  if (!points.gt(Exact.ZERO)) return 'not_met';
  return 'partial';
}

/**
 * A bonus or penalty: `given` is the value, `deduction` is per × count, `boolean` and `levels`
 * their points; capped at `cap`. No evidence is no adjustment — not a warning.
 */
function scoreAdjustment(criteria: Criteria, a: Adjustment, ctx: UnitContext): AdjustmentResult {
  const input = ctx.inputs?.get(a.id);
  const override = ctx.overrides?.get(a.id);
  const self = ctx.self?.get(a.id);
  const base = {
    id: a.id,
    title: a.title,
    kind: a.kind,
    cap: a.cap,
    evidence: input?.evidence ?? [],
    ...(override ? { override } : {}),
    ...(self ? { self: self.points, ...(self.note ? { selfNote: self.note } : {}) } : {}),
  };
  const done = (points: Exact, msg: Message | null, written?: string, source?: string): AdjustmentResult => {
    const rounded = points.round(criteria.precision);
    const capped = rounded.gt(a.cap);
    const computed = capped ? a.cap : rounded;
    return {
      ...base,
      points: computed,
      final: override ? override.points : computed,
      ...(capped ? { uncapped: rounded } : {}),
      message: msg,
      ...(written ? { written } : {}),
      ...(source ? { source } : {}),
    };
  };
  if (!input) return done(Exact.ZERO, null);
  if ('invalid' in input || input.value.type === 'na') return done(Exact.ZERO, message('leaf.invalid', { text: input.text }), input.text);
  if (a.rule.kind === 'deduction') {
    const count = input.value.type === 'count' ? input.value.value : Exact.ZERO;
    return done(a.rule.per.mul(count), message('adjustment.count', { count, per: a.rule.per }), input.text, input.source);
  }
  const evaluation = kindOf(a.rule).evaluate(a.rule, input.value, { max: a.cap, text: input.text, note: input.note });
  if ('notApplicable' in evaluation) return done(Exact.ZERO, evaluation.message, input.text, input.source);
  return done(evaluation.points, evaluation.message, input.text, input.source);
}

