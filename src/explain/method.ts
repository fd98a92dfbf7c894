import type { Exact } from '../core/exact.js';
import type { Adjustment, Criteria, DerivedIndicator, Leaf } from '../core/model.js';
import { leafReads } from '../core/rules/evaluate.js';
import { foldText } from '../core/text.js';
import { formatter, type Lang } from './numbers.js';
import { pointsNamed, ruleText } from './rules.js';

/**
 * The scoring method of a criterion as a decision's annex writes it ("Phương pháp chấm điểm"):
 * the rule's own words (those of explanations and `plan`, with points named), then what the rule
 * alone does not say — where a derived indicator comes from and how it is counted, who supplies
 * the figure, whether a unit may report "không áp dụng", which groups the criterion applies to.
 * One sentence each, in the order an officer reads them.
 */
export type MethodCriteria = Pick<Criteria, 'indicators' | 'attributes' | 'groups'>;

const WORDS = {
  vi: {
    derived: (from: string) => `tính từ dữ liệu ${from}`,
    indicator: (name: string) => `Chỉ tiêu ${name}`,
    rows: 'dòng',
    onTime: (row: string, done: string, due: string) => `số ${row} đúng hạn (${done} không sau ${due})`,
    done: (row: string, done: string) => `số ${row} đã có ${done}`,
    pendingLate: (row: string, done: string) => `tổng số ${row} (${row} chưa có ${done} tính là trễ hạn)`,
    share: (row: string, column: string, values: string) => `số ${row} có ${column} là ${values}`,
    withValue: (row: string, column: string) => `số ${row} có ${column}`,
    count: (row: string) => `số ${row}`,
    mean: (column: string) => `bình quân ${column}`,
    scale: 'quy đổi',
    leftOut: 'không tính',
    or: ' hoặc ',
    weighted: (column: string) => `có trọng số theo ${column}`,
    minRows: (n: string, row: string) => `dưới ${n} ${row}: chưa đủ dữ liệu, tiêu chí không tính vào điểm tối đa của đơn vị`,
    office: 'Số liệu do cơ quan chấm điểm cung cấp; đơn vị không tự chấm.',
    optional: 'Đơn vị có thể báo "không áp dụng": tiêu chí không tính vào điểm tối đa của đơn vị.',
    appliesTo: (groups: string) => `Chỉ áp dụng cho: ${groups}; đơn vị nhóm khác không tính tiêu chí này.`,
    bonus: 'Điểm thưởng, cộng vào tổng điểm, không tính vào điểm tối đa',
    penalty: 'Điểm trừ, trừ vào tổng điểm',
    perCase: (per: string) => `mỗi trường hợp ${per}`,
    most: 'tối đa',
    shared: (cap: string) => `Tổng các mục dưới đây tối đa ${cap}.`,
  },
  en: {
    derived: (from: string) => `derived from the ${from} records`,
    indicator: (name: string) => `Indicator ${name}`,
    rows: 'rows',
    onTime: (row: string, done: string, due: string) => `${row} on time (${done} not after ${due})`,
    done: (row: string, done: string) => `${row} with a ${done}`,
    pendingLate: (row: string, done: string) => `all ${row} (those without a ${done} counted late)`,
    share: (row: string, column: string, values: string) => `${row} whose ${column} is ${values}`,
    withValue: (row: string, column: string) => `${row} with a ${column}`,
    count: (row: string) => `the number of ${row}`,
    mean: (column: string) => `the mean of ${column}`,
    scale: 'scored as',
    leftOut: 'left out',
    or: ' or ',
    weighted: (column: string) => `weighted by ${column}`,
    minRows: (n: string, row: string) => `below ${n} ${row}: insufficient data, the criterion is left out of the unit's maximum`,
    office: 'The scoring office supplies the figure; units do not self-assess it.',
    optional: 'A unit may report "không áp dụng" (not applicable): the criterion is left out of its maximum.',
    appliesTo: (groups: string) => `Applies only to: ${groups}; units of other groups do not count it.`,
    bonus: "Bonus points, added to the total, not to the maximum",
    penalty: 'Penalty points, taken off the total',
    perCase: (per: string) => `${per} per case`,
    most: 'at most',
    shared: (cap: string) => `The items below together at most ${cap}.`,
  },
};

