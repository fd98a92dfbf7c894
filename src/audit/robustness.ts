import { Exact } from '../core/exact.js';
import type { InvalidInput, LeafInput, Override, SelfScore, Unit } from '../core/inputs.js';
import { appliesTo, type Criteria, type Group, type Leaf } from '../core/model.js';
import { changedStandings, entryOf, indexOf, leafTiebreak, orderEntries, orderIdOrdered, rankEntry, standings, type RankEntry, type Standing } from '../core/rank.js';
import { NOT_COUNTED, type ItemResult, type Manifest, type Report, type UnitResult } from '../core/report.js';
import { isComposite, leafReads } from '../core/rules/evaluate.js';
import { bestOf, NO_DATA, Scorer, unitStatus, type Input } from '../core/score.js';
import type { ValueSpec } from '../core/rules/kind.js';
import { compareIds, foldText } from '../core/text.js';
import { adjustmentSpec, derivedInput } from '../evidence/collect.js';
import { DRAWN_PLACES, type SampleTable } from '../evidence/records/samples.js';
import { Random } from './random.js';

/**
 * How firm each rank and band is (`parscore robustness`), from what scoring already has:
 *
 * - gaps: the index points to the next better and the next worse unit of the group, and to the
 *   next band's minimum;
 * - decisive changes: every appraisal change (an override, reverted to the computed points) and
 *   every claim that differs from the final points (the claim put back), each alone scored again
 *   by the core and the group ranked again, listed when it changes some rank or band;
 * - rank intervals: the unit's rows behind every sampled indicator (survey shares and means) are
 *   redrawn with replacement N times, from a seed; each draw is scored again (only the leaves that
 *   read a redrawn value) and ranked as `score` ranks, and each unit keeps how often it drew each
 *   rank and band, from which come its 90% rank interval and the chance of each band.
 *
 * Pure: no files, no clock; the same inputs and seed give the same result on every machine.
 */
export interface RobustnessInput {
  criteria: Criteria;
  units: readonly Unit[];
  inputs: ReadonlyMap<string, ReadonlyMap<string, Input>>;
  self?: ReadonlyMap<string, ReadonlyMap<string, SelfScore>>;
  overrides?: ReadonlyMap<string, ReadonlyMap<string, Override>>;
  /** These inputs scored (scoreIndex's report). */
  report: Report;
  /** The rows behind the sampled indicators (none: nothing is redrawn). */
  samples?: readonly SampleTable[];
  draws: number;
  seed: number;
  /** Hears how many draws are done, for a progress line. */
  onDraw?: (done: number, total: number) => void;
}

export interface Robustness {
  format: 'parscore/robustness@1';
  criteria: Report['criteria'];
  manifest?: Manifest;
  /** Draws made: 0 when none was asked for or nothing is sampled. */
  draws: number;
  seed: number;
  /** The indicators redrawn, and how many units have rows for each. */
  redrawn: Array<{ source: string; indicator: string; kind: 'share' | 'mean'; units: number }>;
  /** Sampled indicators whose sums could not be kept exact (numbers beyond 2^53): not redrawn. */
  notRedrawn: Array<{ source: string; indicator: string }>;
  groups: GroupRobustness[];
  decisive: DecisiveChange[];
  /** How many appraisal changes were tried, each alone. */
  examined: { overrides: number; claims: number };
}

export interface GroupRobustness {
  id: string;
  title: string;
  /** The band labels, best first. */
  bands: string[];
  /** Ranked units in rank order. */
  units: UnitRobustness[];
  /** Units not ranked (no data, nothing applicable): no gap, no interval. */
  unranked: string[];
}

export interface UnitRobustness {
  unit: string;
  name: string;
  group: string;
  rank: number;
  tied: boolean;
  band: string | null;
  index: Exact;
  /** Index points to the next better-ranked unit; null for the first. */
  gapAbove: Exact | null;
  /** Index points to the next worse-ranked unit; null for the last. */
  gapBelow: Exact | null;
  /** The next band up and the index points to its minimum; null in the top band and with quartile bands. */
  nextBand: { label: string; min: Exact; gap: Exact } | null;
  /** 90% of the draws' ranks (nearest rank: the ⌈5% N⌉-th to the ⌈95% N⌉-th), widened to hold the rank itself. */
  rankInterval: [number, number];
  /** How many draws gave each band (null: no band); empty without draws. */
  bandDraws: Array<{ band: string | null; draws: number }>;
  /** Draws in which the unit was not ranked at all (every redrawn leaf without data). */
  unrankedDraws: number;
}

