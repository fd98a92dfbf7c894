import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinSets } from '../../src/cli/builtin.js';
import type { Criteria, CriteriaNode } from '../../src/core/model.js';
import { importCriteriaTable } from '../../src/criteria/import.js';
import { loadCriteria } from '../../src/criteria/index.js';
import { annexRows, annexToHtml, annexToMarkdown, annexToXlsx } from '../../src/report/annex.js';

const dir = mkdtempSync(join(tmpdir(), 'parscore-annex-'));

/**
 * A small set with what an annex must show: a three-level tree, criteria for one group only (so
 * a total per group), a leaf the office supplies, a bonus outside the total.
 */
const FILE = `
format: parscore/criteria@1
id: phu-luc-thu
title: Bộ tiêu chí thử năm 2025
year: 2025
reference: Quyết định số 12/QĐ-UBND ngày 05/01/2025
groups:
  - { id: xa, title: Xã }
  - { id: phuong, title: Phường }
criteria:
  - id: "1"
    title: Chỉ đạo, điều hành
    children:
      - id: "1.1"
        title: Kế hoạch
        children:
          - { id: "1.1.1", title: Ban hành kế hoạch, max: 1, indicator: ke_hoach, rule: { kind: deadline, due: 2025-01-15, late: 0.5 }, responsible: Văn phòng, reference: Mục 1.1.1 }
          - { id: "1.1.2", title: Hoàn thành kế hoạch, max: 1.5, rule: { kind: proportional } }
      - { id: "1.2", title: Họp giao ban, max: 0.75, rule: { kind: manual }, applies_to: [xa] }
  - id: "2"
    title: Cải cách thể chế
    children:
      - { id: "2.1", title: Văn bản, max: 2.25, rule: { kind: boolean }, applies_to: [phuong] }
      - { id: "2.2", title: Rà soát, max: 1, rule: { kind: given }, supplied_by: office }
adjustments:
  - { id: thuong, title: Sáng kiến, kind: bonus, cap: 1, rule: { kind: given } }
`;

function load(text: string, file: string): Criteria {
  const { criteria, problems } = loadCriteria(text, file);
  if (!criteria) throw new Error(problems.map((p) => `${p.code} ${p.location?.line}`).join('; '));
  return criteria;
}

const criteria = load(FILE, 'phu-luc-thu.yaml');

describe('the annex rows', () => {
  it('subtotals per area and criterion, and a total per group where criteria apply to one group only', () => {
    const rows = annexRows(criteria, 'vi');
    const shown = rows.map((r) => [r.kind, r.number, r.title, r.max?.toString()]);
    // 1.1 = 1 + 1,5 = 2,5; area 1 = 2,5 + 0,75 = 3,25; area 2 = 2,25 + 1 = 3,25. Communes count
    // 1.1.1, 1.1.2, 1.2 and 2.2: 1 + 1,5 + 0,75 + 1 = 4,25; wards 1.1.1, 1.1.2, 2.1 and 2.2:
    // 1 + 1,5 + 2,25 + 1 = 5,75 (6,5 for everything would count 1.2 and 2.1 for both).
    expect(shown).toEqual([
      ['area', '1', 'Chỉ đạo, điều hành', '3.25'],
      ['node', '1.1', 'Kế hoạch', '2.5'],
      ['leaf', '1.1.1', 'Ban hành kế hoạch', '1'],
      ['leaf', '1.1.2', 'Hoàn thành kế hoạch', '1.5'],
      ['leaf', '1.2', 'Họp giao ban', '0.75'],
      ['area', '2', 'Cải cách thể chế', '3.25'],
      ['leaf', '2.1', 'Văn bản', '2.25'],
      ['leaf', '2.2', 'Rà soát', '1'],
      ['total', '', 'Tổng cộng (Xã)', '4.25'],
      ['total', '', 'Tổng cộng (Phường)', '5.75'],
      ['adjustments', '', 'Điểm thưởng, điểm trừ (ngoài tổng điểm)', undefined],
      ['adjustment', 'thuong', 'Sáng kiến', '1'],
    ]);
  });

  it('one total when every criterion applies to every group: 1 + 2 = 3', () => {
    const plain = load(
      'format: parscore/criteria@1\nid: t\ntitle: T\nyear: 2025\ngroups: [{ id: a, title: A }]\ncriteria:\n  - { id: "1", title: X, max: 1, rule: { kind: boolean } }\n  - { id: "2", title: Y, max: 2, rule: { kind: boolean } }\n',
      't.yaml',
    );
    const total = annexRows(plain, 'en').filter((r) => r.kind === 'total');
    expect(total.map((r) => [r.title, r.max?.toString()])).toEqual([['Total', '3']]);
  });
});

