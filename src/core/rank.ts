import { Exact } from './exact.js';
import type { Criteria, Group } from './model.js';
import { NOT_COUNTED, type GroupResult, type UnitResult } from './report.js';
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
  const keys = new Map(ranked.map((u) => [u.unit, [u.index!, ...criteria.tiebreak.map((id) => tiebreakIndex(u, id, criteria.scale))]]));
  const order = (a: UnitResult, b: UnitResult) => compareKeys(keys.get(b.unit)!, keys.get(a.unit)!);
  ranked.sort((a, b) => order(a, b) || compareIds(a.unit, b.unit));

  const out: UnitResult[] = [];
  ranked.forEach((u, i) => {
    const prev = out[i - 1];
    const tiedWithPrev = prev !== undefined && order(prev, u) === 0;
    const rank = tiedWithPrev ? prev.rank! : i + 1;
    if (tiedWithPrev) out[i - 1] = { ...prev, tied: true };
    out.push({ ...u, rank, tied: tiedWithPrev, band: null });
  });
  for (let i = 0; i < out.length; i++) out[i] = { ...out[i]!, band: bandOf(group, out[i]!, out.length, criteria.indexPrecision) };

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
 * A tiebreak criterion's index for a unit: a node's own index, or a leaf's final points over its
 * max × scale; null when it does not count for the unit (not applicable, too few answers).
 */
function tiebreakIndex(u: UnitResult, id: string, scale: Exact): Exact | null {
  const node = u.nodes.find((n) => n.id === id);
  if (node) return node.index;
  const item = u.items.find((i) => i.id === id)!;
  return NOT_COUNTED.has(item.status) ? null : item.final.div(item.max).mul(scale);
}

/** Higher is better; a missing tiebreak index is below any index. */
function compareKeys(a: Array<Exact | null>, b: Array<Exact | null>): number {
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

function bandOf(group: Group, unit: UnitResult, rankedCount: number, indexPrecision: number): string | null {
  if (group.bands.kind === 'threshold') {
    const shown = unit.index!.round(indexPrecision);
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
    return labels[Math.floor(((unit.rank! - 1) * labels.length) / rankedCount)] ?? null;
  }
  return null;
}
