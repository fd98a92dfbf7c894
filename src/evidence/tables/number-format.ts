/**
 * Spreadsheet number formats read as Excel reads them: what a number in a cell of that format is
 * (a percent, a date, a time or a plain number), and the text a time format shows. Quoted strings,
 * `\`-escaped characters, `_x` and `*x` padding and `[colour]`, `[$-locale]` or `[>=100]`
 * brackets are literal: `0\%` and `0"%"` show a percent sign after a plain number, and
 * `0\ \b\à\i` is a count of "bài", not a date.
 */
export type NumberFormat = { kind: 'plain' | 'percent'; decimals?: SectionDecimals } | { kind: 'date' } | { kind: 'time'; parts: TimePart[] };

/**
 * The decimals a number format shows, per section (positive; negative; zero): `0.00` always 2,
 * `0.0#` 1 or 2. A section left undefined shows as General (every digit, to 15 significant
 * digits), as do `General`, text (`@`) and exponent or fraction formats, whose decimals are not
 * those of the number.
 */
export type SectionDecimals = ReadonlyArray<{ min: number; max: number } | undefined>;

/** What a time format shows, in order. */
export type TimePart =
  | { literal: string }
  /** Hours, minutes or seconds; `elapsed` for [h], [mm], [ss] (not wrapped at 24 h or 60). */
  | { unit: 'h' | 'm' | 's'; width: number; elapsed: boolean }
  /** Decimal places of the seconds (`ss.00`). */
  | { fraction: number }
  /** AM/PM or A/P, as written: a 12-hour clock. */
  | { am: string; pm: string };

type Token =
  | TimePart
  | { date: 'y' | 'd' | 'month' }
  /** m or mm: minutes beside an hour or a second, the month otherwise. */
  | { m: number }
  | { percent: true }
  | { section: true };

/** The formats Excel does not write out (ECMA-376 §18.8.30) that are not plain numbers. */
export const BUILT_IN_FORMATS: ReadonlyMap<number, string> = new Map([
  [9, '0%'],
  [10, '0.00%'],
  [14, 'mm-dd-yy'],
  [15, 'd-mmm-yy'],
  [16, 'd-mmm'],
  [17, 'mmm-yy'],
  [18, 'h:mm AM/PM'],
  [19, 'h:mm:ss AM/PM'],
  [20, 'h:mm'],
  [21, 'h:mm:ss'],
  [22, 'm/d/yy h:mm'],
  [45, 'mm:ss'],
  [46, '[h]:mm:ss'],
  [47, 'mmss.0'],
]);

/**
 * A number format code's kind. Date parts (y, d, a month) make a date, even beside a time; time
 * parts alone (h, s, minutes, AM/PM, [h], [mm], [ss]) make a time; otherwise a `%` outside
 * literals makes a percent. `General` and the E of `0.00E+00` are no date parts.
 */
export function numberFormat(code: string): NumberFormat {
  const tokens = tokenize(code);
  if (tokens.some((t) => 'date' in t)) return { kind: 'date' };
  if (tokens.some((t) => 'unit' in t || 'am' in t)) {
    const end = tokens.findIndex((t) => 'section' in t);
    return { kind: 'time', parts: (end < 0 ? tokens : tokens.slice(0, end)).filter(isTimePart) };
  }
  const decimals = sectionDecimals(code);
  return { kind: tokens.some((t) => 'percent' in t) ? 'percent' : 'plain', ...(decimals ? { decimals } : {}) };
}

/** The plain built-in formats with fixed decimals (ECMA-376 §18.8.30), which Excel does not write out either. */
export const BUILT_IN_NUMBER_FORMATS: ReadonlyMap<number, string> = new Map([
  [1, '0'],
  [2, '0.00'],
  [3, '#,##0'],
  [4, '#,##0.00'],
  [37, '#,##0 ;(#,##0)'],
  [38, '#,##0 ;[Red](#,##0)'],
  [39, '#,##0.00;(#,##0.00)'],
  [40, '#,##0.00;[Red](#,##0.00)'],
]);