export interface DecisiveChange {
  unit: string;
  name: string;
  group: string;
  /** The leaf or adjustment changed. */
  item: string;
  title: string;
  kind: 'override' | 'claim';
  /** Its final points now, and if the change is put back (the computed points, or the claim). */
  from: Exact;
  to: Exact;
  rank: [number | null, number | null];
  band: [string | null, string | null];
  /** The other units whose rank changes with it. */
  moves: string[];
  /** The appraiser's reason (override), or the unit's note (claim). */
  reason?: string;
  by?: string;
}

export function robustness(input: RobustnessInput): Robustness {
  const { criteria, report } = input;
  const scorer = new Scorer(input);
  const units = new Map(input.units.map((u) => [u.id, u]));
  const results = new Map(report.units.map((u) => [u.unit, u]));
  const groups = criteria.groups.map((g) => {
    const ranked = report.units.filter((u) => u.group === g.id && u.status === 'ranked');
    const ordered = orderEntries(ranked.map((u) => rankEntry(u, criteria)));
    return { group: g, ordered, standings: standings(g, ordered, criteria.indexPrecision) };
  });

  const { decisive, examined } = decisiveChanges(input, scorer, units, groups);
  const draws = drawRanks(input, scorer, units, groups);

  return {
    format: 'parscore/robustness@1',
    criteria: report.criteria,
    ...(report.manifest ? { manifest: report.manifest } : {}),
    draws: draws.made,
    seed: input.seed,
    redrawn: draws.redrawn,
    notRedrawn: draws.notRedrawn,
    groups: groups.map(({ group, ordered, standings: st }) => ({
      id: group.id,
      title: group.title,
      bands: group.bands.kind === 'threshold' ? group.bands.bands.map((b) => b.label) : group.bands.kind === 'quartiles' ? [...group.bands.labels] : [],
      units: ordered.map((e, i) => {
        const u = results.get(e.unit)!;
        const s = st[i]!;
        const tally = draws.tallies.get(e.unit);
        return {
          unit: u.unit,
          name: u.name,
          group: u.group,
          rank: s.rank,
          tied: s.tied,
          band: s.band,
          index: u.index!,
          ...gaps(ordered, st, i),
          nextBand: nextBand(group, u.index!, s.band, criteria.indexPrecision),
          rankInterval: tally ? tally.interval(s.rank) : [s.rank, s.rank],
          bandDraws: tally ? tally.bandDraws(group) : [],
          unrankedDraws: tally?.unranked ?? 0,
        };
      }),
      unranked: report.groups.find((r) => r.id === group.id)?.unranked ?? [],
    })),
    decisive,
    examined,
  };
}

// ─────────────────────────────────────────────────────────────────────────── gaps

function gaps(ordered: readonly RankEntry[], st: readonly Standing[], i: number): { gapAbove: Exact | null; gapBelow: Exact | null } {
  const index = ordered[i]!.key[0]!;
  const rank = st[i]!.rank;
  // The next better- (worse-) ranked unit: past the units that share the rank.
  let above = i - 1;
  while (above >= 0 && st[above]!.rank === rank) above--;
  let below = i + 1;
  while (below < st.length && st[below]!.rank === rank) below++;
  return {
    gapAbove: above >= 0 ? ordered[above]!.key[0]!.sub(index) : null,
    gapBelow: below < st.length ? index.sub(ordered[below]!.key[0]!) : null,
  };
}

/** The band above the unit's (the lowest band when it has none) and how far its min is; none in the top band or without threshold bands. */
function nextBand(group: Group, index: Exact, band: string | null, indexPrecision: number): UnitRobustness['nextBand'] {
  if (group.bands.kind !== 'threshold') return null;
  const bands = group.bands.bands;
  const at = band === null ? bands.length : bands.findIndex((b) => b.label === band);
  const next = bands[at - 1];
  // (A unit whose shown index reaches a band's min is in that band: never below it.)
  if (next === undefined || index.round(indexPrecision).gte(next.min)) return null;
  return { label: next.label, min: next.min, gap: next.min.sub(index) };
}

// ─────────────────────────────────────────────────────────────────────────── decisive changes

interface GroupState {
  group: Group;
  ordered: RankEntry[];
  standings: Standing[];
}

