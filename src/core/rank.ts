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
}

/** A ranked unit's entry, read from its result. */
export function rankEntry(u: UnitResult, criteria: Criteria): RankEntry {
  return { unit: u.unit, key: [u.index!, ...criteria.tiebreak.map((id) => tiebreakIndex(u, id, criteria.scale))] };
}

/** Sorts entries best first, in place: by key, then (an exact tie) by unit id, so any input order gives one order. */
export function orderEntries(entries: RankEntry[]): RankEntry[] {
  return entries.sort(compareEntries);
}

/** The order `orderEntries` sorts by: negative when `a` comes first. */
export function compareEntries(a: RankEntry, b: RankEntry): number {
  return compareKeys(b.key, a.key) || compareIds(a.unit, b.unit);
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
export function standings(group: Group, ordered: readonly RankEntry[], indexPrecision: number): Standing[] {
  const out: Standing[] = [];
  ordered.forEach((e, i) => {
    const prev = out[i - 1];
    const tiedWithPrev = prev !== undefined && compareKeys(ordered[i - 1]!.key, e.key) === 0;
    if (tiedWithPrev) prev.tied = true;
    out.push({ rank: tiedWithPrev ? prev.rank : i + 1, tied: tiedWithPrev, band: null });
  });
  out.forEach((s, i) => (s.band = bandOf(group, ordered[i]!.key[0]!, s.rank, out.length, indexPrecision)));
  return out;
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

/** A ranked unit's band: by its index as shown (threshold bands), or by its rank among `rankedCount` (quartiles). */
export function bandOf(group: Group, index: Exact, rank: number, rankedCount: number, indexPrecision: number): string | null {
  if (group.bands.kind === 'threshold') {
    const shown = index.round(indexPrecision);
    const bands = group.bands.bands;
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
