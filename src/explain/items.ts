import { Exact } from '../core/exact.js';
import type { DerivedInfo, ExclusionReason, Override, Provenance } from '../core/inputs.js';
import { NOT_COUNTED, type AdjustmentResult, type ItemResult } from '../core/report.js';
import { messageText } from './messages.js';
import { formatter, type Formatter, type Lang } from './numbers.js';

/**
 * A leaf's outcome as one sentence:
 * "1.1.1 Ban hành kế hoạch CCHC năm: 0,5/1 — thực hiện ngày 20/12/2024, chậm 5 ngày so với hạn
 * 15/12/2024 (−0,5) [Kế hoạch số 12/KH-UBND; danh-gia.xlsx, sheet Xã, dòng 14]".
 */
export function itemSentence(item: ItemResult, lang: Lang): string {
  const f = formatter(lang);
  const counted = !NOT_COUNTED.has(item.status);
  const score = counted ? `${f.num(item.final)}/${f.num(item.max)}` : notScored(lang);
  const claim = item.self !== undefined && !item.self.eq(counted ? item.final : Exact.ZERO) ? f.num(item.self) : undefined;
  const lost = counted && !item.deduction.isZero() ? ` (${f.signed(item.deduction.neg())})` : '';
  const cite = citation(item.evidence, item.source, lang);
  const sample = item.derived ? ` (${derivedSample(item.derived, lang)})` : '';
  return `${item.id} ${item.title}: ${score}${layersText(claim, item.points, item.override, lang)} — ${messageText(item.message, lang)}${sample}${lost}${cite ? ` [${cite}]` : ''}`;
}

/** "thẩm định điều chỉnh từ 1: Sai thời hạn, Tổ thẩm định": an override beside the computed points. */
export function overrideText(computed: Exact, o: Override, lang: Lang): string {
  const f = formatter(lang);
  const who = `${o.reason}${o.by ? `, ${o.by}` : ''}`;
  return lang === 'vi' ? `thẩm định điều chỉnh từ ${f.num(computed)}: ${who}` : `changed on appraisal from ${f.num(computed)}: ${who}`;
}

/**
 * " (tự chấm 1; thẩm định điều chỉnh từ 1: …)": the other layers beside the final points — the
 * unit's claim when it differs, and an appraiser's override with the computed points.
 */
function layersText(claim: string | undefined, computed: Exact, override: Override | undefined, lang: Lang): string {
  const layers = [
    ...(claim !== undefined ? [`${lang === 'vi' ? 'tự chấm' : 'self-assessed'} ${claim}`] : []),
    ...(override ? [overrideText(computed, override, lang)] : []),
  ];
  return layers.length > 0 ? ` (${layers.join('; ')})` : '';
}

export function notScored(lang: Lang): string {
  return lang === 'vi' ? 'không tính điểm' : 'not scored';
}

const EXCLUDED: Record<Lang, Record<ExclusionReason, string>> = {
  vi: { blank: 'để trống', unparseable: 'không đọc được', pending: 'chưa hoàn thành', weight: 'thiếu trọng số', not_counted: 'trả lời được bỏ qua theo map' },
  en: { blank: 'blank', unparseable: 'unreadable', pending: 'not yet done', weight: 'without a weight', not_counted: 'answers the map leaves out' },
};

/**
 * The sample behind a value derived from a record file, as an auditor re-counts it: "1.290/1.373
 * hồ sơ; không tính 12 hồ sơ: 12 chưa hoàn thành; KTC 95%: 92,55–95,07%; ho-so-2025.csv".
 * With `method`, the interval names how it was computed.
 */
