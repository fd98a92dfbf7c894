import { Exact } from './exact.js';
import type { Criteria, Group } from './model.js';
import { NOT_COUNTED, type GroupResult, type Status, type UnitResult } from './report.js';
import { compareIds } from './text.js';

/**
 * Ranks and bands the units of one group. Ranks use the exact index; an exact tie is settled by the
 * indices of the `tiebreak` criteria (nodes or leaves) in order, and otherwise shared (competition
 * ranking: 1, 2, 2, 4) and marked. Threshold bands use the index as shown, so a shown 90,00 is never "below 90"; quartile
 * bands go by rank position, tied units sharing the higher label. Units with no data or no
 * applicable max are left unranked, never given a zero.
 */
export function rankGroup(group: Group, units: readonly UnitResult[], criteria: Criteria): { group: GroupResult; units: UnitResult[] } {
  const ranked = units.filter((u) => u.status === 'ranked');
  const unranked = units.filter((u) => u.status !== 'ranked').sort((a, b) => compareIds(a.unit, b.unit));
  const byUnit = new Map(ranked.map((u) => [u.unit, u]));
  const entries = orderEntries(ranked.map((u) => rankEntry(u, criteria)));
  const out = standings(group, entries, criteria.indexPrecision).map((s, i) => ({ ...byUnit.get(entries[i]!.unit)!, ...s }));
  return {
    group: {
      id: group.id,
      title: group.title,
      ranking: out.map((u) => u.unit),
      unranked: unranked.map((u) => u.unit),
      bands: group.bands.kind === 'threshold' ? group.bands.bands.map((b) => b.label) : group.bands.kind === 'quartiles' ? [...group.bands.labels] : [],
    },
    units: [...out, ...unranked],
  };
}

/**
 * What ranking reads of a ranked unit: its id, and its key — the exact index, then the index of
 * each tiebreak criterion in order. Robustness builds the same entries from redrawn points, so that
 * a draw is ranked exactly as `score` ranks.
 */
export interface RankEntry {
  unit: string;
  key: ReadonlyArray<Exact | null>;
  /**
   * The index as a double, within a few units in its last place (one correctly rounded division
   * of exact values, or two): to order units far apart without exact arithmetic.
   */
  approx: number;
  /**
   * When the key is the index alone (no tiebreak criteria): the index as a fraction of whole
   * numbers held in doubles (not necessarily reduced), if they are safe integers.
   */
  ratio?: { num: number; den: number } | undefined;
}

/** A unit's entry from its exact index and tiebreak indices. */
export function entryOf(unit: string, key: ReadonlyArray<Exact | null>): RankEntry {
  const index = key[0]!;
  const [num, den] = [Number(index.num), Number(index.den)];
  return { unit, key, approx: num / den, ratio: key.length === 1 && Number.isSafeInteger(num) && Number.isSafeInteger(den) ? { num, den } : undefined };
}

/** A ranked unit's entry, read from its result. */
export function rankEntry(u: UnitResult, criteria: Criteria): RankEntry {
  return entryOf(u.unit, [u.index!, ...criteria.tiebreak.map((id) => tiebreakIndex(u, id, criteria.scale))]);
}

/** Sorts entries best first, in place: by key, then (an exact tie) by unit id, so any input order gives one order. */
export function orderEntries(entries: RankEntry[]): RankEntry[] {
  return orderIdOrdered(entries.sort((a, b) => compareIds(a.unit, b.unit)));
}

/**
 * The same, for entries already in unit-id order (redrawn rankings, thousands of times): a stable
 * sort by key keeps tied entries in that order.
 */
export function orderIdOrdered(entries: RankEntry[]): RankEntry[] {
  return entries.sort(byKey);
}

/** The order `orderEntries` sorts by: negative when `a` comes first. */
export function compareEntries(a: RankEntry, b: RankEntry): number {
  return byKey(a, b) || compareIds(a.unit, b.unit);
}

/**
 * Best key first. Two doubles of indices further apart than their rounding errors could make
 * them (well under 10⁻¹² of their size) are in the order of the exact indices; closer ones, and
 * ties, are compared exactly.
 */
function byKey(a: RankEntry, b: RankEntry): number {
  const d = b.approx - a.approx;
  if (Math.abs(d) > 1e-12 * Math.max(1, Math.abs(a.approx), Math.abs(b.approx))) return d;
  return compareRatios(b, a) ?? compareKeys(b.key, a.key);
}

/** Whether two entries' keys are equal (a tie): entries whose doubles are far apart are not. */
function sameKey(a: RankEntry, b: RankEntry): boolean {
  if (Math.abs(b.approx - a.approx) > 1e-12 * Math.max(1, Math.abs(a.approx), Math.abs(b.approx))) return false;
  const c = compareRatios(a, b);
  return c !== undefined ? c === 0 : compareKeys(a.key, b.key) === 0;
}

