import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const f = (name: string) => `test/evidence/fixtures/${name}`;
const base = ['score', f('tieu-chi.yaml'), f('bom-crlf-champhay.csv'), f('utf16-tab.csv'), '--units', f('don-vi.csv')];

/*
 * The fixtures by hand (tieu-chi.yaml; precision 2):
 * xa-an-binh (xã): 1.1 plan 20/07/2025 ≤ 31/07 → 1; 1.2 92,5% > 90 → 2; 1.3 2 late reports → 1 − 0,5 = 0,5;
 *   1.4 cấp trưởng → 1; 2.1 1.290/1.373 × 2 = 1,8791… → 1,88; 2.2 có → 1; 2.3 KAD (optional) → not applicable;
 *   2.4 manual 0,75; 2.5 is for wards. Points 1 + 2 + 0,5 + 1 + 1,88 + 1 + 0,75 = 8,13 of 10 − 1 = 9 → 90,333… → 90,33.
 * xa-tan-lap (xã, wide UTF-16): 1.1 05/08 late → 0,5; 1.2 70 → 1; 1.4 cấp phó → 0,5; 2.2 x → 1; 1.3, 2.1, 2.3, 2.4
 *   no evidence → 0. Points 3 of 10 → 30,00.
 * phuong-1 (phường): 2.5 relative, alone in its group → 1; 1.1 31/07 on time → 1; 1.2 810/849 = 95,4…% → 2;
 *   1.4 khác → 0; 2.2 empty → no evidence → 0. Points 4 of 11 → 36,36.
 */
