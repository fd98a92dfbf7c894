import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { hasOpenpyxl, NO_OPENPYXL, openpyxlWorkbook, unless } from '../helpers/office.js';

const criteria = 'test/evidence/fixtures/tieu-chi.yaml';
const units = 'test/evidence/fixtures/don-vi.csv';

/**
 * What each unit fills in, as Excel cells: dates as date cells, rates as typed text, points as
 * numbers. The same values as the evidence fixtures of the score tests, so the expected result is
 * the one worked out by hand there (xa-an-binh 8,13 of 9 → 90,33; xa-tan-lap 3 of 10; phuong-1 4 of 11).
 */
const filled: Record<string, Record<string, { value: ExcelJS.CellValue; csv: string; source?: string; note?: string }>> = {
  'xa-an-binh': {
    ke_hoach: { value: new Date(Date.UTC(2025, 6, 20)), csv: '20/07/2025', source: 'Kế hoạch số 12/KH-UBND ngày 20/07/2025' },
    hoan_thanh: { value: '92,5%', csv: '92,5%' },
    dung_han: { value: '1.290/1.373', csv: '1.290/1.373', source: 'Báo cáo của Trung tâm PVHCC' },
    bao_cao_cham: { value: 2, csv: '2', note: 'Chậm báo cáo quý I; quý III' },
    chu_tri: { value: 'Cấp trưởng', csv: 'Cấp trưởng' },
    cong_khai: { value: 'có', csv: 'có' },
    sang_kien: { value: 'Không áp dụng', csv: 'Không áp dụng' },
    danh_gia: { value: 0.75, csv: '0,75', note: 'Hội đồng trừ 0,25 do thiếu minh chứng' },
  },
  'xa-tan-lap': {
    ke_hoach: { value: new Date(Date.UTC(2025, 7, 5)), csv: '05/08/2025' },
    hoan_thanh: { value: '70', csv: '70' },
    chu_tri: { value: 'Cấp phó', csv: 'Cấp phó' },
    cong_khai: { value: 'có', csv: 'có' },
  },
  'phuong-1': {
    dan_so: { value: 1234.5, csv: '1.234,5' },
    ke_hoach: { value: new Date(Date.UTC(2025, 6, 31)), csv: '31/07/2025' },
    hoan_thanh: { value: '810/849', csv: '810/849' },
    chu_tri: { value: 'Khác', csv: 'Khác' },
    cong_khai: { value: 'không', csv: 'không' },
  },
};

