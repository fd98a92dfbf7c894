import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { hasOpenpyxl, NO_OPENPYXL, openpyxlWorkbook, unless } from '../helpers/office.js';

/**
 * Evidence files as offices and scripts write them, each read right or refused at its place: a
 * wide table whose indicators are named like reserved columns, indicator ids that Excel turned
 * into numbers, workbooks without an evidence sheet or with extra sheets of the unit's own, and
 * numbers written back in the criteria's notation.
 */
const dir = mkdtempSync(join(tmpdir(), 'parscore-office-files-'));
const write = (name: string, content: string) => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};

const header = `format: parscore/criteria@1
id: van-phong
title: Văn phòng
year: 2025
groups: [{ id: xa, title: Xã }]
`;
const units = write('don-vi.csv', 'unit,name,group\nxa-a,Xã A,xa\nxa-b,Xã B,xa\n');

describe('a wide table whose indicators are named like reserved columns', () => {
  // Indicators named as a self-assessment's points column, a long table's value column, a note.
  const criteria = write(
    'tieu-chi-trung-ten.yaml',
    `${header}criteria:
  - id: "1"
    title: Tự đánh giá
    children:
      - { id: "1.1", title: Điểm thẩm định, max: 2, indicator: diem_tham_dinh, responsible: VP, rule: { kind: given } }
      - { id: "1.2", title: Kết quả, max: 1, indicator: ket_qua, responsible: VP, rule: { kind: boolean } }
      - { id: "1.3", title: Ghi chú, max: 1, indicator: ghi_chu, responsible: VP, rule: { kind: boolean } }
`,
  );
  const evidence = write('rong.csv', 'Mã đơn vị,diem_tham_dinh,ket_qua,ghi_chu\nxa-a,"1,5",có,có\nxa-b,2,không,có\n');

  it('reads each column named exactly like a declared indicator as that indicator', async () => {
    const r = await run(['score', criteria, evidence, '--units', units, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    const points = (u: string) => report.units.find((x: { unit: string }) => x.unit === u).items.map((i: { final: number }) => i.final);
    // xa-a: 1,5 + 1 + 1 = 3,5 of 4; xa-b: 2 + 0 + 1 = 3.
    expect(points('xa-a')).toEqual([1.5, 1, 1]);
    expect(points('xa-b')).toEqual([2, 0, 1]);
    expect(report.units.map((u: { unit: string; points: number }) => [u.unit, u.points])).toEqual([
      ['xa-a', 3.5],
      ['xa-b', 3],
    ]);
  });

  it('is warned of by validate', async () => {
    const r = await run(['validate', criteria, '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/reserved-indicator/g)).toHaveLength(3);
  });
});

describe('indicator ids that Excel turned into numbers', () => {
  const criteria = write(
    'tieu-chi-so.yaml',
    `${header}criteria:
  - id: "1"
    title: Chỉ đạo
    children:
      - { id: "1.1", title: Kế hoạch, max: 1, responsible: VP, rule: { kind: boolean } }
      - { id: "1.10", title: Báo cáo, max: 1, responsible: VP, rule: { kind: boolean } }
      - { id: "1.2", title: Tuyên truyền, max: 1, responsible: VP, rule: { kind: boolean } }
`,
  );

  it.skipIf(!hasOpenpyxl)(`refuse a header cell holding 1.1 where "1.1" and "1.10" are both criteria, at the cell${unless(hasOpenpyxl, NO_OPENPYXL)}`, async () => {
    // "1.10" typed into a General cell is stored as the number 1.1, as openpyxl writes a float.
    const book = openpyxlWorkbook(join(dir, 'so-rong.xlsx'), "ws.append(['Mã đơn vị', 1.1, 1.2])\nws.append(['xa-a', 'có', 'có'])\nws.append(['xa-b', 'không', 'có'])");
    const r = await run(['check', criteria, book, '--units', units, '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(1);
    const problems = JSON.parse(r.stdout) as Array<{ code: string; sheet: string; row: number; column: string; message: string }>;
    const ambiguous = problems.filter((p) => p.code === 'ambiguous-indicator');
    expect(ambiguous).toHaveLength(1);
    expect(ambiguous[0]).toMatchObject({ sheet: 'Sheet', row: 1, column: 'B' });
    expect(ambiguous[0]!.message).toContain('it may be "1.1" or "1.10" (2 rows)');
  });

  it.skipIf(!hasOpenpyxl)(`read a number that names one id as that id, also in a long table${unless(hasOpenpyxl, NO_OPENPYXL)}`, async () => {
    // Criteria with "1.10" but no "1.1": the number 1.1 can only be "1.10" as typed.
    const only = write('tieu-chi-mot-so.yaml', readFileSync(criteria, 'utf8').replace(/ +- \{ id: "1\.1", .*\n/, ''));
    const book = openpyxlWorkbook(join(dir, 'so-doc.xlsx'), "ws.append(['Mã đơn vị', 'Chỉ tiêu', 'Giá trị'])\nws.append(['xa-a', 1.1, 'không'])\nws.append(['xa-a', 1.2, 'có'])");
    const r = await run(['score', only, book, '--units', units, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout).units.find((u: { unit: string }) => u.unit === 'xa-a');
    // 1.10 "không" → 0; 1.2 "có" → 1: 1 of 2.
    expect(a.items.map((i: { id: string; final: number; status: string }) => [i.id, i.final, i.status])).toEqual([
      ['1.10', 0, 'not_met'],
      ['1.2', 1, 'met'],
    ]);
  });
  it.skipIf(!hasOpenpyxl)(`refuse an override for the item 1.1 typed as a number where "1.1" and "1.10" are both criteria${unless(hasOpenpyxl, NO_OPENPYXL)}`, async () => {
    const evidence = write('so-minh-chung.csv', 'unit,indicator,value\nxa-a,1.1,có\nxa-a,1.10,có\nxa-a,1.2,có\n');
    const adjust = openpyxlWorkbook(join(dir, 'dieu-chinh.xlsx'), "ws.append(['Mã đơn vị', 'Tiêu chí', 'Điểm', 'Lý do'])\nws.append(['xa-a', 1.1, 0, 'Thiếu minh chứng'])");
    const r = await run(['check', criteria, evidence, '--units', units, '--adjust', adjust, '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(1);
    const problems = JSON.parse(r.stdout) as Array<{ code: string; row: number; column: string; message: string }>;
    expect(problems.filter((p) => p.code === 'ambiguous-indicator')).toEqual([
      expect.objectContaining({ row: 2, column: 'B', message: expect.stringContaining('The cell naming the criterion is the number 1.1') }),
    ]);
  });
});

describe('workbooks and their sheets', () => {
  const criteria = write(
    'tieu-chi-sheet.yaml',
    `${header}criteria:
  - id: "1"
    title: Chỉ đạo
    children:
      - { id: "1.1", title: Kế hoạch, max: 1, indicator: ke_hoach, responsible: VP, rule: { kind: boolean } }
      - { id: "1.2", title: Tỷ lệ, max: 2, indicator: ty_le, responsible: VP, rule: { kind: proportional } }
`,
  );

  it.skipIf(!hasOpenpyxl)(`refuse a workbook none of whose sheets has a header, as a CSV without one is${unless(hasOpenpyxl, NO_OPENPYXL)}`, async () => {
    const book = openpyxlWorkbook(join(dir, 'khong-tieu-de.xlsx'), "ws.title = 'Báo cáo'\nws.append(['BÁO CÁO KẾT QUẢ'])\nws.append(['xa-a', 'ke_hoach', 'có'])");
    const csv = write('khong-tieu-de.csv', 'BÁO CÁO KẾT QUẢ\nxa-a,ke_hoach,có\n');
    for (const [file, sheet] of [
      [book, 'Báo cáo'],
      [csv, undefined],
    ] as const) {
      const r = await run(['check', criteria, file, '--units', units, '--format', 'json']);
      expect(r.code).toBe(1);
      const problems = JSON.parse(r.stdout) as Array<{ code: string; severity: string; sheet?: string; row: number }>;
      expect(problems.filter((p) => p.code === 'no-header')).toEqual([expect.objectContaining({ severity: 'error', row: 1, ...(sheet ? { sheet } : {}) })]);
    }
    // The same with --sheet naming it.
    const named = await run(['check', criteria, book, '--units', units, '--sheet', 'Báo cáo']);
    expect(named.code).toBe(1);
    expect(named.stdout).toContain('no-header');
  });

  it.skipIf(!hasOpenpyxl)(`pass over a summary sheet of the unit's own beside the evidence sheet${unless(hasOpenpyxl, NO_OPENPYXL)}`, async () => {
    const book = openpyxlWorkbook(
      join(dir, 'co-tong-hop.xlsx'),
      `ws.title = 'Nhập liệu'
ws.append(['Mã đơn vị', 'Chỉ tiêu', 'Giá trị'])
ws.append(['xa-a', 'ke_hoach', 'có'])
ws.append(['xa-a', 'ty_le', 0.5341])
ws['C3'].number_format = '0.00%'
tong = wb.create_sheet('Tổng hợp')
tong.append(['TỔNG HỢP TỰ CHẤM CỦA XÃ'])
tong.append(['STT', 'Tiêu chí', 'Điểm tự chấm'])
tong.append([1, 'Kế hoạch', 1])
don_vi = wb.create_sheet('Đơn vị')
don_vi.append(['Mã đơn vị', 'Tên đơn vị', 'Nhóm'])
don_vi.append(['xa-a', 'Xã A', 'xa'])`,
    );
    const r = await run(['score', criteria, book, '--units', units, '--format', 'json', '--lang', 'en']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.findings).toEqual([]);
    const a = report.units.find((u: { unit: string }) => u.unit === 'xa-a');
    // 1 + 2 × 53,41% = 1 + 1,0682 → 1,07: 2,07 of 3.
    expect(a.points).toBe(2.07);
    // The percent cell is written back as Excel shows it, in the criteria's notation (vi).
    expect(a.items[1].value).toBe('53,41%');
  });
});
