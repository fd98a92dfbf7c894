import { Exact } from '../core/exact.js';
import type { Criteria } from '../core/model.js';
import type { Location } from '../core/problems.js';
import { NOT_COUNTED, type Manifest, type Report, type UnitResult } from '../core/report.js';
import { foldText } from '../core/text.js';
import type { Figure, Published, PublishedRank, PublishedUnit, SummaryKind } from '../evidence/published.js';
import type { ReportFileUnit } from './report-file.js';

/**
 * Recomputed results against published ones, each published figure at the precision it is printed
 * with. Pure: the command reads the files and scores them.
 *
 * A figure printed with d decimals stands for the interval [v − ½·10⁻ᵈ, v + ½·10⁻ᵈ]:
 * - recomputed from the exact inputs, it matches when it rounds (half up) to the printed value;
 * - recomputed from other printed figures (a total from its printed parts, an index from printed
 *   points and max, a mean row from printed values), it matches when the intervals overlap: n
 *   parts printed with d decimals carry ± n·½·10⁻ᵈ;
 * - ranks: units tied at the printed precision of their index may stand in any order within the
 *   ranks they span; only an order the printed values contradict is a difference. When the table
 *   gives only part of a group, ranks are compared by the order of the units it gives.
 * Blank and "not published" cells are not compared (they are counted); summary rows ("Trung
 * bình", "Tổng") are checked against the mean or total of their group. An explicit tolerance
 * replaces all of this by |published − recomputed| ≤ tolerance, as before.
 */

/**
 * - match: the recomputed figure rounds to the printed one (a rank: the same rank), or equals it;
 * - rounding: it matches only within the rounding of the printed figures it is made from;
 * - tie: a rank other than the recomputed one, within the ranks the units tied at the printed precision span;
 * - tolerance: within the explicit tolerance;
 * - differs: none of these.
 */
export type Verdict = 'match' | 'rounding' | 'tie' | 'tolerance' | 'differs';

export interface Interval {
  lo: Exact;
  hi: Exact;
}

/** The ranks a unit may hold, the index printed as it is: the ranks its tie block spans. */
export interface RankWindow {
  lo: number;
  hi: number;
  /** group: the table gives the whole group, ranks are compared as numbers; order: part of it, ranks by the order of the units it gives. */
  scope: 'group' | 'order';
  /** For order: the unit's place among those units by its published rank, its recomputed place, and how many there are. */
  place?: number;
  recomputedPlace?: number;
  of?: number;
  /** The index at the precision printed, and the units tied with it there (the unit itself included). */
  printed: Exact;
  places: number;
  tiedWith: number;
}

export type Compared =
  /** A published number printed with `places` decimals: it stands for `printedInterval(published, places)`. */
  | { kind: 'number'; published: Exact | null; recomputed: Exact | null; places: number }
  | { kind: 'rank'; published: PublishedRank | 'unranked' | null; recomputed: number | null; tied?: boolean; window?: RankWindow }
  | { kind: 'text'; published: string | null; recomputed: string | null };

export type Field = 'points' | 'max' | 'index' | 'rank' | 'band' | 'part';

/** One published figure against the recomputed one. */
export interface Comparison {
  /** The unit as recomputed; for a summary row, its label ("Trung bình"). */
  unit: string;
  name: string;
  field: Field;
  /** The criterion, leaf, bonus or penalty, for a `part`. */
  part?: { id: string; title: string };
  values: Compared;
  verdict: Verdict;
  /** Published − recomputed, for numbers on both sides. */
  by?: Exact;
  at?: Location;
  /** A summary row: the mean or total of `count` recomputed units of `groups`; its figures, printed in the table, carry ± `spread`. */
  summary?: { kind: SummaryKind; count: number; groups: string[]; spread: Exact };
}

/** A published figure that differs from the recomputed one. */
export type Difference = Comparison;