interface Change {
  item: string;
  title: string;
  kind: 'override' | 'claim';
  from: Exact;
  to: Exact;
  /** The unit's overrides with the change made. */
  overrides: Map<string, Override>;
  reason?: string;
  by?: string;
}

/** Every override and every claim that differs from the final points, each put back alone and scored again by the core. */
function decisiveChanges(input: RobustnessInput, scorer: Scorer, units: ReadonlyMap<string, Unit>, groups: readonly GroupState[]): { decisive: DecisiveChange[]; examined: Robustness['examined'] } {
  const { criteria, report } = input;
  const decisive: DecisiveChange[] = [];
  const examined = { overrides: 0, claims: 0 };
  for (const u of report.units) {
    const state = groups.find((g) => g.group.id === u.group)!;
    const at = state.ordered.findIndex((e) => e.unit === u.unit);
    const now = at < 0 ? null : state.standings[at]!;
    for (const change of changesOf(u, input.overrides?.get(u.unit))) {
      examined[change.kind === 'override' ? 'overrides' : 'claims']++;
      const result = scorer.changed(units.get(u.unit)!, u, change.item, change.overrides);
      const entry = result.status === 'ranked' ? rankEntry(result, criteria) : null;
      // A tie that forms or breaks moves a rank too; only ranks and bands count.
      const moved = changedStandings(state.group, state.ordered, state.standings, at, entry, criteria.indexPrecision).filter((m) => m.before?.rank !== m.after?.rank || m.before?.band !== m.after?.band);
      if (moved.length === 0) continue;
      const own = moved.find((m) => m.unit === u.unit);
      const then = own ? own.after : now;
      decisive.push({
        unit: u.unit,
        name: u.name,
        group: u.group,
        item: change.item,
        title: change.title,
        kind: change.kind,
        from: change.from,
        to: change.to,
        rank: [now?.rank ?? null, then?.rank ?? null],
        band: [now?.band ?? null, then?.band ?? null],
        moves: moved.filter((m) => m.unit !== u.unit && m.before?.rank !== m.after?.rank).map((m) => m.unit),
        ...(change.reason ? { reason: change.reason } : {}),
        ...(change.by ? { by: change.by } : {}),
      });
    }
  }
  return { decisive, examined };
}

/** A unit's appraisal changes: each override (reverted), each claim that differs from the final points (put back). */
function changesOf(u: UnitResult, overrides: ReadonlyMap<string, Override> | undefined): Change[] {
  const changes: Change[] = [];
  const subjects = [
    ...u.items.map((i) => ({ id: i.id, title: i.title, points: i.points, final: i.final, override: i.override, self: i.self, note: i.selfNote })),
    ...u.adjustments.map((a) => ({ id: a.id, title: a.title, points: a.points, final: a.final, override: a.override, self: a.self, note: a.selfNote })),
  ];
  for (const s of subjects) {
    if (s.override) {
      const without = new Map(overrides);
      without.delete(s.id);
      changes.push({ item: s.id, title: s.title, kind: 'override', from: s.final, to: s.points, overrides: without, reason: s.override.reason, ...(s.override.by ? { by: s.override.by } : {}) });
    }
    if (s.self !== undefined && !s.self.eq(s.final)) {
      // The claim stands as the final points, as an appraiser accepting it would write it.
      const claimed = new Map(overrides).set(s.id, { points: s.self, reason: s.note ?? '', evidence: { file: '', row: 0, column: '' } });
      changes.push({ item: s.id, title: s.title, kind: 'claim', from: s.final, to: s.self, overrides: claimed, ...(s.note ? { reason: s.note } : {}) });
    }
  }
  return changes;
}

// ─────────────────────────────────────────────────────────────────────────── rank intervals

/** A read of a redrawn value by a unit: where its value is drawn, how the rule reads it, and the value it replaces. */
interface DrawnRead {
  /** The key the value is kept under among the unit's inputs. */
  key: string;
  spec: ValueSpec;
  table: number;
  /** The indicator's place in the table. */
  indicator: number;
  /** Where the unit's value is among a draw's values (every table's units, k values each). */
  at: number;
  places: number;
  base: LeafInput;
}

const KNOWN = 1;
const COUNTED = 2;
const DATA = 4;
const INSUFFICIENT = 8;

