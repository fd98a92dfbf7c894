import { Exact } from '../core/exact.js';
import { dateParts, type IsoDate } from '../core/dates.js';

export type Lang = 'vi' | 'en';

/**
 * Numbers and dates the way each language writes them: Vietnamese 1.234,56 and 15/12/2024,
 * English 1,234.56 and 2024-12-15. The minus sign is the typographic "−".
 */
export interface Formatter {
  lang: Lang;
  /** Shortest exact form, or `places` fixed decimals: 0,5 / 81,33. */
  num(x: Exact | number | bigint, places?: number): string;
  /** Rounded to at most `places` decimals, without trailing zeros: 95,41 / 92,5 / 100. */
  dec(x: Exact, places: number): string;
  /** With an explicit sign for changes: +0,5 / −1,25. */
  signed(x: Exact, places?: number): string;
  date(d: IsoDate | string): string;
  list(items: readonly string[]): string;
}

/** One formatter per language, made once: every sentence of a national report asks for one. */
export function formatter(lang: Lang): Formatter {
  return (formatters[lang] ??= makeFormatter(lang));
}

const formatters: Partial<Record<Lang, Formatter>> = {};

function makeFormatter(lang: Lang): Formatter {
  const [group, decimal] = lang === 'vi' ? ['.', ','] : [',', '.'];
  const num = (x: Exact | number | bigint, places?: number): string => {
    const e = x instanceof Exact ? x : typeof x === 'bigint' ? Exact.of(x) : Exact.fromNumber(x);
    const text = places === undefined ? e.toString(4) : e.toFixed(places);
    // Most numbers are small and positive ("0,5", "12", "95,41"): no grouping, no sign.
    if (text.length <= 3 && text[0] !== '-') return decimal === '.' ? text : text.replace('.', decimal);
    const neg = text.startsWith('-');
    const [int = '', frac] = (neg ? text.slice(1) : text).split('.');
    const grouped = int.length <= 3 ? int : int.replace(/\B(?=(\d{3})+(?!\d))/g, group);
    const body = frac === undefined ? grouped : grouped + decimal + frac;
    return neg && /[1-9]/.test(body) ? '−' + body : body;
  };
  return {
    lang,
    num,
    dec: (x, places) => num(x.round(places)),
    signed: (x, places) => (x.isNegative() ? num(x, places) : '+' + num(x, places)),
    date: (d) => {
      const m = /^\d{4}-\d{2}-\d{2}$/.test(d) ? dateParts(d as IsoDate) : undefined;
      if (!m) return d;
      return lang === 'vi' ? `${String(m.day).padStart(2, '0')}/${String(m.month).padStart(2, '0')}/${m.year}` : d;
    },
    list: (items) => items.join(', '),
  };
}

/** A value as the rule read it: a percent with its sign and at most two decimals. */
export function shownValue(f: Formatter, value: Exact, of: 'number' | 'percent'): string {
  return of === 'percent' ? `${f.dec(value, 2)}%` : f.dec(value, 4);
}
