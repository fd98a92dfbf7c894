import type { Comparison, Standing, UnitComparison } from '../audit/compare.js';
import type { CriteriaDiff } from '../audit/diff-criteria.js';
import type { Exact } from '../core/exact.js';
import { formatter, type Formatter, type Lang } from '../explain/numbers.js';
import { diffJson, diffSections, noRules } from './diff-criteria.js';

/** What was compared: the two reports, their criteria, and the leaves that changed between them. */
export interface CompareContext {
  last: { file: string; criteria: string };
  now: { file: string; criteria: string };
  /** Decimal places of the index. */
  places: number;
  /** When the criteria differ (compared with --allow-different-criteria). */
  criteriaDiff?: CriteriaDiff;
}

const WORDS = {
  vi: {
    title: (c: CompareContext) => `So sánh kết quả ${c.last.file} → ${c.now.file}`,
    criteria: (c: CompareContext) => `Bộ tiêu chí khác nhau: ${c.last.criteria} → ${c.now.criteria} (vẫn so sánh theo --allow-different-criteria). Các tiêu chí thay đổi:`,
    unchanged: 'Không tiêu chí thành phần nào thay đổi.',
    group: (n: number) => `${n} đơn vị so sánh được`,
    mean: 'chỉ số bình quân',
    counts: (up: number, down: number, same: number) => `tăng ${up}, giảm ${down}, không đổi ${same}`,
    ranks: (up: number, down: number) => `lên hạng ${up}, xuống hạng ${down}`,
    pp: 'điểm',
    rank: 'hạng',
    places: (n: number) => (n > 0 ? `tăng ${n} bậc` : n < 0 ? `giảm ${-n} bậc` : 'giữ nguyên'),
    merged: (list: string) => `ghép từ ${list}: bình quân chỉ số các đơn vị cũ`,
    notFound: (list: string) => `không có trong kết quả kỳ trước: ${list}`,
    fresh: 'mới, không có kết quả kỳ trước',
    unranked: 'chưa xếp hạng',
    gone: 'Không còn trong kỳ này',
  },
  en: {
    title: (c: CompareContext) => `Results ${c.last.file} → ${c.now.file}`,
    criteria: (c: CompareContext) => `Different criteria: ${c.last.criteria} → ${c.now.criteria} (compared anyway, --allow-different-criteria). The leaves that changed:`,
    unchanged: 'No leaf changed.',
    group: (n: number) => `${n} unit${n === 1 ? '' : 's'} compared`,
    mean: 'mean index',
    counts: (up: number, down: number, same: number) => `${up} up, ${down} down, ${same} unchanged`,
    ranks: (up: number, down: number) => `${up} up in rank, ${down} down`,
    pp: 'pp',
    rank: 'rank',
    places: (n: number) => (n > 0 ? `up ${n}` : n < 0 ? `down ${-n}` : 'unchanged'),
    merged: (list: string) => `merged from ${list}: the mean of their indices`,
    notFound: (list: string) => `not in the last results: ${list}`,
    fresh: 'new, no result last time',
    unranked: 'unranked',
    gone: 'No longer there',
  },
};

function indexText(x: Exact | null, f: Formatter, places: number, lang: Lang): string {
  return x === null ? WORDS[lang].unranked : f.num(x, places);
}

/** "64,55, hạng 3, Trung bình". */
function standingText(s: Standing, f: Formatter, places: number, lang: Lang): string {
  const w = WORDS[lang];
  return [indexText(s.index, f, places, lang), ...(s.rank !== null ? [`${w.rank} ${s.rank}`] : []), ...(s.band ? [s.band] : [])].join(', ');
}