/**
 * A simple leaf's outcome at each value it is drawn at, worked out once and shared by every unit
 * (a simple rule's points depend on the value alone): its final points and max in whole units of
 * 10^−D (0 when it does not count), whether it counts, has data, lacks rows, and its result (for
 * tiebreaks). Held in arrays over the values it can take; past DENSE_LIMIT values, in slots found
 * through a map, all forgotten when it fills, so that memory stays flat whatever the values.
 */
class Outcomes {
  readonly points: Float64Array;
  readonly max: Float64Array;
  readonly state: Uint8Array;
  /** What tiebreaks read of the leaf (kept only when the criteria have tiebreaks). */
  readonly items: Array<Pick<ItemResult, 'status' | 'final' | 'max'> | undefined>;
  private readonly lo: number;
  private readonly slots: Map<number, number> | undefined;

  constructor(range: { lo: number; hi: number }) {
    const dense = range.hi - range.lo < DENSE_LIMIT;
    // One slot per value, and the last for no value (NaN).
    const size = (dense ? range.hi - range.lo + 1 : DENSE_LIMIT) + 1;
    this.lo = range.lo;
    this.slots = dense ? undefined : new Map();
    this.points = new Float64Array(size);
    this.max = new Float64Array(size);
    this.state = new Uint8Array(size);
    this.items = [];
  }

  /** The slot of a value (NaN: no value). */
  slot(key: number): number {
    if (key !== key) return this.state.length - 1;
    if (this.slots === undefined) return key - this.lo;
    let s = this.slots.get(key);
    if (s === undefined) {
      if (this.slots.size === this.state.length - 1) {
        this.slots.clear();
        this.state.fill(0, 0, this.state.length - 1);
      }
      this.slots.set(key, (s = this.slots.size));
    }
    return s;
  }
}

const DENSE_LIMIT = 1 << 20;

/**
 * How a ranked unit is scored in each draw: `fixed` (nothing of it is redrawn: its entry as
 * scored), `fast` (simple redrawn leaves, from the outcomes shared by all units, added to the rest
 * of its points), or `full` (a composite or relative leaf, or an adjustment, reads a redrawn
 * value: the core scores the whole unit on its redrawn inputs).
 */
type Plan =
  | { kind: 'fixed'; entry: RankEntry }
  | {
      kind: 'fast';
      /** Its redrawn leaves: their reads, and for each the outcomes (by number) and where its value is drawn. */
      reads: DrawnRead[];
      leaves: Leaf[];
      parents: Array<readonly string[]>;
      outcomes: Int32Array;
      at: Int32Array;
      /** Points and max of the rest of the unit, in whole units of 10^−D (set once D is known). */
      points: number;
      max: number;
      /** The rest of the unit: does it have data, does a leaf lack rows. */
      state: number;
      /** Each tiebreak criterion: fixed, one of the redrawn leaves (its place), or a node with the rest of its points and max. */
      tiebreak: Array<{ fixed: Exact | null } | { leaf: number } | { node: string; points: Exact; max: Exact }>;
    }
  | { kind: 'full'; reads: DrawnRead[]; relative: Leaf[] };

/** Per unit: how many draws gave each rank (over the ranks seen so far) and each band. */
class Tally {
  private lo = 0;
  private counts = new Uint32Array(0);
  ranked = 0;
  unranked = 0;
  private readonly bands = new Map<string | null, number>();

  add(s: Standing | null): void {
    if (s === null) {
      this.unranked++;
      return;
    }
    this.ranked++;
    if (this.counts.length === 0) this.lo = s.rank;
    if (s.rank < this.lo || s.rank >= this.lo + this.counts.length) this.widen(s.rank);
    this.counts[s.rank - this.lo]!++;
    this.bands.set(s.band, (this.bands.get(s.band) ?? 0) + 1);
  }

  private widen(rank: number): void {
    const lo = Math.min(this.lo, rank);
    const hi = Math.max(this.lo + this.counts.length, rank + 1);
    const counts = new Uint32Array(hi - lo);
    counts.set(this.counts, this.lo - lo);
    this.lo = lo;
    this.counts = counts;
  }

  /** The ⌈5% N⌉-th and ⌈95% N⌉-th of the N ranks drawn (nearest rank), widened to hold `rank`. */
  interval(rank: number): [number, number] {
    const n = this.ranked;
    if (n === 0) return [rank, rank];
    const at = (position: number) => {
      let seen = 0;
      for (let i = 0; i < this.counts.length; i++) {
        seen += this.counts[i]!;
        if (seen >= position) return this.lo + i;
      }
      return this.lo + this.counts.length - 1;
    };
    return [Math.min(rank, at(ceilDiv(n, 20))), Math.max(rank, at(ceilDiv(19 * n, 20)))];
  }

