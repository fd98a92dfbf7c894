import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_XLSX_LIMITS } from '../../src/evidence/tables/xlsx.js';
import { inflateEntry, openXlsxZip } from '../../src/evidence/tables/zip.js';
import { reportToXlsx } from '../../src/report/xlsx.js';
import { DEMO_XA, run } from '../helpers/cli.js';
import { criteriaOf, score, unitsOf } from '../helpers/scoring.js';
import { hasLibreOffice, hasOpenpyxl, hasPdftotext, libreofficeConvert, NO_LIBREOFFICE, NO_OPENPYXL, NO_PDFTOTEXT, openpyxlRead, pdfPages, unless } from '../helpers/office.js';

/** The README's demo. */
const xa = DEMO_XA;

async function workbookOf(argv: string[]): Promise<{ book: ExcelJS.Workbook; bytes: Buffer; file: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'parscore-xlsx-')), 'ket-qua.xlsx');
  const r = await run(['score', ...argv, '--format', 'xlsx', '-o', file]);
  expect(r.code, r.stderr).toBe(0);
  const bytes = readFileSync(file);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return { book, bytes, file };
}

/** Every part of the workbook's zip, inflated, as text: checked by the evidence reader's own zip code. */
async function xmlParts(file: string): Promise<Map<string, string>> {
  const parts = new Map<string, string>();
  for (const [name, entry] of await openXlsxZip(file, file, DEFAULT_XLSX_LIMITS)) {
    const chunks: Buffer[] = [];
    await inflateEntry(file, file, entry, { vi: name, en: name }, (c) => chunks.push(c));
    parts.set(name, Buffer.concat(chunks).toString('utf8'));
  }
  return parts;
}

/** One part of a workbook's zip, as text. */
async function xlsxPart(bytes: Buffer, name: string): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'parscore-xlsx-')), 'book.xlsx');
  writeFileSync(file, bytes);
  return (await xmlParts(file)).get(name)!;
}

/** The defined names of xl/workbook.xml: each name, the sheet it is local to (from 0) and what it refers to. */
function definedNames(xml: string): Array<{ name: string; sheet: number; ref: string }> {
  return [...xml.matchAll(/<definedName name="([^"]+)" localSheetId="(\d+)">([^<]*)<\/definedName>/g)].map((m) => ({ name: m[1]!, sheet: Number(m[2]), ref: m[3]!.replace(/&apos;/g, "'") }));
}

