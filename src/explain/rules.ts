import type { Exact } from '../core/exact.js';
import type { Rule, RuleKindName } from '../core/rules/index.js';
import { formatter, shownLimit, type Formatter, type Lang } from './numbers.js';

/**
 * A rule in words, two ways: what it gives ("đúng hạn (đến 31/07/2025): 1; chậm: 0,5; không thực
 * hiện: 0") for the remediation view, and what a unit must enter ("ngày (dd/mm/yyyy), hạn
 * 31/07/2025") for the evidence template. One phrase per rule kind and language; the types make
 * each catalog complete.
 */
type RuleCatalog = { [K in RuleKindName]: (rule: Extract<Rule, { kind: K }>, max: Exact, f: Formatter) => string };

const points = (f: Formatter, x: Exact) => f.num(x);

const RULES: Record<Lang, RuleCatalog> = {
  vi: {
    boolean: (r, _m, f) => `có: ${points(f, r.yes)}; không: ${points(f, r.no)}`,
    deadline: (r, _m, f) => `đúng hạn (đến ${f.date(r.due)}): ${points(f, r.onTime)}; chậm: ${points(f, r.late)}; không thực hiện: ${points(f, r.missing)}`,
    bands: (r, _m, f) =>
      [...r.bands.map((b) => `${b.strict ? 'trên' : 'từ'} ${shownLimit(f, b.threshold, r.of)}: ${points(f, b.points)}`), `thấp hơn: ${points(f, r.otherwise)}`].join('; '),
    proportional: (r, m, f) =>
      `${points(f, m)} × ${r.of === 'percent' ? 'tỷ lệ' : 'giá trị'} / ${shownLimit(f, r.target, r.of)} (tối đa ${points(f, m)})` +
      (r.empty === 'full' ? '; không phát sinh: tối đa' : r.empty === 'na' ? '; không phát sinh: không áp dụng' : ''),
    increment: (r, m, f) =>
      `${r.direction === 'up' ? 'đến' : 'từ'} ${f.num(r.from)}: ${points(f, r.base)}; mỗi ${f.num(r.step)} ${r.direction === 'up' ? 'tăng thêm' : 'giảm thêm'}: +${points(f, r.perStep)}; tối đa ${points(f, m)}`,
    levels: (r, _m, f) => r.levels.map((l) => `${l.label}: ${points(f, l.points)}`).join('; '),
    deduction: (r, m, f) => `${points(f, m)} − ${points(f, r.per)} × số trường hợp, thấp nhất ${points(f, r.floor)}`,
    relative: (r, m, f) => (r.direction === 'higher' ? `${points(f, m)} × giá trị / giá trị cao nhất nhóm` : `${points(f, m)} × giá trị thấp nhất nhóm / giá trị`),
    manual: (_r, m, f) => `hội đồng thẩm định chấm, từ 0 đến ${points(f, m)}`,
    given: (r, m, f) => `điểm được cung cấp, từ ${points(f, r.floor)} đến ${points(f, m)}`,
  },
  en: {
    boolean: (r, _m, f) => `yes: ${points(f, r.yes)}; no: ${points(f, r.no)}`,
    deadline: (r, _m, f) => `on time (by ${f.date(r.due)}): ${points(f, r.onTime)}; late: ${points(f, r.late)}; not done: ${points(f, r.missing)}`,
    bands: (r, _m, f) =>
      [...r.bands.map((b) => `${b.strict ? 'above' : 'from'} ${shownLimit(f, b.threshold, r.of)}: ${points(f, b.points)}`), `below: ${points(f, r.otherwise)}`].join('; '),
    proportional: (r, m, f) =>
      `${points(f, m)} × ${r.of === 'percent' ? 'rate' : 'value'} / ${shownLimit(f, r.target, r.of)} (at most ${points(f, m)})` +
      (r.empty === 'full' ? '; no cases: full points' : r.empty === 'na' ? '; no cases: not applicable' : ''),
    increment: (r, m, f) =>
      `${r.direction === 'up' ? 'up to' : 'down to'} ${f.num(r.from)}: ${points(f, r.base)}; each ${f.num(r.step)} ${r.direction === 'up' ? 'more' : 'less'}: +${points(f, r.perStep)}; at most ${points(f, m)}`,
    levels: (r, _m, f) => r.levels.map((l) => `${l.label}: ${points(f, l.points)}`).join('; '),
    deduction: (r, m, f) => `${points(f, m)} − ${points(f, r.per)} × occurrences, at least ${points(f, r.floor)}`,
    relative: (r, m, f) => (r.direction === 'higher' ? `${points(f, m)} × value / the group's highest` : `${points(f, m)} × the group's lowest / value`),
    manual: (_r, m, f) => `the appraisal council's points, 0 to ${points(f, m)}`,
    given: (r, m, f) => `points supplied, ${points(f, r.floor)} to ${points(f, m)}`,
  },
};

const EXPECTED: Record<Lang, RuleCatalog> = {
  vi: {
    boolean: () => 'có / không',
    deadline: (r, _m, f) => `ngày (dd/mm/yyyy), hạn ${f.date(r.due)}; ghi "chưa" nếu chưa thực hiện`,
    bands: (r) => (r.of === 'percent' ? 'tỷ lệ % hoặc a/b' : 'số'),
    proportional: (r) => (r.of === 'percent' ? 'tỷ lệ % hoặc a/b' : 'số'),
    increment: () => 'số',
    levels: (r) => `một trong: ${r.levels.map((l) => l.label).join('; ')}`,
    deduction: () => 'số trường hợp (0, 1, 2…)',
    relative: () => 'số',
    manual: (_r, m, f) => `điểm (0 – ${points(f, m)}); dưới tối đa thì ghi rõ lý do ở Ghi chú`,
    given: (r, m, f) => `điểm (${points(f, r.floor)} – ${points(f, m)})`,
  },
  en: {
    boolean: () => 'yes / no',
    deadline: (r, _m, f) => `a date, deadline ${f.date(r.due)}; "chưa" (not yet) if not done`,
    bands: (r) => (r.of === 'percent' ? 'a percent or a/b' : 'a number'),
    proportional: (r) => (r.of === 'percent' ? 'a percent or a/b' : 'a number'),
    increment: () => 'a number',
    levels: (r) => `one of: ${r.levels.map((l) => l.label).join('; ')}`,
    deduction: () => 'a count of occurrences (0, 1, 2…)',
    relative: () => 'a number',
    manual: (_r, m, f) => `points (0 – ${points(f, m)}); below the max, give the reason in the note`,
    given: (r, m, f) => `points (${points(f, r.floor)} – ${points(f, m)})`,
  },
};

function render(catalog: Record<Lang, RuleCatalog>, rule: Rule, max: Exact, lang: Lang): string {
  return (catalog[lang][rule.kind] as (r: Rule, m: Exact, f: Formatter) => string)(rule, max, formatter(lang));
}

/** The rule's own scale in words: what each outcome is worth. */
export function ruleText(rule: Rule, max: Exact, lang: Lang): string {
  return render(RULES, rule, max, lang);
}

/** What to enter for the rule; `optional` leaves also accept "không áp dụng". */
export function expectedText(rule: Rule, max: Exact, lang: Lang, optional = false): string {
  return render(EXPECTED, rule, max, lang) + (optional ? (lang === 'vi' ? '; hoặc "không áp dụng"' : '; or "không áp dụng" (not applicable)') : '');
}
