import { describe, expect, it } from 'vitest';
import type { Adjustment, Criteria, Leaf } from '../../src/core/model.js';
import { Exact } from '../../src/core/exact.js';
import { loadCriteria } from '../../src/criteria/index.js';
import { adjustmentMethod, leafMethod, sharedCapMethod } from '../../src/explain/method.js';

/**
 * The scoring method of the decision's annex, one leaf per rule kind and option, in Vietnamese and
 * English. Each expected sentence is written out by hand from what the rule says: its points
 * followed by "điểm" / "point(s)", numbers the way each language writes them (3.500 / 3,500; 0,5 /
 * 0.5; −0,25 with a real minus), a capital first letter unless the sentence opens with an
 * indicator's name, a full stop.
 */
const FILE = `
format: parscore/criteria@1
id: phuong-phap
title: Phương pháp chấm điểm
year: 2025
groups:
  - { id: xa, title: Xã }
  - { id: phuong, title: Phường }
attributes:
  mien_nui: { title: "Xã miền núi, vùng cao", type: boolean }
criteria:
  - id: "1"
    title: Mỗi loại quy tắc
    children:
      - { id: boolean, title: t, max: 1, rule: { kind: boolean } }
      - { id: floor, title: t, max: 0.5, rule: { kind: boolean, yes: 0.5, no: -0.25, floor: -0.25 } }
      - { id: deadline, title: t, max: 1, rule: { kind: deadline, due: 2024-12-15, on_time: 1, late: 0.5, missing: 0 } }
      - { id: bands, title: t, max: 2, rule: { kind: bands, bands: [{ min: 90, points: 2 }, { min: 70, points: 1 }] } }
      - { id: count-bands, title: t, max: 2, rule: { kind: bands, of: number, bands: [{ above: 3, points: 2 }, { min: 1, points: 1 }], empty: full } }
      - { id: proportional, title: t, max: 2, optional: true, rule: { kind: proportional, empty: na } }
      - { id: increment, title: t, max: 35, rule: { kind: increment, from: 3500, base: 10, step: 100, per_step: 0.5 } }
      - { id: prorata, title: t, max: 25, rule: { kind: increment, from: 10, base: 20, step: 1, per_step: 1, direction: down, partial: prorata } }
      - { id: levels, title: t, max: 1, rule: { kind: levels, levels: { Cấp trưởng: 1, Cấp phó: 0.5, Khác: 0 } } }
      - { id: deduction, title: t, max: 1, rule: { kind: deduction, per: 0.25, floor: -0.25 } }
      - { id: relative, title: t, max: 40, rule: { kind: relative } }
      - { id: relative-lower, title: t, max: 10, rule: { kind: relative, direction: lower } }
      - { id: manual, title: t, max: 1, applies_to: [phuong], rule: { kind: manual } }
      - { id: given, title: t, max: 2, supplied_by: office, rule: { kind: given } }
      - { id: all, title: t, max: 1, rule: { kind: all, of: [{ indicator: du_nhiem_vu }, { indicator: co_kinh_phi }] } }
      - { id: any, title: t, max: 1, rule: { kind: any, of: [{ indicator: co_ke_hoach }, { indicator: ty_le, min: 50 }] } }
      - id: cases-attribute
        title: t
        max: 35
        indicator: dan_so
        rule:
          kind: cases
          cases:
            - { when: { attribute: mien_nui }, rule: { kind: increment, from: 2625, base: 10, step: 75, per_step: 0.5 } }
          otherwise: { kind: increment, from: 3500, base: 10, step: 100, per_step: 0.5 }
      - id: cases-cap
        title: t
        max: 10
        rule:
          kind: cases
          cases: [{ when: { indicator: tu_can_doi }, points: 10 }]
          otherwise: { kind: increment, indicator: ty_le_thu, from: 30, base: 3, step: 5, per_step: 0.5, cap: 8 }
      - id: max-of
        title: t
        max: 60
        rule: { kind: max_of, rules: [{ kind: boolean, indicator: co_ttdl, yes: 35 }, { kind: levels, indicator: chuan_ttdl, levels: { Tier 3: 60, Tier 2: 50 } }] }
      - id: sum-of
        title: t
        max: 2
        rule: { kind: sum_of, rules: [{ kind: boolean, indicator: b1, yes: 1 }, { kind: proportional, indicator: p1, cap: 1 }] }
      - { id: on-time, title: t, max: 2, indicator: dung_han, rule: { kind: proportional } }
      - { id: on-time-late, title: t, max: 1, indicator: dung_han_tong, rule: { kind: proportional } }
      - { id: share, title: t, max: 1, indicator: truc_tuyen, rule: { kind: bands, bands: [{ min: 50, points: 1 }] } }
      - { id: count, title: t, max: 1, indicator: so_ho_so, rule: { kind: bands, of: number, bands: [{ min: 100, points: 1 }] } }
      - { id: mean, title: t, max: 2, indicator: hai_long, rule: { kind: proportional, of: number, target: 1 } }
adjustments:
  - { id: thuong, title: Sáng kiến, kind: bonus, cap: 2, rule: { kind: given } }
  - { id: phat, title: Vi phạm, kind: penalty, cap: 3, rule: { kind: deduction, per: 0.5 } }
  - id: IV
    title: Điểm cộng
    kind: bonus
    cap: 5
    children:
      - { id: "4.1", title: Sáng kiến cấp tỉnh, cap: 2, rule: { kind: levels, levels: { Xuất sắc: 2, Tốt: 1.5 } } }
indicators:
  dung_han: { from: ho_so, row_label: hồ sơ, on_time: { done: ngay_tra, due: han_tra } }
  dung_han_tong: { from: ho_so, row_label: hồ sơ, on_time: { done: ngay_tra, due: han_tra }, pending: late }
  truc_tuyen: { from: ho_so, share: { column: kenh, values: [Trực tuyến, Bưu chính] } }
  so_ho_so: { from: ho_so, count: {} }
  hai_long:
    from: khao_sat
    weight_column: trong_so
    min_rows: 30
    mean: { column: q1, map: { Hài lòng: 1, Không hài lòng: 0, Không biết: null } }
`;

