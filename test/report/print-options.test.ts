import { describe, expect, it } from 'vitest';
import { printOptions, wrappedHeight } from '../../src/report/print.js';

describe('the print layout of a sheet', () => {
  it('sets A4 landscape, one page wide, the title rows and a footer with the page number', () => {
    const { pageSetup, headerFooter } = printOptions({ footer: 'Bộ chỉ số CCHC & PAPI', page: 'Trang', titleRows: [1, 2] });
    expect(pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:2' });
    // "&" starts a code in Excel's footers: a literal one is doubled.
    expect(headerFooter).toEqual({ oddFooter: '&LBộ chỉ số CCHC && PAPI&RTrang &P/&N', evenFooter: '&LBộ chỉ số CCHC && PAPI&RTrang &P/&N' });
  });

  it('cuts a title too long for an Excel footer (255 characters, codes included) with "…"', () => {
    // "&RTrang &P/&N" is 13 characters and "&L" 2: 240 are left for the title, 239 of it and "…".
    const footer = (printOptions({ footer: 'x'.repeat(300), page: 'Trang' }).headerFooter as { oddFooter: string }).oddFooter;
    expect(footer).toBe(`&L${'x'.repeat(239)}…&RTrang &P/&N`);
    expect(footer).toHaveLength(255);
    // A doubled "&" is never cut in half: 119 "&&" take 238, a 120th would pass 239.
    const amp = (printOptions({ footer: '&'.repeat(200), page: 'Trang' }).headerFooter as { oddFooter: string }).oddFooter;
    expect(amp).toBe(`&L${'&&'.repeat(119)}…&RTrang &P/&N`);
    // A title that fits is left whole: 240 characters.
    expect((printOptions({ footer: 'y'.repeat(240), page: 'Trang' }).headerFooter as { oddFooter: string }).oddFooter).toBe(`&L${'y'.repeat(240)}&RTrang &P/&N`);
  });

  it('gives a row the height of its longest wrapped text, 15 points a line', () => {
    // Width 11: 10 characters a line. "Tự chấm | (phần đơn | vị tự | chấm)": 4 lines.
    expect(wrappedHeight(['Tự chấm (phần đơn vị tự chấm)'], [11])).toBe(60);
    // Short texts, and none: one line.
    expect(wrappedHeight(['Hạng', 'Điểm'], [6, 9])).toBe(15);
    expect(wrappedHeight([], [])).toBe(15);
    // A line break starts a line of its own: "a" | "b c" in 2 lines.
    expect(wrappedHeight(['a\nb c'], [20])).toBe(30);
  });
});