/** The two keys (indices alone) compared exactly in doubles, by cross products, when both are known as ratios and the products are safe; else undefined. */
function compareRatios(a: RankEntry, b: RankEntry): number | undefined {
  if (!a.ratio || !b.ratio) return undefined;
  const x = a.ratio.num * b.ratio.den;
  const y = b.ratio.num * a.ratio.den;
  // Denominators (maxima) are positive, so the order of the cross products is the order of the indices.
  if (!Number.isSafeInteger(x) || !Number.isSafeInteger(y) || a.ratio.den <= 0 || b.ratio.den <= 0) return undefined;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A unit's place in its group: its rank, whether it shares it, and its band. */
export interface Standing {
  rank: number;
  tied: boolean;
  band: string | null;
}

/**
 * The standing of each entry of a group, in the order given (which must be `orderEntries`'):
 * competition ranks over exact keys, then bands.
 */
export function standings(group: Group, ordered: readonly RankEntry[], indexPrecision: number, out: Standing[] = []): Standing[] {
  return standingsIn(group, (i) => ordered[i]!, ordered.length, 0, ordered.length, indexPrecision, out);
}

/**
 * The standings of positions `from` to `to` (excluded) of an ordered group of `count` entries, read
 * through `at`: a rank is one more than the place of the first entry it ties with; `tied` when it
 * ties with either neighbour. Written into `out` (its objects reused, for thousands of draws).
 */
function standingsIn(group: Group, at: (i: number) => RankEntry, count: number, from: number, to: number, indexPrecision: number, out: Standing[] = []): Standing[] {
  const tiedAt = (i: number) => i > 0 && i < count && sameKey(at(i - 1), at(i));
  let first = from;
  while (tiedAt(first)) first--;
  out.length = Math.min(out.length, to - from);
  for (let i = from; i < to; i++) {
    const tiedPrev = tiedAt(i);
    if (!tiedPrev) first = i;
    const rank = first + 1;
    const s = (out[i - from] ??= { rank: 0, tied: false, band: null });
    s.rank = rank;
    s.tied = tiedPrev || tiedAt(i + 1);
    s.band = bandOf(group, at(i), rank, count, indexPrecision);
  }
  return out;
}

/** A unit whose standing changes: before (null: it was not ranked) and after (null: it is no longer). */
export interface StandingChange {
  unit: string;
  before: Standing | null;
  after: Standing | null;
}

/**
 * What changes in a group's standings when the entry of one unit changes — the unit at place `at`
 * of `ordered` (−1: not ranked before) gets `entry` (null: no longer ranked): every unit whose
 * rank, tie or band differs. The same as ranking the changed group anew, without sorting it again:
 * the other units keep their order among themselves, so the unit's entry goes to its new place, and
 * only the places between the old and the new one (and the units tied at either end) can change
 * rank — with threshold bands, band too; with quartiles, a band follows the rank. `ordered` and
 * `before` are the group's, as `orderEntries` and `standings` give them.
 */
export function changedStandings(group: Group, ordered: readonly RankEntry[], before: readonly Standing[], at: number, entry: RankEntry | null, indexPrecision: number): StandingChange[] {
  const unit = at >= 0 ? ordered[at]!.unit : entry?.unit;
  if (unit === undefined) return [];
  // The other units in order, read in place: the j-th of them is ordered[index(j)].
  const index = (j: number) => (at >= 0 && j >= at ? j + 1 : j);
  const other = (j: number) => ordered[index(j)]!;
  const others = at >= 0 ? ordered.length - 1 : ordered.length;
  const place = entry === null ? -1 : placeAmong(other, others, entry);
  const count = entry === null ? others : others + 1;
  // The group after the change, read in place: the i-th entry and where it was before (−1: the changed unit).
  const now = (i: number) => (entry === null || i < place ? other(i) : i === place ? entry : other(i - 1));
  const was = (i: number) => (entry === null || i < place ? index(i) : i === place ? -1 : index(i - 1));
  let lo = 0;
  let hi = count - 1;
  if (at >= 0 && entry !== null) {
    // Same size: places outside the window hold the same units with the same ranks, once it takes
    // in the units tied at its ends, before or after, and one neighbour each side (whose `tied` may change).
    const old = (i: number) => ordered[i]!;
    const tiedIn = (get: (i: number) => RankEntry, i: number) => i > 0 && i < count && sameKey(get(i - 1), get(i));
    lo = Math.min(at, place);
    hi = Math.max(at, place);
    while (tiedIn(old, lo) || tiedIn(now, lo)) lo--;
    while (tiedIn(old, hi + 1) || tiedIn(now, hi + 1)) hi++;
    lo = Math.max(0, lo - 1);
    hi = Math.min(count - 1, hi + 1);
  }
  // Otherwise the unit joins or leaves the ranking: the group's size changes, and every place may move.
  const after = standingsIn(group, now, count, lo, hi + 1, indexPrecision);
  const changes: StandingChange[] = [];
  for (let i = lo; i <= hi; i++) {
    const b = was(i) < 0 ? (at >= 0 ? before[at]! : null) : before[was(i)]!;
    const a = after[i - lo]!;
    if (b === null || !sameStanding(b, a)) changes.push({ unit: now(i).unit, before: b, after: a });
  }
  if (entry === null) changes.push({ unit, before: before[at]!, after: null });
  return changes;
}

function sameStanding(a: Standing, b: Standing): boolean {
  return a.rank === b.rank && a.tied === b.tied && a.band === b.band;
}

/** Where an entry goes among `count` entries in order, read through `get`: the number of them that come before it. */
function placeAmong(get: (i: number) => RankEntry, count: number, entry: RankEntry): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareEntries(get(mid), entry) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** points / max × scale: an index of a unit or a criterion; null when nothing under it applies. */
export function indexOf(points: Exact, max: Exact, scale: Exact): Exact | null {
  return max.isZero() ? null : points.div(max).mul(scale);
}

/**
 * A tiebreak criterion's index for a unit: a node's own index, or a leaf's final points over its
 * max × scale; null when it does not count for the unit (not applicable, too few answers).
 */
function tiebreakIndex(u: UnitResult, id: string, scale: Exact): Exact | null {
  const node = u.nodes.find((n) => n.id === id);
  if (node) return node.index;
  return leafTiebreak(u.items.find((i) => i.id === id)!, scale);
}

/** A leaf's index as a tiebreak: its final points over its max × scale, null when it does not count. */
export function leafTiebreak(item: { status: Status; final: Exact; max: Exact }, scale: Exact): Exact | null {
  return NOT_COUNTED.has(item.status) ? null : item.final.div(item.max).mul(scale);
}

/** Higher is better; a missing tiebreak index is below any index. */
/**
 * For each threshold band, the lowest non-negative index shown at or above its min: the min
 * rounded up to the shown places, less half a unit of the last place (half rounds up) — as a double.
 */
function bandCuts(group: Group, indexPrecision: number): number[] {
  const key = `${indexPrecision}`;
  let byPlaces = cutsOf.get(group);
  if (!byPlaces) cutsOf.set(group, (byPlaces = new Map()));
  let cuts = byPlaces.get(key);
  if (!cuts) {
    const unit = Exact.of(1n, 10n ** BigInt(indexPrecision));
    const half = Exact.of(1n, 2n * 10n ** BigInt(indexPrecision));
    const bands = group.bands.kind === 'threshold' ? group.bands.bands : [];
    cuts = bands.map((b) => {
      const steps = b.min.div(unit);
      const up = steps.isInteger() ? steps : Exact.of(steps.floor() + 1n);
      const cut = up.mul(unit).sub(half);
      return Number(cut.num) / Number(cut.den);
    });
    byPlaces.set(key, cuts);
  }
  return cuts;
}

const cutsOf = new WeakMap<Group, Map<string, number[]>>();

function compareKeys(a: ReadonlyArray<Exact | null>, b: ReadonlyArray<Exact | null>): number {
  for (let i = 0; i < a.length; i++) {
    // Every key has the same length: the exact index, then one entry per tiebreak criterion.
    const x = a[i] as Exact | null;
    const y = b[i] as Exact | null;
    if (x === null && y === null) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    const c = x.cmp(y);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * A ranked unit's band: by its index as shown (threshold bands), or by its rank among
 * `rankedCount` (quartiles). A positive index whose double is clearly above the lowest index shown
 * at a band's min (or clearly below it) is placed without exact arithmetic; any other, exactly.
 */
export function bandOf(group: Group, entry: RankEntry, rank: number, rankedCount: number, indexPrecision: number): string | null {
  if (group.bands.kind === 'threshold') {
    const bands = group.bands.bands;
    const a = entry.approx;
    if (a > 0) {
      const cuts = bandCuts(group, indexPrecision);
      for (let b = 0; b < cuts.length; b++) {
        const tolerance = 1e-9 * Math.max(1, Math.abs(cuts[b]!));
        if (a > cuts[b]! + tolerance) return bands[b]!.label;
        if (a >= cuts[b]! - tolerance) break;
      }
    }
    const shown = entry.key[0]!.round(indexPrecision);
    const found = bands.find((b) => b.min.lte(shown));
    if (found) return found.label;
    // A lowest band from 0 (or below) is the bottom of the scale: penalties that take a unit
    // below zero leave it there, never without a band.
    const lowest = bands[bands.length - 1]!;
    return lowest.min.lte(Exact.ZERO) ? lowest.label : null;
  }
  if (group.bands.kind === 'quartiles') {
    const labels = group.bands.labels;
    return labels[Math.floor(((rank - 1) * labels.length) / rankedCount)] ?? null;
  }
  return null;
}
