import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/*
 * The audit fixtures by hand (test/audit/fixtures; precision 2, max 10 per unit in 2025):
 * 2025 (tieu-chi-2025.yaml, minh-chung-2025.csv):
 *   xa-a:  1.1 15/07 on time 2; 1.2 0 late reports 1; 1.3 có 1 → area 1 = 4;
 *          2.1 90% × 2 = 1,8; 2.2 60% ≥ 50 → 1; hai_long 95% × 1 = 0,95; 2.4 80% × 1 = 0,8 → area 2 = 4,55;
 *          8,55 → 85,50, Tốt.
 *   xa-bc: 1.1 05/08 late 1; 1.2 1 report × 0,5 → 0,5; 1.3 1 → 2,5; 2.1 1,9; 2.2 70% → 1; 0,85; 0,6 → 4,35;
 *          bonus 0,5 → 7,35 → 73,50, Khá.
 *   xa-d:  2 + 1 + 1 = 4; 2 + 2 + 0,75 + 0,5 = 5,25 → 9,25 → 92,50, Xuất sắc.
 *   phuong-1: 2 + 0,5 + 1 = 3,5; 2 + 2 + 0,9 + 1 = 5,9 → 9,40 → 94,00, Xuất sắc.
 *   Ranks in xa: xa-d 1, xa-a 2, xa-bc 3.
 */
const F = 'test/audit/fixtures';
const y2025 = [`${F}/tieu-chi-2025.yaml`, `${F}/minh-chung-2025.csv`, '--units', `${F}/don-vi-2025.csv`];
const layers = ['--self', `${F}/tu-cham-2025.csv`, '--adjust', `${F}/dieu-chinh-2025.csv`];