describe('the annex as Markdown', () => {
  it('prints every row, written out here by hand', () => {
    const expected = [
      '# PHỤ LỤC',
      '',
      '**Bộ tiêu chí thử năm 2025**',
      '',
      '*(Kèm theo Quyết định số 12/QĐ-UBND ngày 05/01/2025)*',
      '',
      '| STT | Lĩnh vực / Tiêu chí / Tiêu chí thành phần | Điểm tối đa | Phương pháp chấm điểm | Tài liệu kiểm chứng | Cơ quan chủ trì | Ghi chú |',
      '|---|---|---:|---|---|---|---|',
      '| **1** | **Chỉ đạo, điều hành** | **3,25** |  |  |  |  |',
      '| **1.1** | **Kế hoạch** | **2,5** |  |  |  |  |',
      '| 1.1.1 | Ban hành kế hoạch | 1 | Đúng hạn (đến 15/01/2025): 1 điểm; chậm: 0,5 điểm; không thực hiện: 0 điểm. | ke\\_hoach: ngày (dd/mm/yyyy), hạn 15/01/2025; ghi "chưa" nếu chưa thực hiện | Văn phòng | Căn cứ: Mục 1.1.1 |',
      '| 1.1.2 | Hoàn thành kế hoạch | 1,5 | 1,5 điểm × tỷ lệ / 100% (tối đa 1,5 điểm). | 1.1.2: tỷ lệ % hoặc a/b |  |  |',
      '| 1.2 | Họp giao ban | 0,75 | Hội đồng thẩm định chấm, từ 0 đến 0,75 điểm.<br>Chỉ áp dụng cho: Xã; đơn vị nhóm khác không tính tiêu chí này. | 1.2: điểm (0 – 0,75); dưới tối đa thì ghi rõ lý do ở Ghi chú |  |  |',
      '| **2** | **Cải cách thể chế** | **3,25** |  |  |  |  |',
      '| 2.1 | Văn bản | 2,25 | Có: 2,25 điểm; không: 0 điểm.<br>Chỉ áp dụng cho: Phường; đơn vị nhóm khác không tính tiêu chí này. | 2.1: có / không |  |  |',
      '| 2.2 | Rà soát | 1 | Điểm được cung cấp, từ 0 điểm đến 1 điểm.<br>Số liệu do cơ quan chấm điểm cung cấp; đơn vị không tự chấm. | Do cơ quan chấm điểm cung cấp |  |  |',
      '|  | **Tổng cộng (Xã)** | **4,25** |  |  |  |  |',
      '|  | **Tổng cộng (Phường)** | **5,75** |  |  |  |  |',
      '|  | **Điểm thưởng, điểm trừ (ngoài tổng điểm)** |  |  |  |  |  |',
      '| thuong | Sáng kiến | 1 | Điểm thưởng, cộng vào tổng điểm, không tính vào điểm tối đa: điểm được cung cấp, từ 0 điểm đến 1 điểm; tối đa 1 điểm. |  |  |  |',
      '',
    ].join('\n');
    expect(annexToMarkdown(criteria, { lang: 'vi' })).toBe(expected);
  });

  it('in English: the headers, the total and the method', () => {
    const md = annexToMarkdown(criteria, { lang: 'en' });
    expect(md).toContain('| No. | Area / Criterion / Sub-criterion | Max points | Scoring method | Evidence | Responsible office | Notes |');
    expect(md).toContain('*(Attached to Quyết định số 12/QĐ-UBND ngày 05/01/2025)*');
    expect(md).toContain('| 1.1.1 | Ban hành kế hoạch | 1 | On time (by 2025-01-15): 1 point; late: 0.5 points; not done: 0 points. |');
    expect(md).toContain('|  | **Total (Phường)** | **5.75** |');
  });
});

