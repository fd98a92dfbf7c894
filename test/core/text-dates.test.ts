import { describe, expect, it } from 'vitest';
import { dateParts, dayNumber, isoDate, parseIsoDate, type IsoDate } from '../../src/core/dates.js';
import { closest, compareIds, editDistance, foldText, plain } from '../../src/core/text.js';

const day = (text: string) => dayNumber(parseIsoDate(text)!);

describe('calendar dates', () => {
  it('counts days from 1970-01-01', () => {
    expect(day('1970-01-01')).toBe(0);
    expect(day('1969-12-31')).toBe(-1);
    // 30 years of 365 days + 7 leap days (1972 … 1996) = 10957 to 2000-01-01; + 31 (January) + 29 (February 2000).
    expect(day('2000-03-01')).toBe(11017);
    // 55 years × 365 + 14 leap days (1972 … 2024) = 20089.
    expect(day('2025-01-01')).toBe(20089);
    // A plan issued on 20/12/2024 against a deadline of 15/12/2024 is 5 days late.
    expect(day('2024-12-20') - day('2024-12-15')).toBe(5);
    // Across a leap day: 28/02/2024 → 01/03/2024 is 2 days; across the turn of the year 31/12 → 01/01 is 1.
    expect(day('2024-03-01') - day('2024-02-28')).toBe(2);
    expect(day('2025-01-01') - day('2024-12-31')).toBe(1);
  });

  it('accepts only real days of the Gregorian calendar', () => {
    expect(isoDate(2024, 2, 29)).toBe('2024-02-29');
    expect(isoDate(2000, 2, 29)).toBe('2000-02-29');
    expect(isoDate(2100, 2, 29)).toBeUndefined();
    expect(isoDate(2025, 2, 29)).toBeUndefined();
    expect(isoDate(2025, 2, 28)).toBe('2025-02-28');
    expect(isoDate(2025, 4, 31)).toBeUndefined();
    expect(isoDate(2025, 4, 30)).toBe('2025-04-30');
    expect(isoDate(2025, 12, 31)).toBe('2025-12-31');
    expect(isoDate(2025, 1, 1)).toBe('2025-01-01');
    for (const [y, m, d] of [
      [2025, 0, 1],
      [2025, 13, 1],
      [2025, 1, 0],
      [2025, 1, 32],
      [999, 1, 1],
      [10000, 1, 1],
      [2025.5, 1, 1],
      [2025, 1.5, 1],
      [2025, 1, 1.5],
    ] as const)
      expect(isoDate(y, m, d)).toBeUndefined();
    expect(isoDate(1000, 1, 1)).toBe('1000-01-01');
    expect(isoDate(9999, 12, 31)).toBe('9999-12-31');
  });

  it('reads ISO text only', () => {
    expect(parseIsoDate('2025-07-31')).toBe('2025-07-31');
    for (const bad of ['2025-7-31', '31/07/2025', '2025-07-31T00:00', ' 2025-07-31', '2025-02-30']) expect(parseIsoDate(bad)).toBeUndefined();
    expect(dateParts('2025-07-31' as IsoDate)).toEqual({ year: 2025, month: 7, day: 31 });
  });
});

describe('text as officers type it', () => {
  it('folds case, spaces and Unicode forms', () => {
    // "Đạt" typed decomposed (NFD), with a no-break space and trailing spaces.
    expect(foldText('  Không\u00a0 ĐẠT '.normalize('NFD'))).toBe('không đạt');
    expect(foldText('Đạt')).toBe(foldText('đạt'.normalize('NFD')));
    expect(plain('Ngày trả Đúng hạn')).toBe('ngay tra dung han');
  });

  it('measures edits and suggests only near misses', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
    expect(editDistance('ab', 'ba')).toBe(2);
    // "ngay_tra" is 0 edits from "ngày_trả" once diacritics go.
    expect(closest('ngay_tra', ['ngày_nhận', 'ngày_trả'])).toBe('ngày_trả');
    // 10 characters allow 3 edits: "ke_hoach_x" → "ke_hoach" (2 deletions).
    expect(closest('ke_hoach_x', ['bao_cao', 'ke_hoach'])).toBe('ke_hoach');
    // 2 letters still allow 1 edit; 3 edits on 6 letters (2 allowed) is too far.
    expect(closest('ab', ['ac'])).toBe('ac');
    expect(closest('kitten', ['sitting'])).toBeUndefined();
    expect(closest('kitten', [])).toBeUndefined();
    // The first of equally close candidates wins.
    expect(closest('cat', ['bat', 'hat'])).toBe('bat');
  });

  it('orders ids as people read them', () => {
    expect(['xa-10', 'xa-2', '1.10', '1.2', 'b', 'a'].sort(compareIds)).toEqual(['1.2', '1.10', 'a', 'b', 'xa-2', 'xa-10']);
    // Equal for the locale but different text: still a fixed order.
    expect(compareIds('a', 'A')).not.toBe(0);
    expect(Math.sign(compareIds('a', 'A'))).toBe(-Math.sign(compareIds('A', 'a')));
    expect(compareIds('x', 'x')).toBe(0);
    // "á" composed (U+00E1) and decomposed ("a" + U+0301) are the same text to the locale; the
    // code points still order them: "a" (U+0061) before U+00E1.
    const [nfc, nfd] = ['xã-á', 'xã-á'.normalize('NFD')];
    expect([compareIds(nfc, nfd), compareIds(nfd, nfc)]).toEqual([1, -1]);
  });
});