/** One published figure against the other published figures it is made of. */
export interface Inconsistency {
  unit: string;
  at?: Location;
  /** A criterion against its children, the points against the areas (and bonuses, penalties), or the index against points and max. */
  of: { kind: 'node'; id: string; title: string } | { kind: 'total' } | { kind: 'index' };
  stated: Exact;
  /** What the parts give. */
  computed: Exact;
  /** The parts added (a penalty subtracted), with the decimals each is printed with; for the index: points, max and scale. */
  terms: Array<{ id: string; value: Exact; sign: 1 | -1; places?: number }>;
  /** Stated − computed. */
  by: Exact;
  places: number;
  verdict: Verdict;
  /** What the stated figure stands for, printed as it is. */
  interval: Interval;
  /** What the parts stand for, printed as they are: computed ± their rounding (for the index, its range). */
  range: Interval;
  /** The rounding the parts carry: Σ ½·10⁻ᵈ over the parts (for the index, none: see `range`). */
  slack: Exact;
}

/** A published cell left blank or marked "not published" where the recomputed unit has a figure. */
export interface NotPublished {
  unit: string;
  field: Field;
  part?: string;
  written: string;
  at?: Location;
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
  /** The sheet read alone: the ranking sheet of the workbook `score --format xlsx` writes. */
  sheet?: string;
  /** An explicit tolerance for every figure; undefined: each figure at the precision it is printed with. */
  tolerance?: Exact;
  /** Units found on both sides. */
  compared: number;
  /** The figures the published side gives: points, index… and part ids. */
  fields: { figures: Array<Exclude<Field, 'part'>>; parts: string[] };
  /** Every published figure compared with the recomputed one, in table order. */
  comparisons: Comparison[];
  /** Every place where published figures were checked against each other. */
  checks: Inconsistency[];
  /** The comparisons that differ. */
  differences: Comparison[];
  /** The checks that differ. */
  inconsistencies: Inconsistency[];
  notPublished: NotPublished[];
  /** Summary rows checked (their figures are among the comparisons). */
  summaries: number;
  /** Groups the table gives only part of: their ranks are compared by order. */
  partial: Array<{ group: string; title: string; given: number; ranked: number }>;
  onlyPublished: Array<{ unit: string; at?: Location }>;
  /** Not in the table: not compared (a table may give only some units). */
  onlyRecomputed: Array<{ unit: string; name: string }>;
  /**
   * Recomputed units the table leaves out at a rank it prints for their group (a table of the top
   * ten that skips the real 5th): a difference, not a partial table.
   */
  skipped: Array<{ unit: string; name: string; rank: number; printed: [number, number] }>;
  drift?: ManifestDrift;
}

const HALVES: Exact[] = [];

/** Half a unit of the last shown place: 0.005 for 2 places. */
export function halfUnit(places: number): Exact {
  return (HALVES[places] ??= Exact.of(5n, 10n ** BigInt(places + 1)));
}

/** What a figure printed with `places` decimals stands for. */
export function printedInterval(value: Exact, places: number): Interval {
  const half = halfUnit(places);
  return { lo: value.sub(half), hi: value.add(half) };
}

/** A figure recomputed from exact inputs against the printed one: it must round to it (or be within the tolerance). */
function judgeExact(published: Exact, places: number, recomputed: Exact, tolerance: Exact | undefined): Verdict {
  if (tolerance) return published.eq(recomputed) ? 'match' : published.sub(recomputed).abs().lte(tolerance) ? 'tolerance' : 'differs';
  return recomputed.round(places).eq(published) ? 'match' : 'differs';
}

/** A figure recomputed from printed figures (± `slack`): it rounds to the printed one, or its interval overlaps the printed one's. */
function judgePrinted(published: Exact, places: number, recomputed: Exact, slack: Exact, tolerance: Exact | undefined): Verdict {
  if (tolerance) return published.eq(recomputed) ? 'match' : published.sub(recomputed).abs().lte(tolerance) ? 'tolerance' : 'differs';
  if (recomputed.round(places).eq(published)) return 'match';
  return published.sub(recomputed).abs().lte(slack.add(halfUnit(places))) ? 'rounding' : 'differs';
}