  bandDraws(group: Group): Array<{ band: string | null; draws: number }> {
    const labels = group.bands.kind === 'threshold' ? group.bands.bands.map((b) => b.label) : group.bands.kind === 'quartiles' ? group.bands.labels : [];
    return [...labels, null].flatMap((band) => {
      const draws = this.bands.get(band) ?? 0;
      return draws > 0 ? [{ band, draws }] : [];
    });
  }
}

/** ⌈a / b⌉ for whole numbers, without floating-point division. */
function ceilDiv(a: number, b: number): number {
  return (a - (a % b)) / b + (a % b === 0 ? 0 : 1);
}

interface Draws {
  made: number;
  tallies: Map<string, Tally>;
  redrawn: Robustness['redrawn'];
  notRedrawn: Robustness['notRedrawn'];
}

/**
 * The draws: in each, every unit's rows of every sampled table are drawn with replacement (as many
 * as it has), each sampled indicator's value follows from them, the leaves that read one are
 * scored again, and each group is ranked by the core; each unit's rank and band are counted.
 */
function drawRanks(input: RobustnessInput, scorer: Scorer, units: ReadonlyMap<string, Unit>, groups: readonly GroupState[]): Draws {
  const { criteria, report } = input;
  const tables = input.samples ?? [];
  const redrawn: Robustness['redrawn'] = [];
  const notRedrawn: Robustness['notRedrawn'] = [];
  // Each table's units with rows, in id order: the order they draw in; a draw's values, table after table.
  const drawOrder = tables.map((t) => [...t.units()].sort(compareIds));
  const placeIn = drawOrder.map((ids) => new Map(ids.map((id, i) => [id, i])));
  const start: number[] = [];
  let size = 0;
  tables.forEach((t, ti) => {
    start.push(size);
    size += drawOrder[ti]!.length * t.k;
  });
  const sampled = new Map<string, { table: number; indicator: number; places: number }>();
  tables.forEach((t, ti) => {
    t.indicators.forEach((s, i) => {
      const name = s.indicator.name;
      if (!s.exact) notRedrawn.push({ source: t.source, indicator: name });
      else {
        sampled.set(foldText(name), { table: ti, indicator: i, places: DRAWN_PLACES[s.kind] });
        redrawn.push({ source: t.source, indicator: name, kind: s.kind, units: drawOrder[ti]!.length });
      }
    });
  });
  const tallies = new Map<string, Tally>();
  if (sampled.size === 0 || input.draws === 0) return { made: 0, tallies, redrawn, notRedrawn };

  /** A unit's read of a redrawn value, when it has rows for it and its value counted in the scoring. */
  const drawnRead = (unit: string, key: string, indicator: string, spec: ValueSpec): DrawnRead | undefined => {
    const s = sampled.get(foldText(indicator));
    if (!s) return undefined;
    const place = placeIn[s.table]!.get(unit);
    const base = input.inputs.get(unit)?.get(key);
    // No rows: nothing to redraw. An unreadable value, or too few rows for min_rows (decided on the
    // sample actually taken), stays as it was.
    if (place === undefined || !base || 'invalid' in base || !base.derived || base.derived.insufficient) return undefined;
    return { key, spec, table: s.table, indicator: s.indicator, at: start[s.table]! + place * tables[s.table]!.k + s.indicator, places: s.places, base };
  };

  const { plans, outcomes, rests } = planDraws(input, units, drawnRead);
  // D: the decimal places at which the fast units' points and maxima are whole numbers.
  let places = criteria.leaves.reduce((p, l) => Math.max(p, decimals(l.max)), criteria.precision);
  for (const r of rests.values()) places = Math.max(places, decimals(r.points), decimals(r.max));
  const scale = 10n ** BigInt(places);
  const whole = (e: Exact): number => {
    const n = (e.num * scale) / e.den;
    if (n * e.den !== e.num * scale || !Number.isSafeInteger(Number(n))) throw new RangeError(`robustness: ${e.toString()} is not a whole number of 10^-${places}`);
    return Number(n);
  };
  for (const [id, rest] of rests) {
    const plan = plans.get(id) as Extract<Plan, { kind: 'fast' }>;
    plan.points = whole(rest.points);
    plan.max = whole(rest.max);
  }

  const drawn = new Float64Array(size);
  const times = new Int32Array(tables.reduce((m, t, ti) => drawOrder[ti]!.reduce((mm, id) => Math.max(mm, t.rowsOf(id)!.count), m), 0));
  const scaleExact = criteria.scale;
  const scaleWhole = scaleExact.isInteger() && Number.isSafeInteger(Number(scaleExact.num)) ? Number(scaleExact.num) : undefined;
  // Each group's ranked units in id order: entries in that order need only a stable sort by key.
  const byGroup = groups.map((g) => ({
    state: g,
    ids: report.units
      .filter((u) => u.group === g.group.id && u.status === 'ranked')
      .map((u) => u.unit)
      .sort(compareIds),
    // Room reused by every draw.
    entries: [] as RankEntry[],
    unranked: [] as string[],
    standing: [] as Standing[],
  }));
  for (const g of byGroup) for (const id of g.ids) tallies.set(id, new Tally());
  /** A `relative` leaf's best value per group in the current draw, worked out once. */
  const bests = new Map<string, Exact | undefined>();

  /** The slot of leaf j's outcome for a fast unit in this draw, worked out if it is new. */
  const outcomeOf = (unit: Unit, plan: Extract<Plan, { kind: 'fast' }>, j: number): number => {
    const o = outcomes[plan.outcomes[j]!]!;
    const key = drawn[plan.at[j]!]!;
    const s = o.slot(key);
    if (o.state[s] === 0) {
      const read = plan.reads[j]!;
      const item = scorer.leaf(unit, plan.leaves[j]!, new Map([[read.key, drawnInput(read, key)]]));
      const counted = !NOT_COUNTED.has(item.status);
      o.points[s] = counted ? whole(item.final) : 0;
      o.max[s] = counted ? whole(item.max) : 0;
      o.state[s] = KNOWN | (counted ? COUNTED : 0) | (NO_DATA.has(item.status) ? 0 : DATA) | (item.status === 'insufficient_data' ? INSUFFICIENT : 0);
      if (criteria.tiebreak.length > 0) o.items[s] = { status: item.status, final: item.final, max: item.max };
    }
    return s;
  };

  /** Each fast unit's entry, made once and set anew in each draw (a national run makes millions). */
  const reused = new Map<string, DrawnEntry>();
  const fastEntry = (unit: Unit, plan: Extract<Plan, { kind: 'fast' }>): RankEntry | null => {
    let points = plan.points;
    let max = plan.max;
    let state = plan.state;
    for (let j = 0; j < plan.leaves.length; j++) {
      const o = outcomes[plan.outcomes[j]!]!;
      const s = outcomeOf(unit, plan, j);
      points += o.points[s]!;
      max += o.max[s]!;
      state |= o.state[s]!;
    }
    if (unitStatus(max !== 0, (state & DATA) !== 0, (state & INSUFFICIENT) !== 0) !== 'ranked') return null;
    // points / max × scale: made exact only when a tie or a band's edge asks for it, while the
    // scale is whole (100) and points × scale a safe integer; otherwise, or with tiebreaks, at once.
    if (scaleWhole !== undefined && plan.tiebreak.length === 0 && Number.isSafeInteger(points * scaleWhole)) {
      let e = reused.get(unit.id);
      if (!e) reused.set(unit.id, (e = new DrawnEntry(unit.id, scaleWhole)));
      return e.set(points, max);
    }
    const key: Array<Exact | null> = [Exact.of(BigInt(points) * scaleExact.num, BigInt(max) * scaleExact.den)];
    for (const t of plan.tiebreak) {
      if ('fixed' in t) key.push(t.fixed);
      else if ('leaf' in t) key.push(leafTiebreak(outcomes[plan.outcomes[t.leaf]!]!.items[outcomeOf(unit, plan, t.leaf)]!, scaleExact));
      else {
        let p = t.points;
        let m = t.max;
        plan.leaves.forEach((_, j) => {
          const o = outcomes[plan.outcomes[j]!]!;
          const s = outcomeOf(unit, plan, j);
          if (!plan.parents[j]!.includes(t.node) || (o.state[s]! & COUNTED) === 0) return;
          p = p.add(o.items[s]!.final);
          m = m.add(o.items[s]!.max);
        });
        key.push(indexOf(p, m, scaleExact));
      }
    }
    return entryOf(unit.id, key);
  };

  const fullEntry = (unit: Unit, plan: Extract<Plan, { kind: 'full' }>): RankEntry | null => {
    const inputs = new Map(input.inputs.get(unit.id));
    for (const r of plan.reads) inputs.set(r.key, drawnInput(r, drawn[r.at]!));
    const best = new Map(plan.relative.map((leaf) => [leaf.id, groupBest(unit.group, leaf)]));
    const result = scorer.unit(unit, { inputs, bests: best });
    return result.status === 'ranked' ? rankEntry(result, criteria) : null;
  };

  /** A `relative` leaf's best value in a group in this draw: each unit's redrawn value, or its own where nothing is redrawn. */
  const groupBest = (group: string, leaf: Leaf): Exact | undefined => {
    const memo = `${group}\u0000${leaf.id}`;
    if (bests.has(memo)) return bests.get(memo);
    const spec = leafReads(leaf)[0]!.spec;
    const best = bestOf(
      leaf,
      input.units
        .filter((u) => u.group === group)
        .map((u) => {
          const read = drawnRead(u.id, leaf.id, leaf.indicator, spec);
          return read ? drawnInput(read, drawn[read.at]!) : input.inputs.get(u.id)?.get(leaf.id);
        }),
    );
    bests.set(memo, best);
    return best;
  };

  for (let d = 0; d < input.draws; d++) {
    const random = new Random(input.seed, d);
    bests.clear();
    tables.forEach((t, ti) => {
      drawOrder[ti]!.forEach((id, place) => {
        const block = t.rowsOf(id)!;
        random.resample(times, block.count);
        t.valuesOver(block.first, times, block.count, drawn, start[ti]! + place * t.k);
      });
    });
    for (const { state, ids, entries, unranked, standing } of byGroup) {
      entries.length = 0;
      unranked.length = 0;
      for (const id of ids) {
        const plan = plans.get(id)!;
        const unit = units.get(id)!;
        const entry = plan.kind === 'fixed' ? plan.entry : plan.kind === 'fast' ? fastEntry(unit, plan) : fullEntry(unit, plan);
        if (entry) entries.push(entry);
        else unranked.push(id);
      }
      const ordered = orderIdOrdered(entries);
      const st = standings(state.group, ordered, criteria.indexPrecision, standing);
      for (let i = 0; i < ordered.length; i++) tallies.get(ordered[i]!.unit)!.add(st[i]!);
      for (const id of unranked) tallies.get(id)!.add(null);
    }
    input.onDraw?.(d + 1, input.draws);
  }
  return { made: input.draws, tallies, redrawn, notRedrawn };
}

