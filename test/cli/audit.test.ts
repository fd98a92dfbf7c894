import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
        `Chạy lại và đối chiếu với ${table}: 4 đơn vị; so điểm, chỉ số, hạng, xếp loại, 3 mục theo mã tiêu chí; sai số cho phép 0,005`,
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
    expect(json).toMatchObject({ format: 'parscore/recheck@1', ok: false, compared: 4, tolerance: { points: 0.005, index: 0.005 } });
    expect(json.manifest.criteria.id).toBe('thu-kiem-tra-2025');
    expect(json.differences[0]).toMatchObject({ unit: 'xa-bc', field: 'points', published: 7.85, recomputed: 7.35, difference: 0.5, at: { file: table, row: 4, column: 'G' } });
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
  });

  it('says which units were recomputed but not published', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-recheck-'));
    const lines = readFileSync(`${F}/cong-bo-2025.csv`, 'utf8').split('\r\n');
    // Keep the header and xa-d, xa-a (rows 1–3): xa-bc and phuong-1 are then missing; both rows are right.
    writeFileSync(join(dir, 'cong-bo.csv'), lines.slice(0, 3).join('\r\n') + '\r\n');
    const r = await run([...recheck, '--against', join(dir, 'cong-bo.csv'), '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`✖ Recomputed but not in ${join(dir, 'cong-bo.csv')}: xa-bc, phuong-1\n`);
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
