import { isoDate, parseIsoDate } from '../core/dates.js';
import { Exact } from '../core/exact.js';
import type { Value } from '../core/inputs.js';
import type { ProblemData } from '../core/problems.js';
import type { ValueSpec } from '../core/rules/kind.js';
import { closest, foldText } from '../core/text.js';
import type { Cell, CellError } from './tables/table.js';

/**
 * Evidence values the way offices write them, read as what each rule needs. Numbers never pass
 * through binary floating point: "1.373" (vi) and "1,373" (en) are the integer 1373, "0,1" is
 * exactly 1/10, "810/849" stays an exact ratio. Anything ambiguous is a problem, never a guess.
 */
export type Locale = 'vi' | 'en';

type ValueProblemCode =
  | 'value-type'
  | 'number-format'
  | 'percent-above-100'
  | 'negative-value'
  | 'not-a-count'
  | 'unknown-level'
  | 'points-out-of-range'
  | 'ratio-zero-denominator'
  | 'formula-without-result'
  | 'cell-error';

export type ValueProblem = { [C in ValueProblemCode]: { code: C; data: ProblemData[C] } }[ValueProblemCode];
export type ValueWarning = { code: 'percent-looks-like-fraction'; data: ProblemData['percent-looks-like-fraction'] };

export type Parsed =
  | { kind: 'value'; value: Value; warning?: ValueWarning }
  /**
   * Nothing written: no evidence, whatever the rule. A blank cell is what an unfilled template row
   * holds, so it never stands for "không" or "not done": the leaf scores what the rule gives for no
   * evidence (the same points) and is listed as missing, and a unit that filled in nothing is unranked.
   */
  | { kind: 'empty' }
  | { kind: 'problem'; problem: ValueProblem };

// Values without data are shared: evidence holds millions of them.
const TRUE: Value = { type: 'boolean', value: true };
const FALSE: Value = { type: 'boolean', value: false };
const NOT_DONE: Value = { type: 'not_done' };
const NA: Value = { type: 'na' };

const NOT_APPLICABLE = new Set(['không áp dụng', 'kad', 'n/a', 'na', 'k/a']);
const YES = new Set(['có', 'đạt', 'x', 'yes', 'true', '1', 'y', 'rồi', 'đã', '✓', '✔']);
const NO = new Set(['không', 'không có', 'không đạt', 'chưa đạt', 'no', 'false', '0', 'n', 'chưa']);
const NOT_DONE_TEXTS = new Set(['không', 'chưa', 'không thực hiện', 'chưa thực hiện', 'không ban hành', 'chưa ban hành', 'không có']);

/** "không", "chưa", "chưa thực hiện": written where a date is due, it means not done (yet). */
export function isNotDone(text: string): boolean {
  return NOT_DONE_TEXTS.has(foldText(text));
}

export function isNotApplicable(text: string): boolean {
  return NOT_APPLICABLE.has(foldText(text));
}

export function parseValue(cell: Cell | undefined, spec: ValueSpec, locale: Locale): Parsed {
  const text = cleanText(cell?.text ?? '');
  const typed = cell !== undefined && (cell.number !== undefined || cell.date !== undefined || cell.bool !== undefined);
  if (text === '' && !typed) return { kind: 'empty' };
  if (cell?.error) return problem(cellError(cell.error));
  if (isNotApplicable(text)) return value(NA);
  switch (spec.type) {
    case 'boolean':
      return parseBoolean(cell!, text);
    case 'date':
      return parseDate(cell!, text, locale);
    case 'level':
      return parseLevel(text, spec.levels);
    case 'text':
      return value({ type: 'text', value: text });
    case 'count':
      return parseCount(cell!, text, locale);
    case 'number':
      return parseNumberValue(cell!, text, locale, spec.nonNegative);
    case 'percent':
      return parsePercent(cell!, text, locale, spec.empty);
    case 'points':
      return parsePoints(cell!, text, locale, spec.floor, spec.max);
  }
}

/** A cell with no value to read, whatever the rule: an error shown, or a formula never computed. */
export function cellError(error: CellError): Extract<ValueProblem, { code: 'formula-without-result' | 'cell-error' }> {
  const formula = error.formula === undefined ? {} : { formula: error.formula };
  return error.code === undefined
    ? { code: 'formula-without-result', data: formula }
    : { code: 'cell-error', data: { value: error.code, ...formula } };
}

function value(v: Value, warning?: ValueWarning): Parsed {
  return warning ? { kind: 'value', value: v, warning } : { kind: 'value', value: v };
}

function problem<P extends ValueProblem>(p: P): Parsed {
  return { kind: 'problem', problem: p };
}

/** NFC, no-break and thin spaces as spaces, the typographic minus as "-", trimmed. */
export function cleanText(text: string): string {
  // Most values are short ASCII ("95%", "có" is not): skip the Unicode work for them.
  if (/^[\x21-\x7e]*$/.test(text)) return text;
  return text
    .normalize('NFC')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/\u2212/g, '-')
    .trim();
}

