import { Exact } from '../core/exact.js';
import type { DecisiveChange, GroupRobustness, Robustness, UnitRobustness } from '../audit/robustness.js';
import { formatter, type Lang } from '../explain/numbers.js';
import { cell } from './markdown.js';

/**
 * How firm the ranking is (`parscore robustness`), for the council (text, Markdown) and for
 * auditors (`parscore/robustness@1` JSON); html.ts and xlsx.ts add the same figures to the report
 * as the section "Độ vững của xếp hạng". Numbers are shown at the criteria's index precision.
 */
export interface RobustnessView {
  lang: Lang;
  /** Units whose next band's minimum is at most this many index points away are "within reach". */
  reach: Exact;
}

const WORDS = {
  vi: {
    title: 'Độ vững của xếp hạng',
    draws: (n: string, seed: number, list: string) => `${n} lượt rút mẫu lại (hạt giống ${seed}) các chỉ tiêu tính từ mẫu: ${list}.`,
    interval: 'Khoảng hạng 90%: 90% số lượt rút mẫu lại cho hạng trong khoảng này (luôn chứa hạng hiện tại).',
    noDraws: (why: 'none' | 'zero'): string =>
      why === 'zero'
        ? 'Không rút mẫu lại (--draws 0): khoảng hạng là chính hạng hiện tại.'
        : 'Không có chỉ tiêu nào tính từ mẫu (tỷ lệ, trung bình của tệp --records) để rút mẫu lại: khoảng hạng là chính hạng hiện tại.',
    notRedrawn: (list: string) => `Không rút mẫu lại được (số quá lớn để tính chính xác): ${list}.`,
    units: (n: number) => `${n} đơn vị được xếp hạng`,
    unranked: (n: number) => `, ${n} chưa xếp hạng`,
    head: ['Hạng', 'Khoảng 90%', 'Đơn vị', 'Chỉ số', 'Xếp loại', 'Cách trên', 'Cách dưới', 'Còn thiếu lên loại', 'Khả năng xếp loại'],
    reach: (r: string) => `Đơn vị sát mức loại trên (thiếu không quá ${r} điểm chỉ số)`,
    noneInReach: 'Không có đơn vị nào.',
    needs: (gap: string, label: string, min: string) => `thiếu ${gap} điểm chỉ số để đạt ${label} (${min})`,
    decisive: 'Thay đổi quyết định thứ hạng, xếp loại',
    examined: (o: number, c: number, d: number) =>
      `Xét riêng từng thay đổi: ${o} điều chỉnh thẩm định (bỏ điều chỉnh) và ${c} điểm tự chấm khác điểm cuối cùng (giữ điểm tự chấm); ${d} thay đổi làm đổi hạng hoặc xếp loại.`,
    noneDecisive: 'Không thay đổi nào, nếu hoàn lại riêng, làm đổi hạng hay xếp loại của đơn vị nào.',
    override: (from: string, to: string) => `thẩm định điều chỉnh từ ${to} xuống ${from}`,
    overrideUp: (from: string, to: string) => `thẩm định điều chỉnh từ ${to} lên ${from}`,
    claim: (from: string, to: string) => `tự chấm ${to}, điểm cuối cùng ${from}`,
    ifOverride: (to: string) => `Nếu bỏ điều chỉnh (${to} điểm)`,
    ifClaim: (to: string) => `Nếu giữ điểm tự chấm (${to} điểm)`,
    rank: 'hạng',
    band: 'xếp loại',
    none: 'không xếp loại',
    notRanked: 'không xếp hạng',
    moves: 'đổi hạng',
    reason: 'lý do',
    note: 'ghi chú',
    chance: (band: string, p: string) => `${band} ${p}`,
    unrankedChance: 'chưa xếp hạng',
    decisiveHead: ['Đơn vị', 'Tiêu chí', 'Thay đổi', 'Điểm hiện tại', 'Nếu hoàn lại', 'Hạng', 'Xếp loại', 'Đơn vị đổi hạng', 'Lý do'],
    kind: { override: 'Điều chỉnh thẩm định', claim: 'Điểm tự chấm' },
  },
  en: {
    title: 'How firm the ranking is',
    draws: (n: string, seed: number, list: string) => `${n} draws (seed ${seed}) of the indicators estimated from samples: ${list}.`,
    interval: '90% rank interval: 90% of the draws ranked the unit within it (it always holds the rank as scored).',
    noDraws: (why: 'none' | 'zero'): string =>
      why === 'zero'
        ? 'Nothing redrawn (--draws 0): each interval is the rank as scored.'
        : 'No indicator is estimated from a sample (a share or mean from --records files): each interval is the rank as scored.',
    notRedrawn: (list: string) => `Not redrawn (numbers too large to add exactly): ${list}.`,
    units: (n: number) => `${n} ranked unit${n === 1 ? '' : 's'}`,
    unranked: (n: number) => `, ${n} not ranked`,
    head: ['Rank', '90% interval', 'Unit', 'Index', 'Band', 'Gap above', 'Gap below', 'To next band', 'Band chances'],
    reach: (r: string) => `Units within ${r} index points of the next band`,
    noneInReach: 'None.',
    needs: (gap: string, label: string, min: string) => `${gap} index points short of ${label} (${min})`,
    decisive: 'Changes that decide a rank or band',
    examined: (o: number, c: number, d: number) => `Each change taken alone: ${o} overrides (reverted) and ${c} claims that differ from the final points (put back); ${d} move a rank or band.`,
    noneDecisive: 'No change, put back alone, moves any rank or band.',
    override: (from: string, to: string) => `lowered on appraisal from ${to} to ${from}`,
    overrideUp: (from: string, to: string) => `raised on appraisal from ${to} to ${from}`,
    claim: (from: string, to: string) => `claimed ${to}, final ${from}`,
    ifOverride: (to: string) => `Reverted (${to} points)`,
    ifClaim: (to: string) => `With the claim (${to} points)`,
    rank: 'rank',
    band: 'band',
    none: 'no band',
    notRanked: 'not ranked',
    moves: 'also moves',
    reason: 'reason',
    note: 'note',
    chance: (band: string, p: string) => `${band} ${p}`,
    unrankedChance: 'not ranked',
    decisiveHead: ['Unit', 'Criterion', 'Change', 'Points now', 'Put back', 'Rank', 'Band', 'Units moved', 'Reason'],
    kind: { override: 'Override', claim: 'Claim' },
  },
};