function load(): Criteria {
  const { criteria, problems } = loadCriteria(FILE, 'phuong-phap.yaml');
  if (!criteria) throw new Error(problems.map((p) => `${p.code} ${p.location?.line}`).join('; '));
  return criteria;
}

const criteria = load();
const leaf = (id: string) => criteria.byId.get(id) as Leaf;
const adjustment = (id: string) => criteria.adjustments.find((a) => a.id === id) as Adjustment;

describe('the scoring method of each rule kind, in Vietnamese', () => {
  const vi = (id: string) => leafMethod(leaf(id), criteria, 'vi');

  it('boolean: yes the max, no 0; a negative "no" with its floor', () => {
    expect(vi('boolean')).toEqual(['Có: 1 điểm; không: 0 điểm.']);
    expect(vi('floor')).toEqual(['Có: 0,5 điểm; không: −0,25 điểm.']);
  });

  it('deadline: the date as dd/mm/yyyy, three outcomes', () => {
    expect(vi('deadline')).toEqual(['Đúng hạn (đến 15/12/2024): 1 điểm; chậm: 0,5 điểm; không thực hiện: 0 điểm.']);
  });

  it('bands: percent thresholds, "trên" for above, and what 0/0 earns', () => {
    expect(vi('bands')).toEqual(['Từ 90%: 2 điểm; từ 70%: 1 điểm; thấp hơn: 0 điểm.']);
    expect(vi('count-bands')).toEqual(['Trên 3: 2 điểm; từ 1: 1 điểm; thấp hơn: 0 điểm; không phát sinh: tối đa.']);
  });

  it('proportional, with 0/0 not applicable and the optional note', () => {
    expect(vi('proportional')).toEqual([
      '2 điểm × tỷ lệ / 100% (tối đa 2 điểm); không phát sinh: không áp dụng.',
      'Đơn vị có thể báo "không áp dụng": tiêu chí không tính vào điểm tối đa của đơn vị.',
    ]);
  });

  it('increment: thousands grouped with dots; downwards and pro rata', () => {
    expect(vi('increment')).toEqual(['Đến 3.500: 10 điểm; mỗi 100 tăng thêm: +0,5 điểm; tối đa 35 điểm.']);
    expect(vi('prorata')).toEqual(['Từ 10: 20 điểm; mỗi 1 giảm thêm: +1 điểm (phần lẻ tính theo tỷ lệ); tối đa 25 điểm.']);
  });

  it('levels, deduction below zero, relative both ways', () => {
    expect(vi('levels')).toEqual(['Cấp trưởng: 1 điểm; Cấp phó: 0,5 điểm; Khác: 0 điểm.']);
    expect(vi('deduction')).toEqual(['1 điểm − 0,25 điểm × số trường hợp, thấp nhất −0,25 điểm.']);
    expect(vi('relative')).toEqual(['40 điểm × giá trị / giá trị cao nhất nhóm.']);
    expect(vi('relative-lower')).toEqual(['10 điểm × giá trị thấp nhất nhóm / giá trị.']);
  });

  it('manual for one group only; given points the office supplies', () => {
    expect(vi('manual')).toEqual(['Hội đồng thẩm định chấm, từ 0 đến 1 điểm.', 'Chỉ áp dụng cho: Phường; đơn vị nhóm khác không tính tiêu chí này.']);
    expect(vi('given')).toEqual(['Điểm được cung cấp, từ 0 điểm đến 2 điểm.', 'Số liệu do cơ quan chấm điểm cung cấp; đơn vị không tự chấm.']);
  });

  it('all and any: the conditions joined by "và" / "hoặc", an indicator name left in lower case', () => {
    expect(vi('all')).toEqual(['du_nhiem_vu và co_kinh_phi: 1 điểm; không: 0 điểm.']);
    expect(vi('any')).toEqual(['co_ke_hoach hoặc ty_le từ 50%: 1 điểm; không: 0 điểm.']);
  });

  it('cases: an attribute by its title; a cap inside the otherwise', () => {
    expect(vi('cases-attribute')).toEqual([
      'Nếu Xã miền núi, vùng cao: (đến 2.625: 10 điểm; mỗi 75 tăng thêm: +0,5 điểm; tối đa 35 điểm); còn lại: (đến 3.500: 10 điểm; mỗi 100 tăng thêm: +0,5 điểm; tối đa 35 điểm).',
    ]);
    // The inner increment's cap (8) is below the leaf's 10: it says "tối đa 8".
    expect(vi('cases-cap')).toEqual(['Nếu tu_can_doi: 10 điểm; còn lại: (đến 30: 3 điểm; mỗi 5 tăng thêm: +0,5 điểm; tối đa 8 điểm).']);
  });

  it('max_of and sum_of, with a capped part', () => {
    expect(vi('max-of')).toEqual(['Cao nhất trong: (có: 35 điểm; không: 0 điểm) | (Tier 3: 60 điểm; Tier 2: 50 điểm).']);
    expect(vi('sum-of')).toEqual(['Tổng: (có: 1 điểm; không: 0 điểm) + (1 điểm × tỷ lệ / 100% (tối đa 1 điểm)), tối đa 2 điểm.']);
  });

  it('derived indicators: where they come from and how they are counted', () => {
    expect(vi('on-time')).toEqual([
      '2 điểm × tỷ lệ / 100% (tối đa 2 điểm).',
      'Chỉ tiêu dung_han tính từ dữ liệu ho_so: số hồ sơ đúng hạn (ngay_tra không sau han_tra) / số hồ sơ đã có ngay_tra.',
    ]);
    expect(vi('on-time-late')[1]).toBe('Chỉ tiêu dung_han_tong tính từ dữ liệu ho_so: số hồ sơ đúng hạn (ngay_tra không sau han_tra) / tổng số hồ sơ (hồ sơ chưa có ngay_tra tính là trễ hạn).');
    expect(vi('share')[1]).toBe('Chỉ tiêu truc_tuyen tính từ dữ liệu ho_so: số dòng có kenh là Trực tuyến hoặc Bưu chính / số dòng có kenh.');
    expect(vi('count')[1]).toBe('Chỉ tiêu so_ho_so tính từ dữ liệu ho_so: số dòng.');
    expect(vi('mean')).toEqual([
      '2 điểm × giá trị / 1 (tối đa 2 điểm).',
      'Chỉ tiêu hai_long tính từ dữ liệu khao_sat: bình quân q1 (quy đổi: Hài lòng = 1; Không hài lòng = 0; Không biết = không tính); có trọng số theo trong_so; dưới 30 dòng: chưa đủ dữ liệu, tiêu chí không tính vào điểm tối đa của đơn vị.',
    ]);
  });

  it('bonus and penalty points with their caps; a shared cap', () => {
    expect(adjustmentMethod(adjustment('thuong'), criteria, 'vi')).toEqual(['Điểm thưởng, cộng vào tổng điểm, không tính vào điểm tối đa: điểm được cung cấp, từ 0 điểm đến 2 điểm; tối đa 2 điểm.']);
    // Outside the tree a deduction gives its points per case, up to the cap (not max less the cases).
    expect(adjustmentMethod(adjustment('phat'), criteria, 'vi')).toEqual(['Điểm trừ, trừ vào tổng điểm: mỗi trường hợp 0,5 điểm, tối đa 3 điểm.']);
    expect(adjustmentMethod(adjustment('4.1'), criteria, 'vi')).toEqual(['Điểm thưởng, cộng vào tổng điểm, không tính vào điểm tối đa: Xuất sắc: 2 điểm; Tốt: 1,5 điểm; tối đa 2 điểm.']);
    expect(sharedCapMethod(Exact.fromNumber(5), 'vi')).toBe('Tổng các mục dưới đây tối đa 5 điểm.');
  });
});