function parseBoolean(cell: Cell, text: string): Parsed {
  if (cell.bool !== undefined) return value(cell.bool ? TRUE : FALSE);
  const f = foldText(text);
  if (YES.has(f)) return value(TRUE);
  if (NO.has(f)) return value(FALSE);
  return problem({ code: 'value-type', data: { value: text, expected: 'boolean' } });
}

function parseDate(cell: Cell, text: string, locale: Locale): Parsed {
  if (cell.date !== undefined) return value({ type: 'date', value: cell.date });
  if (isNotDone(text)) return value(NOT_DONE);
  const d = parseDateText(text, locale);
  if (d) return value({ type: 'date', value: d });
  return problem({ code: 'value-type', data: { value: text, expected: 'date', locale } });
}

/**
 * ISO (2024-12-20) always; in `vi` also 20/12/2024, 20-12-2024 and 20.12.2024, optionally after
 * "ngày". Slashed dates are refused in `en`, where 12/01/2025 could be either day first or month first.
 * A time of day after the date (exports stamp dossiers "02/07/2025 17:00", "2025-07-02T17:00:00")
 * leaves the date as it is; a time with a zone or offset ("…Z", "+07:00") is not a date here, since
 * its calendar date depends on the zone.
 */
export function parseDateText(text: string, locale: Locale): ReturnType<typeof parseIsoDate> {
  // One pass: record files hold millions of dates, most of them stamped with a different time.
  const m = DATE_TEXT.exec(text.trim());
  if (!m) return undefined;
  const [, year, month, day, dayFirst, , monthSecond, yearLast, join, hour, minute, second, halfDay] = m;
  if (hour !== undefined) {
    const h = Number(hour);
    if (!(halfDay !== undefined ? h >= 1 && h <= 12 : h <= 23) || Number(minute) > 59 || Number(second ?? 0) > 59) return undefined;
  }
  if (year !== undefined) return isoDate(Number(year), Number(month), Number(day));
  // "T" joins a time only to an ISO date.
  if (locale !== 'vi' || join?.toUpperCase() === 'T') return undefined;
  return isoDate(Number(yearLast), Number(monthSecond), Number(dayFirst));
}

/**
 * "ngày", then an ISO date (1–3) or a day-first one (4–7, the separator repeated), then perhaps a
 * time of day (8–12): " 17:00", " 17:00:00.123", "T17:00", " 5:00 PM", " 5:00:00 CH" (sáng/chiều).
 */