export type Words = (typeof WORDS)['vi'];

export function robustnessWords(lang: Lang): Words {
  return WORDS[lang];
}

/** The figures of one unit as the views show them. */
export interface UnitRow {
  rank: string;
  interval: string;
  name: string;
  index: string;
  band: string;
  gapAbove: string;
  gapBelow: string;
  toNext: string;
  chances: string;
}

export function unitRow(r: Robustness, u: UnitRobustness, lang: Lang): UnitRow {
  const f = formatter(lang);
  const p = r.criteria.indexPrecision;
  const gap = (x: Exact | null) => (x === null ? '—' : f.num(x, p));
  return {
    rank: `${u.rank}${u.tied ? '=' : ''}`,
    interval: u.rankInterval[0] === u.rankInterval[1] ? String(u.rank) : `${u.rankInterval[0]}–${u.rankInterval[1]}`,
    name: u.name,
    index: f.num(u.index, p),
    band: u.band ?? WORDS[lang].none,
    gapAbove: gap(u.gapAbove),
    gapBelow: gap(u.gapBelow),
    toNext: u.nextBand ? `${f.num(u.nextBand.gap, p)} → ${u.nextBand.label}` : '—',
    chances: chances(r, u, lang),
  };
}

/** "Xuất sắc 87%, Tốt 13%": the share of draws in each band; "—" without draws. */
export function chances(r: Robustness, u: UnitRobustness, lang: Lang): string {
  if (r.draws === 0) return '—';
  const w = WORDS[lang];
  const parts = u.bandDraws.map((b) => w.chance(b.band ?? w.none, percent(b.draws, r.draws, lang)));
  if (u.unrankedDraws > 0) parts.push(w.chance(w.unrankedChance, percent(u.unrankedDraws, r.draws, lang)));
  return parts.join(', ');
}

