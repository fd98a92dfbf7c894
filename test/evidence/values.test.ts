import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Exact } from '../../src/core/exact.js';
import type { Value } from '../../src/core/inputs.js';
import type { ValueSpec } from '../../src/core/rules/kind.js';
import { parseLocaleNumber, parseValue, type Locale, type Parsed } from '../../src/evidence/values.js';
import type { Cell } from '../../src/evidence/tables/table.js';

const x = (s: string) => Exact.parse(s)!;
const spec = {
  boolean: { type: 'boolean' },
  date: { type: 'date' },
  number: { type: 'number', nonNegative: false },
  nonNegative: { type: 'number', nonNegative: true },
  percent: { type: 'percent', empty: true },
  bandPercent: { type: 'percent', empty: false },
  count: { type: 'count' },
  level: { type: 'level', levels: ['Cấp trưởng', 'Cấp phó', 'Khác'] },
  points: { type: 'points', floor: x('0'), max: x('1.5') },
} satisfies Record<string, ValueSpec>;

function read(text: string, s: ValueSpec, locale: Locale = 'vi'): Parsed {
  return parseValue({ text }, s, locale);
}
function valueOf(p: Parsed): Value {
  if (p.kind !== 'value') throw new Error(`expected a value, got ${JSON.stringify(p)}`);
  return p.value;
}
function num(p: Parsed): string {
  const v = valueOf(p);
  if (!('value' in v) || !(v.value instanceof Exact)) throw new Error(`no number in ${JSON.stringify(v)}`);
  return v.value.toString();
}
function code(p: Parsed): string {
  if (p.kind !== 'problem') throw new Error(`expected a problem, got ${JSON.stringify(p)}`);
  return p.problem.code;
}

describe('numbers in the locale of the criteria', () => {
  it.each([
    // text, vi reading, en reading (undefined: refused)
    ['1.373', '1373', '1.373'],
    ['1,373', '1.373', '1373'],
    ['1.234,5', '1234.5', undefined],
    ['1,234.5', undefined, '1234.5'],
    ['53,41', '53.41', undefined],
    ['0,1', '0.1', undefined],
    ['12', '12', '12'],
    ['-3,5', '-3.5', undefined],
    ['1.5', undefined, '1.5'],
    ['1.000.000', '1000000', undefined],
    ['1 234', '1234', '1234'],
    ['abc', undefined, undefined],
    ['1..2', undefined, undefined],
  ])('%s → vi %s, en %s', (text, vi, en) => {
    expect(parseLocaleNumber(text, 'vi')?.toString()).toBe(vi);
    expect(parseLocaleNumber(text, 'en')?.toString()).toBe(en);
  });

  it('reads 1.373 in vi and 1,373 in en as the same number', () => {
    expect(num(read('1.373', spec.number, 'vi'))).toBe(num(read('1,373', spec.number, 'en')));
  });

  it('keeps 0,1 + 0,2 exactly 0,3', () => {
    const a = valueOf(read('0,1', spec.number)) as { value: Exact };
    const b = valueOf(read('0,2', spec.number)) as { value: Exact };
    expect(a.value.add(b.value).eq(x('0.3'))).toBe(true);
  });

  it('says how to write a number given in the other notation', () => {
    const p = read('1.5', spec.number, 'vi');
    expect(p).toEqual({ kind: 'problem', problem: { code: 'number-format', data: { value: '1.5', locale: 'vi', suggestion: '1,5' } } });
    const q = read('2,75', spec.number, 'en');
    expect(q).toMatchObject({ problem: { code: 'number-format', data: { suggestion: '2.75' } } });
  });

  it('reads a numeric spreadsheet cell through its decimal text, never its float', () => {
    const cell: Cell = { text: '0.1', number: '0.1' };
    expect(num(parseValue(cell, spec.number, 'vi'))).toBe('0.1');
    expect(num(parseValue({ text: '1373', number: '1373' }, spec.count, 'vi'))).toBe('1373');
  });

  it('accepts a ratio as a number: 45/40 computers per official is 1,125', () => {
    expect(num(read('45/40', spec.number))).toBe('1.125');
  });

  it('refuses a negative value where it cannot be', () => {
    expect(code(read('-2', spec.nonNegative))).toBe('negative-value');
    expect(num(read('-2', spec.number))).toBe('-2');
  });
});

