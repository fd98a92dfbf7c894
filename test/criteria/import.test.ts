import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importCriteriaTable } from '../../src/criteria/import.js';
import { loadCriteria } from '../../src/criteria/index.js';
import { streamingWorkbook } from '../../src/report/workbook.js';
import { hasLibreOffice, hasOpenpyxl, libreofficeConvert, NO_LIBREOFFICE, NO_OPENPYXL, openpyxlWorkbook, unless } from '../helpers/office.js';

/**
 * `parscore criteria import` on tables shaped like published annexes. The expected trees are
 * written out by hand from the tables as a reader sees them; every problem is expected at the cell
 * where a person would fix it.
 */
const dir = mkdtempSync(join(tmpdir(), 'parscore-import-'));

interface Node {
  id: string;
  title: string;
  max?: number;
  responsible?: string;
  description?: string;
  rule?: unknown;
  children?: Node[];
}

/** The tree as the file gives it: ids, titles, max, responsible office, description, children. */
function tree(nodes: Node[]): Node[] {
  return nodes.map((n) => ({
    id: n.id,
    title: n.title,
    ...(n.max !== undefined ? { max: n.max } : {}),
    ...(n.responsible !== undefined ? { responsible: n.responsible } : {}),
    ...(n.description !== undefined ? { description: n.description } : {}),
    ...(n.children ? { children: tree(n.children) } : { rule: n.rule }),
  }));
}

/**
 * A commune set's annex as provinces type it in Excel: a title block merged across the table,
 * "STT" merged over two numbering columns (Roman numerals for areas in A; criteria 1, 2 and
 * sub-criteria a, b in B), a row of column numbers, max points as text with decimal commas ("4,5",
 * "1,5 điểm") beside number cells, two explanation lines under a sub-criterion ("-" bullets), the
 * responsible office merged down over three rows, and a total row whose label spans A:C.
 */
const ANNEX = `
ws.title = "Phụ lục I"
ws["A1"] = "PHỤ LỤC I"; ws.merge_cells("A1:G1")
ws["A2"] = "BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA UBND CẤP XÃ NĂM 2025"; ws.merge_cells("A2:G2")
ws["A3"] = "(Kèm theo Quyết định số 2211/QĐ-UBND ngày 31/8/2025 của UBND tỉnh)"; ws.merge_cells("A3:G3")
ws["A5"] = "STT"; ws.merge_cells("A5:B5")
ws["C5"] = "Lĩnh vực, tiêu chí, tiêu chí thành phần"
ws["D5"] = "Điểm tối đa"
ws["E5"] = "Phương pháp chấm điểm"
ws["F5"] = "Tài liệu kiểm chứng"
ws["G5"] = "Cơ quan chủ trì"
for col, n in zip("ACDEFG", ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"]): ws[col + "6"] = n
rows = [
  (7, "I", None, "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", "4,5", None, None),
  (8, None, "1", "Kế hoạch cải cách hành chính năm", "2,5", None, None),
  (9, None, "a", "Ban hành kế hoạch cải cách hành chính năm kịp thời", 1, "Ban hành đến hết ngày 15/12/2024", "Kế hoạch CCHC năm 2025"),
  (10, None, "-", "Ban hành kịp thời", "1", None, None),
  (11, None, "-", "Ban hành không kịp thời", "0,5", None, None),
  (12, None, "b", "Mức độ hoàn thành kế hoạch", "1,5 điểm", "Tỷ lệ nhiệm vụ hoàn thành × 1,5", None),
  (13, None, "2", "Báo cáo cải cách hành chính định kỳ", 2, None, "Báo cáo quý, 6 tháng, năm"),
  (14, "II", None, "CẢI CÁCH THỂ CHẾ", "5,5", None, None),
  (15, None, "1", "Ban hành văn bản quy phạm pháp luật", "3,5", None, None),
  (16, None, "a", "Đúng thẩm quyền, trình tự, thủ tục", "2", None, None),
  (17, None, "b", "Tổ chức thực hiện văn bản", 1.5, None, None),
  (18, None, "2", "Rà soát, xử lý văn bản sau rà soát", 2, None, None),
]
for r, a, b, title, mx, method, evidence in rows:
  if a is not None: ws.cell(r, 1, a)
  if b is not None: ws.cell(r, 2, b)
  ws.cell(r, 3, title); ws.cell(r, 4, mx)
  if method is not None: ws.cell(r, 5, method)
  if evidence is not None: ws.cell(r, 6, evidence)
ws["G9"] = "Văn phòng HĐND và UBND"; ws.merge_cells("G9:G13")
ws["A19"] = "Tổng cộng"; ws.merge_cells("A19:C19"); ws["D19"] = 10
`;