/** Each section's decimals, or undefined when no section fixes them. */
function sectionDecimals(code: string): SectionDecimals | undefined {
  const sections: string[] = [''];
  // The format's digit placeholders, point and exponent, per section; literals, padding and brackets dropped.
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === '"') {
      const end = code.indexOf('"', i + 1);
      i = end < 0 ? code.length : end;
    } else if (c === '\\' || c === '_' || c === '*') {
      i++;
    } else if (c === '[') {
      const end = code.indexOf(']', i);
      i = end < 0 ? code.length : end;
    } else if (c === ';') {
      sections.push('');
    } else if (/^general/i.test(code.slice(i, i + 7))) {
      sections[sections.length - 1] += 'g';
      i += 6;
    } else if ('0#?.eE/@'.includes(c)) {
      sections[sections.length - 1] += c.toLowerCase();
    }
  }
  const decimals = sections.map((s) => {
    if (!/[0#?]/.test(s) || /[ge/@]/.test(s)) return undefined;
    const after = /\.([0#?]*)/.exec(s)?.[1] ?? '';
    return { min: after.replace(/#/g, '').length, max: after.length };
  });
  return decimals.some((d) => d !== undefined) ? decimals : undefined;
}

/**
 * How many decimals a cell shows for `number` (exact decimal text, the value Excel holds to 15
 * significant digits, a percent already × 100): the section's fixed decimals, or General's — as
 * many as the number has.
 */
export function shownPlaces(number: string, decimals: SectionDecimals | undefined): number {
  const negative = number.startsWith('-');
  const zero = !/[1-9]/.test(number);
  const section = (negative && decimals?.[1] !== undefined ? decimals[1] : zero && decimals?.[2] !== undefined ? decimals[2] : decimals?.[0]) ?? undefined;
  const fraction = (text: string) => text.split('.')[1]?.replace(/0+$/, '').length ?? 0;
  if (!section) return fraction(number);
  if (section.min === section.max) return section.max;
  // 0.0#: as many of the optional places as the rounded number needs.
  const rounded = roundText(number, section.max);
  return Math.max(section.min, fraction(rounded));
}

/** Decimal text rounded half away from zero to `places`, as text. */
function roundText(number: string, places: number): string {
  const negative = number.startsWith('-');
  const [int = '0', frac = ''] = (negative ? number.slice(1) : number).split('.');
  if (frac.length <= places) return number;
  const digits = BigInt(int + frac.slice(0, places)) + (frac[places]! >= '5' ? 1n : 0n);
  const text = digits.toString().padStart(places + 1, '0');
  return `${negative ? '-' : ''}${text.slice(0, text.length - places)}${places > 0 ? '.' + text.slice(text.length - places) : ''}`;
}

function isTimePart(token: Token): token is TimePart {
  return 'literal' in token || 'unit' in token || 'fraction' in token || 'am' in token;
}

const RUN = /^(y+|d+|h+|s+|m+)/i;
const ELAPSED = /^\[(h+|m+|s+)\]/i;

function tokenize(code: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < code.length) {
    const c = code[i]!;
    const rest = code.slice(i, i + 7);
    if (c === '"') {
      const end = code.indexOf('"', i + 1);
      tokens.push({ literal: code.slice(i + 1, end < 0 ? code.length : end) });
      i = end < 0 ? code.length : end + 1;
    } else if (c === '\\') {
      tokens.push({ literal: code.slice(i + 1, i + 2) });
      i += 2;
    } else if (c === '_' || c === '*') {
      // Padding the width of the next character, or a fill: nothing shown in plain text.
      i += 2;
    } else if (c === '[') {
      const elapsed = ELAPSED.exec(code.slice(i));
      const unit = elapsed?.[1];
      if (unit !== undefined) tokens.push({ unit: unit[0]!.toLowerCase() as 'h' | 'm' | 's', width: unit.length, elapsed: true });
      const end = code.indexOf(']', i);
      i = end < 0 ? code.length : end + 1;
    } else if (/^general/i.test(rest)) {
      i += 7;
    } else if (/^am\/pm/i.test(rest)) {
      tokens.push({ am: code.slice(i, i + 2), pm: code.slice(i + 3, i + 5) });
      i += 5;
    } else if (/^a\/p/i.test(rest)) {
      tokens.push({ am: code[i]!, pm: code[i + 2]! });
      i += 3;
    } else if (RUN.test(rest)) {
      const run = RUN.exec(code.slice(i))![1]!;
      const letter = run[0]!.toLowerCase();
      if (letter === 'y') tokens.push({ date: 'y' });
      else if (letter === 'd') tokens.push({ date: 'd' });
      else if (letter === 'm') tokens.push(run.length > 2 ? { date: 'month' } : { m: run.length });
      else tokens.push({ unit: letter as 'h' | 's', width: run.length, elapsed: false });
      i += run.length;
    } else if (c === '.' && /^\.0+/.test(code.slice(i)) && lastUnit(tokens) === 's') {
      const digits = /^\.(0+)/.exec(code.slice(i))![1]!.length;
      tokens.push({ fraction: digits });
      i += 1 + digits;
    } else if (c === '%') {
      tokens.push({ percent: true });
      i += 1;
    } else if (c === ';') {
      tokens.push({ section: true });
      i += 1;
    } else {
      tokens.push({ literal: c });
      i += 1;
    }
  }
  return resolveMinutes(tokens);
}

/** The unit of the last hour, minute or second token, past literals. */
function lastUnit(tokens: readonly Token[]): string | undefined {
  for (let j = tokens.length - 1; j >= 0; j--) {
    const t = tokens[j]!;
    if ('unit' in t) return t.unit;
    if ('m' in t || 'date' in t || 'section' in t) return undefined;
  }
  return undefined;
}

/** As Excel: m or mm right after an hour, or right before a second, is minutes; else the month. */
function resolveMinutes(tokens: Token[]): Token[] {
  const neighbour = (from: number, step: number): Token | undefined => {
    for (let j = from + step; j >= 0 && j < tokens.length; j += step) {
      const t = tokens[j]!;
      if (!('literal' in t) && !('fraction' in t)) return t;
    }
    return undefined;
  };
  return tokens.map((t, j) => {
    if (!('m' in t)) return t;
    const before = neighbour(j, -1);
    const after = neighbour(j, 1);
    const minutes = (before !== undefined && 'unit' in before && before.unit === 'h') || (after !== undefined && 'unit' in after && after.unit === 's');
    return minutes ? { unit: 'm', width: t.m, elapsed: false } : { date: 'month' };
  });
}

/**
 * The text a time format shows for `days` (a spreadsheet serial: 0.5 is noon): rounded to the
 * finest unit shown, the largest unit wrapped at 24 hours or 60 unless elapsed ([h]).
 */
export function timeText(days: number, parts: readonly TimePart[]): string {
  const places = Math.min(3, Math.max(0, ...parts.map((p) => ('fraction' in p ? p.fraction : 0))));
  const scale = 10 ** places;
  const ticks = Math.round(Math.abs(days) * 86_400 * scale);
  const seconds = Math.floor(ticks / scale);
  const twelve = parts.some((p) => 'am' in p);
  const hours = Math.floor(seconds / 3600);
  let text = days < 0 && ticks > 0 ? '-' : '';
  for (const part of parts) {
    if ('literal' in part) text += part.literal;
    else if ('am' in part) text += hours % 24 < 12 ? part.am : part.pm;
    else if ('fraction' in part) text += `.${String(ticks % scale).padStart(places, '0').slice(0, part.fraction).padEnd(part.fraction, '0')}`;
    else {
      let n: number;
      if (part.unit === 'h') n = part.elapsed ? hours : twelve ? hours % 12 || 12 : hours % 24;
      else if (part.unit === 'm') n = part.elapsed ? Math.floor(seconds / 60) : Math.floor(seconds / 60) % 60;
      else n = part.elapsed ? seconds : seconds % 60;
      text += String(n).padStart(Math.min(part.width, 2), '0');
    }
  }
  return text;
}