export function derivedSample(d: DerivedInfo, lang: Lang, options: { method?: boolean } = {}): string {
  const f = formatter(lang);
  const vi = lang === 'vi';
  const label = (count: number) => d.rowLabel ?? (vi ? 'dòng' : count === 1 ? 'row' : 'rows');
  const rows = (count: number) => `${f.num(count)} ${label(count)}`;
  const parts: string[] = [];
  if (d.insufficient === undefined) {
    const hits = d.hits ?? Exact.ZERO;
    let sample: string;
    if (d.weighted) {
      const what = d.kind === 'mean' ? (vi ? 'trung bình có trọng số của' : 'weighted mean of') : vi ? 'có trọng số,' : 'weighted,';
      sample = `${what} ${rows(d.n)}, ${vi ? 'cỡ mẫu hiệu dụng' : 'effective sample size'} ${f.num(Math.round(d.weighted.effectiveN))}`;
    } else if (d.kind === 'mean') sample = `${vi ? 'trung bình của' : 'mean of'} ${rows(d.n)}`;
    else if (d.kind === 'count' && hits.eq(Exact.of(d.n))) sample = rows(d.n);
    else if (d.kind === 'count') sample = `${f.num(hits)} ${vi ? 'trong' : 'of'} ${rows(d.n)}`;
    else sample = `${f.num(hits)}/${rows(d.n)}`;
    if (d.pendingLate) sample += vi ? `, gồm ${f.num(d.pendingLate)} chưa hoàn thành tính là trễ hạn` : `, of which ${f.num(d.pendingLate)} not yet done counted late`;
    parts.push(sample);
  }
  const left = d.excluded.reduce((s, e) => s + e.count, 0);
  if (left > 0) {
    const why = d.excluded.map((e) => `${f.num(e.count)} ${EXCLUDED[lang][e.reason]}`).join(', ');
    parts.push(vi ? `không tính ${rows(left)}: ${why}` : `${rows(left)} left out: ${why}`);
  }
  if (d.ci && d.insufficient === undefined) parts.push(interval(f, d, options.method ?? false));
  parts.push(d.files.join(', '));
  return parts.join('; ');
}

function interval(f: Formatter, d: DerivedInfo, method: boolean): string {
  const ci = d.ci!;
  const rate = d.kind !== 'mean';
  const show = (x: Exact) => (rate ? f.num(x, 2) : f.dec(x, 4));
  const name = method ? ` (${ci.method === 'wilson' ? 'Wilson' : ci.method === 't' ? 't' : f.lang === 'vi' ? 'chuẩn' : 'normal'})` : '';
  const range = `${show(ci.low)}–${show(ci.high)}${rate ? '%' : ''}`;
  return f.lang === 'vi' ? `KTC 95%${name}: ${range}` : `95% CI${name} ${range}`;
}

/** A bonus or penalty as one sentence: "thuong Điểm thưởng sáng kiến: +1,5 — điểm được cung cấp: 1,5 […]". */
export function adjustmentSentence(a: AdjustmentResult, lang: Lang): string {
  const f = formatter(lang);
  const sign = a.kind === 'bonus' ? a.final : a.final.neg();
  const capped = a.uncapped
    ? lang === 'vi'
      ? `, vượt mức tối đa ${f.num(a.cap)} (tính ${f.num(a.cap)} thay vì ${f.num(a.uncapped)})`
      : `, over the cap of ${f.num(a.cap)} (${f.num(a.cap)} counted instead of ${f.num(a.uncapped)})`
    : '';
  const shared = a.shared
    ? lang === 'vi'
      ? `; ${a.shared.id} ${a.shared.title} tối đa ${f.num(a.shared.cap)} cho cả nhóm, phần còn lại cho mục này là ${f.num(a.final)} (thay vì ${f.num(a.shared.before)})`
      : `; ${a.shared.id} ${a.shared.title} is capped at ${f.num(a.shared.cap)} for the group, leaving ${f.num(a.final)} for this one (instead of ${f.num(a.shared.before)})`
    : '';
  const claim = a.self !== undefined && !a.self.eq(a.final) ? f.signed(a.kind === 'bonus' ? a.self : a.self.neg()) : undefined;
  const why = a.message ? messageText(a.message, lang) : lang === 'vi' ? 'không có' : 'none';
  const cite = citation(a.evidence, a.source, lang);
  return `${a.id} ${a.title}: ${f.signed(sign)}${layersText(claim, a.points, a.override, lang)} — ${why}${capped}${shared}${cite ? ` [${cite}]` : ''}`;
}

/** "Kế hoạch số 12/KH-UBND; danh-gia.xlsx, sheet Xã, dòng 14": the document, then where it was read. */
export function citation(evidence: readonly Provenance[], source: string | undefined, lang: Lang): string {
  const places = evidence.map((p) => {
    const parts = [p.file];
    if (p.sheet !== undefined) parts.push(`sheet ${p.sheet}`);
    parts.push(lang === 'vi' ? `dòng ${p.row}` : `row ${p.row}`);
    return parts.join(', ');
  });
  // Two facts of one row (a unit's mountain and border columns) are one place to look.
  return [...(source ? [source.replace(/\s+/g, ' ')] : []), ...new Set(places)].join('; ');
}