export function recheck(report: Report, criteria: Criteria, published: Published, tolerance?: Exact): RecheckResult {
  const { precision, indexPrecision, scale } = report.criteria;
  const titles = new Map<string, string>([...[...criteria.byId.values()].map((n) => [n.id, n.title] as const), ...criteria.adjustments.map((a) => [a.id, a.title] as const)]);
  const adjustments = new Set(criteria.adjustments.map((a) => a.id));
  const partOrder = [...criteria.byId.keys(), ...adjustments];
  const part = (id: string) => ({ id, title: titles.get(id) ?? '' });

  const byId = new Map(report.units.map((u) => [foldText(u.unit), u]));
  const names = new Map<string, UnitResult | null>();
  for (const u of report.units) names.set(foldText(u.name), names.has(foldText(u.name)) ? null : u);
  const matched = new Map<UnitResult, PublishedUnit>();
  const onlyPublished: RecheckResult['onlyPublished'] = [];
  /** The table's rows in order: a unit (matched or not) or a summary row. */
  const rows: Array<{ p: PublishedUnit; u?: UnitResult; summary?: SummaryKind }> = [];
  for (const p of published.units) {
    const u = byId.get(foldText(p.unit)) ?? names.get(foldText(p.unit)) ?? undefined;
    // "Trung bình" is a summary row, unless a unit has that id or name.
    if (p.summary && !u) {
      rows.push({ p, summary: p.summary });
    } else if (u && !matched.has(u)) {
      matched.set(u, p);
      rows.push({ p, u });
    } else {
      onlyPublished.push({ unit: p.unit, ...(p.at ? { at: p.at } : {}) });
      rows.push({ p });
    }
  }

  // Unit by unit as recomputed, each unit's figures in this order; then the summary rows, in table order.
  const comparisons: Comparison[] = [];
  const notPublished: NotPublished[] = [];
  const compare: Compare = (u, field, values, verdict, at, id, summary) => {
    const c: Comparison = { unit: u.unit, name: u.name, field, values, verdict };
    if (id !== undefined) c.part = part(id);
    if (values.kind === 'number' && values.published !== null && values.recomputed !== null) c.by = values.published.sub(values.recomputed);
    if (at) c.at = at;
    if (summary) c.summary = summary;
    comparisons.push(c);
  };
  const blank = (u: UnitResult, field: Field, f: Figure<unknown>, id?: string) => {
    const b: NotPublished = { unit: u.unit, field, written: f.blank! };
    if (id !== undefined) b.part = id;
    if (f.at) b.at = f.at;
    notPublished.push(b);
  };

  const { windows, partial } = rankWindows(report, matched, indexPrecision);
  const skipped = skippedUnits(report, matched);
  for (const u of report.units) {
    const p = matched.get(u);
    if (!p) continue;
    const number = (field: Field, f: Figure<Exact> | undefined, recomputed: Exact | null, defaultPlaces: number, id?: string) => {
      if (!f) return;
      if (f.value === null && f.blank !== undefined && recomputed !== null) return blank(u, field, f, id);
      const places = f.places ?? defaultPlaces;
      const verdict = f.value === null || recomputed === null ? (f.value === recomputed ? 'match' : 'differs') : judgeExact(f.value, places, recomputed, tolerance);
      compare(u, field, { kind: 'number', published: f.value, recomputed, places }, verdict, f.at, id);
    };
    number('points', p.points, u.points, precision);
    number('max', p.max, u.max, precision);
    number('index', p.index, u.index, indexPrecision);
    compareRank(u, p, windows.get(u), compare, blank);
    if (p.band) {
      if (p.band.value === null && p.band.blank !== undefined && u.band !== null) {
        blank(u, 'band', p.band);
      } else {
        const same = foldText(p.band.value ?? '') === foldText(u.band ?? '');
        compare(u, 'band', { kind: 'text', published: p.band.value, recomputed: u.band }, same ? 'match' : 'differs', p.band.at);
      }
    }
    if (p.parts.size === 0) continue;
    const parts = partsOf(u);
    for (const id of partOrder) {
      const f = p.parts.get(id);
      // An empty bonus or penalty cell is no bonus or penalty: 0, not "nothing applies".
      const given = f && adjustments.has(id) && f.value === null ? { ...f, value: Exact.ZERO, blank: undefined } : f;
      number('part', given as Figure<Exact> | undefined, parts.get(id) ?? null, precision, id);
    }
  }

  const summaries = rows.filter((r) => r.summary).length;
  compareSummaries(report, rows, compare, { precision, indexPrecision, partOrder, tolerance });

  const checks: Inconsistency[] = [];
  const shape = sumsOf(criteria);
  for (const p of published.units) checks.push(...selfCheck(p, shape, { scale, precision, indexPrecision, tolerance }));

  const figures = (['points', 'max', 'index', 'rank', 'band'] as const).filter((f) => published.units.some((p) => p[f] !== undefined));
  const fieldParts = partOrder.filter((id) => published.units.some((p) => p.parts.has(id)));
  const drift = published.manifest && report.manifest ? manifestDrift(published.manifest, report.manifest) : undefined;
  return {
    file: published.file,
    ...(published.sheet !== undefined ? { sheet: published.sheet } : {}),
    ...(tolerance ? { tolerance } : {}),
    compared: matched.size,
    fields: { figures, parts: fieldParts },
    comparisons,
    checks,
    differences: comparisons.filter((c) => c.verdict === 'differs'),
    inconsistencies: checks.filter((c) => c.verdict === 'differs'),
    notPublished,
    summaries,
    partial,
    onlyPublished,
    onlyRecomputed: report.units.filter((u) => !matched.has(u) && !skipped.some((s) => s.unit === u.unit)).map((u) => ({ unit: u.unit, name: u.name })),
    skipped,
    ...(drift ? { drift } : {}),
  };
}

