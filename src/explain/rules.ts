import { Exact } from '../core/exact.js';
import type { Condition } from '../core/rules/conditions.js';
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
type RuleCatalog = { [K in RuleKindName]: (rule: Extract<Rule, { kind: K }>, max: Exact, s: Say) => string };

/** What a catalog entry writes with: numbers and dates, points, conditions and inner rules. */
interface Say {
  f: Formatter;
  /** Points: "0,5", or "0,5 điểm" where the text stands alone (the decision's annex). */
  pt: (x: Exact) => string;
  cond: (c: Condition) => string;
  inner: (rule: Rule) => string;
}

const RULES: Record<Lang, RuleCatalog> = {
  vi: {
    boolean: (r, _m, { pt }) => `có: ${pt(r.yes)}; không: ${pt(r.no)}`,
    deadline: (r, _m, { f, pt }) => `đúng hạn (đến ${f.date(r.due)}): ${pt(r.onTime)}; chậm: ${pt(r.late)}; không thực hiện: ${pt(r.missing)}`,
    bands: (r, _m, { f, pt }) =>
      [...r.bands.map((b) => `${b.strict ? 'trên' : 'từ'} ${shownLimit(f, b.threshold, r.of)}: ${pt(b.points)}`), `thấp hơn: ${pt(r.otherwise)}`, ...(r.empty ? [`không phát sinh: ${r.empty === 'full' ? 'tối đa' : r.empty === 'na' ? 'không áp dụng' : '0'}`] : [])].join('; '),
    proportional: (r, m, { f, pt }) =>
      `${pt(m)} × ${r.of === 'percent' ? 'tỷ lệ' : 'giá trị'} / ${shownLimit(f, r.target, r.of)} (tối đa ${pt(m)})` +
      (r.empty === 'full' ? '; không phát sinh: tối đa' : r.empty === 'na' ? '; không phát sinh: không áp dụng' : ''),
    increment: (r, m, { f, pt }) =>
      `${r.direction === 'up' ? 'đến' : 'từ'} ${f.num(r.from)}: ${pt(r.base)}; mỗi ${f.num(r.step)} ${r.direction === 'up' ? 'tăng thêm' : 'giảm thêm'}: +${pt(r.perStep)}${r.partial === 'prorata' ? ' (phần lẻ tính theo tỷ lệ)' : ''}; tối đa ${pt(m)}`,
    levels: (r, _m, { pt }) => r.levels.map((l) => `${l.label}: ${pt(l.points)}`).join('; '),
    deduction: (r, m, { pt }) => `${pt(m)} − ${pt(r.per)} × số trường hợp, thấp nhất ${pt(r.floor)}`,
    relative: (r, m, { pt }) => (r.direction === 'higher' ? `${pt(m)} × giá trị / giá trị cao nhất nhóm` : `${pt(m)} × giá trị thấp nhất nhóm / giá trị`),
    manual: (_r, m, { pt }) => `hội đồng thẩm định chấm, từ 0 đến ${pt(m)}`,
    given: (r, m, { pt }) => `điểm được cung cấp, từ ${pt(r.floor)} đến ${pt(m)}`,
    all: (r, _m, { pt, cond }) => `${r.of.map((c) => cond(c)).join(' và ')}: ${pt(r.yes)}; không: ${pt(r.no)}`,
    any: (r, _m, { pt, cond }) => `${r.of.map((c) => cond(c)).join(' hoặc ')}: ${pt(r.yes)}; không: ${pt(r.no)}`,
    cases: (r, _m, { pt, cond, inner }) => [...r.cases.map((c) => `nếu ${cond(c.when)}: ${then(pt, c.then, inner)}`), `còn lại: ${then(pt, r.otherwise, inner)}`].join('; '),
    max_of: (r, _m, { inner }) => `cao nhất trong: ${r.rules.map((x) => `(${inner(x)})`).join(' | ')}`,
    sum_of: (r, m, { pt, inner }) => `tổng: ${r.rules.map((x) => `(${inner(x)})`).join(' + ')}, tối đa ${pt(m)}`,
  },
  en: {
    boolean: (r, _m, { pt }) => `yes: ${pt(r.yes)}; no: ${pt(r.no)}`,
    deadline: (r, _m, { f, pt }) => `on time (by ${f.date(r.due)}): ${pt(r.onTime)}; late: ${pt(r.late)}; not done: ${pt(r.missing)}`,
    bands: (r, _m, { f, pt }) =>
      [...r.bands.map((b) => `${b.strict ? 'above' : 'from'} ${shownLimit(f, b.threshold, r.of)}: ${pt(b.points)}`), `below: ${pt(r.otherwise)}`, ...(r.empty ? [`no cases: ${r.empty === 'full' ? 'full points' : r.empty === 'na' ? 'not applicable' : '0'}`] : [])].join('; '),
    proportional: (r, m, { f, pt }) =>
      `${pt(m)} × ${r.of === 'percent' ? 'rate' : 'value'} / ${shownLimit(f, r.target, r.of)} (at most ${pt(m)})` +
      (r.empty === 'full' ? '; no cases: full points' : r.empty === 'na' ? '; no cases: not applicable' : ''),
    increment: (r, m, { f, pt }) =>
      `${r.direction === 'up' ? 'up to' : 'down to'} ${f.num(r.from)}: ${pt(r.base)}; each ${f.num(r.step)} ${r.direction === 'up' ? 'more' : 'less'}: +${pt(r.perStep)}${r.partial === 'prorata' ? ' (a part step pro rata)' : ''}; at most ${pt(m)}`,
    levels: (r, _m, { pt }) => r.levels.map((l) => `${l.label}: ${pt(l.points)}`).join('; '),
    deduction: (r, m, { pt }) => `${pt(m)} − ${pt(r.per)} × occurrences, at least ${pt(r.floor)}`,
    relative: (r, m, { pt }) => (r.direction === 'higher' ? `${pt(m)} × value / the group's highest` : `${pt(m)} × the group's lowest / value`),
    manual: (_r, m, { pt }) => `the appraisal council's points, 0 to ${pt(m)}`,
    given: (r, m, { pt }) => `points supplied, ${pt(r.floor)} to ${pt(m)}`,
    all: (r, _m, { pt, cond }) => `${r.of.map((c) => cond(c)).join(' and ')}: ${pt(r.yes)}; otherwise: ${pt(r.no)}`,
    any: (r, _m, { pt, cond }) => `${r.of.map((c) => cond(c)).join(' or ')}: ${pt(r.yes)}; otherwise: ${pt(r.no)}`,
    cases: (r, _m, { pt, cond, inner }) => [...r.cases.map((c) => `if ${cond(c.when)}: ${then(pt, c.then, inner)}`), `otherwise: ${then(pt, r.otherwise, inner)}`].join('; '),
    max_of: (r, _m, { inner }) => `the best of: ${r.rules.map((x) => `(${inner(x)})`).join(' | ')}`,
    sum_of: (r, m, { pt, inner }) => `the sum of: ${r.rules.map((x) => `(${inner(x)})`).join(' + ')}, at most ${pt(m)}`,
  },
};

