import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Exact } from '../../src/core/exact.js';
import type { LeafInput } from '../../src/core/inputs.js';
import type { Criteria } from '../../src/core/model.js';
import { loadCriteriaBytes } from '../../src/criteria/index.js';
import { EvidenceCollector, type EvidenceSet, type Input } from '../../src/evidence/collect.js';
import { readUnits } from '../../src/evidence/units.js';

const fixtures = join(import.meta.dirname, 'fixtures');
let criteria: Criteria;
let wide: string;

beforeAll(async () => {
  criteria = loadCriteriaBytes(readFileSync(join(fixtures, 'tieu-chi.yaml')), 'tieu-chi.yaml').criteria!;
  wide = join(mkdtempSync(join(tmpdir(), 'parscore-wide-')), 'bao-cao.xlsx');
  // A wide workbook as an office builds it: a title row, a header merged over two rows, one sheet
  // per group, percent-formatted and date cells.
  const book = new ExcelJS.Workbook();
  const xa = book.addWorksheet('Xã');
  xa.getCell('A1').value = 'BẢNG TỔNG HỢP SỐ LIỆU CCHC NĂM 2025';
  xa.getRow(2).values = ['Mã đơn vị', 'Tên đơn vị', 'Chỉ tiêu'];
  xa.mergeCells('A2:A3');
  xa.mergeCells('B2:B3');
  xa.mergeCells('C2:E2');
  xa.getRow(3).values = [undefined, undefined, 'ke_hoach', 'hoan_thanh', 'cong_khai'];
  xa.getRow(4).values = ['xa-an-binh', 'Xã An Bình', new Date(Date.UTC(2025, 6, 20)), 0.5341, 'x'];
  xa.getRow(5).values = ['xa-tan-lap', 'Xã Tân Lập', new Date(Date.UTC(2025, 7, 5)), 0.95, undefined];
  for (const r of [4, 5]) {
    xa.getCell(`C${r}`).numFmt = 'dd/mm/yyyy';
    xa.getCell(`D${r}`).numFmt = '0.00%';
  }
  const phuong = book.addWorksheet('Phường');
  phuong.addRow(['Mã đơn vị', 'dan_so', 'chu_tri']);
  phuong.addRow(['phuong-1', 1234.5, 'Cấp phó']);
  await book.xlsx.writeFile(wide);
});

async function collect(files: Array<[string, string]>, sheet?: string): Promise<EvidenceSet> {
  const { units } = await readUnits(join(fixtures, 'don-vi.csv'), 'don-vi.csv', criteria);
  const c = new EvidenceCollector(criteria, units);
  for (const [path, name] of files) await c.addFile(path, name, sheet === undefined ? {} : { sheet });
  return c.finish();
}

function leaf(set: EvidenceSet, unit: string, id: string): LeafInput {
  const input: Input | undefined = set.inputs.get(unit)?.get(id);
  if (!input || 'invalid' in input) throw new Error(`${unit} ${id}: ${JSON.stringify(input)}`);
  return input;
}

describe('collecting evidence', () => {
  it('reads a wide workbook with a merged two-row header, percent and date cells, on every sheet', async () => {
    const set = await collect([[wide, 'bao-cao.xlsx']]);
    expect(leaf(set, 'xa-an-binh', '1.1').value).toEqual({ type: 'date', value: '2025-07-20' });
    // 0.5341 shown as 53,41% is 53,41 percent, exactly.
    const pct = leaf(set, 'xa-an-binh', '1.2').value;
    expect(pct.type === 'percent' && pct.value?.eq(Exact.parse('53.41')!)).toBe(true);
    expect(leaf(set, 'xa-an-binh', '2.2').value).toEqual({ type: 'boolean', value: true });
    // An empty yes/no cell in a wide table is no evidence (scored like "no", and listed as missing).
    expect(set.inputs.get('xa-tan-lap')?.has('2.2')).toBe(false);
    expect(set.problems).toContainEqual(expect.objectContaining({ code: 'no-evidence', unit: 'xa-tan-lap', data: expect.objectContaining({ items: expect.arrayContaining(['2.2']) }) }));
    const dan = leaf(set, 'phuong-1', '2.5').value;
    expect(dan.type === 'number' && dan.value.toString()).toBe('1234.5');
    expect(leaf(set, 'phuong-1', '1.4').value).toEqual({ type: 'level', label: 'Cấp phó' });
    // Where each value came from, as Excel shows it.
    expect(leaf(set, 'xa-an-binh', '1.2').evidence).toEqual([{ file: 'bao-cao.xlsx', sheet: 'Xã', row: 4, column: 'D', header: 'hoan_thanh' }]);
    expect(leaf(set, 'phuong-1', '2.5').evidence).toEqual([{ file: 'bao-cao.xlsx', sheet: 'Phường', row: 2, column: 'B', header: 'dan_so' }]);
    expect(set.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('reads only the sheet asked for', async () => {
    const set = await collect([[wide, 'bao-cao.xlsx']], 'Phường');
    expect([...set.inputs.keys()]).toEqual(['phuong-1']);
  });

  it('merges several files into one table, keeping each value where it came from', async () => {
    const set = await collect([
      [join(fixtures, 'bom-crlf-champhay.csv'), 'bom-crlf-champhay.csv'],
      [wide, 'bao-cao.xlsx'],
    ]);
    // xa-an-binh's plan date is in both files: 20/07/2025 in the CSV and a date cell in the
    // workbook. The same value twice is fine and both places are cited.
    expect(leaf(set, 'xa-an-binh', '1.1').evidence.map((e) => `${e.file} ${e.sheet ?? ''} ${e.column}${e.row}`)).toEqual([
      'bom-crlf-champhay.csv  C2',
      'bao-cao.xlsx Xã C4',
    ]);
    // …but its completion rate differs: 92,5% in the CSV, 53,41% in the workbook.
    expect(set.inputs.get('xa-an-binh')!.get('1.2')).toMatchObject({ invalid: true });
    const conflict = set.problems.find((p) => p.code === 'conflicting-values')!;
    expect(conflict.location).toMatchObject({ file: 'bao-cao.xlsx', sheet: 'Xã', row: 4, cell: 'D' });
    expect(conflict.also?.location).toMatchObject({ file: 'bom-crlf-champhay.csv', row: 3, cell: 'C' });
  });

  it('keeps the evidence document and note with the value', async () => {
    const set = await collect([[join(fixtures, 'bom-crlf-champhay.csv'), 'bom-crlf-champhay.csv']]);
    const plan = leaf(set, 'xa-an-binh', '1.1');
    expect(plan.source).toBe('Kế hoạch số 12/KH-UBND\nngày 20/07/2025');
    expect(plan.text).toBe('20/07/2025');
    const rate = leaf(set, 'xa-an-binh', '2.1').value;
    // 1.290/1.373 = 1290/1373 → 129000/1373 percent, kept exact.
    expect(rate.type === 'percent' && rate.value?.eq(Exact.of(129000n, 1373n))).toBe(true);
    expect(leaf(set, 'xa-an-binh', '2.3').value).toEqual({ type: 'na' });
    expect(leaf(set, 'xa-an-binh', '2.4').note).toBe('Hội đồng trừ 0,25 do thiếu minh chứng');
  });
});