describe('percents', () => {
  it.each([
    ['53,41%', '53.41'],
    ['53,41', '53.41'],
    ['53,41 %', '53.41'],
    ['100%', '100'],
    ['0', '0'],
  ])('%s is %s percent', (text, expected) => {
    expect(num(read(text, spec.percent))).toBe(expected);
  });

  it('keeps a ratio exact: 810/849 is 81000/849 percent', () => {
    const v = valueOf(read('810/849', spec.percent));
    expect(v).toMatchObject({ type: 'percent' });
    if (v.type !== 'percent') throw new Error();
    expect(v.value!.eq(Exact.of(81000n, 849n))).toBe(true);
    // 1.290/1.373 in the Vietnamese notation: 1290/1373 × 100.
    const w = valueOf(read('1.290/1.373', spec.percent));
    if (w.type !== 'percent') throw new Error();
    expect(w.value!.eq(Exact.of(129000n, 1373n))).toBe(true);
  });

  it('reads 0/0 as a percent with no value, for the rule to decide', () => {
    expect(valueOf(read('0/0', spec.percent))).toEqual({ type: 'percent', value: undefined });
    // A rule that cannot tell what 0/0 means (bands) refuses it.
    expect(code(read('0/0', spec.bandPercent))).toBe('ratio-zero-denominator');
    expect(code(read('5/0', spec.percent))).toBe('ratio-zero-denominator');
  });

  it('reads a percent-formatted cell 0.5341 as 53,41 percent', () => {
    expect(num(parseValue({ text: '0.5341', number: '0.5341', percent: true }, spec.percent, 'vi'))).toBe('53.41');
  });

  it('refuses a percent above 100 and says what it came to', () => {
    const p = read('870/849', spec.percent);
    expect(code(p)).toBe('percent-above-100');
    // 870/849 × 100 = 102,47…%
    if (p.kind !== 'problem' || p.problem.code !== 'percent-above-100') throw new Error();
    expect(p.problem.data.percent.toFixed(2)).toBe('102.47');
    expect(code(read('120%', spec.percent))).toBe('percent-above-100');
  });

  it('warns that a bare 0,95 is read as 0,95 percent', () => {
    const p = read('0,95', spec.percent);
    expect(num(p)).toBe('0.95');
    expect(p).toMatchObject({ warning: { code: 'percent-looks-like-fraction' } });
    expect(read('0,95%', spec.percent)).not.toHaveProperty('warning');
  });
});

describe('dates', () => {
  it.each([
    ['20/12/2024', 'vi', '2024-12-20'],
    ['5/1/2025', 'vi', '2025-01-05'],
    ['05-01-2025', 'vi', '2025-01-05'],
    ['05.01.2025', 'vi', '2025-01-05'],
    ['ngày 05/01/2025', 'vi', '2025-01-05'],
    ['2025-01-05', 'vi', '2025-01-05'],
    ['2025-01-05', 'en', '2025-01-05'],
  ] as const)('%s (%s) is %s', (text, locale, iso) => {
    expect(valueOf(read(text, spec.date, locale))).toEqual({ type: 'date', value: iso });
  });

  it.each([
    ['53,41', 'vi'],
    ['30/02/2025', 'vi'],
    ['05/01/2025', 'en'],
    ['2025-13-01', 'vi'],
  ] as const)('refuses %s (%s)', (text, locale) => {
    expect(code(read(text, spec.date, locale))).toBe('value-type');
  });

  // Systems stamp dates with the time of day (the one-stop-shop export: "02/07/2025 17:00"); the
  // date is what counts. A time with a zone is refused: 2025-07-02T17:00:00Z is 3 July in Hà Nội.
  it.each([
    ['20/12/2024 08:30', 'vi', '2024-12-20'],
    ['02/07/2025 17:00:00', 'vi', '2025-07-02'],
    ['02/07/2025 17:00:00.250', 'vi', '2025-07-02'],
    ['2/7/2025 5:00 PM', 'vi', '2025-07-02'],
    ['02/07/2025 5:00:00 CH', 'vi', '2025-07-02'],
    ['2025-07-02 17:00', 'en', '2025-07-02'],
    ['2025-07-02T17:00:00', 'en', '2025-07-02'],
    ['2025-07-02T17:00:00.123456', 'vi', '2025-07-02'],
    ['2025-07-02 00:00', 'vi', '2025-07-02'],
  ] as const)('%s (%s) is the date %s, whatever its time of day', (text, locale, iso) => {
    expect(valueOf(read(text, spec.date, locale))).toEqual({ type: 'date', value: iso });
  });

  it.each([
    ['2025-07-02T17:00:00Z', 'vi'],
    ['2025-07-02T17:00:00+07:00', 'vi'],
    ['02/07/2025 17:00 +07:00', 'vi'],
    ['2025-07-02 17:00:00 +0700', 'en'],
    ['02/07/2025T17:00', 'vi'],
    ['02/07/2025 24:00', 'vi'],
    ['02/07/2025 13:00 PM', 'vi'],
    ['02/07/2025 17:60', 'vi'],
    ['02/07/2025 17:00', 'en'],
  ] as const)('refuses %s (%s): a zone, an impossible time, or a slashed date in en', (text, locale) => {
    expect(code(read(text, spec.date, locale))).toBe('value-type');
  });

  it('reads "không" and "chưa ban hành" as not done', () => {
    for (const t of ['không', 'Chưa ban hành', 'chưa']) expect(valueOf(read(t, spec.date))).toEqual({ type: 'not_done' });
  });

  it('takes a date cell as it is', () => {
    expect(valueOf(parseValue({ text: '2024-12-20', date: '2024-12-20' as never }, spec.date, 'vi'))).toEqual({ type: 'date', value: '2024-12-20' });
  });
});