describe('parscore score', () => {
  it('prints the ranking per group as a table, without colour when not a terminal', async () => {
    const r = await run(base);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stdout).toContain('Xã (xa) — 2 đơn vị, 2 được xếp hạng');
    expect(r.stdout).toMatch(/^ +1 +xa-an-binh +Xã An Bình +8,13 +9,00 +90,33 +4,50 +3,63$/m);
    expect(r.stdout).toMatch(/^ +2 +xa-tan-lap +Xã Tân Lập +3,00 +10,00 +30,00 +2,00 +1,00$/m);
    expect(r.stdout).toMatch(/^ +1 +phuong-1 +Phường Một +4,00 +11,00 +36,36 +3,00 +1,00$/m);
    // The two missing-evidence warnings are summed up on stderr; they do not stop the run.
    expect(r.stderr).toBe('⚠ 2 cảnh báo về minh chứng (xem chi tiết bằng parscore check)\n');
  });

  it('writes parscore/report@1 JSON that is byte-identical run after run, and only its texts change with --lang', async () => {
    const a = await run([...base, '--format', 'json']);
    const b = await run([...base, '--format', 'json']);
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const report = JSON.parse(a.stdout);
    expect(report.format).toBe('parscore/report@1');
    expect(report.manifest.criteria).toMatchObject({ id: 'thu-minh-chung', file: 'test/evidence/fixtures/tieu-chi.yaml' });
    expect(report.manifest.criteria.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.manifest.inputs.map((i: { role: string; file: string }) => `${i.role} ${i.file}`)).toEqual([
      'evidence test/evidence/fixtures/bom-crlf-champhay.csv',
      'evidence test/evidence/fixtures/utf16-tab.csv',
      'units test/evidence/fixtures/don-vi.csv',
    ]);
    const anBinh = report.units.find((u: { unit: string }) => u.unit === 'xa-an-binh');
    expect(anBinh).toMatchObject({ points: 8.13, max: 9, index: 90.33, rank: 1, tied: false, status: 'ranked' });
    const rate = anBinh.items.find((i: { id: string }) => i.id === '2.1');
    expect(rate).toMatchObject({ points: 1.88, final: 1.88, max: 2, deduction: 0.12, status: 'partial', value: '1.290/1.373', self: null });
    expect(rate.message).toEqual({ id: 'proportional.rate', data: { value: 93.95, of: 'percent', target: 100, text: '1.290/1.373' } });
    expect(rate.text).toBe('2.1 Tỷ lệ hồ sơ đúng hạn: 1,88/2 — tỷ lệ 93,95% (1.290/1.373) (−0,12) [Báo cáo của Trung tâm PVHCC; test/evidence/fixtures/bom-crlf-champhay.csv, dòng 4]');
    expect(rate.evidence).toEqual([{ file: 'test/evidence/fixtures/bom-crlf-champhay.csv', row: 4, column: 'C' }]);

    const en = await run([...base, '--format', 'json', '--lang', 'en']);
    const strip = (s: string) => JSON.stringify(JSON.parse(s), (k, v) => (k === 'text' || (k === 'message' && typeof v === 'string') ? undefined : v));
    expect(strip(en.stdout)).toBe(strip(a.stdout));
    expect(JSON.parse(en.stdout).units[0].items[4].text).toBe(
      '2.1 Tỷ lệ hồ sơ đúng hạn: 1.88/2 — rate 93.95% (1.290/1.373) (−0.12) [Báo cáo của Trung tâm PVHCC; test/evidence/fixtures/bom-crlf-champhay.csv, row 4]',
    );
  });

  it('writes CSV for Vietnamese Excel (BOM, semicolons, decimal commas) or plain English CSV', async () => {
    const vi = await run([...base, '--format', 'csv']);
    expect(vi.stdout.startsWith('\ufeffNhóm;Hạng;Đồng hạng;Mã đơn vị;Tên đơn vị;Điểm;Tối đa;Chỉ số;Xếp loại;Trạng thái;1 Chỉ đạo điều hành;2 Thủ tục hành chính\r\n')).toBe(true);
    expect(vi.stdout).toContain('xa;1;;xa-an-binh;Xã An Bình;8,13;9,00;90,33;;xếp hạng;4,50;3,63\r\n');
    const en = await run([...base, '--format', 'csv', '--lang', 'en']);
    expect(en.stdout).toContain('xa,1,,xa-an-binh,Xã An Bình,8.13,9.00,90.33,,ranked,4.50,3.63\r\n');
    // --detail: a header and one row per unit × leaf: 3 units × 9 leaves.
    const detail = await run([...base, '--format', 'csv', '--detail', '--lang', 'en']);
    expect(detail.stdout.trimEnd().split('\r\n')).toHaveLength(1 + 3 * 9);
    expect(detail.stdout).toContain('xa,xa-an-binh,Xã An Bình,2.3,Sáng kiến,1.00,,0.00,0.00,0.00,not applicable,"declared not applicable by the unit (""Không áp dụng"")",,,Không áp dụng');
  });

  it('writes a Markdown report with each unit’s lost points', async () => {
    const r = await run([...base, '--format', 'md']);
    expect(r.stdout).toContain('# Bộ tiêu chí thử đọc minh chứng');
    expect(r.stdout).toContain('| 1 | Xã An Bình (xa-an-binh) | 8,13 | 9,00 | 90,33 |  | 4,50 | 3,63 |');
    expect(r.stdout).toContain('### Xã Tân Lập (xa-tan-lap) — 3,00/10,00, hạng 2');
    expect(r.stdout).toContain('- 2.1 Tỷ lệ hồ sơ đúng hạn: 0/2 — không có minh chứng (−2)');
  });

  it('writes -o whole, never over an input, and not over an existing file without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-out-'));
    const out = join(dir, 'ket-qua.json');
    const first = await run([...base, '--format', 'json', '-o', out]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).format).toBe('parscore/report@1');
    // Only the result is left in the folder: no temporary file.
    expect(readdirSync(dir)).toEqual(['ket-qua.json']);
    const again = await run([...base, '--format', 'json', '-o', out, '--lang', 'en']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('the file exists; add --force to replace it');
    expect((await run([...base, '--format', 'json', '-o', out, '--force'])).code).toBe(0);
    const overInput = await run([...base, '-o', f('don-vi.csv'), '--force', '--lang', 'en']);
    expect(overInput.code).toBe(2);
    expect(overInput.stderr).toContain('this is one of the input files');
  });

  it('stops on evidence errors with the list and a hint, unless --allow-problems keeps them as findings', async () => {
    const args = ['score', f('tieu-chi.yaml'), f('loi.csv'), '--units', f('don-vi.csv')];
    const stopped = await run([...args, '--lang', 'en']);
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toBe('');
    expect(stopped.stderr).toContain('unknown-unit');
    expect(stopped.stderr).toContain('add --allow-problems to score anyway');
    const allowed = await run([...args, '--allow-problems', '--format', 'json']);
    expect(allowed.code).toBe(0);
    const report = JSON.parse(allowed.stdout);
    expect(report.findings.map((p: { code: string }) => p.code)).toContain('unknown-unit');
    const anBinh = report.units.find((u: { unit: string }) => u.unit === 'xa-an-binh');
    expect(anBinh.findings.map((p: { code: string }) => p.code)).toContain('value-type');
    // "53,41" for the plan date is invalid: scored as none (missing: 0), said so.
    expect(anBinh.items[0]).toMatchObject({ id: '1.1', status: 'invalid', points: 0, message: { id: 'leaf.invalid', data: { text: '53,41' } } });
  });

  it('needs --units and says so', async () => {
    const r = await run(['score', f('tieu-chi.yaml'), f('loi.csv'), '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("required option '--units <file>' not specified");
  });
});

