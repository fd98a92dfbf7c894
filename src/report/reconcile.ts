import type { Exact } from '../core/exact.js';
import type { Report } from '../core/report.js';
import { reconcile, type ReconcileLine, type Reconciliation } from '../audit/reconcile.js';
import { notScored, overrideText } from '../explain/items.js';
import { messageText } from '../explain/messages.js';
import { formatter, type Lang } from '../explain/numbers.js';
import { csvNumber, csvText, type Cell } from './csv.js';
import { messageJson } from './json.js';
import { cell } from './markdown.js';

/**
 * The reconciliation view (`score --view reconcile`): per unit that assessed itself, only the items
 * where the appraised points differ from its claim, largest loss first, each with its reason, and
 * the totals: "tự chấm 85,50 → thẩm định 82,25 (−3,25 trên 5 tiêu chí)". As text, JSON, CSV and
 * Markdown.
 */
export interface ReconcileOptions {
  lang: Lang;
  /** Only this group. */
  group?: string;
}

function reconciliations(report: Report, options: ReconcileOptions): { done: Reconciliation[]; without: string[] } {
  const done: Reconciliation[] = [];
  const without: string[] = [];
  for (const u of report.units) {
    if (options.group !== undefined && u.group !== options.group) continue;
    const r = reconcile(u);
    if (r) done.push(r);
    else without.push(u.unit);
  }
  return { done, without };
}

/** "tự chấm 85,50 → thẩm định 82,25 (−3,25 trên 5 tiêu chí)". */
export function reconcileSummary(r: Reconciliation, lang: Lang, precision: number): string {
  const f = formatter(lang);
  const n = r.lines.length;
  const change = n === 0 ? (lang === 'vi' ? 'khớp' : 'no change') : `${f.signed(r.change, precision)} ${lang === 'vi' ? `trên ${n} tiêu chí` : `on ${n} ${n === 1 ? 'criterion' : 'criteria'}`}`;
  return `${lang === 'vi' ? 'tự chấm' : 'self-assessed'} ${f.num(r.self, precision)} → ${lang === 'vi' ? 'thẩm định' : 'appraised'} ${f.num(r.final, precision)} (${change})`;
}

/** Why the appraised points differ from the claim: the override, else what the rule found. */
export function lineReason(l: ReconcileLine, lang: Lang): string {
  if (l.override) return overrideText(l.computed, l.override, lang);
  const why = l.message ? messageText(l.message, lang) : lang === 'vi' ? 'không có minh chứng' : 'no evidence';
  return l.final === null ? `${notScored(lang)}: ${why}` : why;
}

/** A line's points as they count in the total: a penalty negative, a leaf that does not count "—". */
function shownPoints(l: ReconcileLine, which: Exact | null, lang: Lang): string {
  const f = formatter(lang);
  if (which === null) return notScored(lang);
  if (l.kind === 'leaf' || which.isZero()) return f.num(which);
  return f.signed(l.kind === 'bonus' ? which : which.neg());
}

export function reconcileToText(report: Report, options: ReconcileOptions): string {
  const { lang } = options;
  const f = formatter(lang);
  const { done, without } = reconciliations(report, options);
  const out = [`${lang === 'vi' ? 'Đối chiếu tự chấm với thẩm định' : 'Self-assessment against appraisal'} — ${report.criteria.title}`];
  for (const r of done) {
    out.push('', `${r.unit.name} (${r.unit.unit}): ${reconcileSummary(r, lang, report.criteria.precision)}`);
    for (const l of r.lines) {
      out.push(`  ${l.id} ${l.title}: ${shownPoints(l, l.self, lang)} → ${shownPoints(l, l.final, lang)} (${f.signed(l.change)}) — ${lineReason(l, lang)}`);
    }
  }
  if (without.length > 0) {
    out.push('', lang === 'vi' ? `${without.length} đơn vị không có tự chấm: ${without.join(', ')}` : `${without.length} units without a self-assessment: ${without.join(', ')}`);
  }
  return out.join('\n') + '\n';
}

