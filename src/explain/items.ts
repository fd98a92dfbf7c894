import type { Provenance } from '../core/inputs.js';
import type { AdjustmentResult, ItemResult } from '../core/report.js';
import { messageText } from './messages.js';
import { formatter, type Lang } from './numbers.js';

/**
 * A leaf's outcome as one sentence:
 * "1.1.1 Ban hành kế hoạch CCHC năm: 0,5/1 — thực hiện ngày 20/12/2024, chậm 5 ngày so với hạn
 * 15/12/2024 (−0,5) [Kế hoạch số 12/KH-UBND; danh-gia.xlsx, sheet Xã, dòng 14]".
 */
export function itemSentence(item: ItemResult, lang: Lang): string {
  const f = formatter(lang);
  const counted = item.status !== 'not_applicable' && item.status !== 'insufficient_data';
  const score = counted ? `${f.num(item.final)}/${f.num(item.max)}` : lang === 'vi' ? 'không tính điểm' : 'not scored';
  const override = item.override
    ? lang === 'vi'
      ? ` (thẩm định điều chỉnh từ ${f.num(item.points)}: ${item.override.reason}${item.override.by ? `, ${item.override.by}` : ''})`
      : ` (changed on appraisal from ${f.num(item.points)}: ${item.override.reason}${item.override.by ? `, ${item.override.by}` : ''})`
    : '';
  const lost = counted && !item.deduction.isZero() ? ` (${f.signed(item.deduction.neg())})` : '';
  const cite = citation(item.evidence, item.source, lang);
  return `${item.id} ${item.title}: ${score}${override} — ${messageText(item.message, lang)}${lost}${cite ? ` [${cite}]` : ''}`;
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
  const override = a.override
    ? lang === 'vi'
      ? ` (thẩm định điều chỉnh từ ${f.num(a.points)}: ${a.override.reason})`
      : ` (changed on appraisal from ${f.num(a.points)}: ${a.override.reason})`
    : '';
  const why = a.message ? messageText(a.message, lang) : lang === 'vi' ? 'không có' : 'none';
  const cite = citation(a.evidence, a.source, lang);
  return `${a.id} ${a.title}: ${f.signed(sign)}${override} — ${why}${capped}${cite ? ` [${cite}]` : ''}`;
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