/** The same table written by parscore's own streaming workbook writer (exceljs), merges and all. */
async function ownAnnex(path: string): Promise<string> {
  const { book, finish } = await streamingWorkbook();
  const sheet = book.addWorksheet('Phụ lục I');
  const rows: Array<Array<string | number | null>> = [
    ['PHỤ LỤC I'],
    ['BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA UBND CẤP XÃ NĂM 2025'],
    ['(Kèm theo Quyết định số 2211/QĐ-UBND ngày 31/8/2025 của UBND tỉnh)'],
    [],
    ['STT', null, 'Lĩnh vực, tiêu chí, tiêu chí thành phần', 'Điểm tối đa', 'Phương pháp chấm điểm', 'Tài liệu kiểm chứng', 'Cơ quan chủ trì'],
    ['(1)', null, '(2)', '(3)', '(4)', '(5)', '(6)'],
    ['I', null, 'CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH', '4,5'],
    [null, '1', 'Kế hoạch cải cách hành chính năm', '2,5'],
    [null, 'a', 'Ban hành kế hoạch cải cách hành chính năm kịp thời', 1, 'Ban hành đến hết ngày 15/12/2024', 'Kế hoạch CCHC năm 2025', 'Văn phòng HĐND và UBND'],
    [null, '-', 'Ban hành kịp thời', '1'],
    [null, '-', 'Ban hành không kịp thời', '0,5'],
    [null, 'b', 'Mức độ hoàn thành kế hoạch', '1,5 điểm', 'Tỷ lệ nhiệm vụ hoàn thành × 1,5'],
    [null, '2', 'Báo cáo cải cách hành chính định kỳ', 2, null, 'Báo cáo quý, 6 tháng, năm'],
    ['II', null, 'CẢI CÁCH THỂ CHẾ', '5,5'],
    [null, '1', 'Ban hành văn bản quy phạm pháp luật', '3,5'],
    [null, 'a', 'Đúng thẩm quyền, trình tự, thủ tục', '2'],
    [null, 'b', 'Tổ chức thực hiện văn bản', 1.5],
    [null, '2', 'Rà soát, xử lý văn bản sau rà soát', 2],
    ['Tổng cộng', null, null, 10],
  ];
  for (const row of rows) sheet.addRow(row);
  for (const range of ['A1:G1', 'A2:G2', 'A3:G3', 'A5:B5', 'G9:G13', 'A19:C19']) sheet.mergeCells(range);
  sheet.commit();
  writeFileSync(path, await finish());
  return path;
}

const manual = { kind: 'manual' };

/**
 * By hand: the Roman numerals in A are the areas, the arabic numbers in B their criteria, the
 * letters in B the sub-criteria; ids follow the numbering ("I.1.a"). Maxima: I.1 = 1 + 1,5 = 2,5
 * and I = 2,5 + 2 = 4,5; II.1 = 2 + 1,5 = 3,5 and II = 3,5 + 2 = 5,5; the total 4,5 + 5,5 = 10,
 * as the table says. G9:G13 gives the office to I.1.a, I.1.b and I.2 (rows 9, 12, 13). The two "-"
 * lines go into I.1.a's description with their points.
 */
