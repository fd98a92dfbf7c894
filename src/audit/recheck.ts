import { Exact } from '../core/exact.js';
import type { Criteria } from '../core/model.js';
import type { Location } from '../core/problems.js';
import { NOT_COUNTED, type Manifest, type Report, type UnitResult } from '../core/report.js';
import { foldText } from '../core/text.js';
import type { Figure, Published, PublishedRank, PublishedUnit } from '../evidence/published.js';
import type { ReportFileUnit } from './report-file.js';

/**
 * Recomputed results against published ones: every figure that differs by more than the
 * tolerance, every unit on one side only, and every place where the published figures do not add
 * up among themselves (parts against their total, points against max and index). Pure: the
 * command reads the files and scores them.
 */
export type Compared =
  | { kind: 'number'; published: Exact | null; recomputed: Exact | null; places: number }
  | { kind: 'rank'; published: PublishedRank | null; recomputed: number | null }
  | { kind: 'text'; published: string | null; recomputed: string | null };

export type Field = 'points' | 'max' | 'index' | 'rank' | 'band' | 'part';

export interface Difference {
  unit: string;
  name: string;
  field: Field;
  /** The criterion, leaf, bonus or penalty, for a `part`. */
  part?: { id: string; title: string };
  values: Compared;
  /** Published − recomputed, for numbers on both sides. */
  by?: Exact;
  at?: Location;
}

export interface Inconsistency {
  unit: string;
  at?: Location;
  /** A criterion against its children, the points against the areas (and bonuses, penalties), or the index against points and max. */
  of: { kind: 'node'; id: string; title: string } | { kind: 'total' } | { kind: 'index' };
  stated: Exact;
  /** What the parts give. */
  computed: Exact;
  /** The parts added (a penalty subtracted); for the index: points, max and scale. */
  terms: Array<{ id: string; value: Exact; sign: 1 | -1 }>;
  /** Stated − computed. */
  by: Exact;
  places: number;
}

export interface ManifestDrift {
  engine?: { published: string; now: string };
  criteria?: { published: Manifest['criteria']; now: Manifest['criteria'] };
  /** Inputs whose content differs: the same role and file with another hash, or one side only. */
  inputs: Array<{ role: string; published?: { file: string; sha256: string }; now?: { file: string; sha256: string } }>;
  options?: { published: Manifest['options']; now: Manifest['options'] };
}

export interface RecheckResult {
  file: string;
  tolerance: { points: Exact; index: Exact };
  /** Units found on both sides. */
  compared: number;
  /** The figures the published side gives: points, index… and part ids. */
  fields: { figures: Array<Exclude<Field, 'part'>>; parts: string[] };
  differences: Difference[];
  inconsistencies: Inconsistency[];
  onlyPublished: Array<{ unit: string; at?: Location }>;
  onlyRecomputed: Array<{ unit: string; name: string }>;
  drift?: ManifestDrift;
}

/** Half a unit of the last shown place: 0.005 for 2 places. */
export function halfUnit(places: number): Exact {
  return Exact.of(5n, 10n ** BigInt(places + 1));
}

