import { describe, expect, it } from 'vitest';
import { BUILT_IN_FORMATS, BUILT_IN_NUMBER_FORMATS, numberFormat, shownPlaces, timeText, type TimePart } from '../../../src/evidence/tables/number-format.js';

describe('numberFormat: the kind of a format code, as Excel reads it', () => {
  it.each([
    ['General', 'plain'],
    ['GENERAL', 'plain'],
    ['0', 'plain'],
    ['#,##0.00', 'plain'],
    ['@', 'plain'],
    ['# ?/?', 'plain'],
    // Scientific: the E is no date part.
    ['0.00E+00', 'plain'],
    ['##0.0E-0', 'plain'],
    ['0%', 'percent'],
    ['0.00%', 'percent'],
    ['#,##0.0%', 'percent'],
    ['[Red]0%;[Blue]-0%', 'percent'],
    ['[>=1]0%;0.0%', 'percent'],
    // A percent sign that is only shown: escaped (LibreOffice writes 0"%" so) or quoted.
    ['0\\%', 'plain'],
    ['0"%"', 'plain'],
    ['#,##0.00\\ \\%', 'plain'],
    // Counts with a word after them: b, à, h, s, d inside escapes or quotes are not date parts.
    ['0\\ \\b\\à\\i', 'plain'],
    ['0" bài"', 'plain'],
    ['#,##0" hồ sơ"', 'plain'],
    ['0\\ "ngày"', 'plain'],
    ['0\\h', 'plain'],
    // Excel's Vietnamese accounting format: padding (_x), fills (*x) and a literal dash.
    ['_-* #,##0\\ _₫_-;\\-* #,##0\\ _₫_-;_-* "-"??\\ _₫_-;_-@_-', 'plain'],
    ['[$₫-42A] #,##0', 'plain'],
    ['dd/mm/yyyy', 'date'],
    ['[$-42A]dd/mm/yyyy', 'date'],
    ['mm-dd-yy', 'date'],
    ['d-mmm', 'date'],
    ['mmm-yy', 'date'],
    // m alone is the month.
    ['mm', 'date'],
    ['"Ngày" dd "tháng" mm', 'date'],
    // A date with a time is a date: its calendar day is read.
    ['m/d/yy h:mm', 'date'],
    ['dd/mm/yyyy hh:mm:ss', 'date'],
    ['h:mm', 'time'],
    ['hh:mm:ss', 'time'],
    ['h:mm AM/PM', 'time'],
    ['h AM/PM', 'time'],
    ['[h]:mm', 'time'],
    ['[h]:mm:ss', 'time'],
    ['[mm]:ss', 'time'],
    ['[ss]', 'time'],
    // mm before ss is minutes.
    ['mm:ss', 'time'],
    ['mmss.0', 'time'],
    ['[$-F400]h:mm:ss\\ AM/PM', 'time'],
  ])('%s is %s', (code, kind) => {
    expect(numberFormat(code).kind).toBe(kind);
  });

  it('knows the built-in formats Excel does not write out: percents 9 and 10, dates 14–17 and 22, times 18–21 and 45–47', () => {
    const kinds = new Map([...BUILT_IN_FORMATS].map(([id, code]) => [id, numberFormat(code).kind]));
    expect(Object.fromEntries(kinds)).toEqual({
      9: 'percent',
      10: 'percent',
      14: 'date',
      15: 'date',
      16: 'date',
      17: 'date',
      18: 'time',
      19: 'time',
      20: 'time',
      21: 'time',
      22: 'date',
      45: 'time',
      46: 'time',
      47: 'time',
    });
  });
});