/** A leaf's scoring method, one sentence per line. */
export function leafMethod(leaf: Leaf, criteria: MethodCriteria, lang: Lang): string[] {
  const w = WORDS[lang];
  const titles = new Map([...criteria.attributes.values()].map((a) => [a.name, a.title]));
  const lines = [sentence(ruleText(leaf.rule, leaf.max, lang, { named: true, titles }))];
  const derived = new Map<string, DerivedIndicator>();
  for (const read of leafReads(leaf)) {
    const d = derivedNamed(criteria, read.indicator);
    if (d) derived.set(d.name, d);
  }
  for (const d of derived.values()) lines.push(sentence(`${w.indicator(d.name)} ${derivedText(d, lang)}`));
  if (leaf.suppliedBy === 'office' && derived.size === 0) lines.push(w.office);
  if (leaf.optional) lines.push(w.optional);
  if (leaf.appliesTo !== undefined) {
    const groups = leaf.appliesTo.map((id) => criteria.groups.find((g) => g.id === id)?.title ?? id);
    lines.push(w.appliesTo(groups.join(', ')));
  }
  return lines;
}

/** An indicator derived from a record file, in words: "tính từ dữ liệu ho_so: số hồ sơ đúng hạn (…) / số hồ sơ đã có …". */
export function derivedText(d: DerivedIndicator, lang: Lang): string {
  const w = WORDS[lang];
  const f = formatter(lang);
  const row = d.rowLabel ?? w.rows;
  const a = d.aggregate;
  const formula = (() => {
    switch (a.kind) {
      case 'on_time':
        return `${w.onTime(row, a.done, a.due)} / ${a.pending === 'late' ? w.pendingLate(row, a.done) : w.done(row, a.done)}`;
      case 'share':
        return `${w.share(row, a.column, a.values.join(w.or))} / ${w.withValue(row, a.column)}`;
      case 'count':
        return a.column === undefined ? w.count(row) : a.values === undefined ? w.withValue(row, a.column) : w.share(row, a.column, a.values.join(w.or));
      case 'mean': {
        const scale = a.map?.map((m) => `${m.label} = ${m.value === null ? w.leftOut : f.num(m.value)}`).join('; ');
        return `${w.mean(a.column)}${scale ? ` (${w.scale}: ${scale})` : ''}`;
      }
    }
  })();
  const notes = [...(d.weightColumn ? [w.weighted(d.weightColumn)] : []), ...(d.minRows !== undefined ? [w.minRows(f.num(d.minRows), row)] : [])];
  return `${w.derived(d.from)}: ${formula}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`;
}

/**
 * An adjustment's method: bonus or penalty, its rule and its cap. A deduction outside the tree
 * gives `per` for each case up to the cap (not the max less the cases, as in a leaf).
 */
export function adjustmentMethod(a: Adjustment, criteria: MethodCriteria, lang: Lang): string[] {
  const w = WORDS[lang];
  const f = formatter(lang);
  const cap = pointsNamed(f, a.cap);
  const rule =
    a.rule.kind === 'deduction' ? `${w.perCase(pointsNamed(f, a.rule.per))}, ${w.most} ${cap}` : `${ruleText(a.rule, a.cap, lang, { named: true })}; ${w.most} ${cap}`;
  const lines = [sentence(`${a.kind === 'bonus' ? w.bonus : w.penalty}: ${rule}`)];
  const d = derivedNamed(criteria, a.indicator);
  if (d) lines.push(sentence(`${w.indicator(d.name)} ${derivedText(d, lang)}`));
  else if (a.suppliedBy === 'office') lines.push(w.office);
  return lines;
}

/** The line above the adjustments that share one cap ("Điểm cộng, tối đa 5"). */
export function sharedCapMethod(cap: Exact, lang: Lang): string {
  return WORDS[lang].shared(pointsNamed(formatter(lang), cap));
}

function derivedNamed(criteria: MethodCriteria, indicator: string): DerivedIndicator | undefined {
  const key = foldText(indicator);
  for (const d of criteria.indicators.values()) if (foldText(d.name) === key) return d;
  return undefined;
}

/** A phrase as a sentence: a capital first letter (not on an indicator's name: du_nhiem_vu), a full stop. */
function sentence(text: string): string {
  const word = /^\p{Ll}\p{L}*(?=[\s:;,]|$)/u.test(text);
  return `${word ? text.charAt(0).toLocaleUpperCase('vi') + text.slice(1) : text}${/[.!?]$/.test(text) ? '' : '.'}`;
}