/** The rows of a sheet as arrays of values, column A first. */
function rows(sheet: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  sheet.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

describe('the XLSX report', () => {
  it('opens with the five sheets, frozen headers, filters and number formats, and reads back a deduction', async () => {
    const { book, bytes } = await workbookOf(xa);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Xếp hạng', 'Chi tiết', 'Điểm trừ', 'Trách nhiệm', 'Thông tin']);
    for (const s of book.worksheets) {
      expect(s.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(s.autoFilter).toBeTruthy();
    }

    // xa-hoa-binh issued its plan on 12/08/2025, 12 days after the 31/07/2025 deadline: 0,5 of 1.
    const deductions = book.getWorksheet('Điểm trừ')!;
    expect(rows(deductions)[0]).toEqual(['Nhóm', 'Mã đơn vị', 'Tên đơn vị', 'Lĩnh vực', 'Tiêu chí', 'Tên tiêu chí', 'Điểm tối đa', 'Điểm thẩm định', 'Điểm trừ', 'Trạng thái', 'Lý do', 'Giá trị', 'Tài liệu kiểm chứng', 'Trách nhiệm']);
    const at = rows(deductions).findIndex((r) => r[1] === 'xa-hoa-binh' && r[4] === '1.1.1');
    const late = rows(deductions)[at]!;
    expect(late.slice(3, 10)).toEqual(['1', '1.1.1', 'Ban hành Kế hoạch cải cách hành chính năm 2025 kịp thời', 1, 0.5, 0.5, 'đạt một phần']);
    expect(late[10]).toBe('thực hiện ngày 12/08/2025, chậm 12 ngày so với hạn 31/07/2025');
    expect(late[11]).toBe('12/08/2025');
    expect(late[12]).toBe('Kế hoạch số 56/KH-UBND ngày 12/08/2025; fixtures/par-xa-2025/minh-chung.csv, dòng 40');
    // Numbers are numbers, shown through the cell's format (Vietnamese Excel draws 0,50).
    const cell = deductions.getRow(at + 1).getCell(9);
    expect(cell.type).toBe(ExcelJS.ValueType.Number);
    expect(cell.numFmt).toBe('#,##0.00');

    // The annex: each unit's heading, its areas and leaves with max / self / appraised / lost.
    const detail = rows(book.getWorksheet('Chi tiết')!);
    expect(detail[0]).toEqual(['Mã đơn vị', 'STT', 'Tiêu chí', 'Điểm tối đa', 'Điểm tự chấm', 'Điểm thẩm định', 'Điểm trừ', 'Lý do', 'Tài liệu kiểm chứng']);
    // xa-hoa-binh claimed 1,5 on 2.1.2 and the council raised it from 0 to 1,5 on appraisal.
    const raised = detail.find((r) => r[0] === 'xa-hoa-binh' && r[1] === '2.1.2')!;
    expect(raised.slice(3, 7)).toEqual([1.5, 1.5, 1.5, 0]);
    expect(String(raised[7])).toContain('Quyết định số 1875/QĐ-UBND');

    // The ranking: the tie of the demo data (identical evidence), shared at rank 3.
    const ranking = rows(book.getWorksheet('Xếp hạng')!);
    expect(ranking.filter((r) => r[0] === 'Xã, đặc khu' && r[1] === 3).map((r) => r[2])).toEqual(['xa-an-thinh', 'xa-binh-minh']);
    expect(book.getWorksheet('Xếp hạng')!.getRow(2).getCell(7).numFmt).toBe('#,##0.00');
    // The tied ranks stay numbers (to sort and filter) and show "3=" as the text table does; rank 1,
    // in row 2, is not tied and has no format of its own.
    const tied = ranking.flatMap((r, i) => (r[0] === 'Xã, đặc khu' && r[1] === 3 ? [book.getWorksheet('Xếp hạng')!.getRow(i + 1).getCell(2)] : []));
    expect(tied.map((c) => [c.type, c.numFmt])).toEqual([
      [ExcelJS.ValueType.Number, '0"="'],
      [ExcelJS.ValueType.Number, '0"="'],
    ]);
    expect(book.getWorksheet('Xếp hạng')!.getRow(2).getCell(2).numFmt).toBeUndefined();
    // The self-assessed column says it is a part: only the leaves units assess themselves.
    expect(ranking[0]![8]).toBe('Tự chấm (phần đơn vị tự chấm)');

    // The manifest names the criteria and every input with its hash.
    const about = rows(book.getWorksheet('Thông tin')!);
    expect(about.find((r) => r[0] === 'Tệp tiêu chí')).toEqual(['Tệp tiêu chí', 'criteria/par-xa-2025.yaml', expect.stringMatching(/^[0-9a-f]{64}$/)]);

    // The same inputs give the same bytes: no clock in the properties or the zip entries.
    const again = await workbookOf(xa);
    expect(again.bytes.equals(bytes)).toBe(true);
  });

  it('has English sheet names and headers with --lang en', async () => {
    const { book } = await workbookOf([...xa, '--lang', 'en']);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Ranking', 'Details', 'Deductions', 'Responsibility', 'About']);
    expect(rows(book.getWorksheet('Details')!)[0]).toEqual(['Unit', 'No.', 'Criterion', 'Max', 'Self-assessed', 'Appraised', 'Deduction', 'Reason', 'Evidence']);
    expect(rows(book.getWorksheet('Ranking')!)[0]!.slice(0, 9)).toEqual(['Group', 'Rank', 'Unit', 'Name', 'Points', 'Max', 'Index', 'Band', 'Self-assessed (the part units self-assess)']);
    expect(book.getWorksheet('Ranking')!.headerFooter.oddFooter).toBe('&LBộ Chỉ số cải cách hành chính của Ủy ban nhân dân xã, phường, đặc khu năm 2025&RPage &P/&N');
  });

  it('writes text that looks like a formula as text, never as a formula', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-formula-'));
    const evidence = join(dir, 'minh-chung.csv');
    writeFileSync(evidence, 'Mã đơn vị,Chỉ tiêu,Giá trị,Tài liệu kiểm chứng\nxa-an-binh,ke_hoach,05/08/2025,"=HYPERLINK(""http://x.invalid"",""bấm"")"\n');
    const { book, file } = await workbookOf(['test/evidence/fixtures/tieu-chi.yaml', evidence, '--units', 'test/evidence/fixtures/don-vi.csv']);
    const deductions = book.getWorksheet('Điểm trừ')!;
    const row = rows(deductions).findIndex((r) => r[4] === '1.1');
    const cell = deductions.getRow(row + 1).getCell(13);
    expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
    expect(cell.text).toMatch(/^=HYPERLINK\("http:\/\/x\.invalid","bấm"\); .*minh-chung\.csv, dòng 2$/);
    // It is an inline string, and nowhere in the workbook is there a formula.
    const sheet = (await xmlParts(file)).get('xl/worksheets/sheet3.xml')!;
    expect(sheet).toMatch(/<c r="M\d+" s="\d+" t="inlineStr"><is><r><t>=HYPERLINK\(&quot;http/);
    for (const [, xml] of await xmlParts(file)) expect(xml).not.toMatch(/<f[ >]/);
  });

  it('continues a sheet that would pass the row limit on "<name> (2)", header and all', async () => {
    const criteria = criteriaOf(`
format: parscore/criteria@1
id: t
title: T
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
  - { id: "1", title: A, children: [{ id: "1.1", title: L, max: 1, rule: { kind: boolean } }] }
`);
    const units = unitsOf(Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`u${i}`, 'xa'])));
    const report = score(criteria, units, Object.fromEntries(units.map((u) => [u.id, { '1.1': 'không' }])));
    const book = new ExcelJS.Workbook();
    // Each unit takes 4 rows of Chi tiết (heading, area, leaf, total): 20 rows + a header per sheet of 8.
    await book.xlsx.load((await reportToXlsx(report, { lang: 'vi', maxRows: 8 })) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Xếp hạng', 'Chi tiết', 'Chi tiết (2)', 'Chi tiết (3)', 'Điểm trừ', 'Trách nhiệm', 'Thông tin']);
    expect(rows(book.getWorksheet('Chi tiết (3)')!)[0]![0]).toBe('Mã đơn vị');
    // 7 + 7 + 6 data rows = 20.
    expect(['Chi tiết', 'Chi tiết (2)', 'Chi tiết (3)'].map((n) => book.getWorksheet(n)!.rowCount)).toEqual([8, 8, 7]);
    // Each continuation prints on its own, its header repeated: the print area and titles are named
    // for it, at its place among the sheets (localSheetId counts from 0). Chi tiết has 9 columns (I).
    expect(book.getWorksheet('Chi tiết (2)')!.pageSetup).toMatchObject({ printArea: 'A1:I8', printTitlesRow: '1:1', orientation: 'landscape', fitToWidth: 1, fitToHeight: 0 });
    expect(book.getWorksheet('Chi tiết (3)')!.pageSetup).toMatchObject({ printArea: 'A1:I7', printTitlesRow: '1:1' });
    const names = definedNames(await xlsxPart(await reportToXlsx(report, { lang: 'vi', maxRows: 8 }), 'xl/workbook.xml'));
    expect(names.filter((n) => n.sheet >= 1 && n.sheet <= 3)).toEqual([
      { name: '_xlnm.Print_Area', sheet: 1, ref: "'Chi tiết'!$A$1:$I$8" },
      { name: '_xlnm.Print_Titles', sheet: 1, ref: "'Chi tiết'!$1:$1" },
      { name: '_xlnm.Print_Area', sheet: 2, ref: "'Chi tiết (2)'!$A$1:$I$8" },
      { name: '_xlnm.Print_Titles', sheet: 2, ref: "'Chi tiết (2)'!$1:$1" },
      { name: '_xlnm.Print_Area', sheet: 3, ref: "'Chi tiết (3)'!$A$1:$I$7" },
      { name: '_xlnm.Print_Titles', sheet: 3, ref: "'Chi tiết (3)'!$1:$1" },
    ]);
  });

  it('refuses to print a workbook to the terminal', async () => {
    const r = await run(['score', ...xa, '--format', 'xlsx']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format xlsx cần tên tệp: thêm -o ket-qua.xlsx');
  });
});

describe('the XLSX report on paper', () => {
  const title = 'Bộ Chỉ số cải cách hành chính của Ủy ban nhân dân xã, phường, đặc khu năm 2025';
  // The demo's workbook, written once for these tests, which only read it.
  let written: ReturnType<typeof workbookOf> | undefined;
  const demo = () => (written ??= workbookOf(xa));

  it('sets every sheet for A4 landscape, one page wide, its header on every page, a print area and a footer', async () => {
    const { book, file } = await demo();
    const last = { 'Xếp hạng': 'Q', 'Chi tiết': 'I', 'Điểm trừ': 'N', 'Trách nhiệm': 'F', 'Thông tin': 'C' } as Record<string, string>;
    for (const s of book.worksheets) {
      expect(s.pageSetup, s.name).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
      // The criteria's title on the left, "Trang 3/50" on the right.
      expect(s.headerFooter.oddFooter).toBe(`&L${title}&RTrang &P/&N`);
      // The print area is the table: from A1 to its last column and its last row.
      expect(s.pageSetup.printArea).toBe(`A1:${last[s.name]}${s.rowCount}`);
    }
    // The ranking: a header and 40 units; 8 columns, Tự chấm and the 8 areas are 17 columns, A to Q.
    expect(book.getWorksheet('Xếp hạng')!.pageSetup.printArea).toBe('A1:Q41');

    // As written: the names Excel and LibreOffice print by, local to each sheet in turn.
    const parts = await xmlParts(file);
    const names = definedNames(parts.get('xl/workbook.xml')!);
    expect(names.slice(0, 2)).toEqual([
      { name: '_xlnm.Print_Area', sheet: 0, ref: "'Xếp hạng'!$A$1:$Q$41" },
      { name: '_xlnm.Print_Titles', sheet: 0, ref: "'Xếp hạng'!$1:$1" },
    ]);
    expect(names.map((n) => `${n.sheet} ${n.name}`)).toEqual([0, 1, 2, 3, 4].flatMap((i) => [`${i} _xlnm.Print_Area`, `${i} _xlnm.Print_Titles`]));
    const sheet = parts.get('xl/worksheets/sheet1.xml')!;
    expect(sheet).toContain('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>');
    expect(sheet).toMatch(/<pageSetup paperSize="9" orientation="landscape" [^>]*fitToWidth="1" fitToHeight="0"\/>/);
  });

  it('gives wrapped headers and texts the height of their lines', async () => {
    const { book } = await demo();
    // The ranking's widest header is area 8 in a column 11 wide (10 characters a line):
    // "8. Tác | động của | cải cách | hành chính | đến người | dân, tổ | chức và | phát triển |
    // kinh tế - | xã hội": 10 lines of 15 points.
    expect(book.getWorksheet('Xếp hạng')!.getRow(1).height).toBe(150);
    // Chi tiết: "Điểm | thẩm | định" in a column 9 wide, 3 lines.
    expect(book.getWorksheet('Chi tiết')!.getRow(1).height).toBe(45);
    // Điểm trừ, xa-hoa-binh's late plan: its evidence, 84 characters in a column 40 wide (39 a
    // line), is "Kế hoạch số 56/KH-UBND ngày 12/08/2025;" (39) | "fixtures/par-xa-2025/minh-chung.csv," |
    // "dòng 40": 3 lines; its title and reason take 2. The row is 3 lines tall, and wraps.
    const deductions = book.getWorksheet('Điểm trừ')!;
    const at = rows(deductions).findIndex((r) => r[1] === 'xa-hoa-binh' && r[4] === '1.1.1') + 1;
    expect(deductions.getRow(at).height).toBe(45);
    expect(deductions.getRow(at).getCell(13).alignment).toMatchObject({ wrapText: true, vertical: 'top' });
    // A row of one line keeps the default height: the ranking's first unit, Xã Mỹ Lộc.
    expect(book.getWorksheet('Xếp hạng')!.getRow(2).height).toBeUndefined();
  });

  it(`reads back in openpyxl with its print titles, print area and page setup${unless(hasOpenpyxl, NO_OPENPYXL)}`, { skip: !hasOpenpyxl }, async () => {
    const { book, file } = await demo();
    const read = JSON.parse(
      openpyxlRead(
        file,
        `print(json.dumps([[ws.title, ws.print_title_rows, ws.print_area, ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage, ws.oddFooter.left.text, ws.oddFooter.right.text] for ws in wb.worksheets]))`,
      ),
    ) as unknown[][];
    expect(read[0]).toEqual(['Xếp hạng', '$1:$1', ['$A$1:$Q$41'], 'landscape', 9, 1, 0, true, title, 'Trang &P/&N']);
    const last = ['Q', 'I', 'N', 'F', 'C'];
    expect(read).toEqual(book.worksheets.map((s, i) => [s.name, '$1:$1', [`$A$1:$${last[i]}$${s.rowCount}`], 'landscape', 9, 1, 0, true, title, 'Trang &P/&N']));
  });

  it(
    `prints in LibreOffice on A4 landscape pages, one page wide, each with its header and the page number${unless(hasLibreOffice && hasPdftotext, hasLibreOffice ? NO_PDFTOTEXT : NO_LIBREOFFICE)}`,
    { skip: !(hasLibreOffice && hasPdftotext), timeout: 180_000 },
    async () => {
      const { book, file } = await demo();
      const [pdf] = libreofficeConvert([file], 'pdf');
      const pages = pdfPages(pdf!);
      // Before this layout the demo printed on 802 portrait pages, the ranking cut into slices of
      // three columns; measured now: 204 (1 ranking, 128 Chi tiết, 73 Điểm trừ, 1 + 1).
      expect(pages.length).toBeLessThan(250);
      // The whole ranking on page 1, one page wide: the whole header, wrapped (every word of every
      // column's header, the last area's "xã hội" included), the first and the last unit with
      // their last area's points.
      const words = new Set(pages[0]!.split(/\s+/));
      const headers = rows(book.getWorksheet('Xếp hạng')!)[0] as string[];
      expect(headers.flatMap((h) => h.split(' ')).filter((w) => !words.has(w))).toEqual([]);
      const ranking = rows(book.getWorksheet('Xếp hạng')!);
      for (const r of [ranking[1]!, ranking[40]!]) expect(pages[0]).toMatch(new RegExp(`${r[3]}.*${(r[16] as number).toFixed(2)}`));
      // Every page: the header of its sheet (printed again on each), the footer with its number.
      const first = ['Nhóm', 'Mã đơn vị', 'Mục'];
      pages.forEach((p, i) => {
        const top = p.split('\n').find((l) => l.trim() !== '')!.trim();
        expect(first.some((h) => top.startsWith(h)) || p.split('\n').slice(0, 12).some((l) => first.some((h) => l.trim().startsWith(h))), `page ${i + 1}: ${top}`).toBe(true);
        expect(p).toContain(title);
        expect(p).toContain(`Trang ${i + 1}/${pages.length}`);
      });
      // Every page A4 landscape (poppler's pdfinfo, from the same package as pdftotext).
      const info = execFileSync('pdfinfo', ['-f', '1', '-l', String(pages.length), pdf!], { encoding: 'utf8' });
      const sizes = [...info.matchAll(/^Page +\d+ size: +(.*)$/gm)].map((m) => m[1]);
      expect(sizes).toHaveLength(pages.length);
      expect(new Set(sizes)).toEqual(new Set(['841.89 x 595.304 pts (A4)']));
    },
  );
});