const EXPECTED: Node[] = [
  {
    id: 'I',
    title: 'CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH',
    max: 4.5,
    children: [
      {
        id: 'I.1',
        title: 'Kế hoạch cải cách hành chính năm',
        max: 2.5,
        children: [
          {
            id: 'I.1.a',
            title: 'Ban hành kế hoạch cải cách hành chính năm kịp thời',
            max: 1,
            responsible: 'Văn phòng HĐND và UBND',
            description: 'Ban hành đến hết ngày 15/12/2024\nTài liệu kiểm chứng: Kế hoạch CCHC năm 2025\nBan hành kịp thời: 1 điểm\nBan hành không kịp thời: 0,5 điểm',
            rule: manual,
          },
          { id: 'I.1.b', title: 'Mức độ hoàn thành kế hoạch', max: 1.5, responsible: 'Văn phòng HĐND và UBND', description: 'Tỷ lệ nhiệm vụ hoàn thành × 1,5', rule: manual },
        ],
      },
      { id: 'I.2', title: 'Báo cáo cải cách hành chính định kỳ', max: 2, responsible: 'Văn phòng HĐND và UBND', description: 'Tài liệu kiểm chứng: Báo cáo quý, 6 tháng, năm', rule: manual },
    ],
  },
  {
    id: 'II',
    title: 'CẢI CÁCH THỂ CHẾ',
    max: 5.5,
    children: [
      {
        id: 'II.1',
        title: 'Ban hành văn bản quy phạm pháp luật',
        max: 3.5,
        children: [
          { id: 'II.1.a', title: 'Đúng thẩm quyền, trình tự, thủ tục', max: 2, rule: manual },
          { id: 'II.1.b', title: 'Tổ chức thực hiện văn bản', max: 1.5, rule: manual },
        ],
      },
      { id: 'II.2', title: 'Rà soát, xử lý văn bản sau rà soát', max: 2, rule: manual },
    ],
  },
];

/** A table read as the command reads it; one without a title block is given its title and year. */
function imported(path: string, given: { title?: string; year?: number } = { title: 'Bộ tiêu chí thử', year: 2025 }) {
  return importCriteriaTable(path, path, { lang: 'vi', id: 'phu-luc-xa', output: 'bo-tieu-chi.yaml', ...given });
}