describe('parscore score --view reconcile', () => {
  /*
   * xa-bc claimed 1.1 2, 1.2 1, 1.3 1, 2.4 1 and a bonus of 1: 6. Appraised: 1.1 late → 1 (−1);
   * 1.2 → 0,5 (−0,5); 1.3 computed 1, overridden to 0,5 (−0,5); bonus 0,5 (−0,5); 2.4 60% → 0,6
   * (−0,4). 1 + 0,5 + 0,5 + 0,5 + 0,6 = 3,1; 3,1 − 6 = −2,9 on 5 items.
   * xa-a claimed 1.1 2 and 1.2 1, exactly what it got.
   */
  it('lists the items appraisal changed, largest loss first, with the totals', async () => {
    const r = await run(['score', ...y2025, ...layers, '--view', 'reconcile']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      [
        'Xã Bình Châu (xa-bc): tự chấm 6,00 → thẩm định 3,10 (−2,90 trên 5 tiêu chí)',
        '  1.1 Kế hoạch CCHC: 2 → 1 (−1) — thực hiện ngày 05/08/2025, chậm 5 ngày so với hạn 31/07/2025',
        '  1.2 Báo cáo định kỳ: 1 → 0,5 (−0,5) — 1 lần × 0,5 điểm',
        '  1.3 Công khai TTHC: 1 → 0,5 (−0,5) — thẩm định điều chỉnh từ 1: Chưa công khai đủ 12 thủ tục, Tổ thẩm định',
        '  thuong Điểm thưởng: +1 → +0,5 (−0,5) — điểm được cung cấp: 0,5',
        '  2.4 Số hóa hồ sơ: 1 → 0,6 (−0,4) — tỷ lệ 60%',
      ].join('\n'),
    );
    expect(r.stdout).toContain('Xã An (xa-a): tự chấm 3,00 → thẩm định 3,00 (khớp)');
    expect(r.stdout).toContain('2 đơn vị không có tự chấm: xa-d, phuong-1');
    const en = await run(['score', ...y2025, ...layers, '--view', 'reconcile', '--lang', 'en', '--format', 'md']);
    expect(en.stdout).toContain('self-assessed 6.00 → appraised 3.10 (−2.90 on 5 criteria).');
    expect(en.stdout).toContain('| 1.3 Công khai TTHC | 1 | 0.5 | −0.5 | changed on appraisal from 1: Chưa công khai đủ 12 thủ tục, Tổ thẩm định |');
  });

  it('needs the self-assessment', async () => {
    const r = await run(['score', ...y2025, '--view', 'reconcile', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('--view reconcile needs the self-assessment: add --self FILE\n');
  });

  it('shows an override with the computed points wherever the leaf appears', async () => {
    const explain = await run(['explain', ...y2025, ...layers, '--unit', 'xa-bc']);
    expect(explain.stdout).toContain('Tự chấm 6,00 → thẩm định 3,10 (−2,90 trên 5 tiêu chí)');
    expect(explain.stdout).toContain('  1.3 Công khai TTHC: 0,5/1 (tự chấm 1; thẩm định điều chỉnh từ 1: Chưa công khai đủ 12 thủ tục, Tổ thẩm định) — có (−0,5)');
    const one = await run(['explain', ...y2025, ...layers, '--unit', 'xa-bc', '--item', '1.3', '--lang', 'en']);
    expect(one.stdout).toContain(`  Appraisal: 0.5 (computed 1) — Chưa công khai đủ 12 thủ tục; by: Tổ thẩm định [${F}/dieu-chinh-2025.csv, row 2]`);
    const csv = await run(['score', ...y2025, ...layers, '--format', 'csv', '--detail', '--lang', 'en']);
    // Computed 1 beside the final 0,5, the rule's reason, then the override's reason and who made it.
    expect(csv.stdout).toContain('xa,xa-bc,Xã Bình Châu,1.3,Công khai TTHC,1.00,1.00,1.00,0.50,0.50,partly met,yes,Chưa công khai đủ 12 thủ tục,Tổ thẩm định,');
    const md = await run(['score', ...y2025, ...layers, '--format', 'md']);
    expect(md.stdout).toContain('- 1.3 Công khai TTHC: 0,5/1 (tự chấm 1; thẩm định điều chỉnh từ 1: Chưa công khai đủ 12 thủ tục, Tổ thẩm định) — có (−0,5)');
    const table = await run(['score', ...y2025, ...layers]);
    expect(table.stdout).toContain('Thẩm định điều chỉnh 1 mục của 1 đơn vị: xa-bc');
    const json = JSON.parse((await run(['score', ...y2025, ...layers, '--format', 'json'])).stdout);
    const bc = json.units.find((u: { unit: string }) => u.unit === 'xa-bc');
    // 7,35 − 0,5 (the override on 1.3) = 6,85 → 68,50.
    expect(bc).toMatchObject({ points: 6.85, index: 68.5, band: 'Trung bình', self: 6 });
    expect(bc.items.find((i: { id: string }) => i.id === '1.3')).toMatchObject({
      parent: '1',
      points: 1,
      final: 0.5,
      self: 1,
      override: { points: 0.5, reason: 'Chưa công khai đủ 12 thủ tục', by: 'Tổ thẩm định', evidence: [{ file: `${F}/dieu-chinh-2025.csv`, row: 2, column: 'C' }] },
    });
    expect(bc.adjustments[0]).toMatchObject({ id: 'thuong', points: 0.5, final: 0.5, self: 1, selfNote: 'Sáng kiến một cửa' });
  });
});

describe('parscore recheck', () => {
  const recheck = ['recheck', ...y2025];

  /*
   * cong-bo-2025.csv as a province might publish it: row 4 (xa-bc) says 7,85 points and 78,50, but
   * its own parts 2,50 + 4,35 + 0,50 make 7,35 (the recomputed total: 73,50); row 6 (phuong-1) says
   * "Tốt" where 94,00 is "Xuất sắc"; row 5 (xa-cu) is a unit that is not scored any more.
   */
  it('lists every difference beyond the tolerance, the rows that do not add up and the units on one side', async () => {
    const r = await run([...recheck, '--against', `${F}/cong-bo-2025.csv`]);
    expect(r.code).toBe(1);
    const table = `${F}/cong-bo-2025.csv`;
    expect(r.stdout).toBe(
      [
        // Each figure at the decimals it is printed with (here all 2: ± 0,005), no longer one tolerance of 0,005.
        `Chạy lại và đối chiếu với ${table}: 4 đơn vị; so điểm, chỉ số, hạng, xếp loại, 3 mục theo mã tiêu chí; sai số cho phép: làm tròn của từng số liệu công bố`,
        '',
        '✖ 3 chênh lệch vượt sai số:',
        `  xa-bc Xã Bình Châu — điểm: công bố 7,85, tính lại 7,35 (chênh +0,50) [${table}, dòng 4, cột G]`,
        `  xa-bc Xã Bình Châu — chỉ số: công bố 78,50, tính lại 73,50 (chênh +5,00) [${table}, dòng 4, cột H]`,
        `  phuong-1 Phường Một — xếp loại: công bố "Tốt", tính lại "Xuất sắc" [${table}, dòng 6, cột J]`,
        '',
        `✖ 1 chỗ ${table} không tự khớp:`,
        `  ${table}, dòng 4 (xa-bc): tổng điểm ghi 7,85 nhưng 1 + 2 + thuong = 2,50 + 4,35 + 0,50 = 7,35 (chênh +0,50)`,
        '',
        `✖ Có trong ${table} nhưng không có khi tính lại: xa-cu (dòng 5)`,
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await run([...recheck, '--against', table, '--format', 'json', '--lang', 'en'])).stdout);
    // No tolerance was given: null, each figure judged at its printed precision (its interval below).
    expect(json).toMatchObject({ format: 'parscore/recheck@1', ok: false, compared: 4, tolerance: null });
    expect(json.manifest.criteria.id).toBe('thu-kiem-tra-2025');
    // 7,85 printed with 2 decimals stands for 7,845–7,855; 7,35 does not round to 7,85.
    expect(json.differences[0]).toMatchObject({ unit: 'xa-bc', field: 'points', published: 7.85, recomputed: 7.35, difference: 0.5, at: { file: table, row: 4, column: 'G' }, verdict: 'differs', places: 2, interval: [7.845, 7.855] });
    expect(json.inconsistencies).toEqual([
      {
        unit: 'xa-bc',
        of: 'total',
        stated: 7.85,
        computed: 7.35,
        difference: 0.5,
        terms: [
          { id: '1', value: 2.5, sign: 1 },
          { id: '2', value: 4.35, sign: 1 },
          { id: 'thuong', value: 0.5, sign: 1 },
        ],
        at: { file: table, row: 4, column: 'G' },
        text: `${table}, row 4 (xa-bc): the points says 7.85 but 1 + 2 + thuong = 2.50 + 4.35 + 0.50 = 7.35 (off by +0.50)`,
      },
    ]);
    expect(json.onlyPublished).toEqual([{ unit: 'xa-cu', at: { file: table, row: 5 } }]);
  });

  it('takes a tolerance: a difference of exactly the tolerance is within it', async () => {
    const r = await run([...recheck, '--against', `${F}/cong-bo-2025.csv`, '--tolerance', '0,5', '--lang', 'en']);
    expect(r.code).toBe(1);
    // |7,85 − 7,35| = 0,5 is not beyond 0,5 (neither is the row's own sum); 78,50 − 73,50 = 5 is.
    expect(r.stdout).not.toContain('— points:');
    expect(r.stdout).not.toContain('does not add up');
    expect(r.stdout).toContain('xa-bc Xã Bình Châu — index: published 78.50, recomputed 73.50 (off by +5.00)');
    const wrong = await run([...recheck, '--against', `${F}/cong-bo-2025.csv`, '--tolerance', '-1']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe('--tolerance: "-1" không phải một số không âm; ví dụ 0,005\n');
  });

  it('says which units were recomputed but not published, and compares what is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-recheck-'));
    const lines = readFileSync(`${F}/cong-bo-2025.csv`, 'utf8').split('\r\n');
    // Keep the header and xa-d, xa-a (rows 1–3): xa-bc and phuong-1 are then missing; both rows are right.
    writeFileSync(join(dir, 'cong-bo.csv'), lines.slice(0, 3).join('\r\n') + '\r\n');
    const r = await run([...recheck, '--against', join(dir, 'cong-bo.csv'), '--lang', 'en']);
    // A table may give only some units (the top ten): a unit it leaves out is said, not a difference.
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`ℹ Recomputed but not in ${join(dir, 'cong-bo.csv')} (not compared): xa-bc, phuong-1\n`);
    // xa-d 1 and xa-a 2 are 2 of the 3 ranked communes: ranks by their order, which holds (92,50 > 85,50).
    expect(r.stdout).toContain('The table gives 2 of the 3 ranked units of Xã (xa): ranks compared by the order of those units\n');
    expect(r.stdout).not.toContain('differences');
  });

  it('matches its own report, and warns when the inputs differ from those the report was made from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-recheck-'));
    for (const name of ['tieu-chi-2025.yaml', 'minh-chung-2025.csv', 'don-vi-2025.csv']) copyFileSync(join(F, name), join(dir, name));
    const inputs = ['tieu-chi-2025.yaml', 'minh-chung-2025.csv', '--units', 'don-vi-2025.csv'];
    const made = await run(['score', ...inputs, '--format', 'json', '-o', 'ket-qua.json'], { cwd: dir });
    expect(made.code).toBe(0);
    const same = await run(['recheck', ...inputs, '--against', 'ket-qua.json', '--lang', 'en'], { cwd: dir });
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('Recomputed and compared with ket-qua.json: 4 units; points, max, index, rank, band, 10 items by criterion id compared');
    expect(same.stdout).toContain('✔ Matches');

    // xa-a's online rate was 60% (2.2 → 1); now 85% (→ 2): 8,55 + 1 = 9,55 → 95,50, Xuất sắc, ahead of xa-d (92,50).
    const evidence = join(dir, 'minh-chung-2025.csv');
    const before = sha(evidence);
    writeFileSync(evidence, readFileSync(evidence, 'utf8').replace('xa-a;15/07/2025;0;có;90%;60%', 'xa-a;15/07/2025;0;có;90%;85%'));
    const r = await run(['recheck', ...inputs, '--against', 'ket-qua.json', '--lang', 'en'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `⚠ The report was computed from other inputs than this run:\n  evidence file minh-chung-2025.csv differs from the one the report used (SHA-256 ${before.slice(0, 12)}… in the report, ${sha(evidence).slice(0, 12)}… now)\n`,
    );
    expect(r.stdout).toContain('✖ 7 differences beyond the tolerance:');
    for (const line of [
      'xa-a Xã An — points: published 8.55, recomputed 9.55 (off by −1.00)',
      'xa-a Xã An — index: published 85.50, recomputed 95.50 (off by −10.00)',
      'xa-a Xã An — rank: published 2, recomputed 1',
      'xa-a Xã An — band: published "Tốt", recomputed "Xuất sắc"',
      'xa-a Xã An — 2 Thủ tục hành chính: published 4.55, recomputed 5.55 (off by −1.00)',
      'xa-a Xã An — 2.2 Tiếp nhận trực tuyến: published 1.00, recomputed 2.00 (off by −1.00)',
      'xa-d Xã Đông — rank: published 1, recomputed 2',
    ]) {
      expect(r.stdout).toContain(`  ${line}\n`);
    }
  });

  it('rechecks its own CSV in either language, and a workbook with a title row and a percent-formatted index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-recheck-'));
    for (const lang of ['vi', 'en']) {
      // English CSV (82.25) beside Vietnamese criteria: the table's notation is its own.
      const out = join(dir, `ket-qua-${lang}.csv`);
      expect((await run(['score', ...y2025, ...layers, '--format', 'csv', '--lang', lang, '-o', out])).code).toBe(0);
      const r = await run([...recheck, ...layers, '--against', out, '--lang', 'en']);
      expect(r.stdout).toContain(`Recomputed and compared with ${out}: 4 units; points, max, index, rank, band, 3 items by criterion id compared`);
      expect(r.code).toBe(0);
    }
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Kết quả');
    sheet.addRow(['BẢNG XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025']);
    sheet.addRow(['Mã đơn vị', 'Tên đơn vị', 'Điểm', 'Chỉ số', 'Xếp hạng']);
    // 85,49% is 0,01 below xa-a's 85,50: beyond the tolerance of 0,005.
    for (const [unit, name, points, index, rank] of [
      ['xa-d', 'Xã Đông', 9.25, 0.925, 1],
      ['xa-a', 'Xã An', 8.55, 0.8549, 2],
      ['xa-bc', 'Xã Bình Châu', 7.35, 0.735, 3],
      ['phuong-1', 'Phường Một', 9.4, 0.94, 1],
    ] as const) {
      sheet.addRow([unit, name, points, index, rank]).getCell(4).numFmt = '0.00%';
    }
    const xlsx = join(dir, 'cong-bo.xlsx');
    await book.xlsx.writeFile(xlsx);
    const r = await run([...recheck, '--against', xlsx, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`✖ 1 difference beyond the tolerance:\n  xa-a Xã An — index: published 85.49, recomputed 85.50 (off by −0.01) [${xlsx}, sheet Kết quả, row 4, column D]\n`);
  });

  it('refuses a published table with values that are not numbers or ranks, naming the cells', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-recheck-'));
    writeFileSync(join(dir, 'cong-bo.csv'), 'Mã đơn vị;Điểm;Chỉ số;Xếp hạng\nxa-a;8,55;cao;2\nxa-d;9,25;92,50;nhất\nxa-a;8,55;85,50;2\n');
    const r = await run([...recheck, '--against', join(dir, 'cong-bo.csv'), '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('row 2, column C  error  published-value  "cao" is not a number; write a number such as 82.25 or leave the cell empty.');
    expect(r.stderr).toContain('row 3, column D  error  published-value  "nhất" is not a rank; write a whole number such as 3 (or 3= for a tie).');
    expect(r.stderr).toContain('row 4, column A  error  duplicate-unit');
    const none = join(dir, 'khong-co-cot.csv');
    writeFileSync(none, 'Mã đơn vị;Ghi chú\nxa-a;x\n');
    const noFigures = await run([...recheck, '--against', none, '--lang', 'en']);
    expect(noFigures.code).toBe(1);
    expect(noFigures.stderr).toContain('missing-column  Column "points" is missing. A published results table needs a unit column');
  });

  it('refuses a report JSON that is broken or not a report, with the line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-recheck-'));
    const report = JSON.parse((await run(['score', ...y2025, '--format', 'json'])).stdout);
    report.units[1].index = 'cao';
    writeFileSync(join(dir, 'sai.json'), JSON.stringify(report, null, 2));
    const wrong = await run([...recheck, '--against', join(dir, 'sai.json'), '--lang', 'en']);
    expect(wrong.code).toBe(1);
    const line = JSON.stringify(report, null, 2).split('\n').findIndex((l) => l.includes('"cao"')) + 1;
    expect(wrong.stderr).toContain(`${line}:`);
    expect(wrong.stderr).toContain('units[1].index: Expected a number');
    expect(wrong.stderr).toContain('is not a readable parscore/report@1 report');
    writeFileSync(join(dir, 'hong.json'), '{\n  "format": "parscore/report@1",\n  "units": [\n}\n');
    const broken = await run([...recheck, '--against', join(dir, 'hong.json'), '--lang', 'en']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/hong\.json\n +4:\d+ +error +json-syntax +The file is not valid JSON/);
  });
});

