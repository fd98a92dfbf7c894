import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

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