describe('parscore explain', () => {
  const args = ['explain', f('tieu-chi.yaml'), f('bom-crlf-champhay.csv'), f('utf16-tab.csv'), '--units', f('don-vi.csv')];

  it('derives a unit leaf by leaf, lost points first, with totals that add up on screen', async () => {
    const r = await run([...args, '--unit', 'xa-an-binh']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Xã An Bình (xa-an-binh) — nhóm Xã');
    expect(lines[1]).toBe('Điểm 8,13/9,00 · chỉ số 90,33 · hạng 1/2');
    expect(r.stdout).toContain('1 Chỉ đạo điều hành: 4,50/5,00 (−0,50)\n  1.3 Báo cáo chậm: 0,5/1 — 2 lần × 0,25 điểm (−0,5) [test/evidence/fixtures/bom-crlf-champhay.csv, dòng 5]');
    expect(r.stdout).toContain('2 Thủ tục hành chính: 3,63/4,00 (−0,37)');
    // 4,50 + 3,63 = 8,13.
    expect(lines.at(-2)).toBe('Tổng: 4,50 + 3,63 = 8,13/9,00');
  });

  it('keeps the criteria order with --order tree, and shows one leaf in full with --item', async () => {
    const tree = await run([...args, '--unit', 'xa-tan-lap', '--order', 'tree', '--lang', 'en']);
    const ids = tree.stdout.split('\n').filter((l) => /^ {2}\d/.test(l)).map((l) => l.trim().split(' ')[0]);
    expect(ids).toEqual(['1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '2.3', '2.4', '2.5']);
    const one = await run([...args, '--unit', 'xa-an-binh', '--item', '1.1', '--lang', 'en']);
    expect(one.stdout).toContain('1.1 Ban hành kế hoạch CCHC: 1/1 — done on 2025-07-20, on time (deadline 2025-07-31)');
    expect(one.stdout).toContain('  Value: 20/07/2025');
    expect(one.stdout).toContain('  Evidence: test/evidence/fixtures/bom-crlf-champhay.csv, row 2, column C (Giá trị)');
  });

  it('suggests the unit meant', async () => {
    const r = await run([...args, '--unit', 'xa-an-bin', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--unit: no unit "xa-an-bin"; did you mean "xa-an-binh"?\n');
  });
});

describe('parscore test', () => {
  it('passes the built-in sets’ examples', async () => {
    const r = await run(['test', 'criteria/par-xa-2025.yaml', 'criteria/par-so-2025.yaml', '--lang', 'en']);
    expect(r.code).toBe(0);
    // 8 examples, and one per set for the dossier rates.
    expect(r.stdout).toContain('✔ 10 passed, 0 failed');
  });

  it('fails an example whose expectation is wrong, showing expected, actual and why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-test-'));
    writeFileSync(
      join(dir, 'c.yaml'),
      `format: parscore/criteria@1
id: thu
title: Thử
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
  - { id: "1", title: Kế hoạch, max: 1, responsible: VP, indicator: ke_hoach, rule: { kind: deadline, due: 2024-12-15, late: 0.5 } }
tests:
  - name: ban hành chậm
    group: xa
    evidence: { ke_hoach: 20/12/2024 }
    expect: { "1": 1, total: 0.5 }
`,
    );
    const r = await run(['test', 'c.yaml', '--lang', 'en'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✖ ban hành chậm (line 9)');
    // 20/12/2024 is 5 days after 15/12/2024: late, 0,5 — not the 1 expected; the total 0,5 is right.
    expect(r.stdout).toContain('line 12: 1 expected 1, got 0.5');
    expect(r.stdout).toContain('1 Kế hoạch: 0.5/1 — done on 2024-12-20, 5 days after the deadline 2024-12-15 (−0.5)');
    expect(r.stdout).not.toContain('total expected');
    expect(r.stdout).toContain('✖ 0 passed, 1 failed');
    expect(existsSync(join(dir, 'c.yaml'))).toBe(true);
  });
});

describe('a leaf at the top of the tree', () => {
  // Valid criteria whose first criterion is a leaf with no area above it.
  const dir = mkdtempSync(join(tmpdir(), 'parscore-top-leaf-'));
  const criteria = join(dir, 'tieu-chi.yaml');
  writeFileSync(
    criteria,
    `format: parscore/criteria@1
id: la-goc
title: Lá gốc
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
  - { id: "1", title: Quy chế làm việc, max: 2, indicator: quy_che, responsible: VP, rule: { kind: boolean } }
  - id: "2"
    title: Cải cách thủ tục
    children:
      - { id: "2.1", title: Niêm yết thủ tục, max: 3, indicator: niem_yet, responsible: VP, rule: { kind: boolean } }
`,
  );
  const evidence = join(dir, 'minh-chung.csv');
  writeFileSync(evidence, 'unit,indicator,value\nxa-a,quy_che,có\nxa-a,niem_yet,không\nxa-b,quy_che,không\nxa-b,niem_yet,có\n');
  const units = join(dir, 'don-vi.csv');
  writeFileSync(units, 'unit,name,group\nxa-a,Xã A,xa\nxa-b,Xã B,xa\n');
  const args = ['score', criteria, evidence, '--units', units];

  it('is an area of its own in the table, CSV and JSON nodes, so the areas add up to the points', async () => {
    // xa-a: 1 → 2 (có), 2.1 → 0: 2 of 5 = 40; xa-b: 0 + 3 = 3 of 5 = 60.
    const table = await run(args);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/Hạng +Mã +Đơn vị +Điểm +Tối đa +Chỉ số +Xếp loại +1 +2$/m);
    expect(table.stdout).toMatch(/^ +1 +xa-b +Xã B +3,00 +5,00 +60,00 +0,00 +3,00$/m);
    expect(table.stdout).toMatch(/^ +2 +xa-a +Xã A +2,00 +5,00 +40,00 +2,00 +0,00$/m);
    const csv = await run([...args, '--format', 'csv', '--lang', 'en']);
    expect(csv.stdout.split('\r\n')[0]).toBe('Group,Rank,Tied,Unit,Name,Points,Max,Index,Band,Status,1 Quy chế làm việc,2 Cải cách thủ tục');
    const json = JSON.parse((await run([...args, '--format', 'json'])).stdout);
    expect(json.units.find((u: { unit: string }) => u.unit === 'xa-a').nodes).toEqual([
      { id: '1', title: 'Quy chế làm việc', points: 2, max: 2, index: 100 },
      { id: '2', title: 'Cải cách thủ tục', points: 0, max: 3, index: 0 },
    ]);
  });

  it('is one row of the workbook\'s appraisal annex, with its reason, between the unit\'s heading and the next area', async () => {
    const out = join(dir, 'ket-qua.xlsx');
    expect((await run([...args, '-o', out, '--format', 'xlsx'])).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const detail: unknown[][] = [];
    book.getWorksheet('Chi tiết')!.eachRow((row) => detail.push(Array.from((row.values as unknown[]).slice(1, 8), (v) => v ?? null)));
    const a = detail.filter((r) => r[0] === 'xa-a');
    // Heading, the top leaf "1" (2 of 2), area 2 (0 of 3) and its leaf 2.1, the total.
    expect(a.map((r) => r[1] ?? null)).toEqual([null, '1', '2', '2.1', null]);
    expect(a[1]).toEqual(['xa-a', '1', 'Quy chế làm việc', 2, null, 2, 0]);
    expect(a[4]!.slice(3)).toEqual([5, null, 2, 3]);
  });

  it('is explained under its own heading, and the total line adds it', async () => {
    const r = await run(['explain', criteria, evidence, '--units', units, '--unit', 'xa-a']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\n1 Quy chế làm việc: 2,00/2,00\n  1 Quy chế làm việc: 2/2 — có');
    expect(r.stdout).toContain('Tổng: 2,00 + 0,00 = 2,00/5,00');
    const one = await run(['explain', criteria, evidence, '--units', units, '--unit', 'xa-a', '--item', '1']);
    expect(one.stdout).toContain('1 Quy chế làm việc: 2/2 — có');
  });
});

describe('the table of one unit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parscore-one-unit-'));
  const criteria = join(dir, 'tieu-chi.yaml');
  writeFileSync(
    criteria,
    `format: parscore/criteria@1
id: mot
title: Một
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
  - { id: "1", title: Kế hoạch, max: 1, indicator: ke_hoach, responsible: VP, rule: { kind: boolean } }
  - { id: "2", title: Báo cáo, max: 1, indicator: bao_cao, responsible: VP, rule: { kind: boolean } }
`,
  );
  const evidence = join(dir, 'minh-chung.csv');
  writeFileSync(evidence, 'unit,indicator,value\nxa-a,ke_hoach,có\n');
  const units = join(dir, 'don-vi.csv');
  // A name typed with a line break in its cell (Alt+Enter in Excel), quoted in the CSV.
  writeFileSync(units, 'unit,name,group\r\nxa-a,"Xã\r\nAn Bình",xa\r\n');

  it('keeps a name with a line break on its row, and counts in the singular', async () => {
    const r = await run(['score', criteria, evidence, '--units', units, '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Xã (xa) — 1 unit, 1 ranked');
    // 1 of 2 → 50,00; the two top leaves are its areas: 1 and 0.
    expect(r.stdout).toMatch(/^ +1 +xa-a +Xã An Bình +1.00 +2.00 +50.00 +1.00 +0.00$/m);
    // Leaf 2 has no evidence: one warning.
    expect(r.stderr).toBe('⚠ 1 evidence warning (see them with parscore check)\n');
  });
});
