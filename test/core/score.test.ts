import { describe, expect, it } from 'vitest';
import { Exact } from '../../src/core/exact.js';
import type { LeafInput } from '../../src/core/inputs.js';
import { scoreIndex } from '../../src/core/score.js';
import { criteriaOf, score, shown, unit, unitsOf, x } from '../helpers/scoring.js';

const header = `format: parscore/criteria@1
id: thu
title: Thử
year: 2025
`;

describe('points, maxima and the index', () => {
  const criteria = criteriaOf(`${header}
groups:
  - { id: so, title: Sở, bands: [{ min: 90, label: Xuất sắc }, { min: 80, label: Tốt }, { min: 0, label: Khác }] }
criteria:
  - id: "1"
    title: Kết quả
    children:
      - { id: "1.1", title: Kế hoạch, max: 0.1, indicator: a, rule: { kind: boolean } }
      - { id: "1.2", title: Báo cáo, max: 0.2, indicator: b, rule: { kind: boolean } }
      - { id: "1.3", title: Sáng kiến, max: 15.68, indicator: c, optional: true, rule: { kind: given } }
  - id: "2"
    title: Khảo sát
    children:
      - { id: "2.1", title: Hài lòng, max: 83.7, indicator: d, rule: { kind: given } }
`);
  const units = unitsOf({ 'so-a': 'so', 'so-b': 'so' });

  it('adds leaves exactly: 0.1 + 0.2 is 0.3, and the total is the exact sum', () => {
    const r = score(criteria, units, { 'so-a': { a: 'có', b: 'có', c: '0', d: '0' } });
    const a = unit(r, 'so-a');
    expect(a.nodes.find((n) => n.id === '1')!.points.eq(x('0.3'))).toBe(true);
    expect(a.points.eq(x('0.3'))).toBe(true);
  });

  it('removes a leaf the unit declares not applicable from its max: 68,32 of 84 is 81,33', () => {
    // Max 0,1 + 0,2 + 83,7 = 84 once 1.3 (15,68) is left out; points 0,1 + 0,2 + 68,02 = 68,32.
    const r = score(criteria, units, { 'so-a': { a: 'có', b: 'có', c: 'Không áp dụng', d: '68,02' } });
    const a = unit(r, 'so-a');
    expect(a.max.eq(x('84'))).toBe(true);
    expect(a.points.eq(x('68.32'))).toBe(true);
    // 68,32 / 84 × 100 = 81,333…: exact, shown as 81,33.
    expect(a.index!.eq(Exact.of(683200n, 8400n))).toBe(true);
    expect(shown(a.index)).toBe('81.33');
    expect(a.items.find((i) => i.id === '1.3')).toMatchObject({ status: 'not_applicable', message: { id: 'leaf.na_declared' } });
  });

  it('bands the index as shown: 179,99 of 200 is 89,995, shown 90,00, and is Xuất sắc', () => {
    const wide = criteriaOf(`${header}
groups:
  - { id: so, title: Sở, bands: [{ min: 90, label: Xuất sắc }, { min: 80, label: Tốt }, { min: 0, label: Khác }] }
criteria:
  - { id: "1", title: Tổng hợp, max: 200, indicator: d, rule: { kind: given } }
`);
    const r = score(wide, unitsOf({ a: 'so', b: 'so' }), { a: { d: '179,99' }, b: { d: '179,98' } });
    // 179,99 / 200 × 100 = 89,995 exactly: below 90, but shown (half-up) as 90,00 → Xuất sắc.
    expect(unit(r, 'a').index!.eq(x('89.995'))).toBe(true);
    expect(shown(unit(r, 'a').index)).toBe('90.00');
    expect(unit(r, 'a').band).toBe('Xuất sắc');
    // 179,98 / 200 × 100 = 89,99 → Tốt.
    expect(unit(r, 'b').band).toBe('Tốt');
  });
});