describe('the scoring method of each rule kind, in English', () => {
  const en = (id: string) => leafMethod(leaf(id), criteria, 'en');

  it('one point, several points; dates as yyyy-mm-dd; thousands with commas', () => {
    expect(en('boolean')).toEqual(['Yes: 1 point; no: 0 points.']);
    expect(en('floor')).toEqual(['Yes: 0.5 points; no: −0.25 points.']);
    expect(en('deadline')).toEqual(['On time (by 2024-12-15): 1 point; late: 0.5 points; not done: 0 points.']);
    expect(en('increment')).toEqual(['Up to 3,500: 10 points; each 100 more: +0.5 points; at most 35 points.']);
    expect(en('prorata')).toEqual(['Down to 10: 20 points; each 1 less: +1 point (a part step pro rata); at most 25 points.']);
  });

  it('bands, proportional, levels, deduction, relative', () => {
    expect(en('bands')).toEqual(['From 90%: 2 points; from 70%: 1 point; below: 0 points.']);
    expect(en('count-bands')).toEqual(['Above 3: 2 points; from 1: 1 point; below: 0 points; no cases: full points.']);
    expect(en('proportional')).toEqual([
      '2 points × rate / 100% (at most 2 points); no cases: not applicable.',
      'A unit may report "không áp dụng" (not applicable): the criterion is left out of its maximum.',
    ]);
    expect(en('levels')).toEqual(['Cấp trưởng: 1 point; Cấp phó: 0.5 points; Khác: 0 points.']);
    expect(en('deduction')).toEqual(['1 point − 0.25 points × occurrences, at least −0.25 points.']);
    expect(en('relative')).toEqual(["40 points × value / the group's highest."]);
    expect(en('relative-lower')).toEqual(["10 points × the group's lowest / value."]);
  });

  it('manual, given, and the notes on groups and the office', () => {
    expect(en('manual')).toEqual(["The appraisal council's points, 0 to 1 point.", 'Applies only to: Phường; units of other groups do not count it.']);
    expect(en('given')).toEqual(['Points supplied, 0 points to 2 points.', 'The scoring office supplies the figure; units do not self-assess it.']);
  });

  it('composite rules', () => {
    expect(en('all')).toEqual(['du_nhiem_vu and co_kinh_phi: 1 point; otherwise: 0 points.']);
    expect(en('any')).toEqual(['co_ke_hoach or ty_le from 50%: 1 point; otherwise: 0 points.']);
    expect(en('cases-attribute')).toEqual([
      'If Xã miền núi, vùng cao: (up to 2,625: 10 points; each 75 more: +0.5 points; at most 35 points); otherwise: (up to 3,500: 10 points; each 100 more: +0.5 points; at most 35 points).',
    ]);
    expect(en('cases-cap')).toEqual(['If tu_can_doi: 10 points; otherwise: (up to 30: 3 points; each 5 more: +0.5 points; at most 8 points).']);
    expect(en('max-of')).toEqual(['The best of: (yes: 35 points; no: 0 points) | (Tier 3: 60 points; Tier 2: 50 points).']);
    expect(en('sum-of')).toEqual(['The sum of: (yes: 1 point; no: 0 points) + (1 point × rate / 100% (at most 1 point)), at most 2 points.']);
  });

  it('derived indicators', () => {
    expect(en('on-time')[1]).toBe('Indicator dung_han derived from the ho_so records: hồ sơ on time (ngay_tra not after han_tra) / hồ sơ with a ngay_tra.');
    expect(en('on-time-late')[1]).toBe('Indicator dung_han_tong derived from the ho_so records: hồ sơ on time (ngay_tra not after han_tra) / all hồ sơ (those without a ngay_tra counted late).');
    expect(en('share')[1]).toBe('Indicator truc_tuyen derived from the ho_so records: rows whose kenh is Trực tuyến or Bưu chính / rows with a kenh.');
    expect(en('count')[1]).toBe('Indicator so_ho_so derived from the ho_so records: the number of rows.');
    expect(en('mean')[1]).toBe(
      'Indicator hai_long derived from the khao_sat records: the mean of q1 (scored as: Hài lòng = 1; Không hài lòng = 0; Không biết = left out); weighted by trong_so; below 30 rows: insufficient data, the criterion is left out of the unit\'s maximum.',
    );
  });

  it('bonus and penalty points', () => {
    expect(adjustmentMethod(adjustment('thuong'), criteria, 'en')).toEqual(['Bonus points, added to the total, not to the maximum: points supplied, 0 points to 2 points; at most 2 points.']);
    expect(adjustmentMethod(adjustment('phat'), criteria, 'en')).toEqual(['Penalty points, taken off the total: 0.5 points per case, at most 3 points.']);
    expect(sharedCapMethod(Exact.fromNumber(5), 'en')).toBe('The items below together at most 5 points.');
  });
});