describe('booleans, levels, counts, points and not applicable', () => {
  it.each([
    ['có', true],
    ['Có', true],
    ['đạt', true],
    ['x', true],
    ['X', true],
    ['yes', true],
    ['TRUE', true],
    ['1', true],
    ['không', false],
    ['Không đạt', false],
    ['no', false],
    ['false', false],
    ['0', false],
  ])('%j is %s', (text, b) => {
    expect(valueOf(read(text, spec.boolean))).toEqual({ type: 'boolean', value: b });
  });

  it('refuses a boolean it cannot read', () => {
    expect(code(read('có lẽ', spec.boolean))).toBe('value-type');
  });

  it('matches levels after NFC, trimming and case folding', () => {
    expect(valueOf(read('  cấp   TRƯỞNG ', spec.level))).toEqual({ type: 'level', label: 'Cấp trưởng' });
    // "Cấp phó" written decomposed (NFD), as some Mac and web exports do.
    expect(valueOf(read('Cấp phó'.normalize('NFD'), spec.level))).toEqual({ type: 'level', label: 'Cấp phó' });
    expect(read('Cap pho', spec.level)).toMatchObject({ problem: { code: 'unknown-level', data: { suggestion: 'Cấp phó' } } });
  });

  it('reads counts as whole non-negative numbers', () => {
    expect(num(read('3', spec.count))).toBe('3');
    expect(num(read('1.373', spec.count))).toBe('1373');
    expect(code(read('-1', spec.count))).toBe('negative-value');
    expect(code(read('1,5', spec.count))).toBe('not-a-count');
  });

  it('keeps points within [floor, max]', () => {
    expect(num(read('1,25', spec.points))).toBe('1.25');
    expect(code(read('1,75', spec.points))).toBe('points-out-of-range');
    expect(code(read('-0,25', spec.points))).toBe('points-out-of-range');
  });

  it('reads the not-applicable markers whatever the rule', () => {
    for (const t of ['không áp dụng', 'Không áp dụng', 'KAD', 'N/A', 'n/a']) {
      for (const s of Object.values(spec)) expect(valueOf(read(t, s))).toEqual({ type: 'na' });
    }
  });

  it('has no evidence for an empty cell, whatever the rule: a blank is never "không" or "not done"', () => {
    for (const s of Object.values(spec)) {
      expect(read('', s)).toEqual({ kind: 'empty' });
      expect(read('  ', s)).toEqual({ kind: 'empty' });
    }
  });
});

describe('parsing never throws', () => {
  it('returns a value, emptiness or a problem for any text', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(...Object.values(spec)), fc.constantFrom<Locale>('vi', 'en'), (text, s, locale) => {
        const p = parseValue({ text }, s, locale);
        expect(['value', 'empty', 'problem']).toContain(p.kind);
      }),
      { numRuns: 2000 },
    );
  });
});