export function recheck(report: Report, criteria: Criteria, published: Published, tolerance?: Exact): RecheckResult {
  const { precision, indexPrecision, scale } = report.criteria;
  const tol = { points: tolerance ?? halfUnit(precision), index: tolerance ?? halfUnit(indexPrecision) };
  const beyond = (a: Exact, b: Exact, t: Exact) => a.sub(b).abs().gt(t);
  const titles = new Map<string, string>([...[...criteria.byId.values()].map((n) => [n.id, n.title] as const), ...criteria.adjustments.map((a) => [a.id, a.title] as const)]);
  const adjustments = new Set(criteria.adjustments.map((a) => a.id));
  const partOrder = [...criteria.byId.keys(), ...adjustments];

  const byId = new Map(report.units.map((u) => [foldText(u.unit), u]));
  const names = new Map<string, UnitResult | null>();
  for (const u of report.units) names.set(foldText(u.name), names.has(foldText(u.name)) ? null : u);
  const matched = new Map<UnitResult, PublishedUnit>();
  const onlyPublished: RecheckResult['onlyPublished'] = [];
  for (const p of published.units) {
    const u = byId.get(foldText(p.unit)) ?? names.get(foldText(p.unit)) ?? undefined;
    if (u && !matched.has(u)) matched.set(u, p);
    else onlyPublished.push({ unit: p.unit, ...(p.at ? { at: p.at } : {}) });
  }

  const differences: Difference[] = [];
  const inconsistencies: Inconsistency[] = [];
  for (const u of report.units) {
    const p = matched.get(u);
    if (!p) continue;
    const diff = (field: Field, values: Compared, at: Location | undefined, part?: string) => {
      const by = values.kind === 'number' && values.published !== null && values.recomputed !== null ? values.published.sub(values.recomputed) : undefined;
      differences.push({ unit: u.unit, name: u.name, field, ...(part !== undefined ? { part: { id: part, title: titles.get(part) ?? '' } } : {}), values, ...(by ? { by } : {}), ...(at ? { at } : {}) });
    };
    const number = (field: Field, f: Figure<Exact> | undefined, recomputed: Exact | null, t: Exact, places: number, part?: string) => {
      if (!f) return;
      const differs = f.value === null || recomputed === null ? f.value !== recomputed : beyond(f.value, recomputed, t);
      if (differs) diff(field, { kind: 'number', published: f.value, recomputed, places }, f.at, part);
    };
    number('points', p.points, u.points, tol.points, precision);
    number('max', p.max, u.max, tol.points, precision);
    number('index', p.index, u.index, tol.index, indexPrecision);
    if (p.rank && (p.rank.value?.rank ?? null) !== u.rank) diff('rank', { kind: 'rank', published: p.rank.value, recomputed: u.rank }, p.rank.at);
    if (p.band && foldText(p.band.value ?? '') !== foldText(u.band ?? '')) diff('band', { kind: 'text', published: p.band.value, recomputed: u.band }, p.band.at);
    const parts = partsOf(u);
    for (const id of partOrder) {
      const f = p.parts.get(id);
      // An empty bonus or penalty cell is no bonus or penalty: 0, not "nothing applies".
      const given = f && adjustments.has(id) && f.value === null ? { ...f, value: Exact.ZERO } : f;
      number('part', given, parts.get(id) ?? null, tol.points, precision, id);
    }
  }

  for (const p of published.units) inconsistencies.push(...selfCheck(p, criteria, { scale, precision, indexPrecision, tol }));

  const figures = (['points', 'max', 'index', 'rank', 'band'] as const).filter((f) => published.units.some((p) => p[f] !== undefined));
  const parts = partOrder.filter((id) => published.units.some((p) => p.parts.has(id)));
  const drift = published.manifest && report.manifest ? manifestDrift(published.manifest, report.manifest) : undefined;
  return {
    file: published.file,
    tolerance: tol,
    compared: matched.size,
    fields: { figures, parts },
    differences,
    inconsistencies,
    onlyPublished,
    onlyRecomputed: report.units.filter((u) => !matched.has(u)).map((u) => ({ unit: u.unit, name: u.name })),
    ...(drift ? { drift } : {}),
  };
}

/**
 * A unit's parts as a published table shows them: the points of every criterion, leaf, bonus and
 * penalty; empty (null) for a criterion with nothing that applies and a leaf that does not count.
 */
export function partsOf(u: Pick<ReportFileUnit, 'nodes' | 'items' | 'adjustments'>): Map<string, Exact | null> {
  return new Map([
    ...u.nodes.map((n) => [n.id, n.max.isZero() ? null : n.points] as const),
    ...u.items.map((i) => [i.id, NOT_COUNTED.has(i.status) ? null : i.final] as const),
    ...u.adjustments.map((a) => [a.id, a.final] as const),
  ]);
}

/**
 * Whether one published row adds up: each criterion whose children are all given against their
 * sum; the points against the areas plus bonuses minus penalties when all are given; and the index
 * against points / max × scale when all three are.
 */
