import { Chalk, type ChalkInstance } from 'chalk';
import type { Report, UnitResult } from '../core/report.js';
import { formatter, type Lang } from '../explain/numbers.js';
import { unrankedText } from '../explain/messages.js';

export interface TableOptions {
  lang: Lang;
  color: boolean;
  /** Only this group. */
  group?: string;
  /** Only the first N ranked units of each group. */
  top?: number;
}

const WORDS = {
  vi: {
    rank: 'Hạng',
    unit: 'Mã',
    name: 'Đơn vị',
    points: 'Điểm',
    max: 'Tối đa',
    index: 'Chỉ số',
    band: 'Xếp loại',
    units: (n: number, ranked: number) => `${n} đơn vị, ${ranked} được xếp hạng`,
    areas: 'Lĩnh vực',
    more: (n: number) => `… và ${n} đơn vị khác`,
    overridden: (items: number, units: string[]) => `Thẩm định điều chỉnh ${items} mục của ${units.length} đơn vị: ${units.join(', ')} (xem parscore explain --unit)`,
  },
  en: {
    rank: 'Rank',
    unit: 'Unit',
    name: 'Name',
    points: 'Points',
    max: 'Max',
    index: 'Index',
    band: 'Band',
    units: (n: number, ranked: number) => `${n} unit${n === 1 ? '' : 's'}, ${ranked} ranked`,
    areas: 'Areas',
    more: (n: number) => `… and ${n} more`,
    overridden: (items: number, units: string[]) => `Changed on appraisal: ${items} items of ${units.length} units: ${units.join(', ')} (see parscore explain --unit)`,
  },
};

/**
 * The ranking for a terminal: per group, rank, unit, points, max, index, band and each area's
 * points, aligned in columns. Colour only when asked (a terminal without NO_COLOR).
 */
export function reportToTable(report: Report, options: TableOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const w = WORDS[options.lang];
  const f = formatter(options.lang);
  const { precision, indexPrecision } = report.criteria;
  const areas = report.units[0]?.nodes.filter((n) => n.depth === 0) ?? [];
  const out: string[] = [c.bold(report.criteria.title)];

  for (const group of report.groups) {
    if (options.group !== undefined && group.id !== options.group) continue;
    const units = report.units.filter((u) => u.group === group.id);
    out.push('', c.bold(`${group.title} (${group.id})`) + c.dim(` — ${w.units(units.length, group.ranking.length)}`));
    const ranked = units.filter((u) => u.status === 'ranked');
    const shown = options.top === undefined ? ranked : ranked.slice(0, options.top);
    const bandOrder = [...new Set(ranked.map((u) => u.band))];
    const rows: Array<{ cells: string[]; unit: UnitResult }> = [...shown, ...(options.top === undefined ? units.filter((u) => u.status !== 'ranked') : [])].map((u) => ({
      unit: u,
      cells: [
        u.rank === null ? '—' : `${u.rank}${u.tied ? '=' : ''}`,
        u.unit,
        shortName(u.name),
        f.num(u.points, precision),
        f.num(u.max, precision),
        u.index === null ? '—' : f.num(u.index, indexPrecision),
        u.status === 'ranked' ? (u.band ?? '') : unrankedText(u.status, options.lang),
        ...areas.map((a) => {
          const n = u.nodes.find((x) => x.id === a.id)!;
          return n.max.isZero() ? '—' : f.num(n.points, precision);
        }),
      ],
    }));
    const head = [w.rank, w.unit, w.name, w.points, w.max, w.index, w.band, ...areas.map((a) => a.id)];
    const right = new Set([0, 3, 4, 5, ...areas.map((_, i) => 7 + i)]);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i]!.length)));
    const line = (cells: string[], paintBand: (s: string) => string = (s) => s) =>
      cells
        .map((cell, i) => {
          const padded = right.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!);
          return i === 6 ? paintBand(padded) : padded;
        })
        .join('  ')
        .trimEnd();
    out.push(c.dim(line(head)));
    for (const r of rows) {
      out.push(r.unit.status === 'ranked' ? line(r.cells, bandColour(c, bandOrder.indexOf(r.unit.band))) : c.dim(line(r.cells)));
    }
    if (shown.length < ranked.length) out.push(c.dim(w.more(units.length - shown.length)));
  }
  if (areas.length > 0) out.push('', c.dim(`${w.areas}: ${areas.map((a) => `${a.id} ${a.title}`).join('; ')}`));
  // The table shows no leaves, so it says which units' points include an appraiser's change.
  const overrides = report.units.map((u) => ({ unit: u.unit, n: [...u.items, ...u.adjustments].filter((i) => i.override).length })).filter((o) => o.n > 0);
  if (overrides.length > 0) out.push(c.dim(w.overridden(overrides.reduce((n, o) => n + o.n, 0), overrides.map((o) => o.unit))));
  return out.join('\n') + '\n';
}

/**
 * A name on one line of the table: a line break typed in the units file would split the row, and a
 * long official name ("Ban Quản lý dự án đầu tư xây dựng các công trình …") would push the numbers
 * off the screen.
 */
function shortName(name: string): string {
  const line = name.replace(/\s+/g, ' ').trim();
  return line.length > 40 ? line.slice(0, 39) + '…' : line;
}

/** A band's colour by its place among the group's bands: the best green, down to red. */
function bandColour(c: ChalkInstance, place: number): (s: string) => string {
  return [c.green, c.cyan, c.blue, c.yellow, c.red][Math.min(Math.max(place, 0), 4)]!;
}
