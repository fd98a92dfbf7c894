import type { Exact } from '../core/exact.js';
import type { Condition, FactRead, Test } from '../core/rules/conditions.js';
import type { Formatter } from './numbers.js';

/**
 * Conditions and the facts they read, in words: "co_kinh_phi: không đúng (không; minh-chung.csv,
 * dòng 4)", "tỷ lệ thu từ 30%", "mien_nui và (bien_gioi hoặc dan_so dưới 1.000)".
 */
const WORDS = {
  vi: { holds: 'đúng', fails: 'không đúng', is: 'là', min: 'từ', above: 'trên', below: 'dưới', atMost: 'đến', and: 'và', or: 'hoặc', not: 'không', row: 'dòng' },
  en: { holds: 'holds', fails: 'does not hold', is: 'is', min: 'from', above: 'above', below: 'below', atMost: 'up to', and: 'and', or: 'or', not: 'not', row: 'row' },
};

/** A test in words: "" for yes, 'là "Tier 3"', "từ 30% đến dưới 90%". */
export function testText(test: Test, f: Formatter): string {
  const w = WORDS[f.lang];
  if (test.type === 'yes') return '';
  if (test.type === 'is') return `${w.is} "${test.text}"`;
  const n = (x: { value: Exact }) => `${f.num(x.value)}${test.of === 'percent' ? '%' : ''}`;
  return [
    ...(test.lower ? [`${test.lower.strict ? w.above : w.min} ${n(test.lower)}`] : []),
    ...(test.upper ? [`${test.upper.strict ? w.below : w.atMost} ${n(test.upper)}`] : []),
  ].join(' ');
}

/** What a fact is and what it was tested for: "Xã miền núi", "ty_le_thu từ 30%". */
export function factLabel(fact: Pick<FactRead, 'name' | 'title' | 'test'>, f: Formatter): string {
  const test = testText(fact.test, f);
  return `${fact.title ?? fact.name}${test ? ` ${test}` : ''}`;
}

/** A fact read: whether its test held, with the value as written and its place. */
export function factText(fact: FactRead, f: Formatter): string {
  const w = WORDS[f.lang];
  const at = fact.at ? `; ${fact.at.file}${fact.at.sheet !== undefined ? `, sheet ${fact.at.sheet}` : ''}, ${w.row} ${fact.at.row}` : '';
  return `${factLabel(fact, f)}: ${fact.holds ? w.holds : w.fails} (${fact.text}${at})`;
}

/** A rule's outcome in words, ending with its points ("tỷ lệ 90% = 1,8"), unless it already does ("3 + 12 × 0,5 = 9"). */
export function withPoints(text: string, points: string): string {
  return text.endsWith(`= ${points}`) ? text : `${text} = ${points}`;
}

/** A condition as the criteria write it; an attribute by its title where `titles` has it. */
export function conditionText(c: Condition, f: Formatter, titles?: ReadonlyMap<string, string>): string {
  const w = WORDS[f.lang];
  if (c.kind === 'fact') {
    const title = c.source === 'attribute' ? titles?.get(c.name) : undefined;
    return factLabel(title === undefined ? c : { ...c, title }, f);
  }
  if (c.kind === 'not') return `${w.not} (${conditionText(c.of, f, titles)})`;
  const parts = c.of.map((x) => (x.kind === 'all' || x.kind === 'any' ? `(${conditionText(x, f, titles)})` : conditionText(x, f, titles)));
  return parts.join(` ${c.kind === 'all' ? w.and : w.or} `);
}