describe('parscore template', () => {
  it('makes a sheet per group, a row per unit × indicator, with lists, formats and what to enter', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-template-'));
    const file = join(dir, 'nhap-lieu.xlsx');
    const r = await run(['template', criteria, '--units', units, '-o', file]);
    expect(r.code, r.stderr).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Xã', 'Phường']);
    const xa = book.getWorksheet('Xã')!;
    expect((xa.getRow(1).values as unknown[]).slice(1)).toEqual(['STT', 'Mã đơn vị', 'Tên đơn vị', 'Chỉ tiêu', 'Mã tiêu chí', 'Tên tiêu chí', 'Điểm tối đa', 'Cách nhập', 'Giá trị', 'Tài liệu kiểm chứng', 'Ghi chú']);
    // Two communes × the 8 leaves that apply to xã (2.5 is for wards) = 16 rows; one ward × 9.
    expect(xa.rowCount).toBe(17);
    expect(book.getWorksheet('Phường')!.rowCount).toBe(10);
    const row = (sheet: ExcelJS.Worksheet, unit: string, indicator: string) => {
      for (let n = 2; n <= sheet.rowCount; n++) if (sheet.getRow(n).getCell(2).value === unit && sheet.getRow(n).getCell(4).value === indicator) return sheet.getRow(n);
      throw new Error(`no row ${unit} ${indicator}`);
    };
    const plan = row(xa, 'xa-an-binh', 'ke_hoach');
    expect((plan.values as unknown[]).slice(1, 8)).toEqual([1, 'xa-an-binh', 'Xã An Bình', 'ke_hoach', '1.1', 'Ban hành kế hoạch CCHC', 1]);
    expect(plan.getCell(8).value).toBe('ngày (dd/mm/yyyy), hạn 31/07/2025; ghi "chưa" nếu chưa thực hiện');
    expect(plan.getCell(9).numFmt).toBe('dd/mm/yyyy');
    expect(row(xa, 'xa-an-binh', 'cong_khai').getCell(9).dataValidation).toMatchObject({ type: 'list', formulae: ['"có,không"'] });
    expect(row(xa, 'xa-an-binh', 'chu_tri').getCell(9).dataValidation).toMatchObject({ type: 'list', formulae: ['"Cấp trưởng,Cấp phó,Khác"'] });
    expect(row(xa, 'xa-an-binh', 'hoan_thanh').getCell(8).value).toBe('tỷ lệ % hoặc a/b');
    expect(row(xa, 'xa-an-binh', 'sang_kien').getCell(8).value).toBe('số; hoặc "không áp dụng"');
  });

  it('round-trips: filled in and scored, it gives the same result as the same evidence in CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-template-'));
    const template = join(dir, 'nhap-lieu.xlsx');
    expect((await run(['template', criteria, '--units', units, '-o', template])).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(template);
    const csv = ['Mã đơn vị,Chỉ tiêu,Giá trị,Tài liệu kiểm chứng,Ghi chú'];
    const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
    for (const sheet of book.worksheets) {
      for (let n = 2; n <= sheet.rowCount; n++) {
        const row = sheet.getRow(n);
        const unit = String(row.getCell(2).value);
        const indicator = String(row.getCell(4).value);
        const v = filled[unit]?.[indicator];
        // Every row of the template goes to the CSV too: an empty value is no evidence in both.
        csv.push([unit, indicator, v?.csv ?? '', v?.source ?? '', v?.note ?? ''].map(quote).join(','));
        if (!v) continue;
        row.getCell(9).value = v.value;
        if (v.source) row.getCell(10).value = v.source;
        if (v.note) row.getCell(11).value = v.note;
        row.commit();
      }
    }
    const xlsx = join(dir, 'da-dien.xlsx');
    await book.xlsx.writeFile(xlsx);
    const csvFile = join(dir, 'minh-chung.csv');
    writeFileSync(csvFile, csv.join('\n') + '\n');

    const fromXlsx = await run(['score', criteria, xlsx, '--units', units, '--format', 'json']);
    const fromCsv = await run(['score', criteria, csvFile, '--units', units, '--format', 'json']);
    expect(fromXlsx.code, fromXlsx.stderr).toBe(0);
    expect(fromCsv.code, fromCsv.stderr).toBe(0);
    // Only where the values were read differs (file, sheet, row, column; the manifest's hashes), and
    // how a typed cell's value is quoted: a date cell as 2025-07-20, a number cell as 0.75.
    const strip = (s: string) => JSON.stringify(JSON.parse(s), (k, v) => (['evidence', 'text', 'manifest', 'value'].includes(k) ? undefined : v));
    expect(strip(fromXlsx.stdout)).toBe(strip(fromCsv.stdout));
    const report = JSON.parse(fromXlsx.stdout);
    const u = (id: string) => report.units.find((x: { unit: string }) => x.unit === id);
    expect([u('xa-an-binh').points, u('xa-an-binh').max, u('xa-an-binh').index]).toEqual([8.13, 9, 90.33]);
    expect([u('xa-tan-lap').points, u('xa-tan-lap').max]).toEqual([3, 10]);
    expect([u('phuong-1').points, u('phuong-1').max]).toEqual([4, 11]);
    // The note typed in the template reaches the explanation.
    expect(u('xa-an-binh').items.find((i: { id: string }) => i.id === '2.4').note).toBe('Hội đồng trừ 0,25 do thiếu minh chứng');
  });

  it('refuses to print the workbook to the terminal', async () => {
    const r = await run(['template', criteria, '--units', units, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('add -o evidence.xlsx');
  });

  it.skipIf(!hasOpenpyxl)(`leaves a unit that sent its template back unfilled unranked, never at 0${unless(hasOpenpyxl, NO_OPENPYXL)}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-template-'));
    const file = join(dir, 'nhap-lieu.xlsx');
    expect((await run(['template', criteria, '--units', units, '-o', file])).code).toBe(0);
    // Filled in with openpyxl, as a script would: xa-an-binh's rows only; the others stay as sent.
    const filledFile = openpyxlWorkbook(
      join(dir, 'da-dien.xlsx'),
      `wb = openpyxl.load_workbook(${JSON.stringify(file)})
values = {'ke_hoach': datetime.datetime(2025, 7, 20), 'hoan_thanh': '92,5%', 'dung_han': '1.290/1.373', 'bao_cao_cham': 2,
          'chu_tri': 'Cấp trưởng', 'cong_khai': 'có', 'sang_kien': 'Không áp dụng', 'danh_gia': 0.75}
for sheet in wb.worksheets:
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == 'xa-an-binh' and row[3].value in values:
            row[8].value = values[row[3].value]
            if row[3].value == 'danh_gia':
                row[10].value = 'Hội đồng trừ 0,25 do thiếu minh chứng'`,
    );
    const r = await run(['score', criteria, filledFile, '--units', units, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    const u = (id: string) => report.units.find((x: { unit: string }) => x.unit === id);
    // xa-an-binh as worked out by hand for the score tests: 8,13 of 9 → 90,33, alone ranked in its group.
    expect(u('xa-an-binh')).toMatchObject({ points: 8.13, max: 9, index: 90.33, rank: 1, status: 'ranked' });
    for (const id of ['xa-tan-lap', 'phuong-1']) {
      expect(u(id)).toMatchObject({ rank: null, band: null, index: null, status: 'no_data' });
      // No explanation cites an empty cell as if the unit had answered "không".
      for (const i of u(id).items) expect([i.status, i.evidence]).toEqual([i.status === 'not_applicable' ? 'not_applicable' : 'no_evidence', []]);
    }
    expect(report.groups.find((g: { id: string }) => g.id === 'xa').unranked).toEqual(['xa-tan-lap']);
    const check = await run(['check', criteria, filledFile, '--units', units, '--lang', 'en']);
    expect(check.stdout).toContain('Unit xa-tan-lap has no evidence at all; it will be left unranked.');
  });

  it('keeps the units file’s order and leaves out what the office supplies: record-derived indicators and survey results', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-template-'));
    const file = join(dir, 'nhap-lieu.xlsx');
    const r = await run(['template', 'criteria/par-xa-2025.yaml', '--units', 'fixtures/par-xa-2025/don-vi.csv', '-o', file]);
    expect(r.code, r.stderr).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0]!;
    const units: string[] = [];
    const indicators = new Set<string>();
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const unit = String(row.getCell(2).value);
      if (units.at(-1) !== unit) units.push(unit);
      indicators.add(String(row.getCell(4).value));
    });
    // The units file lists xa-tan-phu, xa-hoa-binh, xa-tan-lap, xa-an-thinh… in that order (not sorted).
    expect(units.slice(0, 4)).toEqual(['xa-tan-phu', 'xa-hoa-binh', 'xa-tan-lap', 'xa-an-thinh']);
    // Survey results the Home Affairs office enters (dieu-tra-xhh.csv) and the dossier rates of ho-so.csv.
    for (const office of ['ks_tuyen_truyen_cchc', 'ks_chat_luong_van_ban', 'ty_le_dung_han', 'ty_le_truc_tuyen']) expect(indicators.has(office)).toBe(false);
    expect(indicators.has('ke_hoach_cchc')).toBe(true);
  });
});