/** Records a comparison. */
type Compare = (u: Pick<UnitResult, 'unit' | 'name'>, field: Field, values: Compared, verdict: Verdict, at: Location | undefined, id?: string, summary?: Comparison['summary']) => void;

/**
 * Units missing from the table at a rank the table prints for their group: the ranks it prints are
 * taken by the units printed (a rank printed for two tied units takes two), and a missing unit
 * whose recomputed rank is among them was skipped, not left out by a top-and-bottom table (whose
 * "…" leaves ranks unprinted).
 */
function skippedUnits(report: Report, matched: ReadonlyMap<UnitResult, PublishedUnit>): RecheckResult['skipped'] {
  const printed = new Map<string, number[]>();
  for (const [u, p] of matched) {
    const rank = p.unranked ? undefined : p.rank?.value?.rank;
    if (rank !== undefined) (printed.get(u.group) ?? printed.set(u.group, []).get(u.group)!).push(rank);
  }
  const taken = new Map<string, { ranks: Set<number>; range: [number, number] }>();
  for (const [group, ranks] of printed) {
    const count = new Map<number, number>();
    for (const r of ranks) count.set(r, (count.get(r) ?? 0) + 1);
    const set = new Set<number>();
    for (const [r, n] of count) for (let k = 0; k < n; k++) set.add(r + k);
    taken.set(group, { ranks: set, range: [Math.min(...ranks), Math.max(...ranks)] });
  }
  return report.units.flatMap((u) => {
    const t = taken.get(u.group);
    if (matched.has(u) || u.rank === null || !t?.ranks.has(u.rank)) return [];
    return [{ unit: u.unit, name: u.name, rank: u.rank, printed: t.range }];
  });
}

/**
 * The ranks each ranked unit may hold, group by group. Each recomputed unit's index is taken at the
 * precision its published index is printed with (else the criteria's); units whose printed indices
 * are equal are tied there and may stand in any order within the ranks their block spans. When the
 * table gives every ranked unit of the group, ranks are compared as numbers; otherwise (the top
 * ten, the top and bottom five) by the order of the units it gives. Also: the groups compared by order.
 */
