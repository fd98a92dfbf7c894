import type { Exact } from '../core/exact.js';
import type { Rule, RuleKindName } from '../core/rules/index.js';
import type { ValueSpec } from '../core/rules/kind.js';
import { conditionText } from './facts.js';
import { formatter, shownLimit, type Formatter, type Lang } from './numbers.js';

/**
 * A rule in words, two ways: what it gives ("đúng hạn (đến 31/07/2025): 1; chậm: 0,5; không thực
 * hiện: 0") for the remediation view, and what a unit must enter ("ngày (dd/mm/yyyy), hạn
 * 31/07/2025") for the evidence template. One phrase per rule kind and language; the types make
 * each catalog complete.
 */
type RuleCatalog = { [K in RuleKindName]: (rule: Extract<Rule, { kind: K }>, max: Exact, f: Formatter, inner: (rule: Rule) => string) => string };

const points = (f: Formatter, x: Exact) => f.num(x);

const RULES: Record<Lang, RuleCatalog> = {
  vi: {
    boolean: (r, _m, f) => `có: ${points(f, r.yes)}; không: ${points(f, r.no)}`,
    deadline: (r, _m, f) => `đúng hạn (đến ${f.date(r.due)}): ${points(f, r.onTime)}; chậm: ${points(f, r.late)}; không thực hiện: ${points(f, r.missing)}`,
    bands: (r, _m, f) =>
      [...r.bands.map((b) => `${b.strict ? 'trên' : 'từ'} ${shownLimit(f, b.threshold, r.of)}: ${points(f, b.points)}`), `thấp hơn: ${points(f, r.otherwise)}`, ...(r.empty ? [`không phát sinh: ${r.empty === 'full' ? 'tối đa' : r.empty === 'na' ? 'không áp dụng' : '0'}`] : [])].join('; '),
    proportional: (r, m, f) =>
      `${points(f, m)} × ${r.of === 'percent' ? 'tỷ lệ' : 'giá trị'} / ${shownLimit(f, r.target, r.of)} (tối đa ${points(f, m)})` +
      (r.empty === 'full' ? '; không phát sinh: tối đa' : r.empty === 'na' ? '; không phát sinh: không áp dụng' : ''),
    increment: (r, m, f) =>
      `${r.direction === 'up' ? 'đến' : 'từ'} ${f.num(r.from)}: ${points(f, r.base)}; mỗi ${f.num(r.step)} ${r.direction === 'up' ? 'tăng thêm' : 'giảm thêm'}: +${points(f, r.perStep)}${r.partial === 'prorata' ? ' (phần lẻ tính theo tỷ lệ)' : ''}; tối đa ${points(f, m)}`,
    levels: (r, _m, f) => r.levels.map((l) => `${l.label}: ${points(f, l.points)}`).join('; '),
    deduction: (r, m, f) => `${points(f, m)} − ${points(f, r.per)} × số trường hợp, thấp nhất ${points(f, r.floor)}`,
    relative: (r, m, f) => (r.direction === 'higher' ? `${points(f, m)} × giá trị / giá trị cao nhất nhóm` : `${points(f, m)} × giá trị thấp nhất nhóm / giá trị`),
    manual: (_r, m, f) => `hội đồng thẩm định chấm, từ 0 đến ${points(f, m)}`,
    given: (r, m, f) => `điểm được cung cấp, từ ${points(f, r.floor)} đến ${points(f, m)}`,
    all: (r, _m, f) => `${r.of.map((c) => conditionText(c, f)).join(' và ')}: ${points(f, r.yes)}; không: ${points(f, r.no)}`,
    any: (r, _m, f) => `${r.of.map((c) => conditionText(c, f)).join(' hoặc ')}: ${points(f, r.yes)}; không: ${points(f, r.no)}`,
    cases: (r, _m, f, inner) => [...r.cases.map((c) => `nếu ${conditionText(c.when, f)}: ${then(f, c.then, inner)}`), `còn lại: ${then(f, r.otherwise, inner)}`].join('; '),
    max_of: (r, _m, _f, inner) => `cao nhất trong: ${r.rules.map((x) => `(${inner(x)})`).join(' | ')}`,
    sum_of: (r, m, f, inner) => `tổng: ${r.rules.map((x) => `(${inner(x)})`).join(' + ')}, tối đa ${points(f, m)}`,
  },
  en: {
    boolean: (r, _m, f) => `yes: ${points(f, r.yes)}; no: ${points(f, r.no)}`,
    deadline: (r, _m, f) => `on time (by ${f.date(r.due)}): ${points(f, r.onTime)}; late: ${points(f, r.late)}; not done: ${points(f, r.missing)}`,
    bands: (r, _m, f) =>
      [...r.bands.map((b) => `${b.strict ? 'above' : 'from'} ${shownLimit(f, b.threshold, r.of)}: ${points(f, b.points)}`), `below: ${points(f, r.otherwise)}`, ...(r.empty ? [`no cases: ${r.empty === 'full' ? 'full points' : r.empty === 'na' ? 'not applicable' : '0'}`] : [])].join('; '),
    proportional: (r, m, f) =>
      `${points(f, m)} × ${r.of === 'percent' ? 'rate' : 'value'} / ${shownLimit(f, r.target, r.of)} (at most ${points(f, m)})` +
      (r.empty === 'full' ? '; no cases: full points' : r.empty === 'na' ? '; no cases: not applicable' : ''),
    increment: (r, m, f) =>
      `${r.direction === 'up' ? 'up to' : 'down to'} ${f.num(r.from)}: ${points(f, r.base)}; each ${f.num(r.step)} ${r.direction === 'up' ? 'more' : 'less'}: +${points(f, r.perStep)}${r.partial === 'prorata' ? ' (a part step pro rata)' : ''}; at most ${points(f, m)}`,
    levels: (r, _m, f) => r.levels.map((l) => `${l.label}: ${points(f, l.points)}`).join('; '),
    deduction: (r, m, f) => `${points(f, m)} − ${points(f, r.per)} × occurrences, at least ${points(f, r.floor)}`,
    relative: (r, m, f) => (r.direction === 'higher' ? `${points(f, m)} × value / the group's highest` : `${points(f, m)} × the group's lowest / value`),
    manual: (_r, m, f) => `the appraisal council's points, 0 to ${points(f, m)}`,
    given: (r, m, f) => `points supplied, ${points(f, r.floor)} to ${points(f, m)}`,
    all: (r, _m, f) => `${r.of.map((c) => conditionText(c, f)).join(' and ')}: ${points(f, r.yes)}; otherwise: ${points(f, r.no)}`,
    any: (r, _m, f) => `${r.of.map((c) => conditionText(c, f)).join(' or ')}: ${points(f, r.yes)}; otherwise: ${points(f, r.no)}`,
    cases: (r, _m, f, inner) => [...r.cases.map((c) => `if ${conditionText(c.when, f)}: ${then(f, c.then, inner)}`), `otherwise: ${then(f, r.otherwise, inner)}`].join('; '),
    max_of: (r, _m, _f, inner) => `the best of: ${r.rules.map((x) => `(${inner(x)})`).join(' | ')}`,
    sum_of: (r, m, f, inner) => `the sum of: ${r.rules.map((x) => `(${inner(x)})`).join(' + ')}, at most ${points(f, m)}`,
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
    all: () => 'các chỉ tiêu của điều kiện, mỗi chỉ tiêu một dòng',
    any: () => 'các chỉ tiêu của điều kiện, mỗi chỉ tiêu một dòng',
    cases: () => 'các chỉ tiêu của điều kiện và cách tính, mỗi chỉ tiêu một dòng',
    max_of: () => 'các chỉ tiêu của từng cách tính, mỗi chỉ tiêu một dòng',
    sum_of: () => 'các chỉ tiêu của từng phần, mỗi chỉ tiêu một dòng',
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
    all: () => "the conditions' indicators, one row each",
    any: () => "the conditions' indicators, one row each",
    cases: () => "the conditions' and formulas' indicators, one row each",
    max_of: () => "each alternative's indicators, one row each",
    sum_of: () => "each part's indicators, one row each",
  },
};