export function reconcileToJson(report: Report, options: ReconcileOptions): string {
  const { precision } = report.criteria;
  const pts = (x: Exact | null) => (x === null ? null : x.toNumber(precision));
  const { done, without } = reconciliations(report, options);
  const out = {
    format: 'parscore/reconcile@1',
    ...(report.manifest ? { manifest: report.manifest } : {}),
    criteria: { id: report.criteria.id, title: report.criteria.title, year: report.criteria.year, precision },
    units: done.map((r) => ({
      unit: r.unit.unit,
      name: r.unit.name,
      group: r.unit.group,
      self: pts(r.self),
      final: pts(r.final),
      change: pts(r.change),
      claimed: r.claimed,
      changed: r.lines.length,
      items: r.lines.map((l) => ({
        id: l.id,
        title: l.title,
        kind: l.kind,
        self: pts(l.self),
        computed: pts(l.computed),
        final: pts(l.final),
        change: pts(l.change),
        ...(l.status !== undefined ? { status: l.status } : {}),
        ...(l.override ? { override: { points: pts(l.override.points), reason: l.override.reason, ...(l.override.by ? { by: l.override.by } : {}) } } : {}),
        message: l.message ? messageJson(l.message, Math.max(precision, 2)) : null,
        reason: lineReason(l, options.lang),
      })),
    })),
    withoutSelf: without,
  };
  return JSON.stringify(out, null, 2) + '\n';
}

const CSV_HEAD = {
  vi: ['Nhóm', 'Mã đơn vị', 'Tên đơn vị', 'Tiêu chí', 'Tên tiêu chí', 'Điểm tự chấm', 'Điểm theo quy tắc', 'Điểm thẩm định', 'Chênh lệch', 'Lý do', 'Người điều chỉnh'],
  en: ['Group', 'Unit', 'Name', 'Item', 'Title', 'Self-assessed', 'Computed', 'Final', 'Change', 'Reason', 'Overridden by'],
};

/**
 * One row per differing item, and after each unit's rows a total row (item left empty) with the
 * claimed and appraised totals, as an appraisal council's worksheet shows them.
 */
export function reconcileToCsv(report: Report, options: ReconcileOptions): string {
  const { lang } = options;
  const num = csvNumber(lang, report.criteria.precision);
  const signed = (l: ReconcileLine, x: Exact | null) => (x === null ? notScored(lang) : num(l.kind === 'penalty' ? x.neg() : x));
  const rows: Cell[][] = [CSV_HEAD[lang]];
  for (const r of reconciliations(report, options).done) {
    const u = r.unit;
    for (const l of r.lines) {
      rows.push([u.group, u.unit, u.name, l.id, l.title, signed(l, l.self), signed(l, l.computed), signed(l, l.final), num(l.change), lineReason(l, lang), l.override?.by ?? '']);
    }
    const total = lang === 'vi' ? `Tổng (${r.lines.length} tiêu chí khác tự chấm)` : `Total (${r.lines.length} items differ from the claim)`;
    rows.push([u.group, u.unit, u.name, '', total, num(r.self), '', num(r.final), num(r.change), '', '']);
  }
  return csvText(rows, lang);
}

export function reconcileToMarkdown(report: Report, options: ReconcileOptions): string {
  const { lang } = options;
  const f = formatter(lang);
  const head = lang === 'vi' ? ['Tiêu chí', 'Tự chấm', 'Thẩm định', 'Chênh lệch', 'Lý do'] : ['Item', 'Self-assessed', 'Appraised', 'Change', 'Reason'];
  const { done, without } = reconciliations(report, options);
  const out = [`# ${lang === 'vi' ? 'Đối chiếu tự chấm với thẩm định' : 'Self-assessment against appraisal'}: ${cell(report.criteria.title)}`, ''];
  for (const r of done) {
    out.push(`## ${cell(r.unit.name)} (${cell(r.unit.unit)})`, '', `${reconcileSummary(r, lang, report.criteria.precision)}.`, '');
    if (r.lines.length === 0) continue;
    out.push(`| ${head.join(' | ')} |`, '|---|---:|---:|---:|---|');
    for (const l of r.lines) {
      out.push(`| ${cell(`${l.id} ${l.title}`)} | ${shownPoints(l, l.self, lang)} | ${shownPoints(l, l.final, lang)} | ${f.signed(l.change)} | ${cell(lineReason(l, lang))} |`);
    }
    out.push('');
  }
  if (without.length > 0) out.push(lang === 'vi' ? `Không có tự chấm: ${without.join(', ')}.` : `Without a self-assessment: ${without.join(', ')}.`, '');
  return out.join('\n');
}