function rankWindows(report: Report, matched: ReadonlyMap<UnitResult, PublishedUnit>, indexPrecision: number): { windows: Map<UnitResult, RankWindow>; partial: RecheckResult['partial'] } {
  const partial: RecheckResult['partial'] = [];
  const windows = new Map<UnitResult, RankWindow>();
  const byGroup = new Map<string, UnitResult[]>();
  for (const u of report.units) if (u.rank !== null) (byGroup.get(u.group) ?? byGroup.set(u.group, []).get(u.group)!).push(u);
  for (const g of report.groups) {
    const ranked = byGroup.get(g.id) ?? [];
    const given = ranked.filter((u) => {
      const p = matched.get(u);
      return p && !p.unranked && p.rank?.value != null;
    });
    if (given.length === 0) continue;
    const whole = given.length === ranked.length;
    if (!whole) partial.push({ group: g.id, title: g.title, given: given.length, ranked: ranked.length });
    const printed = given.map((u) => {
      const places = matched.get(u)!.index?.places ?? indexPrecision;
      const value = u.index!.round(places);
      // Half-open: 90,02 stands for [90,015; 90,025), 90,03 for [90,025; 90,035): no overlap.
      return { u, value, places, ...printedInterval(value, places) };
    });
    const los = printed.map((x) => x.lo).sort((a, b) => a.cmp(b));
    const his = printed.map((x) => x.hi).sort((a, b) => a.cmp(b));
    const publishedRanks = given.map((u) => matched.get(u)!.rank!.value!.rank).sort((a, b) => a - b);
    const recomputedRanks = given.map((u) => u.rank!).sort((a, b) => a - b);
    for (const x of printed) {
      // Strictly above: their interval starts where this one ends or higher. Not below: theirs ends above where this one starts.
      const above = given.length - firstAtLeast(los, x.hi);
      const notBelow = given.length - firstAbove(his, x.lo);
      const window: RankWindow = { lo: above + 1, hi: notBelow, scope: whole ? 'group' : 'order', printed: x.value, places: x.places, tiedWith: notBelow - above };
      if (!whole) {
        const rank = matched.get(x.u)!.rank!.value!.rank;
        window.place = 1 + firstAtLeast(publishedRanks, rank);
        window.recomputedPlace = 1 + firstAtLeast(recomputedRanks, x.u.rank!);
        window.of = given.length;
      }
      windows.set(x.u, window);
    }
  }
  return { windows, partial };
}

/**
 * A unit's published rank against its window: the recomputed rank (or place) matches; another
 * within the window is a tie at the printed precision; outside it, a difference. A unit published
 * as not ranked is compared as unranked; a blank rank is not published.
 */
function compareRank(u: UnitResult, p: PublishedUnit, window: RankWindow | undefined, compare: Compare, blank: (u: UnitResult, field: Field, f: Figure<unknown>) => void): void {
  const values = (published: PublishedRank | 'unranked' | null, w?: RankWindow): Compared => ({ kind: 'rank', published, recomputed: u.rank, tied: u.tied, ...(w ? { window: w } : {}) });
  if (p.unranked) return compare(u, 'rank', values('unranked'), u.rank === null ? 'match' : 'differs', p.unranked.at);
  const f = p.rank;
  if (!f) return;
  if (f.value === null) {
    if (u.rank === null) compare(u, 'rank', values(null), 'match', f.at);
    else if (f.blank !== undefined) blank(u, 'rank', f);
    else compare(u, 'rank', values(null), 'differs', f.at);
    return;
  }
  if (u.rank === null || !window) return compare(u, 'rank', values(f.value), 'differs', f.at);
  const place = window.scope === 'group' ? f.value.rank : window.place!;
  const expected = window.scope === 'group' ? u.rank : window.recomputedPlace!;
  const verdict = place === expected ? 'match' : place >= window.lo && place <= window.hi ? 'tie' : 'differs';
  compare(u, 'rank', values(f.value, window), verdict, f.at);
}