const EXPECTED: Record<Lang, RuleCatalog> = {
  vi: {
    boolean: () => 'có / không',
    deadline: (r, _m, { f }) => `ngày (dd/mm/yyyy), hạn ${f.date(r.due)}; ghi "chưa" nếu chưa thực hiện`,
    bands: (r) => (r.of === 'percent' ? 'tỷ lệ % hoặc a/b' : 'số'),
    proportional: (r) => (r.of === 'percent' ? 'tỷ lệ % hoặc a/b' : 'số'),
    increment: () => 'số',
    levels: (r) => `một trong: ${r.levels.map((l) => l.label).join('; ')}`,
    deduction: () => 'số trường hợp (0, 1, 2…)',
    relative: () => 'số',
    manual: (_r, m, { pt }) => `điểm (0 – ${pt(m)}); dưới tối đa thì ghi rõ lý do ở Ghi chú`,
    given: (r, m, { pt }) => `điểm (${pt(r.floor)} – ${pt(m)})`,
    all: () => 'các chỉ tiêu của điều kiện, mỗi chỉ tiêu một dòng',
    any: () => 'các chỉ tiêu của điều kiện, mỗi chỉ tiêu một dòng',
    cases: () => 'các chỉ tiêu của điều kiện và cách tính, mỗi chỉ tiêu một dòng',
    max_of: () => 'các chỉ tiêu của từng cách tính, mỗi chỉ tiêu một dòng',
    sum_of: () => 'các chỉ tiêu của từng phần, mỗi chỉ tiêu một dòng',
  },
  en: {
    boolean: () => 'yes / no',
    deadline: (r, _m, { f }) => `a date, deadline ${f.date(r.due)}; "chưa" (not yet) if not done`,
    bands: (r) => (r.of === 'percent' ? 'a percent or a/b' : 'a number'),
    proportional: (r) => (r.of === 'percent' ? 'a percent or a/b' : 'a number'),
    increment: () => 'a number',
    levels: (r) => `one of: ${r.levels.map((l) => l.label).join('; ')}`,
    deduction: () => 'a count of occurrences (0, 1, 2…)',
    relative: () => 'a number',
    manual: (_r, m, { pt }) => `points (0 – ${pt(m)}); below the max, give the reason in the note`,
    given: (r, m, { pt }) => `points (${pt(r.floor)} – ${pt(m)})`,
    all: () => "the conditions' indicators, one row each",
    any: () => "the conditions' indicators, one row each",
    cases: () => "the conditions' and formulas' indicators, one row each",
    max_of: () => "each alternative's indicators, one row each",
    sum_of: () => "each part's indicators, one row each",
  },
};