/**
 * A fast unit's entry in a draw: its index as a double at once (one correctly rounded division of
 * whole numbers), and exactly only if ranking asks for it (a near tie, a band's edge).
 */
class DrawnEntry implements RankEntry {
  approx = 0;
  readonly ratio = { num: 0, den: 1 };
  private points = 0;
  private max = 0;
  private exact: ReadonlyArray<Exact | null> | undefined;

  constructor(
    readonly unit: string,
    private readonly scale: number,
  ) {}

  set(points: number, max: number): this {
    this.points = points;
    this.max = max;
    this.approx = (points * this.scale) / max;
    this.ratio.num = points * this.scale;
    this.ratio.den = max;
    this.exact = undefined;
    return this;
  }

  get key(): ReadonlyArray<Exact | null> {
    return (this.exact ??= [Exact.ratio(this.points * this.scale, this.max)]);
  }
}

/**
 * How each ranked unit is scored in a draw; for a fast one, the rest of its points and max
 * (exact). Units not ranked as scored are left out: a unit with a redrawn leaf that counted has data.
 */
function planDraws(
  input: RobustnessInput,
  units: ReadonlyMap<string, Unit>,
  drawnRead: (unit: string, key: string, indicator: string, spec: ValueSpec) => DrawnRead | undefined,
): { plans: Map<string, Plan>; outcomes: Outcomes[]; rests: Map<string, { points: Exact; max: Exact }> } {
  const { criteria } = input;
  const outcomes: Outcomes[] = [];
  const outcomesOf = new Map<string, number>();
  const plans = new Map<string, Plan>();
  const rests = new Map<string, { points: Exact; max: Exact }>();
  for (const u of input.report.units) {
    if (u.status !== 'ranked') continue;
    const unit = units.get(u.unit)!;
    const fast: Array<{ read: DrawnRead; leaf: Leaf; parents: readonly string[] }> = [];
    const full: DrawnRead[] = [];
    const relative: Leaf[] = [];
    criteria.leaves.forEach((leaf, i) => {
      const item = u.items[i]!;
      // An override decides the final points whatever the value; a leaf for another group never counts.
      if (item.override || !appliesTo(leaf, unit.group)) return;
      const reads = leafReads(leaf).flatMap((r) => drawnRead(u.unit, r.key, r.indicator, r.spec) ?? []);
      if (reads.length === 0) return;
      if (isComposite(leaf.rule) || leaf.rule.kind === 'relative') {
        full.push(...reads);
        if (leaf.rule.kind === 'relative') relative.push(leaf);
      } else fast.push({ read: reads[0]!, leaf, parents: item.parents });
    });
    u.adjustments.forEach((a, i) => {
      const read = a.override ? undefined : drawnRead(u.unit, a.id, criteria.adjustments[i]!.indicator, adjustmentSpec(criteria.adjustments[i]!));
      if (read) full.push(read);
    });
    if (full.length > 0) {
      // The whole unit through the core, its simple redrawn leaves too.
      plans.set(u.unit, { kind: 'full', reads: [...full, ...fast.map((f) => f.read)], relative });
      continue;
    }
    if (fast.length === 0) {
      plans.set(u.unit, { kind: 'fixed', entry: rankEntry(u, criteria) });
      continue;
    }
    const ids = fast.map((f) => {
      let o = outcomesOf.get(f.leaf.id);
      if (o === undefined) {
        outcomesOf.set(f.leaf.id, (o = outcomes.length));
        outcomes.push(new Outcomes(input.samples![f.read.table]!.range(f.read.indicator)));
      }
      return o;
    });
    const redrawnIds = new Set(fast.map((f) => f.leaf.id));
    const kept = u.items.filter((i) => !redrawnIds.has(i.id));
    const redrawnCounted = u.items.filter((i) => redrawnIds.has(i.id) && !NOT_COUNTED.has(i.status));
    plans.set(u.unit, {
      kind: 'fast',
      reads: fast.map((f) => f.read),
      leaves: fast.map((f) => f.leaf),
      parents: fast.map((f) => f.parents),
      outcomes: Int32Array.from(ids),
      at: Int32Array.from(fast, (f) => f.read.at),
      points: 0,
      max: 0,
      state: (kept.some((i) => !NO_DATA.has(i.status)) || u.adjustments.some((a) => a.evidence.length > 0) ? DATA : 0) | (kept.some((i) => i.status === 'insufficient_data') ? INSUFFICIENT : 0),
      tiebreak: criteria.tiebreak.map((id) => {
        const f = fast.findIndex((l) => l.leaf.id === id);
        if (f >= 0) return { leaf: f };
        const node = u.nodes.find((n) => n.id === id);
        if (!node) return { fixed: leafTiebreak(u.items.find((i) => i.id === id)!, criteria.scale) };
        const under = redrawnCounted.filter((i) => i.parents.includes(id));
        return { node: id, points: node.points.sub(Exact.sum(under.map((i) => i.final))), max: node.max.sub(Exact.sum(under.map((i) => i.max))) };
      }),
    });
    // The unit's points and max without its redrawn leaves.
    rests.set(u.unit, { points: u.points.sub(Exact.sum(redrawnCounted.map((i) => i.final))), max: Exact.sum(kept.filter((i) => !NOT_COUNTED.has(i.status)).map((i) => i.max)) });
  }
  return { plans, outcomes, rests };
}

/** A redrawn value (a whole number of 10^−places; NaN: no value) read for a rule as the evidence read the value it replaces. */
function drawnInput(read: DrawnRead, key: number): Input {
  const value = key !== key ? undefined : Exact.of(BigInt(key), 10n ** BigInt(read.places));
  const text = value === undefined ? '' : value.toString();
  const r = derivedInput({ value, text, info: read.base.derived! }, read.spec);
  if ('problem' in r) return { invalid: true, text, evidence: [] } satisfies InvalidInput;
  return { value: r.value, text, evidence: [], derived: r.info };
}

/** Decimal places of an exact decimal (points and maxima always are). */
function decimals(e: Exact): number {
  const d = e.decimalPlaces();
  if (d === undefined) throw new RangeError(`robustness: ${e.toString()} is not a decimal`);
  return d;
}