describe('the annex as HTML', () => {
  it('one self-contained page printing A4 landscape, its header row repeated, text escaped', () => {
    const html = annexToHtml(load(FILE.replace('title: Sáng kiến', 'title: "<b>Sáng kiến</b>"'), 'x.yaml'), { lang: 'vi' });
    expect(html).toContain('@page{size:A4 landscape');
    expect(html).toContain('thead{display:table-header-group}');
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('<tr class="total"><td class="n"></td><td class="t">Tổng cộng (Xã)</td><td class="n">4,25</td>');
    expect(html).toContain('&lt;b&gt;Sáng kiến&lt;/b&gt;');
    expect(html).not.toContain('<b>Sáng kiến');
  });
});

describe('the annex workbook', () => {
  it('prints as a decision annex: A4 landscape, one page wide, the header row repeated, the reference on top', async () => {
    const bytes = await annexToXlsx(criteria, { lang: 'vi' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('Phụ lục');
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '5:5' });
    // Three title lines, a blank row, the header (row 5), 12 rows: the last is row 17.
    expect(sheet.pageSetup.printArea).toBe('A1:G17');
    expect(sheet.headerFooter.oddHeader).toBe('&CQuyết định số 12/QĐ-UBND ngày 05/01/2025');
    expect(sheet.headerFooter.oddFooter).toBe('&LBộ tiêu chí thử năm 2025&RTrang &P/&N');
    expect(sheet.model.merges).toEqual(expect.arrayContaining(['A1:G1', 'A2:G2', 'A3:G3', 'B16:G16']));
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });
    expect(sheet.getRow(5).values).toEqual([undefined, 'STT', 'Lĩnh vực / Tiêu chí / Tiêu chí thành phần', 'Điểm tối đa', 'Phương pháp chấm điểm', 'Tài liệu kiểm chứng', 'Cơ quan chủ trì', 'Ghi chú']);
  });

  it('subtotals and totals are formulas over their parts, with the exact sums cached', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await annexToXlsx(criteria, { lang: 'vi' })) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    // Rows from 6: 1, 1.1, 1.1.1, 1.1.2, 1.2, 2, 2.1, 2.2, the two totals, the bonus heading, the bonus.
    expect(sheet.getCell('C6').value).toEqual({ formula: 'C7+C10', result: 3.25 });
    expect(sheet.getCell('C7').value).toEqual({ formula: 'C8+C9', result: 2.5 });
    expect(sheet.getCell('C11').value).toEqual({ formula: 'C12+C13', result: 3.25 });
    expect(sheet.getCell('C14').value).toEqual({ formula: 'C8+C9+C10+C13', result: 4.25 });
    expect(sheet.getCell('C15').value).toEqual({ formula: 'C8+C9+C12+C13', result: 5.75 });
    expect(sheet.getCell('C8').value).toBe(1);
    expect(sheet.getCell('C8').numFmt).toBe('0.00');
    expect(sheet.getCell('C17').value).toBe(1);
  });

  it('cuts a reference too long for the page header (Excel takes 255 characters) rather than write a damaged file', async () => {
    // 30 × "Quyết định & " is 390 characters; each "&" is written "&&" in a header.
    const long = load(FILE.replace('reference: Quyết định số 12/QĐ-UBND ngày 05/01/2025', `reference: "${'Quyết định & '.repeat(30).trim()}"`), 'dai.yaml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await annexToXlsx(long, { lang: 'vi' })) as unknown as ArrayBuffer);
    const header = book.worksheets[0]!.headerFooter.oddHeader!;
    expect(header.length).toBeLessThanOrEqual(255);
    expect(header.startsWith('&CQuyết định && Quyết định && ')).toBe(true);
    expect(header.endsWith('…')).toBe(true);
    // No code is left half-escaped: every "&" after the first pair comes in pairs.
    expect(header.slice(2).replace(/&&/g, '')).not.toContain('&');
  });

  it('writes a text that starts like a formula as text', async () => {
    const book = new ExcelJS.Workbook();
    const odd = load(FILE.replace('title: Văn bản,', 'title: "=SUM(C1:C9)",').replace('title: Rà soát,', 'title: "- Rà soát",'), 'cong-thuc.yaml');
    await book.xlsx.load((await annexToXlsx(odd, { lang: 'vi' })) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getCell('B12').value).toEqual({ richText: [{ text: '=SUM(C1:C9)' }] });
    expect(sheet.getCell('B13').value).toEqual({ richText: [{ text: '- Rà soát' }] });
    expect(sheet.getCell('B8').value).toBe('Ban hành kế hoạch');
  });

  it('is the same bytes each time', async () => {
    const a = await annexToXlsx(criteria, { lang: 'vi' });
    const b = await annexToXlsx(criteria, { lang: 'vi' });
    expect(Buffer.compare(a, b)).toBe(0);
  });
});