describe('parscore diff-criteria', () => {
  /*
   * 2024 → 2025 by hand: 2.4 is new; 1.4 is gone; "Công khai TTHC" was 2.3 under 2 and is 1.3 under 1
   * (same title, new id); hai_long kept its id but moved from 1 to 2; 1.2's max went from 2 to 1
   * (its rule, 0,5 per report, is the same); 1.1's deadline moved a year. 2.1, 2.2 and the bonus
   * are unchanged: 3.
   */
  it('lists leaves added, removed, moved, and with a changed max or rule', async () => {
    const r = await run(['diff-criteria', `${F}/tieu-chi-2024.yaml`, `${F}/tieu-chi-2025.yaml`, '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        `Criteria thu-kiem-tra-2024 (${F}/tieu-chi-2024.yaml) → thu-kiem-tra-2025 (${F}/tieu-chi-2025.yaml)`,
        '',
        'Added (1):',
        '  + 2.4 Số hóa hồ sơ — max 1, under 2, proportional {of: percent, target: 100, empty: zero}',
        '',
        'Removed (1):',
        '  − 1.4 Tiếp công dân — max 1, under 1, boolean {yes: 1, no: 0}',
        '',
        'Moved (2):',
        '  ~ 1.3 Công khai TTHC: same title, id 2.3 became 1.3; from 2 to 1',
        '  ~ hai_long Mức độ hài lòng: from 1 to 2',
        '',
        'Max changed (1):',
        '  1.2 Báo cáo định kỳ: 2 → 1',
        '',
        'Rule changed (1):',
        '  1.1 Kế hoạch CCHC: due 2024-07-31 → 2025-07-31',
        '',
        'Unchanged: 3 items.',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await run(['diff-criteria', `${F}/tieu-chi-2024.yaml`, `${F}/tieu-chi-2025.yaml`, '--format', 'json'])).stdout);
    expect(json).toMatchObject({ format: 'parscore/criteria-diff@1', old: { id: 'thu-kiem-tra-2024' }, new: { id: 'thu-kiem-tra-2025' }, unchanged: 3, rulesCompared: true });
    expect(json.added.map((e: { id: string }) => e.id)).toEqual(['2.4']);
    expect(json.removed.map((e: { id: string }) => e.id)).toEqual(['1.4']);
    expect(json.changed.map((c: { id: string; changes: string[] }) => [c.id, c.changes])).toEqual([
      ['1.1', ['rule']],
      ['1.2', ['max']],
      ['1.3', ['renumbered']],
      ['hai_long', ['moved']],
    ]);
    expect(json.changed[0]).toMatchObject({ ruleKeys: ['due'], old: { rule: { kind: 'deadline', due: '2024-07-31', on_time: '2', late: '1', missing: '0' } } });
    expect(json.changed[2]).toMatchObject({ was: '2.3', old: { parent: '2' }, new: { parent: '1' } });
  });

  it('finds nothing between a set and itself, and stops on a broken file', async () => {
    const same = await run(['diff-criteria', 'criteria/par-xa-2025.yaml', 'criteria/par-xa-2025.yaml']);
    expect(same.stdout).toContain('Hai bộ tiêu chí có cùng các tiêu chí thành phần, điểm tối đa và quy tắc.');
    const broken = await run(['diff-criteria', `${F}/tieu-chi-2024.yaml`, 'test/criteria/invalid/max-mismatch.yaml']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('max-mismatch');
  });
});

describe('parscore compare', () => {
  /** Scores both years into a fresh folder (the criteria files beside the reports) and returns it. */
  async function twoYears(): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-compare-'));
    for (const name of readdirSync(F)) copyFileSync(join(F, name), join(dir, name));
    for (const year of ['2024', '2025']) {
      const made = await run(['score', `tieu-chi-${year}.yaml`, `minh-chung-${year}.csv`, '--units', `don-vi-${year}.csv`, '--format', 'json', '-o', `${year}.json`], { cwd: dir });
      expect(made.code).toBe(0);
    }
    return dir;
  }

  /*
   * 2024 by hand (max 11): xa-a 2 + 2 + 1 + 0,9 + 1,9 + 2 + 1 = 10,8 → 98,18, rank 1, Xuất sắc;
   * xa-e 0 + 2 + 1 + 0,5 + 1 + 2 + 1 = 7,5 → 68,18, rank 2; xa-b 1 + 1,5 + 1 + 0,8 + 1,8 + 1 + 0 = 7,1 → 64,55,
   * rank 3; xa-c 2 + 1 + 0 + 0,7 + 2 + 0 + 1 = 6,7 → 60,91, rank 4 (all three Trung bình); phuong-1 11 → 100,00.
   * 2025 (see the top of this file): xa-d 92,50 (1), xa-a 85,50 (2), xa-bc 73,50 (3); phuong-1 94,00.
   * xa-bc replaces xa-b and xa-c (don-vi-2025.csv, Mã cũ): (64,55 + 60,91) / 2 = 62,73 → 73,50: +10,77.
   * xa-a: 85,50 − 98,18 = −12,68, rank 1 → 2 (down 1), Xuất sắc → Tốt. xa-d is new; xa-e is gone.
   * Group xa: 2 units compared; means (98,18 + 62,73) / 2 = 80,455 → 80,46 and (85,50 + 73,50) / 2 = 79,50;
   * change (−12,68 + 10,77) / 2 = −0,955 → −0,96 (half away from zero); 1 up, 1 down.
   */
  it('follows a merged unit across years through the units file, and sums up each group', async () => {
    const dir = await twoYears();
    const args = ['compare', '2024.json', '2025.json', '--units', 'don-vi-2025.csv', '--allow-different-criteria'];
    const r = await run(args, { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      [
        'Xã (xa): 2 đơn vị so sánh được · chỉ số bình quân 80,46 → 79,50 (−0,96 điểm) · tăng 1, giảm 1, không đổi 0 · lên hạng 0, xuống hạng 1',
        '  xa-d Xã Đông: 92,50, hạng 1, Xuất sắc — mới, không có kết quả kỳ trước',
        '  xa-a Xã An: 98,18 → 85,50 (−12,68 điểm); hạng 1 → 2 (giảm 1 bậc); Xuất sắc → Tốt',
        '  xa-bc Xã Bình Châu: 62,73 → 73,50 (+10,77 điểm) — ghép từ xa-b (64,55, hạng 3, Trung bình), xa-c (60,91, hạng 4, Trung bình): bình quân chỉ số các đơn vị cũ',
        '',
        'Phường (phuong): 1 đơn vị so sánh được · chỉ số bình quân 100,00 → 94,00 (−6,00 điểm) · tăng 0, giảm 1, không đổi 0 · lên hạng 0, xuống hạng 0',
        '  phuong-1 Phường Một: 100,00 → 94,00 (−6,00 điểm); hạng 1 → 1 (giữ nguyên)',
        '',
        'Không còn trong kỳ này: xa-e Xã Én (xa, 68,18, hạng 2, Trung bình)',
      ].join('\n'),
    );
    // The criteria differ: the leaves that changed come first, read from the criteria files the manifests name.
    expect(r.stdout).toContain('    ~ 1.3 Công khai TTHC: cùng tên, mã 2.3 đổi thành 1.3; từ 2 sang 1\n');
    expect(r.stdout).toContain('    1.1 Kế hoạch CCHC: due 2024-07-31 → 2025-07-31\n');

    const json = JSON.parse((await run([...args, '--format', 'json'], { cwd: dir })).stdout);
    expect(json.format).toBe('parscore/compare@1');
    expect(json.groups[0]).toEqual({ id: 'xa', title: 'Xã', compared: 2, meanLast: 80.46, meanThis: 79.5, meanChange: -0.96, up: 1, down: 1, same: 0, rankUp: 0, rankDown: 1 });
    expect(json.units.find((u: { unit: string }) => u.unit === 'xa-bc')).toEqual({
      unit: 'xa-bc',
      name: 'Xã Bình Châu',
      group: 'xa',
      index: 73.5,
      rank: 3,
      band: 'Khá',
      last: { index: 62.73 },
      indexChange: 10.77,
      rankChange: null,
      bandChange: null,
      predecessors: [
        { unit: 'xa-b', name: 'Xã Bình', group: 'xa', index: 64.55, rank: 3, band: 'Trung bình' },
        { unit: 'xa-c', name: 'Xã Châu', group: 'xa', index: 60.91, rank: 4, band: 'Trung bình' },
      ],
      missingPredecessors: [],
    });
    expect(json.gone.map((u: { unit: string }) => u.unit)).toEqual(['xa-e']);
    expect(json.criteriaChanged.changed.map((c: { id: string }) => c.id)).toEqual(['1.1', '1.2', '1.3', 'hai_long']);

    // Without the units file, xa-bc has no past and xa-b, xa-c are simply gone (in last year's ranking order).
    const plain = await run(['compare', '2024.json', '2025.json', '--allow-different-criteria', '--lang', 'en'], { cwd: dir });
    expect(plain.stdout).toContain('  xa-bc Xã Bình Châu: 73.50, rank 3, Khá — new, no result last time\n');
    expect(plain.stdout).toContain('No longer there: xa-e Xã Én (xa, 68.18, rank 2, Trung bình); xa-b Xã Bình (xa, 64.55, rank 3, Trung bình); xa-c Xã Châu (xa, 60.91, rank 4, Trung bình)\n');
  });

  it('refuses reports of different criteria unless allowed, and then reads the change from the reports when the files are gone', async () => {
    const dir = await twoYears();
    const refused = await run(['compare', '2024.json', '2025.json', '--lang', 'en'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(
      `2024.json and 2025.json were scored with different criteria (thu-kiem-tra-2024, SHA-256 ${sha(join(dir, 'tieu-chi-2024.yaml')).slice(0, 12)}…; thu-kiem-tra-2025, SHA-256 ${sha(join(dir, 'tieu-chi-2025.yaml')).slice(0, 12)}…)`,
    );
    // Elsewhere, with only the two reports: ids, titles, places and maxima still say what changed; rules cannot.
    const elsewhere = mkdtempSync(join(tmpdir(), 'parscore-compare-'));
    for (const name of ['2024.json', '2025.json']) copyFileSync(join(dir, name), join(elsewhere, name));
    const r = await run(['compare', '2024.json', '2025.json', '--allow-different-criteria', '--lang', 'en'], { cwd: elsewhere });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  Moved (2):\n    ~ 1.3 Công khai TTHC: same title, id 2.3 became 1.3; from 2 to 1\n    ~ hai_long Mức độ hài lòng: from 1 to 2\n');
    expect(r.stdout).toContain('  Max changed (1):\n    1.2 Báo cáo định kỳ: 2 → 1\n');
    expect(r.stdout).not.toContain('Rule changed');
    expect(r.stdout).toContain("Rules and groups were not compared: a report's criteria file is not here");
  });

  /*
   * Two quarters of the same criteria: xa-a's online rate rises from 60% to 85% (2.2: 1 → 2), so
   * 85,50 → 95,50 (+10,00) and it passes xa-d (92,50, unchanged): ranks 2 → 1 and 1 → 2.
   * Means over the 3 communes: (85,50 + 92,50 + 73,50) / 3 = 83,833… → 83,83; (95,50 + 92,50 + 73,50) / 3
   * = 87,166… → 87,17; change 10 / 3 = 3,333… → +3,33; 1 up, 2 unchanged; 1 up in rank, 1 down.
   */
  it('compares two runs of the same criteria without being asked to', async () => {
    const dir = await twoYears();
    const evidence = join(dir, 'minh-chung-2025.csv');
    writeFileSync(evidence, readFileSync(evidence, 'utf8').replace('xa-a;15/07/2025;0;có;90%;60%', 'xa-a;15/07/2025;0;có;90%;85%'));
    await run(['score', 'tieu-chi-2025.yaml', 'minh-chung-2025.csv', '--units', 'don-vi-2025.csv', '--format', 'json', '-o', 'quy-4.json'], { cwd: dir });
    const r = await run(['compare', '2025.json', 'quy-4.json', '--lang', 'en'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('Different criteria');
    expect(r.stdout).toContain('Xã (xa): 3 units compared · mean index 83.83 → 87.17 (+3.33 pp) · 1 up, 0 down, 2 unchanged · 1 up in rank, 1 down\n');
    expect(r.stdout).toContain('  xa-a Xã An: 85.50 → 95.50 (+10.00 pp); rank 2 → 1 (up 1); Tốt → Xuất sắc\n');
    expect(r.stdout).toContain('  xa-d Xã Đông: 92.50 → 92.50 (+0.00 pp); rank 1 → 2 (down 1)\n');
  });

  it('refuses a file that is not a report', async () => {
    const r = await run(['compare', `${F}/cong-bo-2025.csv`, `${F}/cong-bo-2025.csv`, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('json-syntax');
    expect(r.stderr).toContain('is not a readable parscore/report@1 report');
  });
});

describe('the manifest', () => {
  const files = {
    criteria: 'criteria/par-xa-2025.yaml',
    evidence: ['fixtures/par-xa-2025/minh-chung.csv', 'fixtures/par-xa-2025/dieu-tra-xhh.csv'],
    units: 'fixtures/par-xa-2025/don-vi.csv',
    self: 'fixtures/par-xa-2025/tu-cham.csv',
    overrides: 'fixtures/par-xa-2025/dieu-chinh.csv',
    records: 'fixtures/par-xa-2025/ho-so.csv',
  };

  it('records every input with its hash, and gives byte-identical JSON in another order on another checkout', async () => {
    const here = await run([
      'score',
      files.criteria,
      ...files.evidence,
      '--units',
      files.units,
      '--self',
      files.self,
      '--adjust',
      files.overrides,
      '--records',
      `ho_so=${files.records}`,
      '--format',
      'json',
    ]);
    expect(here.code).toBe(0);
    const manifest = JSON.parse(here.stdout).manifest;
    expect(manifest).toEqual({
      engine: `parscore ${JSON.parse(readFileSync('package.json', 'utf8')).version}`,
      criteria: { id: 'par-xa-2025', file: files.criteria, sha256: sha(files.criteria) },
      // Sorted by role, then path: not in the order given.
      inputs: [
        { role: 'evidence', file: files.evidence[1], sha256: sha(files.evidence[1]!) },
        { role: 'evidence', file: files.evidence[0], sha256: sha(files.evidence[0]!) },
        { role: 'overrides', file: files.overrides, sha256: sha(files.overrides) },
        { role: 'records:ho_so', file: files.records, sha256: sha(files.records) },
        { role: 'self', file: files.self, sha256: sha(files.self) },
        { role: 'units', file: files.units, sha256: sha(files.units) },
      ],
      locale: 'vi',
      precision: 2,
      options: { allowProblems: false },
    });

    // Another checkout: the same files under the same relative paths in another folder, the
    // evidence in the other order and the options shuffled.
    const elsewhere = mkdtempSync(join(tmpdir(), 'parscore-checkout-'));
    for (const f of [files.criteria, ...files.evidence, files.units, files.self, files.overrides, files.records]) {
      mkdirSync(dirname(join(elsewhere, f)), { recursive: true });
      copyFileSync(f, join(elsewhere, f));
    }
    const there = await run(
      ['score', '--records', `ho_so=${files.records}`, '--adjust', files.overrides, '--format', 'json', files.criteria, files.evidence[1]!, files.evidence[0]!, '--self', files.self, '--units', files.units],
      { cwd: elsewhere },
    );
    expect(there.code).toBe(0);
    expect(there.stdout).toBe(here.stdout);
    expect(there.stdout).not.toContain(elsewhere);
  });
});
