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
    expect(sheet).toMatch(/<c r="M\d+" t="inlineStr"><is><r><t>=HYPERLINK\(&quot;http/);
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
  });

  it('refuses to print a workbook to the terminal', async () => {
    const r = await run(['score', ...xa, '--format', 'xlsx']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format xlsx cần tên tệp: thêm -o ket-qua.xlsx');
  });
});