interface Shape {
  id: string;
  title: string;
  max: string;
  children?: Shape[];
}

function shapeOf(nodes: CriteriaNode[]): Shape[] {
  return nodes.map((n) => ({ id: n.id, title: n.title, max: n.max.toString(), ...(n.type === 'node' ? { children: shapeOf(n.children) } : {}) }));
}

interface Written {
  id: string;
  title: string;
  max: number;
  children?: Written[];
}

function shapeWritten(nodes: Written[]): Shape[] {
  return nodes.map((n) => ({ id: n.id, title: n.title, max: String(n.max), ...(n.children ? { children: shapeWritten(n.children) } : {}) }));
}

describe('every built-in set: annex, then import, gives the same tree, titles and max', () => {
  for (const set of builtinSets()) {
    it(set.id, async () => {
      const original = load(readFileSync(set.file, 'utf8'), set.file);
      const path = join(dir, `${set.id}.xlsx`);
      writeFileSync(path, await annexToXlsx(original, { lang: 'vi' }));
      const result = await importCriteriaTable(path, path, { lang: 'vi', id: set.id, year: original.year });
      expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
      const back = parse(result.text!) as { title: string; criteria: Written[] };
      expect(back.title).toBe(original.title);
      expect(shapeWritten(back.criteria)).toEqual(shapeOf(original.areas));
    });
  }
});

describe('an annex in English reads back the same', () => {
  it('par-xa-2025', async () => {
    const set = builtinSets().find((s) => s.id === 'par-xa-2025')!;
    const original = load(readFileSync(set.file, 'utf8'), set.file);
    const path = join(dir, 'en.xlsx');
    writeFileSync(path, await annexToXlsx(original, { lang: 'en' }));
    const result = await importCriteriaTable(path, path, { lang: 'en' });
    // "Total (Xã, đặc khu)" and "Total (Phường)" are totals of one group each; three bonus rows follow.
    expect(result.problems.map((p) => p.code)).toEqual(['annex-total-unchecked', 'annex-total-unchecked', 'annex-after-total']);
    const back = parse(result.text!) as { year: number; reference: string; criteria: Written[] };
    expect(back.year).toBe(2025);
    expect(back.reference).toBe(original.reference);
    expect(shapeWritten(back.criteria)).toEqual(shapeOf(original.areas));
  });
});

describe('docs/annex: the built-in sets’ annexes as committed', () => {
  // Regenerate after changing a built-in set: parscore criteria annex ID -o docs/annex/ID.md --force
  for (const set of builtinSets()) {
    it(`${set.id}.md is what the set gives now`, () => {
      const committed = readFileSync(join('docs', 'annex', `${set.id}.md`), 'utf8');
      expect(annexToMarkdown(load(readFileSync(set.file, 'utf8'), set.file), { lang: 'vi' })).toBe(committed);
    });
  }
});
