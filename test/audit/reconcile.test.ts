import { describe, expect, it } from 'vitest';
import { reconcile } from '../../src/audit/reconcile.js';
import { itemSentence, adjustmentSentence } from '../../src/explain/items.js';
import { reconcileSummary, reconcileToCsv, reconcileToJson, reconcileToText } from '../../src/report/reconcile.js';
import { criteriaOf, score, unit, unitsOf } from '../helpers/scoring.js';

const criteria = criteriaOf(`format: parscore/criteria@1
id: thu-doi-chieu
title: Thử đối chiếu
year: 2025
groups: [{ id: xa, title: Xã }, { id: phuong, title: Phường }]
criteria:
  - id: "1"
    title: Chỉ đạo
    children:
      - { id: "1.1", title: Kế hoạch, max: 1, indicator: ke_hoach, rule: { kind: deadline, due: 2025-07-31, late: 0.5 } }
      - { id: "1.2", title: Báo cáo, max: 2, indicator: bao_cao, rule: { kind: deduction, per: 0.5 } }
      - { id: "1.3", title: Công khai, max: 1, indicator: cong_khai, rule: { kind: boolean } }
      - { id: "1.4", title: Đô thị, max: 1, indicator: do_thi, applies_to: [phuong], rule: { kind: boolean } }
  - id: "2"
    title: Khảo sát
    children:
      - { id: "2.1", title: Hài lòng, max: 3, indicator: hai_long, rule: { kind: proportional } }
adjustments:
  - { id: thuong, title: Thưởng, kind: bonus, cap: 2, rule: { kind: given } }
  - { id: phat, title: Phạt, kind: penalty, cap: 1, rule: { kind: deduction, per: 0.5 } }
`);
const units = unitsOf({ 'xa-a': 'xa', 'xa-b': 'xa', 'phuong-a': 'phuong' });
const evidence = {
  'xa-a': { ke_hoach: '05/08/2025', bao_cao: '1', cong_khai: 'có', hai_long: '80%', thuong: '1,5', phat: '1' },
  'xa-b': { ke_hoach: '20/07/2025', bao_cao: '0', cong_khai: 'có', hai_long: '90%' },
  'phuong-a': { ke_hoach: '20/07/2025', bao_cao: '0', cong_khai: 'có', do_thi: 'có', hai_long: '100%' },
};
const layers = {
  self: {
    'xa-a': { '1.1': '1', '1.2': '2', '1.3': '1', '1.4': '1', thuong: '2', phat: '0' },
    'xa-b': { '1.1': '0.5', '1.3': '1' },
  },
  overrides: {
    'xa-a': { '1.3': ['0.5', 'Công khai chưa đầy đủ'] as [string, string], thuong: ['1', 'Chỉ tính phần mở rộng'] as [string, string] },
  },
};

/*
 * xa-a by hand. Computed: 1.1 late → 0,5; 1.2 2 − 1 × 0,5 = 1,5; 1.3 có → 1, overridden to 0,5;
 * 1.4 is for wards only (not counted); 2.1 80% × 3 = 2,4 (not claimed: a survey leaf); bonus 1,5
 * overridden to 1; penalty 1 × 0,5 = 0,5.
 * Claims: 1.1 1, 1.2 2, 1.3 1, 1.4 1, bonus 2, penalty 0 → 1 + 2 + 1 + 1 + 2 − 0 = 7.
 * Appraised, same items: 0,5 + 1,5 + 0,5 + 0 + 1 − 0,5 = 3. Change 3 − 7 = −4 on 6 items:
 * 1.4 −1 and bonus −1 (2 → 1), then 1.1, 1.2, 1.3 and the penalty at −0,5 each, in tree order.
 */
