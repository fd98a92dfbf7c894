import { Exact } from '../core/exact.js';
import type { Unit } from '../core/inputs.js';
import { foldText } from '../core/text.js';
import type { ReportFile, ReportFileUnit } from './report-file.js';

/**
 * Two runs side by side (last year and this year, or two quarters): per unit the change in index
 * (in points of the index), rank and band, and per group how many went up or down and the mean
 * change. A unit formed by merging others (the 2025 reorganisation) is followed through the units
 * file's `previous` column: it is compared with the plain mean of its predecessors' indices — every
 * predecessor counting the same, whatever its size, since a report holds no population or other
 * weight — and with no rank or band change, since its predecessors were ranked among other units.
 */
export interface Standing {
  unit: string;
  name: string;
  group: string;
  index: Exact | null;
  rank: number | null;
  band: string | null;
}

export interface UnitComparison {
  now: Standing;
  /** What it is compared with: itself last time, or the units it replaces (found in the last run). */
  before: Standing[];
  /** Predecessors named in the units file but absent from the last run. */
  missing: string[];
  /** Through the units file's `previous` column. */
  merged: boolean;
  /** The index last time: its own, or the mean of its predecessors' (those that had one). */
  indexBefore: Exact | null;
  /** Now − before, in points of the index. */
  indexChange: Exact | null;
  /** Places up (positive) or down; only against one unit of the same group, both ranked. */
  rankChange: number | null;
  /** Only against one unit, when the label differs. */
  bandChange?: { from: string | null; to: string | null };
}

export interface GroupComparison {
  id: string;
  title: string;
  /** Units with an index both times. */
  compared: number;
  meanBefore: Exact | null;
  meanNow: Exact | null;
  meanChange: Exact | null;
  up: number;
  down: number;
  same: number;
  rankUp: number;
  rankDown: number;
}

export interface Comparison {
  units: UnitComparison[];
  groups: GroupComparison[];
  /** Units of the last run that are neither in this one nor replaced by a unit of it. */
  gone: Standing[];
}

function standing(u: ReportFileUnit): Standing {
  return { unit: u.unit, name: u.name, group: u.group, index: u.index, rank: u.rank, band: u.band };
}

export function compareReports(last: ReportFile, now: ReportFile, units?: readonly Unit[]): Comparison {
  const lastById = new Map(last.units.map((u) => [foldText(u.unit), u]));
  const previous = new Map((units ?? []).filter((u) => u.previous.length > 0).map((u) => [foldText(u.id), u.previous]));
  const used = new Set<ReportFileUnit>();
  const order = new Map(now.groups.flatMap((g) => [...g.ranking, ...g.unranked]).map((id, i) => [id, i]));
  const nowUnits = [...now.units].sort((a, b) => (order.get(a.unit) ?? Infinity) - (order.get(b.unit) ?? Infinity));

  const compared = nowUnits.map((u): UnitComparison => {
    const named = previous.get(foldText(u.unit));
    // A unit that kept its id through a merger is one of its own predecessors, named or not.
    const ids = named && lastById.has(foldText(u.unit)) && !named.some((id) => foldText(id) === foldText(u.unit)) ? [u.unit, ...named] : named;
    const found = (ids ?? [u.unit]).map((id) => ({ id, unit: lastById.get(foldText(id)) }));
    const before = found.flatMap((f) => (f.unit ? [f.unit] : []));
    for (const b of before) used.add(b);
    const indices = before.flatMap((b) => (b.index === null ? [] : [b.index]));
    const indexBefore = indices.length === 0 ? null : Exact.sum(indices).div(Exact.whole(indices.length));
    const one = before.length === 1 ? before[0]! : undefined;
    const bandChanged = one && foldText(one.band ?? '') !== foldText(u.band ?? '');
    return {
      now: standing(u),
      before: before.map(standing),
      missing: ids ? found.filter((f) => !f.unit).map((f) => f.id) : [],
      merged: ids !== undefined,
      indexBefore,
      indexChange: indexBefore !== null && u.index !== null ? u.index.sub(indexBefore) : null,
      rankChange: one && one.group === u.group && one.rank !== null && u.rank !== null ? one.rank - u.rank : null,
      ...(bandChanged ? { bandChange: { from: one.band, to: u.band } } : {}),
    };
  });

  const groups = now.groups.map((g): GroupComparison => {
    const mine = compared.filter((c) => c.now.group === g.id && c.indexChange !== null);
    const mean = (xs: Exact[]) => (xs.length === 0 ? null : Exact.sum(xs).div(Exact.whole(xs.length)));
    const meanBefore = mean(mine.map((c) => c.indexBefore!));
    const meanNow = mean(mine.map((c) => c.now.index!));
    return {
      id: g.id,
      title: g.title,
      compared: mine.length,
      meanBefore,
      meanNow,
      meanChange: meanBefore !== null && meanNow !== null ? meanNow.sub(meanBefore) : null,
      up: mine.filter((c) => c.indexChange!.gt(Exact.ZERO)).length,
      down: mine.filter((c) => c.indexChange!.isNegative()).length,
      same: mine.filter((c) => c.indexChange!.isZero()).length,
      rankUp: compared.filter((c) => c.now.group === g.id && (c.rankChange ?? 0) > 0).length,
      rankDown: compared.filter((c) => c.now.group === g.id && (c.rankChange ?? 0) < 0).length,
    };
  });

  return { units: compared, groups, gone: last.units.filter((u) => !used.has(u)).map(standing) };
}
