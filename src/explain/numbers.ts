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

/**
 * A value as the rule read it: a percent to at most two decimals, a number to four — and with more
 * wherever fewer would put it on the other side of a limit it was compared with, so an explanation
 * never contradicts itself: 89,996% is not "90%" beside "from 90%", nor 0,29999 "0,3" below 0,3.
 */
export function shownValue(f: Formatter, value: Exact, of: 'number' | 'percent', limits: readonly Exact[] = []): string {
  const text = f.dec(value, placesApart(value, limits, of === 'percent' ? 2 : 4));
  return of === 'percent' ? `${text}%` : text;
}

/** The fewest decimal places, from `base`, at which `value` rounds to the same side of every limit as it is. */
export function placesApart(value: Exact, limits: readonly Exact[], base: number): number {
  let places = base;
  // A value and a limit that differ differ at some decimal place; 30 is far beyond any real input.
  while (places < 30 && limits.some((t) => value.round(places).cmp(t) !== value.cmp(t))) places++;
  return places;
}

/** The step boundaries either side of an increment's value: from ± steps × step, and one step further. */
export function stepLimits(d: { from: Exact; step: Exact; steps?: number; direction: 'up' | 'down' }): Exact[] {
  const at = (k: number) => (d.direction === 'up' ? d.from.add(d.step.mul(Exact.whole(k))) : d.from.sub(d.step.mul(Exact.whole(k))));
  const steps = d.steps ?? 0;
  return [at(steps), at(steps + 1)];
}

/** A limit the criteria set (a band's threshold, a target), exactly as written there. */
export function shownLimit(f: Formatter, limit: Exact, of: 'number' | 'percent'): string {
  return of === 'percent' ? `${f.num(limit)}%` : f.num(limit);
}