/** A share of the draws as a whole percent; "<1%" rather than a 0% that happened. */
function percent(count: number, of: number, lang: Lang): string {
  const p = Exact.of(count * 100, of);
  if (p.lt(Exact.ONE)) return '<1%';
  if (count < of && p.round(0).eq(Exact.HUNDRED)) return '>99%';
  return `${formatter(lang).num(p, 0)}%`;
}

/** The units within `reach` of their next band, the nearest first. */
export function withinReach(g: GroupRobustness, reach: Exact): UnitRobustness[] {
  return g.units.filter((u) => u.nextBand !== null && u.nextBand.gap.lte(reach)).sort((a, b) => a.nextBand!.gap.cmp(b.nextBand!.gap) || a.rank - b.rank);
}

/** What a decisive change is, in words: the change and its reason, then what putting it back does. */
export function changeText(r: Robustness, c: DecisiveChange, lang: Lang, names: ReadonlyMap<string, string>): { change: string; effect: string; reason: string } {
  const w = WORDS[lang];
  const f = formatter(lang);
  const pts = (x: Exact) => f.num(x, r.criteria.precision);
  const change = c.kind === 'claim' ? w.claim(pts(c.from), pts(c.to)) : c.from.lt(c.to) ? w.override(pts(c.from), pts(c.to)) : w.overrideUp(pts(c.from), pts(c.to));
  const rank = (x: number | null) => (x === null ? w.notRanked : String(x));
  const band = (x: string | null) => x ?? w.none;
  const moved = c.moves.map((m) => names.get(m) ?? m);
  const effect =
    `${c.kind === 'claim' ? w.ifClaim(pts(c.to)) : w.ifOverride(pts(c.to))}: ${w.rank} ${rank(c.rank[0])} → ${rank(c.rank[1])}, ${w.band} ${band(c.band[0])} → ${band(c.band[1])}` +
    (moved.length > 0 ? `; ${w.moves}: ${f.list(moved)}` : '');
  const reason = [c.reason, c.by].filter((s) => s !== undefined && s !== '').join(' — ');
  return { change, effect, reason };
}

/** What was redrawn (or why nothing was), and what the interval means. */
export function robustnessHeader(r: Robustness, lang: Lang): string[] {
  const w = WORDS[lang];
  const f = formatter(lang);
  const lines: string[] = [];
  if (r.draws > 0) {
    const bySource = new Map<string, string[]>();
    for (const s of r.redrawn) bySource.set(s.source, [...(bySource.get(s.source) ?? []), s.indicator]);
    lines.push(w.draws(f.num(r.draws), r.seed, [...bySource].map(([source, list]) => `${list.join(', ')} (${source})`).join('; ')), w.interval);
  } else lines.push(w.noDraws(r.redrawn.length > 0 ? 'zero' : 'none'));
  if (r.notRedrawn.length > 0) lines.push(w.notRedrawn(r.notRedrawn.map((s) => `${s.indicator} (${s.source})`).join(', ')));
  return lines;
}

/**
 * Where a rank and its interval fall among a group's ranks, drawn on one line: ─ the interval,
 * ● the rank, · the other places (several ranks to a character in a large group).
 */
export function rankStrip(u: UnitRobustness, ranked: number, width = 30): string {
  const cells = Math.min(ranked, width);
  const at = (rank: number) => Math.floor(((rank - 1) * cells) / ranked);
  const [lo, hi] = [at(u.rankInterval[0]), at(u.rankInterval[1])];
  const me = at(u.rank);
  let s = '';
  for (let i = 0; i < cells; i++) s += i === me ? '●' : i >= lo && i <= hi ? '─' : '·';
  return s;
}

