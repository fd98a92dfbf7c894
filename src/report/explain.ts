import { Chalk } from 'chalk';
import type { ItemResult, NodeResult, Report, UnitResult } from '../core/report.js';
import { adjustmentSentence, citation, derivedSample, itemSentence } from '../explain/items.js';
import { statusText, unrankedText } from '../explain/messages.js';
import type { Exact } from '../core/exact.js';
import { formatter, type Formatter, type Lang } from '../explain/numbers.js';
import { reconcile } from '../audit/reconcile.js';
import { reconcileSummary } from './reconcile.js';

export interface ExplainOptions {
  lang: Lang;
  color: boolean;
  /** Lost points first within each area (default), or the tree's own order. */
  order: 'lost' | 'tree';
  /** One leaf or criterion only. */
  item?: string;
}

const WORDS = {
  vi: {
    group: 'nhóm',
    points: 'Điểm',
    index: 'chỉ số',
    rank: 'hạng',
    band: 'xếp loại',
    adjustments: 'Điểm thưởng, điểm trừ',
    total: 'Tổng',
    self: 'tự chấm',
    evidence: 'Minh chứng',
    data: 'Dữ liệu',
    status: 'Trạng thái',
    value: 'Giá trị',
    note: 'Ghi chú',
    column: 'cột',
    override: 'Thẩm định',
    computed: 'theo quy tắc',
    by: 'người điều chỉnh',
  },
  en: {
    group: 'group',
    points: 'Points',
    index: 'index',
    rank: 'rank',
    band: 'band',
    adjustments: 'Bonus and penalty points',
    total: 'Total',
    self: 'self-assessed',
    evidence: 'Evidence',
    data: 'Data',
    status: 'Status',
    value: 'Value',
    note: 'Note',
    column: 'column',
    override: 'Appraisal',
    computed: 'computed',
    by: 'by',
  },
};

/**
 * One unit's derivation, leaf by leaf, grouped by area, with area totals and a last line whose
 * terms add up on screen to the unit's points: what an appraisal council reads line by line.
 */
export function unitExplanation(report: Report, u: UnitResult, options: ExplainOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const w = WORDS[options.lang];
  const f = formatter(options.lang);
  const { precision, indexPrecision } = report.criteria;
  const group = report.groups.find((g) => g.id === u.group);
  const out: string[] = [c.bold(`${u.name} (${u.unit})`) + c.dim(` — ${w.group} ${group?.title ?? u.group}`)];
  const standing =
    u.status === 'ranked'
      ? `${w.index} ${f.num(u.index!, indexPrecision)} · ${w.rank} ${u.rank}${u.tied ? '=' : ''}/${group?.ranking.length ?? 0}${u.band ? ` · ${w.band} ${u.band}` : ''}`
      : unrankedText(u.status, options.lang);
  out.push(`${w.points} ${f.num(u.points, precision)}/${f.num(u.max, precision)} · ${standing}`);
  const claims = reconcile(u);
  if (claims) out.push(c.dim(capitalise(reconcileSummary(claims, options.lang, precision))));

  if (options.item !== undefined) return [...out, '', ...itemDetail(u, options.item, options.lang, precision)].join('\n') + '\n';

  const areas = u.nodes.filter((n) => n.depth === 0);
  const byArea = new Map<string, ItemResult[]>(areas.map((a) => [a.id, []]));
  // A leaf at the top of the tree is its own area.
  for (const item of u.items) byArea.get(item.parents[0] ?? item.id)!.push(item);
  for (const area of areas) {
    out.push('', c.bold(nodeLine(area, options.lang, precision)));
    const items = [...byArea.get(area.id)!];
    if (options.order === 'lost') items.sort((a, b) => b.deduction.cmp(a.deduction));
    for (const item of items) {
      const line = `  ${itemSentence(item, options.lang)}`;
      out.push(item.deduction.isZero() ? line : c.yellow(line));
    }
  }
  const adjustments = u.adjustments.filter((a) => a.message !== null || a.override);
  if (adjustments.length > 0) {
    out.push('', c.bold(w.adjustments));
    for (const a of adjustments) out.push(`  ${adjustmentSentence(a, options.lang)}`);
  }
  const terms = [
    ...areas.map((a, i) => (i === 0 ? f.num(a.points, precision) : signedTerm(f, a.points, precision))),
    ...adjustments.map((a) => signedTerm(f, a.kind === 'bonus' ? a.final : a.final.neg(), precision)),
  ];
  out.push('', c.bold(`${w.total}: ${terms.join(' ')} = ${f.num(u.points, precision)}/${f.num(u.max, precision)}`));
  return out.join('\n') + '\n';
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "+ 4,50" or "− 1,00": a term of the total line. */
function signedTerm(f: Formatter, x: Exact, places: number): string {
  return `${x.isNegative() ? '−' : '+'} ${f.num(x.abs(), places)}`;
}

function nodeLine(n: NodeResult, lang: Lang, precision: number): string {
  const f = formatter(lang);
  const lost = n.max.sub(n.points);
  return `${n.id} ${n.title}: ${f.num(n.points, precision)}/${f.num(n.max, precision)}${lost.isZero() ? '' : ` (${f.signed(lost.neg(), precision)})`}`;
}

/** Everything about one leaf (or a criterion's leaves): value, document, places, self, override. */
function itemDetail(u: UnitResult, id: string, lang: Lang, precision: number): string[] {
  const w = WORDS[lang];
  const f = formatter(lang);
  const node = u.nodes.find((n) => n.id === id && !n.leaf);
  const items = u.items.filter((i) => (node ? i.parents.includes(id) : i.id === id));
  const out: string[] = node ? [nodeLine(node, lang, precision), ''] : [];
  for (const i of items) {
    out.push(itemSentence(i, lang));
    out.push(`  ${w.status}: ${statusText(i.status, lang)}`);
    if (i.written !== undefined) out.push(`  ${w.value}: ${i.written}`);
    if (i.self !== undefined) out.push(`  ${w.self}: ${f.num(i.self)}${i.selfNote ? ` (${i.selfNote})` : ''}`);
    if (i.override) {
      const o = i.override;
      out.push(`  ${w.override}: ${f.num(i.final)} (${w.computed} ${f.num(i.points)}) — ${o.reason}${o.by ? `; ${w.by}: ${o.by}` : ''} [${citation([o.evidence], undefined, lang)}]`);
    }
    if (i.note !== undefined) out.push(`  ${w.note}: ${i.note}`);
    for (const p of i.evidence) out.push(`  ${w.evidence}: ${citation([p], undefined, lang)}, ${w.column} ${p.column}${p.header ? ` (${p.header})` : ''}`);
    if (i.source) out.push(`  ${w.evidence}: ${i.source}`);
    if (i.derived) out.push(`  ${w.data}: ${derivedSample(i.derived, lang, { method: true })}`);
  }
  return out;
}