/** Kinds whose text says the most they give: under a cap, that is the cap. */
const SAYS_MAX: ReadonlySet<string> = new Set(['proportional', 'increment', 'deduction', 'manual', 'given', 'sum_of']);

/** How a rule's words are written: its points bare ("0,5") or named ("0,5 điểm"), and attributes by their titles. */
export interface RuleWording {
  /** Points followed by their unit, for text read apart from any table of points (the decision's annex). */
  named?: boolean;
  /** Attribute titles ("Xã miền núi, vùng cao") by name, for conditions on facts about the unit. */
  titles?: ReadonlyMap<string, string>;
}

function render(catalog: Record<Lang, RuleCatalog>, rule: Rule, max: Exact, lang: Lang, wording: RuleWording = {}): string {
  const f = formatter(lang);
  const pt = wording.named ? (x: Exact) => pointsNamed(f, x) : (x: Exact) => f.num(x);
  const capped = rule.cap !== undefined && rule.cap.lt(max);
  const most = capped ? rule.cap! : max;
  const say: Say = { f, pt, cond: (c) => conditionText(c, f, wording.titles), inner: (r) => render(catalog, r, max, lang, wording) };
  const text = (catalog[lang][rule.kind] as (r: Rule, m: Exact, s: Say) => string)(rule, most, say);
  return !capped || SAYS_MAX.has(rule.kind) ? text : `${text}${lang === 'vi' ? ', tối đa' : ', at most'} ${pt(most)}`;
}

/** "0,5 điểm", "1 point", "2 points". */
export function pointsNamed(f: Formatter, x: Exact): string {
  return `${f.num(x)} ${f.lang === 'vi' ? 'điểm' : x.eq(Exact.ONE) ? 'point' : 'points'}`;
}

/** What a composite rule's outcome is: its points, or its own rule in brackets. */
function then(pt: (x: Exact) => string, t: { points: Exact } | { rule: Rule }, inner: (r: Rule) => string): string {
  return 'points' in t ? pt(t.points) : `(${inner(t.rule)})`;
}

/** The rule's own scale in words: what each outcome is worth. */
export function ruleText(rule: Rule, max: Exact, lang: Lang, wording?: RuleWording): string {
  return render(RULES, rule, max, lang, wording);
}

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
        return `${vi ? 'điểm' : 'points'} (${f.num(spec.floor)} – ${spec.max ? f.num(spec.max) : '…'})`;
    }
  })();
  return text + (optional ? (vi ? '; hoặc "không áp dụng"' : '; or "không áp dụng" (not applicable)') : '');
}

/** What to enter for the rule; `optional` leaves also accept "không áp dụng". */
export function expectedText(rule: Rule, max: Exact, lang: Lang, optional = false): string {
  return render(EXPECTED, rule, max, lang) + (optional ? (lang === 'vi' ? '; hoặc "không áp dụng"' : '; or "không áp dụng" (not applicable)') : '');
}