describe('a table shaped like a published annex', () => {
  it('reads its tree, titles, max, offices and methods, written by parscore\'s own workbook writer', async () => {
    const result = await imported(await ownAnnex(join(dir, 'phu-luc-exceljs.xlsx')), {});
    expect(result.problems).toEqual([]);
    const file = parse(result.text!) as { title: string; year: number; reference: string; criteria: Node[] };
    expect([file.title, file.year, file.reference]).toEqual(['BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA UBND CẤP XÃ NĂM 2025', 2025, 'Quyết định số 2211/QĐ-UBND ngày 31/8/2025 của UBND tỉnh']);
    expect(tree(file.criteria)).toEqual(EXPECTED);
  });

  it(`reads its tree, titles, max, offices and methods${unless(hasOpenpyxl, NO_OPENPYXL)}`, async () => {
    if (!hasOpenpyxl) return;
    const path = openpyxlWorkbook(join(dir, 'phu-luc-openpyxl.xlsx'), ANNEX);
    const result = await imported(path, {});
    expect(result.problems).toEqual([]);
    const file = parse(result.text!) as { id: string; title: string; year: number; reference: string; criteria: Node[] };
    expect(file.id).toBe('phu-luc-xa');
    expect(file.title).toBe('BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA UBND CẤP XÃ NĂM 2025');
    expect(file.year).toBe(2025);
    expect(file.reference).toBe('Quyết định số 2211/QĐ-UBND ngày 31/8/2025 của UBND tỉnh');
    expect(tree(file.criteria)).toEqual(EXPECTED);
    // It validates as it is, and each of the 6 leaves (I.1.a, I.1.b, I.2, II.1.a, II.1.b, II.2)
    // carries the comment that says to choose its rule; the 4 others are I, I.1, II, II.1.
    const loaded = loadCriteria(result.text!, 'bo-tieu-chi.yaml');
    expect(loaded.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.text!.match(/# Chọn rule theo phương pháp chấm điểm/g)).toHaveLength(6);
    expect(result.counts).toMatchObject({ nodes: 4, leaves: 6 });
    expect(result.counts!.total.toString()).toBe('10');
  });

  it(`reads the same once LibreOffice has opened and saved it${unless(hasOpenpyxl && hasLibreOffice, !hasOpenpyxl ? NO_OPENPYXL : NO_LIBREOFFICE)}`, async () => {
    if (!hasOpenpyxl || !hasLibreOffice) return;
    const source = openpyxlWorkbook(join(dir, 'phu-luc-calc.xlsx'), ANNEX);
    const out = join(dir, 'calc');
    mkdirSync(out, { recursive: true });
    const [path] = libreofficeConvert([source], 'xlsx', out);
    const result = await imported(path!, {});
    expect(result.problems).toEqual([]);
    expect(tree((parse(result.text!) as { criteria: Node[] }).criteria)).toEqual(EXPECTED);
  }, 120_000);
});

/** A CSV criteria table, from its lines. */
function csv(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const HEAD = 'STT,Tiêu chí,Điểm tối đa,Phương pháp chấm điểm';

describe('numbering', () => {
  it('"1", "1.1", "1.1.1" in one column, ids as written', async () => {
    const path = csv('cham.csv', [HEAD, '1,Chỉ đạo điều hành,3,', '1.1,Kế hoạch,3,', '1.1.1,Ban hành,"1,5",', '1.1.2,Thực hiện,"1,5",', 'Tổng cộng,,3,']);
    const result = await imported(path);
    expect(result.problems).toEqual([]);
    const [area] = (parse(result.text!) as { criteria: Node[] }).criteria;
    expect(area!.id).toBe('1');
    expect(area!.children![0]!.id).toBe('1.1');
    expect(area!.children![0]!.children!.map((c) => [c.id, c.max])).toEqual([
      ['1.1.1', 1.5],
      ['1.1.2', 1.5],
    ]);
  });

  it('a "1.2.1" under "1.1" is out of place, at its cell', async () => {
    const path = csv('sai-cha.csv', [HEAD, '1,A,2,', '1.1,B,2,', '1.2.1,C,2,']);
    const { problems } = await imported(path);
    expect(problems.map((p) => [p.code, p.location?.row, p.location?.cell])).toEqual([['annex-number-parent', 4, 'A']]);
  });

  it('a level skipped, a duplicated number (with the first), a number that is none', async () => {
    const path = csv('so-thu-tu.csv', [HEAD, '1,A,2,', '1.1.1,B,1,', '1.1,C,2,', '1.1,D,2,', '1a,E,1,']);
    const { problems } = await imported(path);
    expect(problems.map((p) => [p.code, p.location?.row, p.location?.cell])).toEqual([
      ['annex-number-skip', 3, 'A'],
      ['annex-duplicate-number', 5, 'A'],
      ['annex-number-format', 6, 'A'],
    ]);
    expect(problems[1]!.also?.location?.row).toBe(4);
  });

  it('split over the columns between STT and the title (no merged header): a row with two numbers is ambiguous', async () => {
    // A holds the areas (I, II), B their criteria (1): levels 1 and 2; row 4 fills both.
    const path = csv('hai-cot.csv', ['STT,,Nội dung,Điểm tối đa', 'I,,A,3', ',1,B,3', 'II,1,C,2']);
    const { problems } = await imported(path);
    expect(problems.map((p) => [p.code, p.location?.row, p.location?.cell, p.data])).toEqual([['annex-number-ambiguous', 4, 'B', { values: ['II', '1'] }]]);
    const good = await imported(csv('hai-cot-dung.csv', ['STT,,Nội dung,Điểm tối đa', 'I,,A,3', ',1,B,3', 'II,,C,2', ',1,D,2']));
    expect(good.problems).toEqual([]);
    expect(tree((parse(good.text!) as { criteria: Node[] }).criteria)).toEqual([
      { id: 'I', title: 'A', max: 3, children: [{ id: 'I.1', title: 'B', max: 3, rule: manual }] },
      { id: 'II', title: 'C', max: 2, children: [{ id: 'II.1', title: 'D', max: 2, rule: manual }] },
    ]);
  });

  it('two columns of one kind: which holds the max is unclear', async () => {
    const path = csv('hai-cot-diem.csv', ['STT,Tiêu chí,Điểm tối đa,Điểm tối đa năm trước', '1,A,1,1']);
    const { problems } = await imported(path);
    expect(problems.map((p) => [p.code, p.location?.row, p.location?.cell, p.data])).toEqual([['annex-duplicate-column', 1, 'D', { role: 'max', header: 'Điểm tối đa năm trước' }]]);
  });

  it(`a number Excel turned into a date is refused with how to type it${unless(hasOpenpyxl, NO_OPENPYXL)}`, async () => {
    if (!hasOpenpyxl) return;
    const path = openpyxlWorkbook(
      join(dir, 'ngay.xlsx'),
      `
ws.append(["STT", "Tiêu chí", "Điểm tối đa"])
ws.append(["1", "A", 1])
ws.append([datetime.date(2025, 1, 1), "B", 1])
ws["A3"].number_format = "d.m"
`,
    );
    const { problems } = await imported(path);
    expect(problems.map((p) => [p.code, p.location?.row, p.location?.cell, p.data])).toEqual([['annex-number-format', 3, 'A', { value: '2025-01-01', date: true }]]);
  });

  it('a text row before any criterion', async () => {
    const path = csv('mo-coi.csv', [HEAD, ',Phần đánh giá,,', '1,A,1,']);
    const { problems } = await imported(path);
    expect(problems.map((p) => [p.code, p.location?.row])).toEqual([['annex-orphan-row', 2]]);
  });
});

describe('max points', () => {
  it('a subtotal that does not add up, at its cell: 1 + 1,5 = 2,5, not 3', async () => {
    const path = csv('tong-con.csv', [HEAD, '1,A,3,', '1.1,B,1,', '1.2,C,"1,5",']);
    const { problems } = await imported(path);
    expect(problems.map((p) => [p.code, p.location?.row, p.location?.cell])).toEqual([['annex-subtotal', 2, 'C']]);
    expect(problems[0]!.data).toMatchObject({ number: '1' });
    expect(String((problems[0]!.data as { sum: unknown }).sum)).toBe('2.5');
  });

  it('a total row that does not add up: the areas give 2 + 3 = 5, the row 6', async () => {
    const path = csv('tong-cong.csv', [HEAD, '1,A,2,', '2,B,3,', 'Tổng cộng,,6,']);
    const { problems } = await imported(path);
    expect(problems.map((p) => [p.code, p.location?.row, p.location?.cell])).toEqual([['annex-subtotal', 4, 'C']]);
  });

  it('not a number; "1.500" read two ways; a leaf without max', async () => {
    const path = csv('khong-phai-so.csv', [HEAD, '1,A,,', '1.1,B,một,', '1.2,C,"1.500",', '1.3,D,,']);
    const { problems } = await imported(path);
    expect(problems.map((p) => [p.code, p.location?.row, p.location?.cell])).toEqual([
      ['annex-max-not-number', 3, 'C'],
      ['annex-max-not-number', 4, 'C'],
      ['annex-missing-max', 5, 'C'],
    ]);
    // 1.500 with a decimal comma is 1500; with a decimal point, 1.5.
    expect((problems[1]!.data as { readings: unknown[] }).readings.map(String)).toEqual(['1500', '1.5']);
  });

  it(`a max merged over two criteria belongs to neither${unless(hasOpenpyxl, NO_OPENPYXL)}`, async () => {
    if (!hasOpenpyxl) return;
    const path = openpyxlWorkbook(
      join(dir, 'gop-o.xlsx'),
      `
ws.append(["STT", "Tiêu chí", "Điểm tối đa"])
ws.append(["1", "A", 2])
ws.append(["1.1", "B", 2])
ws.append(["1.2", "C", None])
ws.merge_cells("C3:C4")
`,
    );
    const { problems } = await imported(path);
    expect(problems.map((p) => [p.code, p.location?.row, p.location?.cell])).toEqual([
      ['annex-merged-max', 3, 'C'],
      ['annex-missing-max', 4, 'C'],
    ]);
    expect(problems[0]!.data).toEqual({ range: 'C3:C4', numbers: ['1.1', '1.2'] });
  });
});

describe('formulas', () => {
  it(`a subtotal formula a script wrote without its result is not read as a number${unless(hasOpenpyxl, NO_OPENPYXL)}`, async () => {
    if (!hasOpenpyxl) return;
    const path = openpyxlWorkbook(
      join(dir, 'cong-thuc.xlsx'),
      `
ws.append(["STT", "Tiêu chí", "Điểm tối đa"])
ws.append(["1", "A", "=C3+C4"])
ws.append(["1.1", "B", 1])
ws.append(["1.2", "C", 2])
`,
    );
    const { problems } = await imported(path);
    expect(problems.map((p) => [p.code, p.location?.row, p.location?.cell, p.data])).toEqual([['annex-max-not-number', 2, 'C', { value: '=C3+C4', formula: true }]]);
  });
});

describe('the sheet around the table', () => {
  it(`passes over a cover sheet to the first sheet with a criteria table${unless(hasOpenpyxl, NO_OPENPYXL)}`, async () => {
    if (!hasOpenpyxl) return;
    const path = openpyxlWorkbook(
      join(dir, 'hai-trang.xlsx'),
      `
ws.title = "Bìa"
ws["A1"] = "QUYẾT ĐỊNH"
for r in range(2, 60): ws.cell(r, 1, "dòng " + str(r))
t = wb.create_sheet("Bảng")
t.append(["STT", "Nội dung", "Điểm tối đa"])
t.append(["1", "A", "0,5"])
`,
    );
    const result = await imported(path);
    expect(result.problems).toEqual([]);
    expect(result.text).toContain('trang tính "Bảng"');
    expect((parse(result.text!) as { criteria: Node[] }).criteria).toEqual([{ id: '1', title: 'A', max: 0.5, rule: manual }]);
  });

  it('a sheet far longer than any criteria table is refused, not held in memory', async () => {
    const path = csv('qua-dai.csv', [HEAD, ...Array.from({ length: 20_001 }, (_, i) => `${i + 1},X,1,`)]);
    await expect(imported(path)).rejects.toThrow(/more than 20,000 rows/);
  });

  it('no header anywhere', async () => {
    const path = csv('khong-tieu-de.csv', ['a,b,c', '1,2,3']);
    const { problems } = await imported(path);
    expect(problems.map((p) => p.code)).toEqual(['annex-no-header']);
  });

  it('no title above the table, so no title and no year: asks for --title', async () => {
    const path = csv('khong-ten.csv', [HEAD, '1,A,1,']);
    const result = await importCriteriaTable(path, path, { lang: 'vi' });
    expect(result.problems.map((p) => p.code)).toEqual(['annex-no-title']);
    const given = await importCriteriaTable(path, path, { lang: 'vi', title: 'Bộ tiêu chí thử', year: 2026 });
    expect(given.problems).toEqual([]);
    expect(parse(given.text!)).toMatchObject({ id: 'bo-tieu-chi', title: 'Bộ tiêu chí thử', year: 2026 });
  });
});