/** Kinds whose text says the most they give: under a cap, that is the cap. */
const SAYS_MAX: ReadonlySet<string> = new Set(['proportional', 'increment', 'deduction', 'manual', 'given', 'sum_of']);

function render(catalog: Record<Lang, RuleCatalog>, rule: Rule, max: Exact, lang: Lang): string {
  const f = formatter(lang);
  const capped = rule.cap !== undefined && rule.cap.lt(max);
  const most = capped ? rule.cap! : max;
  const text = (catalog[lang][rule.kind] as (r: Rule, m: Exact, f: Formatter, inner: (r: Rule) => string) => string)(rule, most, f, (r) => render(catalog, r, max, lang));
  return !capped || SAYS_MAX.has(rule.kind) ? text : `${text}${lang === 'vi' ? ', tối đa' : ', at most'} ${f.num(most)}`;
}

/** What a composite rule's outcome is: its points, or its own rule in brackets. */
function then(f: Formatter, t: { points: Exact } | { rule: Rule }, inner: (r: Rule) => string): string {
  return 'points' in t ? f.num(t.points) : `(${inner(t.rule)})`;
}

/** The rule's own scale in words: what each outcome is worth. */
export function ruleText(rule: Rule, max: Exact, lang: Lang): string {
  return render(RULES, rule, max, lang);
}

/** What to enter for the rule; `optional` leaves also accept "không áp dụng". */
/** What a value read as `spec` is, for a template row of a composite rule's indicator. */
export function specText(spec: ValueSpec, lang: Lang, optional = false): string {
  const f = formatter(lang);
  const vi = lang === 'vi';
  const text = (() => {
    switch (spec.type) {
      case 'boolean':
        return vi ? 'có / không' : 'yes / no';
      case 'date':
        return vi ? 'ngày (dd/mm/yyyy); ghi "chưa" nếu chưa thực hiện' : 'a date; "chưa" (not yet) if not done';
      case 'number':
        return vi ? 'số' : 'a number';
      case 'percent':
        return vi ? 'tỷ lệ % hoặc a/b' : 'a percent or a/b';
      case 'count':
        return vi ? 'số trường hợp (0, 1, 2…)' : 'a count of occurrences (0, 1, 2…)';
      case 'level':
        return `${vi ? 'một trong' : 'one of'}: ${spec.levels.join('; ')}`;
      case 'text':
        return vi ? 'chữ, ghi đúng như trong bộ tiêu chí' : 'a text, as the criteria write it';
      case 'points':
        return `${vi ? 'điểm' : 'points'} (${points(f, spec.floor)} – ${spec.max ? points(f, spec.max) : '…'})`;
    }
  })();
  return text + (optional ? (vi ? '; hoặc "không áp dụng"' : '; or "không áp dụng" (not applicable)') : '');
}

export function expectedText(rule: Rule, max: Exact, lang: Lang, optional = false): string {
  return render(EXPECTED, rule, max, lang) + (optional ? (lang === 'vi' ? '; hoặc "không áp dụng"' : '; or "không áp dụng" (not applicable)') : '');
}