describe('ranks and ties', () => {
  const criteria = criteriaOf(`${header}
groups:
  - { id: xa, title: Xã, bands: { quartiles: [Cao, Trung bình cao, Trung bình thấp, Thấp] } }
tiebreak: ["2"]
criteria:
  - id: "1"
    title: Kết quả
    children:
      - { id: "1.1", title: Điểm 1, max: 10, indicator: a, rule: { kind: given } }
  - id: "2"
    title: Khảo sát
    children:
      - { id: "2.1", title: Điểm 2, max: 10, indicator: b, rule: { kind: given } }
`);

  it('shares exact ties (1, 2, 2, 4) and marks them, and quartiles give tied units the higher label', () => {
    const units = unitsOf({ a: 'xa', b: 'xa', c: 'xa', d: 'xa', e: 'xa' });
    const r = score(criteria, units, {
      a: { a: '10', b: '9' }, // 19
      b: { a: '8', b: '8' }, // 16, tie on the total and on area 2 with c
      c: { a: '8', b: '8' }, // 16
      d: { a: '9', b: '6' }, // 15
      e: { a: '1', b: '1' }, // 2
    });
    expect(r.groups[0]!.ranking).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(r.units.map((u) => [u.unit, u.rank, u.tied])).toEqual([
      ['a', 1, false],
      ['b', 2, true],
      ['c', 2, true],
      ['d', 4, false],
      ['e', 5, false],
    ]);
    // 5 ranked units, 4 labels: label = floor((rank − 1) × 4 / 5): ranks 1 → 0, 2 → 0 (0,8), 4 → 2 (2,4), 5 → 3 (3,2).
    expect(r.units.map((u) => u.band)).toEqual(['Cao', 'Cao', 'Cao', 'Trung bình thấp', 'Thấp']);
  });

  it('settles an exact tie by the tiebreak node', () => {
    const units = unitsOf({ a: 'xa', b: 'xa' });
    // Both 15; a has 9 in area 2, b has 6: area 2 decides.
    const r = score(criteria, units, { a: { a: '6', b: '9' }, b: { a: '9', b: '6' } });
    expect(r.units.map((u) => [u.unit, u.rank, u.tied])).toEqual([
      ['a', 1, false],
      ['b', 2, false],
    ]);
  });

  it('ranks on the exact index: two units shown alike are not tied', () => {
    const one = criteriaOf(`${header}
groups: [{ id: xa, title: Xã }]
criteria:
  - { id: "1", title: Tổng hợp, max: 300, indicator: d, rule: { kind: given } }
`);
    // 200,01 / 300 × 100 = 66,67; 200 / 300 × 100 = 66,666…, also shown 66,67.
    const r = score(one, unitsOf({ a: 'xa', b: 'xa' }), { a: { d: '200' }, b: { d: '200,01' } });
    expect(r.units.map((u) => [u.unit, u.rank, u.tied, shown(u.index)])).toEqual([
      ['b', 1, false, '66.67'],
      ['a', 2, false, '66.67'],
    ]);
  });

  it('leaves units with no data or no applicable max unranked, not zero', () => {
    const units = unitsOf({ a: 'xa', 'khong-co': 'xa' });
    const r = score(criteria, units, { a: { a: '5', b: '5' } });
    const none = unit(r, 'khong-co');
    expect(none).toMatchObject({ status: 'no_data', index: null, rank: null, band: null });
    expect(r.groups[0]).toMatchObject({ ranking: ['a'], unranked: ['khong-co'] });
    expect(r.units.map((u) => u.unit)).toEqual(['a', 'khong-co']);
  });

  it('leaves out a leaf with too few survey rows, and calls a unit with only such leaves "no data"', () => {
    const survey = criteriaOf(`${header}
groups: [{ id: tinh, title: Tỉnh }]
criteria:
  - id: "1"
    title: Khảo sát
    children:
      - { id: "1.1", title: Câu 1, max: 4, indicator: c1, rule: { kind: given } }
      - { id: "1.2", title: Câu 2, max: 6, indicator: c2, rule: { kind: given } }
`);
    const few = (n: number): LeafInput => ({
      value: { type: 'points', value: Exact.ONE },
      text: '1',
      evidence: [],
      derived: { kind: 'mean', n, excluded: [], files: ['khao-sat.csv'], insufficient: { minRows: 30 } },
    });
    const enough: LeafInput = { value: { type: 'points', value: x('3') }, text: '3', evidence: [], derived: { kind: 'mean', n: 45, excluded: [], files: ['khao-sat.csv'] } };
    const r = scoreIndex({
      criteria: survey,
      units: unitsOf({ a: 'tinh', b: 'tinh' }),
      inputs: new Map([
        ['a', new Map([['1.1', few(12)], ['1.2', enough]])],
        ['b', new Map([['1.1', few(12)], ['1.2', few(8)]])],
      ]),
    });
    // a: 1.1 is out of its max (6 left), never a zero: 3/6 × 100 = 50.
    expect(unit(r, 'a')).toMatchObject({ status: 'ranked', index: x('50') });
    expect(unit(r, 'a').items[0]).toMatchObject({ status: 'insufficient_data', deduction: Exact.ZERO, message: { id: 'leaf.insufficient', data: { n: 12, minRows: 30 } } });
    // b: nothing has enough rows: no data (not "nothing applies"), unranked.
    expect(unit(r, 'b')).toMatchObject({ status: 'no_data', index: null, rank: null });
  });
});