describe('shownPlaces: the decimals a number format shows, for recheck to know what a published figure stands for', () => {
  const places = (code: string, number: string) => {
    const format = numberFormat(code);
    if (format.kind !== 'plain' && format.kind !== 'percent') throw new Error(`${code} is not a number format`);
    return shownPlaces(number, format.decimals);
  };
  it.each([
    // General: the digits the number has (at the 15 significant digits Excel keeps).
    ['General', '89.95', 2],
    ['General', '91.651', 3],
    ['General', '90', 0],
    ['@', '89.95', 2],
    // Fixed decimals, whatever the number: 90 in 0.00 is 90,00; 89.9549 is 89,95.
    ['0.00', '90', 2],
    ['0.00', '89.9549', 2],
    ['#,##0.000', '91.651', 3],
    ['#,##0', '1234.5', 0],
    ['0.00" điểm"', '7.5', 2],
    // Optional places: 0.0# shows 7,5 (1) and 7,25 (2); 7.254 rounds to 7,25 (2), 7.999 to 8,0 (1).
    ['0.0#', '7.5', 1],
    ['0.0#', '7.25', 2],
    ['0.0#', '7.254', 2],
    ['0.0#', '7.999', 1],
    // A percent's places are the percent's: 0.00% shows 0.9 as 90,00%.
    ['0.00%', '90', 2],
    // The negative section for a negative number: −1,5 in 0.00;-0.0 is −1,5.
    ['0.00;-0.0', '-1.5', 1],
    ['0.00;-0.0', '1.5', 2],
    // An escaped point is literal, so 0\.00 has no decimal places: every 0 is a digit of the whole number.
    ['0\\.00', '7.4', 0],
    // Exponents and fractions do not show the number's decimals: as General.
    ['0.00E+00', '1234.5', 1],
    ['# ?/?', '0.5', 1],
  ])('%s shows %s with %s decimals', (code, number, expected) => {
    expect(places(code, number)).toBe(expected);
  });

  it('knows the plain built-in formats with fixed decimals: 0, 0.00, #,##0, #,##0.00 and the accounting ones', () => {
    expect(Object.fromEntries([...BUILT_IN_NUMBER_FORMATS].map(([id, code]) => [id, places(code, '1.5')]))).toEqual({ 1: 0, 2: 2, 3: 0, 4: 2, 37: 0, 38: 0, 39: 2, 40: 2 });
  });
});

function time(code: string): TimePart[] {
  const format = numberFormat(code);
  if (format.kind !== 'time') throw new Error(`${code} is not a time format`);
  return format.parts;
}

describe('timeText: what a time format shows', () => {
  const seconds = (s: number) => s / 86_400;
  it.each([
    // 1,5 days: 36 elapsed hours; the hour of the day is 12.
    ['[h]:mm', 1.5, '36:00'],
    ['h:mm', 1.5, '12:00'],
    ['h:mm', 0.5, '12:00'],
    // 0,3125 × 24 = 7,5 hours.
    ['hh:mm', 0.3125, '07:30'],
    // 0,75 × 24 = 18 h: 6 in the afternoon.
    ['h:mm:ss AM/PM', 0.75, '6:00:00 PM'],
    ['h:mm AM/PM', 0, '12:00 AM'],
    ['h:mm am/pm', 0.5, '12:00 pm'],
    // 8:30:45 shown without seconds is 8:30: the seconds are dropped, not rounded into a minute.
    ['h:mm', seconds(8 * 3600 + 30 * 60 + 45), '8:30'],
    // 11:59:59,6 rounds to the second first: 12:00:00.
    ['h:mm', seconds(11 * 3600 + 59 * 60 + 59.6), '12:00'],
    // 1 h 1 min 30 s: minutes wrap at 60 unless elapsed.
    ['mm:ss', seconds(3690), '01:30'],
    ['[mm]:ss', seconds(3690), '61:30'],
    // 86,4 s rounds to 86.
    ['[ss]', 0.001, '86'],
    // 3661,257 s: 1:01:01 and 26 hundredths.
    ['h:mm:ss.00', seconds(3661.257), '1:01:01.26'],
    ['[h]:mm', -0.25, '-6:00'],
    ['[h]" giờ "mm" phút"', 1.5, '36 giờ 00 phút'],
  ])('%s shows %s as %s', (code, days, text) => {
    expect(timeText(days, time(code))).toBe(text);
  });
});