describe('self-assessment against appraisal', () => {
  const report = score(criteria, units, evidence, layers);

  it('lists only the items where appraisal differs from the claim, largest loss first, with totals', () => {
    const r = reconcile(unit(report, 'xa-a'))!;
    expect(r.self.toString()).toBe('7');
    expect(r.final.toString()).toBe('3');
    expect(r.change.toString()).toBe('-4');
    expect(r.claimed).toBe(6);
    expect(r.lines.map((l) => [l.id, l.change.toString()])).toEqual([
      ['1.4', '-1'],
      ['thuong', '-1'],
      ['1.1', '-0.5'],
      ['1.2', '-0.5'],
      ['1.3', '-0.5'],
      ['phat', '-0.5'],
    ]);
    // The leaf that does not apply adds nothing; the override keeps the computed points beside it.
    expect(r.lines[0]).toMatchObject({ final: null, status: 'not_applicable' });
    expect(r.lines[4]!.computed.toString()).toBe('1');
    expect(r.lines[4]!.override?.reason).toBe('Công khai chưa đầy đủ');
    // The unit's self total is the same sum: 7.
    expect(unit(report, 'xa-a').selfPoints?.toString()).toBe('7');
  });

  it('says so when appraisal gains, and when a unit claimed nothing', () => {
    // xa-b claimed 0,5 for a plan issued on time (1) and 1 for 1.3 (1): 1,5 → 2, +0,5 on one item.
    const b = reconcile(unit(report, 'xa-b'))!;
    expect(reconcileSummary(b, 'vi', 2)).toBe('tự chấm 1,50 → thẩm định 2,00 (+0,50 trên 1 tiêu chí)');
    expect(reconcileSummary(b, 'en', 2)).toBe('self-assessed 1.50 → appraised 2.00 (+0.50 on 1 criterion)');
    expect(reconcile(unit(report, 'phuong-a'))).toBeUndefined();
  });

  it('shows self → final with the reason in every sentence of a leaf', () => {
    const a = unit(report, 'xa-a');
    const item = (id: string) => a.items.find((i) => i.id === id)!;
    expect(itemSentence(item('1.3'), 'vi')).toBe('1.3 Công khai: 0,5/1 (tự chấm 1; thẩm định điều chỉnh từ 1: Công khai chưa đầy đủ) — có (−0,5) [minh-chung.csv, dòng 4]');
    expect(itemSentence(item('1.1'), 'en')).toBe(
      '1.1 Kế hoạch: 0.5/1 (self-assessed 1) — done on 2025-08-05, 5 days after the deadline 2025-07-31 (−0.5) [minh-chung.csv, row 2]',
    );
    // A claim equal to the appraised points is not repeated.
    expect(itemSentence(unit(report, 'xa-b').items.find((i) => i.id === '1.3')!, 'vi')).not.toContain('tự chấm');
    const bonus = a.adjustments.find((x) => x.id === 'thuong')!;
    expect(adjustmentSentence(bonus, 'vi')).toContain('thuong Thưởng: +1 (tự chấm +2; thẩm định điều chỉnh từ 1,5: Chỉ tính phần mở rộng) —');
  });

  it('writes the view as text, JSON and CSV', () => {
    const text = reconcileToText(report, { lang: 'vi' });
    expect(text).toContain('XA-A (xa-a): tự chấm 7,00 → thẩm định 3,00 (−4,00 trên 6 tiêu chí)\n  1.4 Đô thị: 1 → không tính điểm (−1) — không tính điểm: không áp dụng cho nhóm Xã');
    expect(text).toContain('  thuong Thưởng: +2 → +1 (−1) — thẩm định điều chỉnh từ 1,5: Chỉ tính phần mở rộng\n');
    expect(text).toContain('  phat Phạt: 0 → −0,5 (−0,5) — 1 lần × 0,5 điểm\n');
    expect(text).toContain('1 đơn vị không có tự chấm: phuong-a');
    const json = JSON.parse(reconcileToJson(report, { lang: 'en' }));
    expect(json.format).toBe('parscore/reconcile@1');
    // Units in ranking order: xa-b 1 + 2 + 1 + 2,7 = 6,7 of 7 before xa-a 0,5 + 1,5 + 0,5 + 2,4 + 1 − 0,5 = 5,4 of 7.
    expect(json.units.map((u: { unit: string }) => u.unit)).toEqual(['xa-b', 'xa-a']);
    expect(json.units[1]).toMatchObject({ unit: 'xa-a', self: 7, final: 3, change: -4, claimed: 6, changed: 6 });
    expect(json.units[1].items[4]).toMatchObject({ id: '1.3', self: 1, computed: 1, final: 0.5, change: -0.5, override: { points: 0.5, reason: 'Công khai chưa đầy đủ' } });
    const csv = reconcileToCsv(report, { lang: 'en' }).split('\r\n');
    expect(csv[0]).toBe('Group,Unit,Name,Item,Title,Self-assessed,Computed,Final,Change,Reason,Overridden by');
    // The penalty counts negatively; its claim of 0 and appraisal of 0,5 are −0 and −0,5.
    expect(csv).toContain('xa,xa-a,XA-A,phat,Phạt,0.00,-0.50,-0.50,-0.50,1 × 0.5 points,');
    expect(csv).toContain('xa,xa-a,XA-A,,Total (6 items differ from the claim),7.00,,3.00,-4.00,,');
  });
});
