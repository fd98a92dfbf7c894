import { Exact } from '../core/exact.js';
import type { Override, Provenance } from '../core/inputs.js';
import { NOT_COUNTED, type AdjustmentResult, type ItemResult } from '../core/report.js';
import { messageText } from './messages.js';
import { formatter, type Lang } from './numbers.js';

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
  return `${item.id} ${item.title}: ${score}${layersText(claim, item.points, item.override, lang)} — ${messageText(item.message, lang)}${lost}${cite ? ` [${cite}]` : ''}`;
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

/** A bonus or penalty as one sentence: "thuong Điểm thưởng sáng kiến: +1,5 — điểm được cung cấp: 1,5 […]". */
export function adjustmentSentence(a: AdjustmentResult, lang: Lang): string {
  const f = formatter(lang);
  const sign = a.kind === 'bonus' ? a.final : a.final.neg();
  const capped = a.uncapped
    ? lang === 'vi'
      ? `, vượt mức tối đa ${f.num(a.cap)} (tính ${f.num(a.cap)} thay vì ${f.num(a.uncapped)})`
      : `, over the cap of ${f.num(a.cap)} (${f.num(a.cap)} counted instead of ${f.num(a.uncapped)})`
    : '';
  const claim = a.self !== undefined && !a.self.eq(a.final) ? f.signed(a.kind === 'bonus' ? a.self : a.self.neg()) : undefined;
  const why = a.message ? messageText(a.message, lang) : lang === 'vi' ? 'không có' : 'none';
  const cite = citation(a.evidence, a.source, lang);
  return `${a.id} ${a.title}: ${f.signed(sign)}${layersText(claim, a.points, a.override, lang)} — ${why}${capped}${cite ? ` [${cite}]` : ''}`;
}

/** "Kế hoạch số 12/KH-UBND; danh-gia.xlsx, sheet Xã, dòng 14": the document, then where it was read. */
export function citation(evidence: readonly Provenance[], source: string | undefined, lang: Lang): string {
  const places = evidence.map((p) => {
    const parts = [p.file];
    if (p.sheet !== undefined) parts.push(`sheet ${p.sheet}`);
    parts.push(lang === 'vi' ? `dòng ${p.row}` : `row ${p.row}`);
    return parts.join(', ');
  });
  return [...(source ? [source.replace(/\s+/g, ' ')] : []), ...places].join('; ');
}