function selfCheck(
  p: PublishedUnit,
  criteria: Criteria,
  ctx: { scale: Exact; precision: number; indexPrecision: number; tol: RecheckResult['tolerance'] },
): Inconsistency[] {
  const out: Inconsistency[] = [];
  const value = (id: string) => p.parts.get(id)?.value ?? Exact.ZERO;
  const add = (of: Inconsistency['of'], stated: Exact, terms: Inconsistency['terms'], at: Location | undefined, places = ctx.precision) => {
    const computed = Exact.sum(terms.map((t) => (t.sign === 1 ? t.value : t.value.neg())));
    if (stated.sub(computed).abs().gt(ctx.tol.points)) out.push({ unit: p.unit, ...(at ? { at } : {}), of, stated, computed, terms, by: stated.sub(computed), places });
  };
  for (const node of criteria.byId.values()) {
    const stated = p.parts.get(node.id);
    if (node.type !== 'node' || !stated || !node.children.every((c) => p.parts.has(c.id))) continue;
    const terms = node.children.map((c) => ({ id: c.id, value: value(c.id), sign: 1 as const }));
    add({ kind: 'node', id: node.id, title: node.title }, stated.value ?? Exact.ZERO, terms, stated.at ?? p.at);
  }
  const total = p.points?.value;
  const pieces = [...criteria.areas.map((a) => a.id), ...criteria.adjustments.map((a) => a.id)];
  if (total != null && pieces.every((id) => p.parts.has(id))) {
    const terms = [
      ...criteria.areas.map((a) => ({ id: a.id, value: value(a.id), sign: 1 as const })),
      ...criteria.adjustments.map((a) => ({ id: a.id, value: value(a.id), sign: a.kind === 'bonus' ? (1 as const) : (-1 as const) })),
    ];
    add({ kind: 'total' }, total, terms, p.points?.at ?? p.at);
  }
  const max = p.max?.value;
  const index = p.index?.value;
  if (total != null && max != null && index != null && !max.isZero()) {
    const computed = total.div(max).mul(ctx.scale);
    if (index.sub(computed).abs().gt(ctx.tol.index)) {
      out.push({
        unit: p.unit,
        ...(p.index?.at ? { at: p.index.at } : p.at ? { at: p.at } : {}),
        of: { kind: 'index' },
        stated: index,
        computed,
        terms: [
          { id: 'points', value: total, sign: 1 },
          { id: 'max', value: max, sign: 1 },
          { id: 'scale', value: ctx.scale, sign: 1 },
        ],
        by: index.sub(computed),
        places: ctx.indexPrecision,
      });
    }
  }
  return out;
}

/**
 * What differs between the run a report records and this one: another engine, criteria, options
 * or input content. Inputs are matched by role and hash first (a file moved elsewhere is the same
 * file), then by role and path (a file whose content changed).
 */
export function manifestDrift(published: Manifest, now: Manifest): ManifestDrift | undefined {
  const drift: ManifestDrift = { inputs: [] };
  if (published.engine !== now.engine) drift.engine = { published: published.engine, now: now.engine };
  if (published.criteria.sha256 !== now.criteria.sha256) drift.criteria = { published: published.criteria, now: now.criteria };
  if (stable(published.options) !== stable(now.options)) drift.options = { published: published.options, now: now.options };
  const rest = (list: Manifest['inputs'], other: Manifest['inputs']) => {
    const pool = [...other];
    return list.filter((i) => {
      const k = pool.findIndex((o) => o.role === i.role && o.sha256 === i.sha256);
      if (k < 0) return true;
      pool.splice(k, 1);
      return false;
    });
  };
  const gone = rest(published.inputs, now.inputs);
  const added = rest(now.inputs, published.inputs);
  for (const p of gone) {
    const k = added.findIndex((n) => n.role === p.role && n.file === p.file);
    const n = k < 0 ? undefined : added.splice(k, 1)[0];
    drift.inputs.push({ role: p.role, published: { file: p.file, sha256: p.sha256 }, ...(n ? { now: { file: n.file, sha256: n.sha256 } } : {}) });
  }
  for (const n of added) drift.inputs.push({ role: n.role, now: { file: n.file, sha256: n.sha256 } });
  return drift.engine || drift.criteria || drift.options || drift.inputs.length > 0 ? drift : undefined;
}

function stable(x: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(x).sort().map((k) => [k, x[k]]));
}
