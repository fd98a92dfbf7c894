import type { MessageCatalog } from './messages.js';
import { factLabel, factText, withPoints } from './facts.js';
import { shownLimit, shownValue, stepLimits } from './numbers.js';

export const messagesVi: MessageCatalog = {
  'boolean.yes': () => 'có',
  'boolean.no': () => 'không',
  'deadline.on_time': (d, f) => `thực hiện ngày ${f.date(d.date)}, đúng hạn (hạn ${f.date(d.due)})`,
  'deadline.late': (d, f) => `thực hiện ngày ${f.date(d.date)}, chậm ${d.days} ngày so với hạn ${f.date(d.due)}`,
  'deadline.missing': (d, f) => `chưa thực hiện (hạn ${f.date(d.due)})`,
  'bands.band': (d, f) => `${shownValue(f, d.value, d.of, d.next ? [d.threshold, d.next] : [d.threshold])}, mức ${d.strict ? 'trên' : 'từ'} ${shownLimit(f, d.threshold, d.of)}`,
  'bands.below': (d, f) => `${shownValue(f, d.value, d.of, [d.threshold])}, dưới mức thấp nhất (${d.strict ? 'trên' : 'từ'} ${shownLimit(f, d.threshold, d.of)})`,
  'proportional.rate': (d, f) =>
    `${d.of === 'percent' ? 'tỷ lệ ' : ''}${shownValue(f, d.value, d.of, [d.target])}${d.text.includes('/') ? ` (${d.text})` : ''}` +
    (d.of === 'percent' && d.target.toString() === '100' ? '' : ` so với mục tiêu ${shownLimit(f, d.target, d.of)}`),
  'proportional.target': (d, f) => `${d.of === 'percent' ? 'tỷ lệ ' : ''}${shownValue(f, d.value, d.of, [d.target])}${d.text.includes('/') ? ` (${d.text})` : ''}, đạt mục tiêu`,
  'proportional.empty': (d) => (d.empty === 'full' ? 'không phát sinh (0/0): được điểm tối đa' : 'không phát sinh (0/0): 0 điểm'),
  'increment.base': (d, f) => `${shownValue(f, d.value, 'number', stepLimits(d))}, chưa ${d.direction === 'up' ? 'vượt' : 'thấp hơn'} mốc ${f.num(d.from)}`,
  'increment.steps': (d, f) =>
    `${shownValue(f, d.value, 'number', stepLimits(d))}: ${d.direction === 'up' ? 'vượt' : 'thấp hơn'} mốc ${f.num(d.from)} ${d.steps} bước ${f.num(d.step)}: ${f.num(d.base)} + ${d.steps} × ${f.num(d.perStep)} = ${f.num(d.points)}` +
    (d.capped ? ', tính bằng điểm tối đa' : ''),
  'increment.prorata': (d, f) =>
    `${shownValue(f, d.value, 'number', [d.from])}: ${d.direction === 'up' ? 'vượt' : 'thấp hơn'} mốc ${f.num(d.from)} ${f.dec(d.fraction, 4)} bước ${f.num(d.step)} (phần lẻ tính theo tỷ lệ): ${f.num(d.base)} + ${f.dec(d.fraction, 4)} × ${f.num(d.perStep)} = ${f.num(d.points)}` +
    (d.capped ? ', tính bằng điểm tối đa' : ''),
  'levels.level': (d) => `mức "${d.level}"`,
  'deduction.count': (d, f) =>
    d.count.isZero() ? 'không có trường hợp nào' : `${f.num(d.count)} lần × ${f.num(d.per)} điểm` + (d.floored ? `, tính mức sàn ${f.num(d.floor)}` : ''),
  'relative.ratio': (d, f) => `${f.dec(d.value, 4)} so với ${d.direction === 'higher' ? 'cao nhất' : 'thấp nhất'} nhóm ${f.dec(d.best, 4)}`,
  'relative.best': (d, f) => `${f.dec(d.value, 4)}, ${d.direction === 'higher' ? 'cao nhất' : 'thấp nhất'} nhóm`,
  'relative.zero_best': (d, f) => `${f.dec(d.value, 4)}; mọi đơn vị trong nhóm đều bằng 0`,
  'manual.points': (d, f) => `hội đồng chấm ${f.num(d.points)} điểm${d.note ? `: ${d.note}` : ''}`,
  'given.points': (d, f) => `điểm được cung cấp: ${f.num(d.points)}`,
  'adjustment.count': (d, f) => (d.count.isZero() ? 'không có trường hợp nào' : `${f.num(d.count)} lần × ${f.num(d.per)} điểm`),
  'rule.capped': (d, f, say) => `${withPoints(say(d.inner), f.num(d.points))}, tối đa ${f.num(d.cap)}`,
  'conditions.result': (d, f) => {
    const verdict = d.holds ? (d.join === 'all' ? 'đủ các điều kiện' : 'có điều kiện đúng') : d.join === 'all' ? 'chưa đủ các điều kiện' : 'không điều kiện nào đúng';
    return `${d.facts.map((x) => factText(x, f)).join('; ')} → ${verdict}`;
  },
  'cases.decided': (d, f, say) => {
    const tried = d.tried.map((t) => `trường hợp ${t.case}: ${t.facts.map((x) => factText(x, f)).join('; ')}`).join(' | ');
    const which = d.case === null ? 'không trường hợp nào đúng, tính theo cách còn lại' : `theo trường hợp ${d.case}`;
    return `${tried} → ${which}: ${d.inner ? say(d.inner) : `${f.num(d.points)} điểm`}`;
  },
  'max_of.best': (d, _f, say) => `cao nhất trong ${d.alternatives.length} cách tính là cách ${d.chosen}: ${say(d.inner)}`,
  'sum_of.total': (d, f, say) =>
    `${d.parts.map((p) => (p.message ? `${say(p.message)} (${f.num(p.points)})` : f.num(p.points))).join(' + ')} = ${f.num(d.total)}${d.capped ? ', tính bằng điểm tối đa' : ''}`,
  'leaf.none': () => 'không có minh chứng',
  'leaf.none_of': (d) => `không có minh chứng cho ${d.indicator}`,
  'leaf.no_records': (d) => `chưa có dữ liệu nguồn ${d.source} (--records ${d.source}=TỆP)`,
  'leaf.invalid': (d) => `minh chứng không hợp lệ: "${d.text}"`,
  'leaf.na_group': (d) => `không áp dụng cho nhóm ${d.group}`,
  'leaf.na_declared': (d) => `đơn vị báo không áp dụng ("${d.text}")`,
  'leaf.na_empty': () => 'không phát sinh (0/0): không áp dụng',
  'leaf.insufficient': (d, f) =>
    d.n === 0 ? 'không có dòng dữ liệu nào dùng được: chưa đủ dữ liệu' : `chỉ có ${f.num(d.n)} dòng dữ liệu, dưới mức tối thiểu ${f.num(d.minRows)}: chưa đủ dữ liệu`,
  // Remediation: "what it would take", the gain is added by the caller.
  'regain.office': (d) =>
    `số liệu do cơ quan chấm điểm cung cấp${d.source ? ` (tính từ dữ liệu nguồn ${d.source}, --records ${d.source}=TỆP)` : ''}, không phải minh chứng đơn vị nộp`,
  'regain.submit': (d) => (d.invalid ? 'sửa minh chứng cho đúng định dạng và nộp lại' : 'nộp minh chứng'),
  'regain.appeal': (d) => `giải trình với hội đồng thẩm định (đã điều chỉnh: ${d.reason})`,
  'regain.boolean': () => 'thực hiện đạt yêu cầu',
  'regain.deadline': (d, f) => (d.late ? `thực hiện, dù sau hạn ${f.date(d.due)}` : `thực hiện đúng hạn (đến ngày ${f.date(d.due)})`),
  'regain.bands': (d, f) => `đạt mức ${d.strict ? 'trên' : 'từ'} ${shownLimit(f, d.threshold, d.of)}`,
  'regain.proportional': (d, f) => `đạt ${d.of === 'percent' ? 'tỷ lệ ' : ''}${shownLimit(f, d.target, d.of)}`,
  'regain.increment': (d, f) => `đạt ${d.direction === 'up' ? 'từ' : 'không quá'} ${f.dec(d.value, 4)} (${d.steps} bước)`,
  'regain.levels': (d) => `đạt mức "${d.level}"`,
  'regain.deduction': (d, f) => (d.count.isZero() ? 'không để xảy ra trường hợp nào' : `giảm còn ${f.num(d.count)} trường hợp`),
  'regain.relative': (d, f) => `đạt bằng đơn vị ${d.direction === 'higher' ? 'cao nhất' : 'thấp nhất'} nhóm (${f.dec(d.best, 4)})`,
  'regain.manual': () => 'đáp ứng đầy đủ yêu cầu theo đánh giá của hội đồng',
  'regain.conditions': (d, f) => d.facts.map((x) => factLabel(x, f)).join(' và '),
  'regain.case': (d, f) => `đạt trường hợp ${d.case}: ${d.facts.map((x) => factLabel(x, f)).join(' và ')}`,
  'regain.given': () => 'đạt điểm tối đa theo số liệu được cung cấp',
};