/** For the council on a terminal: per group each rank with its interval and chances, the units near a band, the decisive changes. */
export function robustnessToText(r: Robustness, view: RobustnessView): string {
  const w = WORDS[view.lang];
  const f = formatter(view.lang);
  const out = [`${w.title} — ${r.criteria.title}`, ...robustnessHeader(r, view.lang)];
  const names = namesOf(r);
  for (const g of r.groups) {
    out.push('', `${g.title} (${g.id}) — ${w.units(g.units.length)}${g.unranked.length > 0 ? w.unranked(g.unranked.length) : ''}`);
    if (g.units.length === 0) continue;
    const rows = g.units.map((u) => ({ u, row: unitRow(r, u, view.lang) }));
    const cells = rows.map(({ u, row }) => [row.rank, row.interval, shortName(row.name), row.index, row.band, row.gapAbove, row.gapBelow, row.toNext, rankStrip(u, g.units.length), row.chances]);
    const head = [...w.head.slice(0, 8), '', w.head[8]!];
    const right = new Set([0, 1, 3, 5, 6]);
    const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
    const line = (c: string[]) =>
      c
        .map((x, i) => (right.has(i) ? x.padStart(widths[i]!) : x.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd();
    out.push(line(head), ...cells.map(line));
    const near = withinReach(g, view.reach);
    out.push('', `${w.reach(f.num(view.reach))}:`);
    if (near.length === 0) out.push(`  ${w.noneInReach}`);
    for (const u of near) out.push(`  ${u.name} (${u.unit}): ${f.num(u.index, r.criteria.indexPrecision)}, ${w.needs(f.num(u.nextBand!.gap, r.criteria.indexPrecision), u.nextBand!.label, f.num(u.nextBand!.min))}`);
  }
  out.push('', `${w.decisive}:`, w.examined(r.examined.overrides, r.examined.claims, r.decisive.length));
  if (r.decisive.length === 0) out.push(`  ${w.noneDecisive}`);
  for (const c of r.decisive) {
    const t = changeText(r, c, view.lang, names);
    out.push(`  ${c.name} (${c.unit}) — ${c.item} ${c.title}: ${t.change}${t.reason ? ` (${t.reason})` : ''}`, `    ${t.effect}`);
  }
  return out.join('\n') + '\n';
}

/** The same as Markdown, to paste into the council's minutes. */
export function robustnessToMarkdown(r: Robustness, view: RobustnessView): string {
  const w = WORDS[view.lang];
  const f = formatter(view.lang);
  const out = [`# ${w.title} — ${cell(r.criteria.title)}`, '', ...robustnessHeader(r, view.lang).map(cell), ''];
  const names = namesOf(r);
  for (const g of r.groups) {
    out.push(`## ${cell(g.title)}`, '', `${w.units(g.units.length)}${g.unranked.length > 0 ? w.unranked(g.unranked.length) : ''}.`, '');
    if (g.units.length === 0) continue;
    out.push(`| ${w.head.join(' | ')} |`, `|${w.head.map((_, i) => (i === 2 || i === 4 || i === 7 || i === 8 ? '---' : '---:')).join('|')}|`);
    for (const u of g.units) {
      const row = unitRow(r, u, view.lang);
      out.push(`| ${[row.rank, row.interval, `${cell(row.name)} (${cell(u.unit)})`, row.index, cell(row.band), row.gapAbove, row.gapBelow, cell(row.toNext), cell(row.chances)].join(' | ')} |`);
    }
    out.push('', `### ${w.reach(f.num(view.reach))}`, '');
    const near = withinReach(g, view.reach);
    if (near.length === 0) out.push(w.noneInReach);
    for (const u of near) out.push(`- ${cell(u.name)} (${cell(u.unit)}): ${f.num(u.index, r.criteria.indexPrecision)}, ${cell(w.needs(f.num(u.nextBand!.gap, r.criteria.indexPrecision), u.nextBand!.label, f.num(u.nextBand!.min)))}`);
    out.push('');
  }
  out.push(`## ${w.decisive}`, '', w.examined(r.examined.overrides, r.examined.claims, r.decisive.length), '');
  if (r.decisive.length === 0) out.push(w.noneDecisive);
  for (const c of r.decisive) {
    const t = changeText(r, c, view.lang, names);
    out.push(`- **${cell(c.name)}** (${cell(c.unit)}) — ${cell(`${c.item} ${c.title}`)}: ${cell(t.change)}${t.reason ? ` (${cell(t.reason)})` : ''}. ${cell(t.effect)}.`);
  }
  return out.join('\n') + '\n';
}

/**
 * `parscore/robustness@1`: the keys the design fixes, in its order, then the ones beside them.
 * Numbers at their shown precision; the same inputs and seed give the same bytes. The document is
 * indented, and each unit and each decisive change is one line of compact JSON, given out one at a
 * time: a national run lists thousands of changes, each with the units it moves.
 */
export function* robustnessJsonChunks(r: Robustness): Generator<string> {
  const { precision, indexPrecision } = r.criteria;
  const idx = (x: Exact | null) => (x === null ? null : x.toNumber(indexPrecision));
  const pts = (x: Exact) => x.toNumber(precision);
  const unit = (u: UnitRobustness) => ({
    unit: u.unit,
    group: u.group,
    rank: u.rank,
    band: u.band,
    index: idx(u.index),
    gap_above: idx(u.gapAbove),
    gap_below: idx(u.gapBelow),
    to_next_band: u.nextBand ? idx(u.nextBand.gap) : null,
    rank_interval: u.rankInterval,
    name: u.name,
    tied: u.tied,
    next_band: u.nextBand ? { label: u.nextBand.label, min: Number(u.nextBand.min.toString()) } : null,
    band_probability: r.draws === 0 ? null : Object.fromEntries(u.bandDraws.map((b) => [b.band ?? '', Exact.of(b.draws, r.draws).toNumber(4)])),
    unranked_probability: r.draws === 0 ? null : Exact.of(u.unrankedDraws, r.draws).toNumber(4),
  });
  const change = (c: DecisiveChange) => ({
    unit: c.unit,
    item: c.item,
    kind: c.kind,
    from: pts(c.from),
    to: pts(c.to),
    rank: c.rank,
    band: c.band,
    moves: c.moves,
    title: c.title,
    group: c.group,
    reason: c.reason ?? null,
    by: c.by ?? null,
  });
  const doc = {
    format: r.format,
    ...(r.manifest ? { manifest: r.manifest } : {}),
    criteria: { id: r.criteria.id, title: r.criteria.title, year: r.criteria.year },
    draws: r.draws,
    seed: r.seed,
    redrawn: r.redrawn,
    not_redrawn: r.notRedrawn,
    units: LIST,
    unranked: r.groups.flatMap((g) => g.unranked.map((u) => ({ unit: u, group: g.id }))),
    decisive: LIST,
    examined: r.examined,
  };
  const [head, middle, tail] = JSON.stringify(doc, null, 2).split(JSON.stringify(LIST)) as [string, string, string];
  yield head;
  yield* list(r.groups.flatMap((g) => g.units).map((u) => () => unit(u)));
  yield middle;
  yield* list(r.decisive.map((c) => () => change(c)));
  yield `${tail}
`;
}

/** A JSON list, an item to a line, each made as it is written. */
function* list(items: ReadonlyArray<() => unknown>): Generator<string> {
  if (items.length === 0) {
    yield '[]';
    return;
  }
  yield '[\n';
  for (const [i, item] of items.entries()) yield `${i === 0 ? '' : ',\n'}    ${JSON.stringify(item())}`;
  yield '\n  ]';
}

/** Where the lists go in the document; no text can contain it (JSON escapes NUL). */
const LIST = '\u0000list\u0000';

/** Every unit's name by id, for the units a change moves. */
export function namesOf(r: Robustness): Map<string, string> {
  return new Map(r.groups.flatMap((g) => g.units.map((u) => [u.unit, u.name] as const)));
}

function shortName(name: string): string {
  const line = name.replace(/\s+/g, ' ').trim();
  return line.length > 40 ? line.slice(0, 39) + '…' : line;
}