const DATE_TEXT = /^(?:ngày\s+)?(?:(\d{4})-(\d{2})-(\d{2})|(\d{1,2})([/.-])(\d{1,2})\5(\d{4}))(?:(T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(?:\s*(AM|PM|SA|CH))?)?$/i;

function parseLevel(text: string, levels: readonly string[]): Parsed {
  const f = foldText(text);
  const match = levels.find((l) => foldText(l) === f);
  if (match !== undefined) return value({ type: 'level', label: match });
  const suggestion = closest(text, levels);
  return problem({ code: 'unknown-level', data: { value: text, levels: [...levels], ...(suggestion ? { suggestion } : {}) } });
}

function parseCount(cell: Cell, text: string, locale: Locale): Parsed {
  const n = numberOf(cell, text, locale);
  if ('problem' in n) return problem(n.problem);
  if (n.value.isNegative()) return problem({ code: 'negative-value', data: { value: text } });
  if (!n.value.isInteger()) return problem({ code: 'not-a-count', data: { value: text } });
  return value({ type: 'count', value: n.value });
}

function parseNumberValue(cell: Cell, text: string, locale: Locale, nonNegative: boolean): Parsed {
  const ratio = cell.number === undefined ? parseRatio(text, locale) : undefined;
  if (ratio) {
    if ('problem' in ratio) return problem(ratio.problem);
    if (ratio.den.isZero()) return problem({ code: 'ratio-zero-denominator', data: { value: text } });
    const v = ratio.num.div(ratio.den);
    return nonNegative && v.isNegative() ? problem({ code: 'negative-value', data: { value: text } }) : value({ type: 'number', value: v });
  }
  const n = numberOf(cell, text, locale, true);
  if ('problem' in n) return problem(n.problem);
  if (nonNegative && n.value.isNegative()) return problem({ code: 'negative-value', data: { value: text } });
  return value({ type: 'number', value: n.value });
}

function parsePercent(cell: Cell, text: string, locale: Locale, allowEmpty: boolean): Parsed {
  let v: Exact;
  let warning: ValueWarning | undefined;
  const r = cell.number === undefined ? parseRatio(text, locale) : undefined;
  if (r) {
    if ('problem' in r) return problem(r.problem);
    if (r.den.isZero()) {
      if (!r.num.isZero() || !allowEmpty) return problem({ code: 'ratio-zero-denominator', data: { value: text } });
      return value({ type: 'percent', value: undefined });
    }
    v = r.num.mul(Exact.HUNDRED).div(r.den);
  } else if (cell.number !== undefined && cell.percent) {
    v = Exact.parse(cell.number)!.mul(Exact.HUNDRED);
  } else {
    const n = numberOf(cell, text, locale, true);
    if ('problem' in n) return problem(n.problem);
    v = n.value;
    // A bare 0,95 is read as 0,95% — say so, since it may have been meant as 95%.
    if (!n.percentSign && v.gt(Exact.ZERO) && v.lt(Exact.ONE)) warning = { code: 'percent-looks-like-fraction', data: { value: text } };
  }
  if (v.isNegative()) return problem({ code: 'negative-value', data: { value: text } });
  if (v.gt(Exact.HUNDRED)) return problem({ code: 'percent-above-100', data: { value: text, percent: v } });
  return value({ type: 'percent', value: v }, warning);
}

function parsePoints(cell: Cell, text: string, locale: Locale, floor: Exact, max: Exact | undefined): Parsed {
  const n = numberOf(cell, text, locale);
  if ('problem' in n) return problem(n.problem);
  if (n.value.lt(floor) || (max !== undefined && n.value.gt(max))) return problem({ code: 'points-out-of-range', data: { value: text, floor, max: max ?? n.value } });
  return value({ type: 'points', value: n.value });
}

/** A number from a numeric cell (exact decimal text) or from text in the locale's notation. */
function numberOf(
  cell: Cell,
  text: string,
  locale: Locale,
  allowPercentSign = false,
): { value: Exact; percentSign: boolean } | { problem: ValueProblem } {
  if (cell.number !== undefined) {
    const v = Exact.parse(cell.number)!;
    return { value: cell.percent ? v.mul(Exact.HUNDRED) : v, percentSign: cell.percent === true };
  }
  if (cell.bool !== undefined || cell.date !== undefined) return { problem: { code: 'value-type', data: { value: text, expected: 'number' } } };
  let t = text;
  let percentSign = false;
  if (allowPercentSign && /%$/.test(t)) {
    t = t.slice(0, -1).trim();
    percentSign = true;
  }
  const n = parseLocaleNumber(t, locale);
  if (n === undefined) {
    const suggestion = otherLocaleReading(t, locale);
    return suggestion
      ? { problem: { code: 'number-format', data: { value: text, locale, suggestion } } }
      : { problem: { code: 'value-type', data: { value: text, expected: 'number' } } };
  }
  return { value: n, percentSign };
}

const VI_NUMBER = /^([+-]?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/;
const EN_NUMBER = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * A number in the locale's notation: `vi` 1.234,5 (dots group thousands, the comma is decimal),
 * `en` 1,234.5. A separator used the other way ("1.5" in vi) does not parse.
 */
export function parseLocaleNumber(text: string, locale: Locale): Exact | undefined {
  const m = (locale === 'vi' ? VI_NUMBER : EN_NUMBER).exec(text.replace(/\s+/g, ''));
  if (!m) return undefined;
  const [, sign, int = '', frac] = m;
  const plainText = `${sign}${int.replace(/[.,]/g, '')}${frac !== undefined ? '.' + frac : ''}`;
  return Exact.parse(plainText);
}

/** How many decimals a number is written with in the locale's notation: "89,950" 3, "1.234" (vi) 0; undefined if it is no number. */
export function writtenPlaces(text: string, locale: Locale): number | undefined {
  const m = (locale === 'vi' ? VI_NUMBER : EN_NUMBER).exec(text.replace(/\s+/g, ''));
  return m ? (m[3]?.length ?? 0) : undefined;
}

/** When a number only reads in the other notation, how to write it in this one. */
function otherLocaleReading(text: string, locale: Locale): string | undefined {
  const other: Locale = locale === 'vi' ? 'en' : 'vi';
  const n = parseLocaleNumber(text, other);
  if (n === undefined) return undefined;
  const plainText = n.toString();
  return locale === 'vi' ? plainText.replace('.', ',') : plainText;
}

/** "810/849", "65.498/300.000": an exact ratio of two numbers in the locale's notation. */
function parseRatio(text: string, locale: Locale): { num: Exact; den: Exact } | { problem: ValueProblem } | undefined {
  const m = /^([^/]+)\/([^/]+)$/.exec(text);
  if (!m) return undefined;
  const num = parseLocaleNumber(m[1]!.trim(), locale);
  const den = parseLocaleNumber(m[2]!.trim(), locale);
  if (num === undefined || den === undefined) {
    // A date such as 20/12/2024 has two slashes and never gets here; anything else is not a ratio.
    return { problem: { code: 'value-type', data: { value: text, expected: 'percent' } } };
  }
  if (num.isNegative() || den.isNegative()) return { problem: { code: 'negative-value', data: { value: text } } };
  return { num, den };
}