function unitLine(c: UnitComparison, f: Formatter, places: number, lang: Lang): string {
  const w = WORDS[lang];
  const head = `${c.now.unit} ${c.now.name}: `;
  const notes = [
    ...(c.merged && c.before.length > 0 ? [w.merged(c.before.map((b) => `${b.unit} (${standingText(b, f, places, lang)})`).join(', '))] : []),
    ...(c.missing.length > 0 ? [w.notFound(c.missing.join(', '))] : []),
  ];
  if (c.before.length === 0) return head + [standingText(c.now, f, places, lang), w.fresh, ...notes].join(' — ');
  const parts = [
    `${indexText(c.indexBefore, f, places, lang)} → ${indexText(c.now.index, f, places, lang)}${c.indexChange ? ` (${f.signed(c.indexChange, places)} ${w.pp})` : ''}`,
    ...(c.rankChange !== null ? [`${w.rank} ${c.before[0]!.rank} → ${c.now.rank} (${w.places(c.rankChange)})`] : []),
    ...(c.bandChange ? [`${c.bandChange.from ?? '—'} → ${c.bandChange.to ?? '—'}`] : []),
  ];
  return head + parts.join('; ') + (notes.length > 0 ? ` — ${notes.join('; ')}` : '');
}

export function compareToText(cmp: Comparison, ctx: CompareContext, lang: Lang): string {
  const w = WORDS[lang];
  const f = formatter(lang);
  const { places } = ctx;
  const out = [w.title(ctx)];
  if (ctx.criteriaDiff) {
    const sections = diffSections(ctx.criteriaDiff, lang);
    out.push('', w.criteria(ctx));
    for (const s of sections) out.push(`  ${s.heading} (${s.lines.length}):`, ...s.lines.map((l) => `    ${l}`));
    if (sections.length === 0) out.push(`  ${w.unchanged}`);
    if (!ctx.criteriaDiff.rulesCompared) out.push(`  ${noRules(lang)}`);
  }
  for (const g of cmp.groups) {
    const mean = g.meanBefore !== null && g.meanNow !== null ? ` · ${w.mean} ${f.num(g.meanBefore, places)} → ${f.num(g.meanNow, places)} (${f.signed(g.meanChange!, places)} ${w.pp})` : '';
    out.push('', `${g.title} (${g.id}): ${w.group(g.compared)}${mean} · ${w.counts(g.up, g.down, g.same)} · ${w.ranks(g.rankUp, g.rankDown)}`);
    for (const c of cmp.units.filter((u) => u.now.group === g.id)) out.push(`  ${unitLine(c, f, places, lang)}`);
  }
  if (cmp.gone.length > 0) out.push('', `${w.gone}: ${cmp.gone.map((s) => `${s.unit} ${s.name} (${s.group}, ${standingText(s, f, places, lang)})`).join('; ')}`);
  return out.join('\n') + '\n';
}

export function compareToJson(cmp: Comparison, ctx: CompareContext): string {
  const n = (x: Exact | null) => (x === null ? null : x.toNumber(ctx.places));
  const standing = (s: Standing) => ({ unit: s.unit, name: s.name, group: s.group, index: n(s.index), rank: s.rank, band: s.band });
  const out = {
    format: 'parscore/compare@1',
    last: ctx.last,
    this: ctx.now,
    criteriaChanged: ctx.criteriaDiff ? diffJson(ctx.criteriaDiff) : null,
    groups: cmp.groups.map((g) => ({
      id: g.id,
      title: g.title,
      compared: g.compared,
      meanLast: n(g.meanBefore),
      meanThis: n(g.meanNow),
      meanChange: n(g.meanChange),
      up: g.up,
      down: g.down,
      same: g.same,
      rankUp: g.rankUp,
      rankDown: g.rankDown,
    })),
    units: cmp.units.map((c) => ({
      ...standing(c.now),
      last: c.before.length === 0 ? null : { index: n(c.indexBefore), ...(c.before.length === 1 ? { rank: c.before[0]!.rank, band: c.before[0]!.band } : {}) },
      indexChange: n(c.indexChange),
      rankChange: c.rankChange,
      bandChange: c.bandChange ?? null,
      ...(c.merged ? { predecessors: c.before.map(standing), missingPredecessors: c.missing } : {}),
    })),
    gone: cmp.gone.map(standing),
  };
  return JSON.stringify(out, null, 2) + '\n';
}