describe('adjustments, relative rules, overrides and self-assessment', () => {
  const criteria = criteriaOf(`${header}
groups:
  - { id: xa, title: Xã }
  - { id: phuong, title: Phường }
criteria:
  - id: "1"
    title: Kết quả
    children:
      - { id: "1.1", title: Giải ngân, max: 2, indicator: giai_ngan, rule: { kind: relative } }
      - { id: "1.2", title: Kế hoạch, max: 1, indicator: ke_hoach, rule: { kind: deadline, due: 2025-07-31, late: 0.5 } }
      - { id: "1.3", title: Đô thị, max: 1, indicator: do_thi, applies_to: [phuong], rule: { kind: boolean } }
      - { id: "1.4", title: Nông thôn, max: 1, indicator: nong_thon, applies_to: [xa], rule: { kind: boolean } }
adjustments:
  - { id: thuong, title: Thưởng, kind: bonus, cap: 2, rule: { kind: given } }
  - { id: phat, title: Phạt, kind: penalty, cap: 1, rule: { kind: deduction, per: 0.5 } }
`);
  const units = unitsOf({ 'xa-a': 'xa', 'xa-b': 'xa', 'phuong-a': 'phuong' });
  const evidence = {
    'xa-a': { giai_ngan: '87,6', ke_hoach: '20/07/2025', nong_thon: 'có', thuong: '1,5' },
    'xa-b': { giai_ngan: '92', ke_hoach: '05/08/2025', nong_thon: 'có', phat: '3' },
    'phuong-a': { giai_ngan: '50', ke_hoach: 'không', do_thi: 'có' },
  };

  it('scores relative leaves against the best of the unit’s own group', () => {
    const r = score(criteria, units, evidence);
    // xa: best 92 → xa-a 87,6/92 × 2 = 1,9043… → 1,90; phường: phuong-a alone is its best → 2.
    expect(unit(r, 'xa-a').items[0]!.points.toString()).toBe('1.9');
    expect(unit(r, 'xa-b').items[0]!.points.toString()).toBe('2');
    expect(unit(r, 'phuong-a').items[0]!.points.toString()).toBe('2');
  });

  it('adds bonuses and takes off penalties outside the max, each capped', () => {
    const r = score(criteria, units, evidence);
    const a = unit(r, 'xa-a');
    // 1,9 + 1 (on time) + 1 (nông thôn) = 3,9 of 4, + bonus 1,5 = 5,4: index 135 > 100 with a bonus.
    expect(a.max.toString()).toBe('4');
    expect(a.points.toString()).toBe('5.4');
    expect(shown(a.index)).toBe('135.00');
    const b = unit(r, 'xa-b');
    // 2 + 0,5 (late) + 1 = 3,5; penalty 3 × 0,5 = 1,5 capped at 1 → 2,5.
    expect(b.adjustments.find((x) => x.id === 'phat')).toMatchObject({ kind: 'penalty' });
    expect(b.adjustments.find((x) => x.id === 'phat')!.points.toString()).toBe('1');
    expect(b.adjustments.find((x) => x.id === 'phat')!.uncapped!.toString()).toBe('1.5');
    expect(b.points.toString()).toBe('2.5');
  });

  it('keeps leaves of other groups out of the max', () => {
    const r = score(criteria, units, evidence);
    const p = unit(r, 'phuong-a');
    // 2 + 0 (plan not issued) + 1 (đô thị) = 3 of 4; 1.4 is for communes only.
    expect(p.items.find((i) => i.id === '1.4')).toMatchObject({ status: 'not_applicable', message: { id: 'leaf.na_group', data: { group: 'Phường' } } });
    expect(p.points.toString()).toBe('3');
    expect(p.max.toString()).toBe('4');
    expect(p.items.find((i) => i.id === '1.2')).toMatchObject({ status: 'not_met', message: { id: 'deadline.missing' } });
  });

  it('applies overrides as the final points and keeps the computed ones beside them', () => {
    const r = score(criteria, units, evidence, {
      self: { 'xa-b': { '1.1': '2', '1.2': '1', '1.4': '1' } },
      overrides: { 'xa-b': { '1.4': ['0.5', 'Minh chứng chưa đầy đủ'] } },
    });
    const b = unit(r, 'xa-b');
    const leaf = b.items.find((i) => i.id === '1.4')!;
    expect(leaf.points.toString()).toBe('1');
    expect(leaf.final.toString()).toBe('0.5');
    expect(leaf.deduction.toString()).toBe('0.5');
    // The status follows the final points: 0,5 of 1 is partly met, though the rule gave 1.
    expect(leaf.status).toBe('partial');
    expect(leaf.override?.reason).toBe('Minh chứng chưa đầy đủ');
    expect(leaf.self?.toString()).toBe('1');
    // 2 + 0,5 + 0,5 − 1 (penalty) = 2; self claimed 2 + 1 + 1 = 4.
    expect(b.points.toString()).toBe('2');
    expect(b.selfPoints?.toString()).toBe('4');
  });

  it('scores a leaf with no evidence as its rule says for none, and says so', () => {
    const r = score(criteria, units, { 'xa-a': { giai_ngan: '1' } });
    const a = unit(r, 'xa-a');
    expect(a.items.find((i) => i.id === '1.2')).toMatchObject({ status: 'no_evidence', message: { id: 'leaf.none' } });
    expect(a.items.find((i) => i.id === '1.2')!.points.toString()).toBe('0');
  });
});