/** In ascending `sorted`: the index of the first element ≥ x (the count of those < x). */
function firstAtLeast<T extends Exact | number>(sorted: readonly T[], x: T): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (less(sorted[mid]!, x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** In ascending `sorted`: the index of the first element > x (the count of those ≤ x). */
function firstAbove<T extends Exact | number>(sorted: readonly T[], x: T): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (!less(x, sorted[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function less(a: Exact | number, b: Exact | number): boolean {
  return typeof a === 'number' ? a < (b as number) : a.lt(b as Exact);
}

/**
 * Summary rows against the recomputed group: a mean row ("Trung bình", "Cả nước") against the
 * mean of the ranked units of the groups of the units above it (back to the previous summary row;
 * or below it, for a summary row on top; or all units), a total row against their sum, each figure
 * at its printed precision. A mean or total made from the printed figures of n units carries their
 * rounding: ± ½·10⁻ᵈ for a mean, ± n·½·10⁻ᵈ for a total (d: the fewest decimals that column of the
 * table prints a unit's figure with; the criteria's when it prints none).
 */
function compareSummaries(
  report: Report,
  rows: ReadonlyArray<{ p: PublishedUnit; u?: UnitResult; summary?: SummaryKind }>,
  compare: Compare,
  ctx: { precision: number; indexPrecision: number; partOrder: readonly string[]; tolerance: Exact | undefined },
): void {
  const parts = new Map<UnitResult, Map<string, Exact | null>>();
  const partsOfUnit = (u: UnitResult) => parts.get(u) ?? parts.set(u, partsOf(u)).get(u)!;
  rows.forEach((row, i) => {
    if (!row.summary) return;
    const section = (from: number, step: 1 | -1) => {
      const out: Array<{ p: PublishedUnit; u: UnitResult }> = [];
      for (let k = from; k >= 0 && k < rows.length && !rows[k]!.summary; k += step) if (rows[k]!.u) out.push({ p: rows[k]!.p, u: rows[k]!.u! });
      return out;
    };
    let units = section(i - 1, -1);
    if (units.length === 0) units = section(i + 1, 1);
    const groups = units.length > 0 ? [...new Set(units.map((x) => x.u.group))] : report.groups.map((g) => g.id);
    const pool = report.units.filter((u) => groups.includes(u.group) && u.status === 'ranked');
    const label = { unit: row.p.unit, name: '' };
    const figure = (field: Field, f: Figure<Exact> | undefined, of: (u: UnitResult) => Exact | null, column: (p: PublishedUnit) => Figure<Exact> | undefined, defaultPlaces: number, id?: string) => {
      if (!f || f.value === null) return;
      const values = pool.map(of).filter((x): x is Exact => x !== null);
      if (values.length === 0) return;
      const sum = Exact.sum(values);
      const recomputed = row.summary === 'mean' ? sum.div(Exact.whole(values.length)) : sum;
      const places = f.places ?? defaultPlaces;
      // The column's figures as the table prints them (the coarsest), else as the criteria would.
      const printedAt = rows.flatMap((x) => (x.u ? [column(x.p)] : [])).filter((c) => c?.value != null && c.places !== undefined).map((c) => c!.places!);
      const columnPlaces = printedAt.length > 0 ? Math.min(...printedAt) : defaultPlaces;
      const spread = halfUnit(columnPlaces).mul(Exact.whole(row.summary === 'mean' ? 1 : values.length));
      const verdict = judgePrinted(f.value, places, recomputed, spread, ctx.tolerance);
      compare(label, field, { kind: 'number', published: f.value, recomputed, places }, verdict, f.at, id, { kind: row.summary!, count: values.length, groups, spread });
    };
    const p = row.p;
    figure('points', p.points, (u) => u.points, (x) => x.points, ctx.precision);
    figure('max', p.max, (u) => u.max, (x) => x.max, ctx.precision);
    figure('index', p.index, (u) => u.index, (x) => x.index, ctx.indexPrecision);
    for (const id of ctx.partOrder) {
      if (!p.parts.has(id)) continue;
      figure('part', p.parts.get(id), (u) => partsOfUnit(u).get(id) ?? null, (x) => x.parts.get(id), ctx.precision, id);
    }
  });
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
 * Whether one published row adds up, its figures as printed: each criterion whose children are all
 * given against their sum; the points against the areas plus bonuses minus penalties when all are
 * given; and the index against points / max × scale when all three are. A sum of n parts printed
 * with d decimals carries ± n·½·10⁻ᵈ; it matches when that interval overlaps the stated figure's.
 * A part left blank ("—", not published) leaves its sum unchecked; a blank bonus or penalty is 0.
 * A summary row's sums are checked too (a mean of sums is the sum of the means), not its index.
 */
/** The sums a published row can be checked by: each criterion over its children, and the points over the areas and adjustments. */
interface Sums {
  nodes: Array<{ id: string; title: string; children: Array<{ id: string; sign: 1 }> }>;
  total: Array<{ id: string; sign: 1 | -1 }>;
  adjustments: ReadonlySet<string>;
}

function sumsOf(criteria: Criteria): Sums {
  const nodes: Sums['nodes'] = [];
  for (const node of criteria.byId.values()) {
    if (node.type === 'node') nodes.push({ id: node.id, title: node.title, children: node.children.map((c) => ({ id: c.id, sign: 1 as const })) });
  }
  const total = [...criteria.areas.map((a) => ({ id: a.id, sign: 1 as const })), ...criteria.adjustments.map((a) => ({ id: a.id, sign: a.kind === 'bonus' ? (1 as const) : (-1 as const) }))];
  return { nodes, total, adjustments: new Set(criteria.adjustments.map((a) => a.id)) };
}

function selfCheck(p: PublishedUnit, sums: Sums, ctx: { scale: Exact; precision: number; indexPrecision: number; tolerance: Exact | undefined }): Inconsistency[] {
  const out: Inconsistency[] = [];
  const adjustments = sums.adjustments;
  /** A part as printed: its value and its rounding; undefined when it is not published. */
  const term = (id: string): { value: Exact; half: Exact; places: number } | undefined => {
    const f = p.parts.get(id);
    if (!f) return undefined;
    const places = f.places ?? ctx.precision;
    if (f.value === null) {
      if (adjustments.has(id)) return { value: Exact.ZERO, half: Exact.ZERO, places };
      // A report's null is nothing that applies: 0. A blank cell is not published.
      return f.blank === undefined ? { value: Exact.ZERO, half: Exact.ZERO, places } : undefined;
    }
    return { value: f.value, half: halfUnit(places), places };
  };
  const add = (of: Inconsistency['of'], stated: Figure<Exact>, ids: Array<{ id: string; sign: 1 | -1 }>, at: Location | undefined) => {
    if (stated.value === null) return;
    const parts = ids.map((t) => ({ ...t, term: term(t.id) }));
    if (parts.some((t) => !t.term)) return;
    const terms = parts.map((t) => ({ id: t.id, value: t.term!.value, sign: t.sign, places: t.term!.places }));
    const computed = Exact.sum(terms.map((t) => (t.sign === 1 ? t.value : t.value.neg())));
    const slack = Exact.sum(parts.map((t) => t.term!.half));
    const places = stated.places ?? ctx.precision;
    const verdict = judgePrinted(stated.value, places, computed, slack, ctx.tolerance);
    out.push({
      unit: p.unit,
      ...(at ? { at } : {}),
      of,
      stated: stated.value,
      computed,
      terms,
      by: stated.value.sub(computed),
      places,
      verdict,
      interval: printedInterval(stated.value, places),
      range: { lo: computed.sub(slack), hi: computed.add(slack) },
      slack,
    });
  };
  if (p.parts.size > 0) {
    for (const node of sums.nodes) {
      const stated = p.parts.get(node.id);
      if (!stated || !node.children.every((c) => p.parts.has(c.id))) continue;
      add({ kind: 'node', id: node.id, title: node.title }, stated, node.children, stated.at ?? p.at);
    }
  }
  if (p.points && sums.total.every((t) => p.parts.has(t.id))) add({ kind: 'total' }, p.points, sums.total, p.points.at ?? p.at);
  const total = p.points?.value;
  const max = p.max?.value;
  const index = p.index?.value;
  if (!p.summary && total != null && max != null && index != null && !max.isZero()) {
    const computed = total.div(max).mul(ctx.scale);
    const places = p.index!.places ?? ctx.indexPrecision;
    // Points and max as printed: the index they give lies between the extremes of (P ± p) / (M ± m) × scale.
    const ph = halfUnit(p.points!.places ?? ctx.precision);
    const mh = halfUnit(p.max!.places ?? ctx.precision);
    const corners = max.sub(mh).isNegative() || max.sub(mh).isZero() ? [] : [total.sub(ph), total.add(ph)].flatMap((a) => [max.sub(mh), max.add(mh)].map((b) => a.div(b).mul(ctx.scale)));
    const range = corners.length > 0 ? { lo: corners.reduce((a, b) => Exact.min(a, b)), hi: corners.reduce((a, b) => Exact.max(a, b)) } : { lo: computed, hi: computed };
    const interval = printedInterval(index, places);
    let verdict: Verdict;
    if (ctx.tolerance) verdict = judgePrinted(index, places, computed, Exact.ZERO, ctx.tolerance);
    else if (computed.round(places).eq(index)) verdict = 'match';
    else verdict = interval.lo.lte(range.hi) && interval.hi.gte(range.lo) ? 'rounding' : 'differs';
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
      places,
      verdict,
      interval,
      range,
      slack: Exact.ZERO,
    });
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
