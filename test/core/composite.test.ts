import { describe, expect, it } from 'vitest';
import { Exact } from '../../src/core/exact.js';
import type { ItemResult, UnitResult } from '../../src/core/report.js';
import { scoreIndex } from '../../src/core/score.js';
import { runExamples } from '../../src/criteria/examples.js';
import { loadCriteria } from '../../src/criteria/index.js';
import { messageText } from '../../src/explain/messages.js';
import { collect, criteriaOf, score, unit, unitsOf, unitsWith, x } from '../helpers/scoring.js';

/**
 * The composite rules and their options, as case tables through the real pipeline: a criteria file
 * written as YAML and loaded, evidence written as an office writes it and read by the evidence
 * collector, the units' facts read as the units file reader reads them, and `scoreIndex`. Every
 * expected number is worked out by hand in the comment beside it, from the decision's own words.
 */

const header = `format: parscore/criteria@1
id: thu-hop-thanh
title: Thử quy tắc hợp thành
year: 2025
groups:
  - { id: xa, title: "Xã, phường" }
`;

const item = (u: UnitResult, id: string): ItemResult => {
  const found = u.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
};
/** A leaf's final points, status and message id, for case tables. */
const outcome = (u: UnitResult, id: string) => {
  const i = item(u, id);
  return { final: i.final.toString(), status: i.status, message: i.message.id };
};
const vi = (i: ItemResult) => messageText(i.message, 'vi');
const row = (n: number) => ({ file: 'minh-chung.csv', row: n, column: 'C', header: 'Giá trị' });

describe('all / any: conditions joined by "và" / "hoặc"', () => {
  const criteria = criteriaOf(`${header}
criteria:
  - id: "1"
    title: Công tác chỉ đạo, điều hành
    children:
      # "Xác định đầy đủ nhiệm vụ và có bố trí kinh phí: 1; … hoặc không bố trí kinh phí: 0"
      - id: "1.1"
        title: Nhiệm vụ và kinh phí
        max: 1
        rule: { kind: all, of: [ { indicator: du_nhiem_vu }, { indicator: co_kinh_phi } ], yes: 1, no: 0 }
      # "Đăng tải trên Cổng thông tin hoặc niêm yết công khai: 0,5"
      - id: "1.2"
        title: Công khai
        max: 0.5
        rule: { kind: any, of: [ { indicator: dang_tai }, { indicator: niem_yet } ] }
      # Nested: issued, and not criticised, and (funded or mobilised from society).
      - id: "1.3"
        title: Ban hành, không bị phê bình, có nguồn lực
        max: 1
        rule:
          kind: all
          of:
            - { indicator: ban_hanh }
            - { not: { indicator: bi_phe_binh } }
            - { any: [ { indicator: co_kinh_phi }, { indicator: xa_hoi_hoa } ] }
      # "… thì bị 0 điểm và bị trừ 0,25 điểm"
      - id: "1.4"
        title: Báo cáo đúng hạn và đầy đủ
        max: 0.5
        rule: { kind: all, of: [ { indicator: dung_han }, { indicator: day_du } ], yes: 0.5, no: -0.25, floor: -0.25 }
`);
  const units = unitsOf({ a: 'xa', b: 'xa', c: 'xa', d: 'xa', e: 'xa' });

  it.each([
    // Both hold → yes = 1; one fails → no = 0, whichever it is. Yes/no are read in any spelling.
    [{ du_nhiem_vu: 'có', co_kinh_phi: 'Có' }, '1', 'met'],
    [{ du_nhiem_vu: 'x', co_kinh_phi: 'không' }, '0', 'not_met'],
    [{ du_nhiem_vu: 'không đạt', co_kinh_phi: 'đạt' }, '0', 'not_met'],
    [{ du_nhiem_vu: '0', co_kinh_phi: '0' }, '0', 'not_met'],
  ])('all %j → %s (%s)', (evidence, final, status) => {
    const r = score(criteria, units, { a: evidence });
    expect(outcome(unit(r, 'a'), '1.1')).toEqual({ final, status, message: 'conditions.result' });
  });

  it.each([
    // At least one holds → 0,5 (the default yes: the leaf's max); none → 0.
    [{ dang_tai: 'có', niem_yet: 'không' }, '0.5', 'met'],
    [{ dang_tai: 'không', niem_yet: 'có' }, '0.5', 'met'],
    [{ dang_tai: 'có', niem_yet: 'có' }, '0.5', 'met'],
    [{ dang_tai: 'không', niem_yet: 'không' }, '0', 'not_met'],
  ])('any %j → %s (%s)', (evidence, final, status) => {
    const r = score(criteria, units, { a: evidence });
    expect(outcome(unit(r, 'a'), '1.2')).toEqual({ final, status, message: 'conditions.result' });
  });

  it('names every fact read, its value and its row, and the verdict', () => {
    const r = score(criteria, units, { a: { du_nhiem_vu: 'có', co_kinh_phi: 'không' } });
    const i = item(unit(r, 'a'), '1.1');
    expect(i.message).toMatchObject({
      id: 'conditions.result',
      data: {
        join: 'all',
        holds: false,
        facts: [
          { source: 'indicator', name: 'du_nhiem_vu', text: 'có', holds: true, at: row(2) },
          { source: 'indicator', name: 'co_kinh_phi', text: 'không', holds: false, at: row(3) },
        ],
      },
    });
    expect(i.evidence).toEqual([row(2), row(3)]);
    expect(vi(i)).toBe('du_nhiem_vu: đúng (có; minh-chung.csv, dòng 2); co_kinh_phi: không đúng (không; minh-chung.csv, dòng 3) → chưa đủ các điều kiện');
  });

  it.each([
    // ban_hanh ✓, not(bi_phe_binh = không) ✓, (co_kinh_phi ✗ or xa_hoi_hoa ✓) ✓ → 1.
    [{ ban_hanh: 'có', bi_phe_binh: 'không', co_kinh_phi: 'không', xa_hoi_hoa: 'có' }, '1'],
    // Criticised: not(có) fails → 0, though the rest holds.
    [{ ban_hanh: 'có', bi_phe_binh: 'có', co_kinh_phi: 'có', xa_hoi_hoa: 'có' }, '0'],
    // Neither funded nor mobilised: the inner any fails → 0.
    [{ ban_hanh: 'có', bi_phe_binh: 'không', co_kinh_phi: 'không', xa_hoi_hoa: 'không' }, '0'],
    // Not issued → 0.
    [{ ban_hanh: 'không', bi_phe_binh: 'không', co_kinh_phi: 'có', xa_hoi_hoa: 'có' }, '0'],
  ])('nested not and any inside all: %j → %s', (evidence, final) => {
    const r = score(criteria, units, { a: evidence });
    expect(item(unit(r, 'a'), '1.3').final.toString()).toBe(final);
  });

  it('reads one evidence row for every leaf whose conditions name it', () => {
    // co_kinh_phi (row 3) is a condition of 1.1 and, inside an any, of 1.3.
    const r = score(criteria, units, { a: { du_nhiem_vu: 'có', co_kinh_phi: 'có', ban_hanh: 'có', bi_phe_binh: 'không', xa_hoi_hoa: 'không' } });
    expect(item(unit(r, 'a'), '1.1').evidence).toEqual([row(2), row(3)]);
    expect(item(unit(r, 'a'), '1.3').evidence).toEqual([row(4), row(5), row(3), row(6)]);
    expect(item(unit(r, 'a'), '1.3').final.toString()).toBe('1');
  });

  it('goes below zero down to a negative floor: "bị 0 điểm và bị trừ 0,25 điểm"', () => {
    const r = score(criteria, units, {
      a: { dung_han: 'có', day_du: 'có' },
      b: { dung_han: 'có', day_du: 'không' },
    });
    // Both → 0,5; one fails → no = −0,25, and the leaf lost 0,5 − (−0,25) = 0,75.
    expect(outcome(unit(r, 'a'), '1.4')).toEqual({ final: '0.5', status: 'met', message: 'conditions.result' });
    expect(outcome(unit(r, 'b'), '1.4')).toEqual({ final: '-0.25', status: 'not_met', message: 'conditions.result' });
    expect(item(unit(r, 'b'), '1.4').deduction.toString()).toBe('0.75');
    // b's only evidence is 1.4's: its total is −0,25 of the max 0,5 + the leaves without evidence
    // (1 + 0,5 + 1), 3 in all.
    expect(unit(r, 'b').points.toString()).toBe('-0.25');
    expect(unit(r, 'b').max.toString()).toBe('3');
  });

  it('gives a condition with no evidence no_evidence, scored as none (0), never a silent "no"', () => {
    const r = score(criteria, units, {
      // co_kinh_phi not given: 1.1 cannot be decided; 1.3's any (co_kinh_phi or xa_hoi_hoa) neither.
      a: { du_nhiem_vu: 'có', ban_hanh: 'có', bi_phe_binh: 'không' },
      // day_du not given: under 1.4's negative no (−0,25), no evidence is still 0, not −0,25.
      b: { dung_han: 'có' },
    });
    const a11 = item(unit(r, 'a'), '1.1');
    expect(outcome(unit(r, 'a'), '1.1')).toEqual({ final: '0', status: 'no_evidence', message: 'leaf.none_of' });
    // What was read is still cited: the row of du_nhiem_vu.
    expect(a11.evidence).toEqual([row(2)]);
    expect(outcome(unit(r, 'a'), '1.3')).toEqual({ final: '0', status: 'no_evidence', message: 'leaf.none_of' });
    expect(outcome(unit(r, 'b'), '1.4')).toEqual({ final: '0', status: 'no_evidence', message: 'leaf.none_of' });
    // A unit with no evidence at all: every leaf no_evidence, the unit unranked.
    expect(unit(r, 'c').items.map((i) => i.status)).toEqual(['no_evidence', 'no_evidence', 'no_evidence', 'no_evidence']);
    expect(unit(r, 'c').status).toBe('no_data');
  });

  it('reports an unreadable condition as invalid evidence, never a "no"', () => {
    const set = collect(criteria, units, { a: { du_nhiem_vu: 'có', co_kinh_phi: 'chắc có' } });
    expect(set.problems.filter((p) => p.severity === 'error').map((p) => [p.code, p.subject])).toEqual([['value-type', '1.1'], ['value-type', '1.3']]);
    const r = scoreIndex({ criteria, units, inputs: set.inputs });
    expect(outcome(unit(r, 'a'), '1.1')).toEqual({ final: '0', status: 'invalid', message: 'leaf.invalid' });
  });
});

describe('cases: a condition picks the formula', () => {
  // "Tự cân đối được thu, chi ngân sách được tính 10 điểm. Trường hợp chưa tự cân đối …, từ 30% trở
  // xuống được tính 3 điểm; trên 30% thì cứ thêm 5% được tính thêm 0,5 điểm, nhưng tối đa không quá
  // 8 điểm". "Đạt chuẩn nông thôn mới được tính 20 điểm; chưa đạt chuẩn … mỗi tiêu chí được tính 1
  // điểm, tối đa không quá 15 điểm".
  const criteria = criteriaOf(`${header}
criteria:
  - id: "3"
    title: Tài chính công và nông thôn mới
    children:
      - id: "3.1"
        title: Tự cân đối ngân sách
        max: 10
        rule:
          kind: cases
          cases:
            - { when: { indicator: tu_can_doi }, points: 10 }
          otherwise: { kind: increment, indicator: ty_le_thu, from: 30, base: 3, step: 5, per_step: 0.5, cap: 8 }
      - id: "3.2"
        title: Nông thôn mới
        max: 20
        rule:
          kind: cases
          cases:
            - { when: { indicator: dat_chuan_ntm }, points: 20 }
          otherwise: { kind: increment, indicator: so_tieu_chi, from: 0, base: 0, step: 1, per_step: 1, cap: 15 }
      # By a compared number: "từ 90% trở lên: 2; từ 70% đến dưới 90%: 1; còn lại: 0".
      - id: "3.3"
        title: Giải ngân vốn đầu tư công
        max: 2
        rule:
          kind: cases
          cases:
            - { when: { indicator: giai_ngan, min: 90 }, points: 2 }
            - { when: { indicator: giai_ngan, min: 70, below: 90 }, points: 1 }
          otherwise: { points: 0 }
`);
  const units = unitsOf({ a: 'xa', b: 'xa' });

  it.each([
    // Self-balanced: the first case decides, 10; the rate is not needed.
    [{ tu_can_doi: 'có' }, '10', 'met'],
    [{ tu_can_doi: 'có', ty_le_thu: '12%' }, '10', 'met'],
    // Exactly 30%: no step beyond 30 → the base, 3.
    [{ tu_can_doi: 'không', ty_le_thu: '30%' }, '3', 'partial'],
    // "từ 30% trở xuống": 12% → 3.
    [{ tu_can_doi: 'không', ty_le_thu: '12%' }, '3', 'partial'],
    // 34,99%: 4,99 over is not a whole 5% → 3; 35%: one step → 3 + 0,5 = 3,5.
    [{ tu_can_doi: 'không', ty_le_thu: '34,99%' }, '3', 'partial'],
    [{ tu_can_doi: 'không', ty_le_thu: '35%' }, '3.5', 'partial'],
    // 62%: 32 over → 6 whole steps (6,4) → 3 + 6 × 0,5 = 6.
    [{ tu_can_doi: 'không', ty_le_thu: '62%' }, '6', 'partial'],
    // 80%: 50 over → 10 steps → 3 + 5 = 8, exactly the cap.
    [{ tu_can_doi: 'không', ty_le_thu: '80%' }, '8', 'partial'],
    // 90%: 60 over → 12 steps → 3 + 6 = 9, capped to 8 (below the leaf's max 10).
    [{ tu_can_doi: 'không', ty_le_thu: '90%' }, '8', 'partial'],
  ])('budget %j → %s', (evidence, final, status) => {
    const r = score(criteria, units, { a: evidence });
    expect(outcome(unit(r, 'a'), '3.1')).toEqual({ final, status, message: 'cases.decided' });
  });

  it('says which case decided, and that the cap cut the otherwise formula', () => {
    const r = score(criteria, units, { a: { tu_can_doi: 'không', ty_le_thu: '90%' }, b: { tu_can_doi: 'có' } });
    const a = item(unit(r, 'a'), '3.1');
    expect(a.message).toMatchObject({
      id: 'cases.decided',
      data: {
        case: null,
        tried: [{ case: 1, holds: false, facts: [{ name: 'tu_can_doi', text: 'không', holds: false, at: row(2) }] }],
        points: x('8'),
        inner: { id: 'rule.capped', data: { cap: x('8'), points: x('9'), inner: { id: 'increment.steps', data: { steps: 12, capped: false } } } },
      },
    });
    // 3 + 12 × 0,5 = 9, "tối đa 8".
    expect(vi(a)).toBe(
      'trường hợp 1: tu_can_doi: không đúng (không; minh-chung.csv, dòng 2) → không trường hợp nào đúng, tính theo cách còn lại: 90: vượt mốc 30 12 bước 5: 3 + 12 × 0,5 = 9, tối đa 8',
    );
    // Both rows read are cited: the condition's and the rate's.
    expect(a.evidence).toEqual([row(2), row(3)]);
    // The values read, each with its indicator, in the order read: the item's "Giá trị".
    expect(a.written).toBe('tu_can_doi: không; ty_le_thu: 90%');
    const b = item(unit(r, 'b'), '3.1');
    expect(b.message).toMatchObject({ id: 'cases.decided', data: { case: 1, points: x('10') } });
    expect(vi(b)).toBe('trường hợp 1: tu_can_doi: đúng (có; minh-chung.csv, dòng 4) → theo trường hợp 1: 10 điểm');
    // Only the condition was read: the case decided before the rate was needed.
    expect(b.written).toBe('tu_can_doi: có');
  });

  it('has no evidence when the deciding condition has none, whatever the formula could read', () => {
    const r = score(criteria, units, { a: { ty_le_thu: '62%' }, b: { tu_can_doi: 'không' } });
    // tu_can_doi unknown: the rate alone cannot decide (a self-balanced commune gets 10).
    expect(outcome(unit(r, 'a'), '3.1')).toEqual({ final: '0', status: 'no_evidence', message: 'leaf.none_of' });
    // Not self-balanced, no rate: the otherwise formula has no evidence.
    expect(outcome(unit(r, 'b'), '3.1')).toEqual({ final: '0', status: 'no_evidence', message: 'leaf.none_of' });
    // What was read is cited: b's condition row.
    expect(item(unit(r, 'b'), '3.1').evidence).toEqual([row(3)]);
  });

  it.each([
    // Đạt chuẩn → 20.
    [{ dat_chuan_ntm: 'đạt' }, '20', 'met'],
    // Chưa đạt, 12 tiêu chí → 12 × 1 = 12.
    [{ dat_chuan_ntm: 'không đạt', so_tieu_chi: '12' }, '12', 'partial'],
    // 15 → 15, the cap; 17 → 17, capped to 15.
    [{ dat_chuan_ntm: 'không đạt', so_tieu_chi: '15' }, '15', 'partial'],
    [{ dat_chuan_ntm: 'không đạt', so_tieu_chi: '17' }, '15', 'partial'],
    [{ dat_chuan_ntm: 'không đạt', so_tieu_chi: '0' }, '0', 'not_met'],
  ])('nông thôn mới %j → %s', (evidence, final, status) => {
    const r = score(criteria, units, { a: evidence });
    expect(outcome(unit(r, 'a'), '3.2')).toEqual({ final, status, message: 'cases.decided' });
  });

  it.each([
    // ≥ 90 → case 1, 2; 89,99 → case 2 ([70, 90)), 1; 70 → case 2, 1; 69,99 → otherwise, 0.
    ['95%', '2', 1],
    ['90%', '2', 1],
    ['89,99%', '1', 2],
    ['70%', '1', 2],
    ['69,99%', '0', null],
    // A ratio is a percent: 567/630 = 90% exactly → case 1.
    ['567/630', '2', 1],
  ])('compared conditions: disbursed %s → %s (case %s)', (text, final, decided) => {
    const r = score(criteria, units, { a: { giai_ngan: text } });
    const i = item(unit(r, 'a'), '3.3');
    expect(i.final.toString()).toBe(final);
    expect(i.message).toMatchObject({ id: 'cases.decided', data: { case: decided } });
  });
});

describe('unit attributes: thresholds scaled for border and mountain communes', () => {
  // Population: "≤ 3.500 người: 10; mỗi 100 người thêm +0,5; tối đa 35"; mountain communes 75% of
  // the thresholds (2.625, steps of 75), border communes 30% (1.050, steps of 30).
  const yaml = `${header}
attributes:
  mien_nui: { title: "Xã miền núi, vùng cao", type: boolean, column: Miền núi }
  bien_gioi: { title: Xã biên giới, type: boolean }
criteria:
  - id: "1"
    title: Quy mô
    children:
      - id: "1.1"
        title: Dân số
        max: 35
        indicator: dan_so_xa
        rule:
          kind: cases
          cases:
            - { when: { attribute: bien_gioi }, rule: { kind: increment, from: 1050, base: 10, step: 30, per_step: 0.5 } }
            - { when: { attribute: mien_nui }, rule: { kind: increment, from: 2625, base: 10, step: 75, per_step: 0.5 } }
          otherwise: { kind: increment, from: 3500, base: 10, step: 100, per_step: 0.5 }
`;
  const criteria = criteriaOf(yaml);
  const scoreOne = (attributes: Record<string, string>, population?: string) => {
    const units = unitsWith(criteria, { a: ['xa', attributes] });
    const r = score(criteria, units, population === undefined ? {} : { a: { dan_so_xa: population } });
    return item(unit(r, 'a'), '1.1');
  };

  it.each([
    // Border: 2.000 − 1.050 = 950 → 31 whole steps of 30 (31,67) → 10 + 15,5 = 25,5.
    [{ bien_gioi: 'có', mien_nui: 'không' }, '2.000', '25.5', 1],
    // Border, exactly 1.050 → 10; 1.080 → one step → 10,5.
    [{ bien_gioi: 'có', mien_nui: 'không' }, '1.050', '10', 1],
    [{ bien_gioi: 'có', mien_nui: 'không' }, '1.080', '10.5', 1],
    // Border and mountain both hold: the first case (border) decides → 25,5, not the mountain's 10.
    [{ bien_gioi: 'có', mien_nui: 'có' }, '2.000', '25.5', 1],
    // Mountain: 4.000 − 2.625 = 1.375 → 18 steps of 75 (18,33) → 10 + 9 = 19.
    [{ bien_gioi: 'không', mien_nui: 'có' }, '4.000', '19', 2],
    // Mountain, 2.000 is below 2.625 → 10.
    [{ bien_gioi: 'không', mien_nui: 'có' }, '2.000', '10', 2],
    // Neither: 4.000 − 3.500 = 500 → 5 steps → 12,5.
    [{ bien_gioi: 'không', mien_nui: 'không' }, '4.000', '12.5', null],
    // Neither: 9.000 → 55 steps → 37,5, capped at the leaf's 35.
    [{ bien_gioi: 'không', mien_nui: 'không' }, '9.000', '35', null],
    // Border: 3.000 → 65 steps → 42,5 → 35.
    [{ bien_gioi: 'có', mien_nui: 'không' }, '3.000', '35', 1],
    // Border holds first, so a blank mountain cell is never read.
    [{ bien_gioi: 'có' }, '2.000', '25.5', 1],
  ])('facts %j, population %s → %s (case %s)', (attributes, population, final, decided) => {
    const i = scoreOne(attributes, population);
    expect(i.final.toString()).toBe(final);
    expect(i.message).toMatchObject({ id: 'cases.decided', data: { case: decided } });
  });

  it('cites the attribute with its title, value and place in the units file', () => {
    const i = scoreOne({ bien_gioi: 'không', mien_nui: 'có' }, '4.000');
    expect(i.message).toMatchObject({
      data: {
        tried: [
          { case: 1, holds: false, facts: [{ source: 'attribute', name: 'bien_gioi', title: 'Xã biên giới', text: 'không', at: { file: 'don-vi.csv', row: 2, column: 'E', header: 'bien_gioi' } }] },
          { case: 2, holds: true, facts: [{ source: 'attribute', name: 'mien_nui', title: 'Xã miền núi, vùng cao', text: 'có', at: { file: 'don-vi.csv', row: 2, column: 'D', header: 'Miền núi' } }] },
        ],
        inner: { id: 'increment.steps', data: { steps: 18 } },
      },
    });
    expect(vi(i)).toBe(
      'trường hợp 1: Xã biên giới: không đúng (không; don-vi.csv, dòng 2) | trường hợp 2: Xã miền núi, vùng cao: đúng (có; don-vi.csv, dòng 2) → theo trường hợp 2: 4.000: vượt mốc 2.625 18 bước 75: 10 + 18 × 0,5 = 19',
    );
    // The facts' places and the population's row.
    expect(i.evidence).toEqual([
      { file: 'don-vi.csv', row: 2, column: 'E', header: 'bien_gioi' },
      { file: 'don-vi.csv', row: 2, column: 'D', header: 'Miền núi' },
      row(2),
    ]);
  });

  it.each([
    // No border fact at all (a blank cell): the first case cannot be decided.
    [{}, '2.000'],
    [{ mien_nui: 'có' }, '2.000'],
    // Not border, mountain blank: the second case cannot be decided.
    [{ bien_gioi: 'không' }, '4.000'],
  ])('gives a unit without the fact no_evidence, never the otherwise: %j', (attributes, population) => {
    const i = scoreOne(attributes, population);
    expect([i.final.toString(), i.status, i.message.id]).toEqual(['0', 'no_evidence', 'leaf.none_of']);
  });

  it('has no evidence when the facts are known but the population is not', () => {
    const i = scoreOne({ bien_gioi: 'không', mien_nui: 'không' });
    expect([i.final.toString(), i.status]).toEqual(['0', 'no_evidence']);
  });
});

describe('max_of: "tính điểm cho trường hợp nào có điểm cao nhất"', () => {
  // "Có Trung tâm dữ liệu: 35 điểm; đáp ứng tiêu chuẩn … Tier 3: 60, Tier 2: 50, Tier 1: 40".
  const criteria = criteriaOf(`${header}
criteria:
  - id: "5"
    title: Chuyển đổi số
    children:
      - id: "5.1"
        title: Trung tâm dữ liệu
        max: 60
        rule: { kind: max_of, rules: [ { kind: boolean, indicator: co_ttdl, yes: 35 }, { kind: levels, indicator: chuan_ttdl, levels: { Tier 3: 60, Tier 2: 50, Tier 1: 40 } } ] }
`);
  const units = unitsOf({ a: 'xa' });

  it.each([
    // max(35, 50) = 50 by the second; max(35, 40) = 40; max(0, 60) = 60.
    [{ co_ttdl: 'có', chuan_ttdl: 'Tier 2' }, '50', 'partial', 2],
    [{ co_ttdl: 'có', chuan_ttdl: 'tier 1' }, '40', 'partial', 2],
    [{ co_ttdl: 'không', chuan_ttdl: 'Tier 3' }, '60', 'met', 2],
    // Equal is no better: the first alternative keeps it — max(35, 35) cannot happen here, so
    // max(0, 40) = 40 by the second.
    [{ co_ttdl: 'không', chuan_ttdl: 'Tier 1' }, '40', 'partial', 2],
  ])('%j → %s', (evidence, final, status, chosen) => {
    const i = item(unit(score(criteria, units, { a: evidence }), 'a'), '5.1');
    expect([i.final.toString(), i.status]).toEqual([final, status]);
    expect(i.message).toMatchObject({ id: 'max_of.best', data: { chosen } });
  });

  it('takes the one alternative read when the other, without evidence, could not give more', () => {
    // No centre declared, standard Tier 1: the boolean could give at most 35 ≤ 40 → 40.
    const i = item(unit(score(criteria, units, { a: { chuan_ttdl: 'Tier 1' } }), 'a'), '5.1');
    expect([i.final.toString(), i.status]).toEqual(['40', 'partial']);
    expect(i.message).toMatchObject({ id: 'max_of.best', data: { chosen: 2, alternatives: [{ status: 'no_evidence' }, { points: x('40') }] } });
    expect(vi(i)).toBe('cao nhất trong 2 cách tính là cách 2: mức "Tier 1"');
  });

  it('counts what 0/0 could earn in an alternative without evidence: bands with empty: full could give the max', () => {
    const withEmpty = criteriaOf(`${header}
criteria:
  - id: "5.2"
    title: Khiếu nại hoặc khen thưởng
    max: 2
    rule: { kind: max_of, rules: [ { kind: bands, indicator: khieu_nai, bands: [ { min: 50, points: 1 } ], empty: full }, { kind: boolean, indicator: khen_thuong, yes: 1.5 } ] }
`);
    const r = score(withEmpty, unitsOf({ a: 'xa', b: 'xa', c: 'xa' }), { a: { khen_thuong: 'có' }, b: { khen_thuong: 'có', khieu_nai: '0/0' }, c: { khen_thuong: 'có', khieu_nai: '60%' } });
    // a: the bands' top band is 1 < 1,5, but "không phát sinh" (0/0) would earn the max 2 → unknown.
    expect(outcome(unit(r, 'a'), '5.2')).toEqual({ final: '0', status: 'no_evidence', message: 'leaf.none_of' });
    // b: 0/0 → 2 = max(2, 1,5); c: 60% → 1 < 1,5 → 1,5.
    expect(item(unit(r, 'b'), '5.2').final.toString()).toBe('2');
    expect(item(unit(r, 'c'), '5.2').final.toString()).toBe('1.5');
  });

  it('has no evidence when an alternative without evidence could give more than the best read', () => {
    // A centre (35), the standard not given: it could be Tier 3 (60) → never guessed.
    for (const evidence of [{ co_ttdl: 'có' }, { co_ttdl: 'không' }, {}] as Array<Record<string, string>>) {
      const i = item(unit(score(criteria, units, { a: evidence }), 'a'), '5.1');
      expect([i.final.toString(), i.status, i.message.id]).toEqual(['0', 'no_evidence', 'leaf.none_of']);
    }
  });
});

describe('sum_of: parts that add up, capped at the leaf max', () => {
  // "Mỗi nội dung đạt được tính 1 điểm; tỷ lệ từ 50% được tính thêm 0,5 điểm; tối đa 2 điểm".
  const criteria = criteriaOf(`${header}
criteria:
  - id: "6"
    title: Cải cách
    children:
      - id: "6.2"
        title: Nội dung
        max: 2
        rule:
          kind: sum_of
          rules:
            - { kind: boolean, indicator: noi_dung_a, yes: 1 }
            - { kind: boolean, indicator: noi_dung_b, yes: 1 }
            - { kind: bands, indicator: ty_le, bands: [ { min: 50, points: 0.5 } ] }
`);
  const units = unitsOf({ a: 'xa' });

  it.each([
    // 1 + 1 + 0,5 = 2,5 → capped at 2.
    [{ noi_dung_a: 'có', noi_dung_b: 'có', ty_le: '60%' }, '2', 'met', true],
    // 1 + 1 + 0 = 2, not capped.
    [{ noi_dung_a: 'có', noi_dung_b: 'có', ty_le: '40%' }, '2', 'met', false],
    // 1 + 0 + 0,5 = 1,5.
    [{ noi_dung_a: 'có', noi_dung_b: 'không', ty_le: '50%' }, '1.5', 'partial', false],
    [{ noi_dung_a: 'không', noi_dung_b: 'không', ty_le: '0%' }, '0', 'not_met', false],
  ])('%j → %s', (evidence, final, status, capped) => {
    const i = item(unit(score(criteria, units, { a: evidence }), 'a'), '6.2');
    expect([i.final.toString(), i.status]).toEqual([final, status]);
    expect(i.message).toMatchObject({ id: 'sum_of.total', data: { capped } });
  });

  it('shows the parts and the cap', () => {
    const i = item(unit(score(criteria, units, { a: { noi_dung_a: 'có', noi_dung_b: 'có', ty_le: '60%' } }), 'a'), '6.2');
    expect(i.message).toMatchObject({ data: { total: x('2.5'), parts: [{ points: x('1') }, { points: x('1') }, { points: x('0.5') }] } });
    expect(vi(i)).toBe('có (1) + có (1) + 60%, mức từ 50% (0,5) = 2,5, tính bằng điểm tối đa');
  });

  it('is no sum with a part unknown', () => {
    const i = item(unit(score(criteria, units, { a: { noi_dung_a: 'có', noi_dung_b: 'có' } }), 'a'), '6.2');
    expect([i.final.toString(), i.status]).toEqual(['0', 'no_evidence']);
  });
});

describe('increment with partial: prorata', () => {
  // "Dân số trên 2.000.000 người thì cứ thêm 60.000 người được tính thêm 0,5 điểm … phần lẻ tính
  // theo tỷ lệ phần trăm của mức chênh lệch". The whole-step reading beside it, same indicator.
  const criteria = criteriaOf(`${header}
criteria:
  - id: "6"
    title: Quy mô
    children:
      - { id: "6.1", title: Dân số (theo tỷ lệ), max: 25, indicator: dan_so, rule: { kind: increment, from: 2000000, base: 10, step: 60000, per_step: 0.5, partial: prorata } }
      - { id: "6.1b", title: Dân số (bước tròn), max: 25, indicator: dan_so, rule: { kind: increment, from: 2000000, base: 10, step: 60000, per_step: 0.5 } }
      # "Tỷ lệ hộ nghèo thấp hơn 5% thì mỗi 1% thấp hơn được cộng 1 điểm, phần lẻ tính theo tỷ lệ"
      - { id: "6.3", title: Hộ nghèo, max: 4, indicator: ho_ngheo, rule: { kind: increment, from: 5, base: 0, step: 1, per_step: 1, direction: down, partial: prorata } }
`);
  const units = unitsOf({ a: 'xa' });

  it.each([
    // 90.000 over = 1,5 steps → 10 + 1,5 × 0,5 = 10,75; whole steps: 1 → 10,5.
    ['2.090.000', '10.75', '10.5'],
    // At the mark and below it: the base.
    ['2.000.000', '10', '10'],
    ['1.500.000', '10', '10'],
    // 10.000 over = 1/6 step → 10 + 1/12 = 10,0833… → 10,08 (rounded after the rule).
    ['2.010.000', '10.08', '10'],
    // 3.000 over = 0,05 step → 10 + 0,025 = 10,025 exactly → half-up 10,03 (binary floating point gives 10,02).
    ['2.003.000', '10.03', '10'],
    // 1.800.000 over = 30 steps → 10 + 15 = 25, the max exactly.
    ['3.800.000', '25', '25'],
    // 2.000.000 over = 33⅓ steps → 26,67 → capped at 25.
    ['4.000.000', '25', '25'],
  ])('%s people → %s pro rata, %s by whole steps', (text, prorata, whole) => {
    const u = unit(score(criteria, units, { a: { dan_so: text } }), 'a');
    expect(item(u, '6.1').final.toString()).toBe(prorata);
    expect(item(u, '6.1b').final.toString()).toBe(whole);
  });

  it('keeps the exact fraction of a step in the message', () => {
    const u = unit(score(criteria, units, { a: { dan_so: '2.090.000' } }), 'a');
    expect(item(u, '6.1').message).toMatchObject({ id: 'increment.prorata', data: { fraction: x('1.5'), capped: false } });
    expect(item(u, '6.1b').message).toMatchObject({ id: 'increment.steps', data: { steps: 1 } });
    const capped = unit(score(criteria, units, { a: { dan_so: '4.000.000' } }), 'a');
    expect(item(capped, '6.1').message).toMatchObject({ id: 'increment.prorata', data: { capped: true } });
  });

  it.each([
    // 5 − 3,2 = 1,8 below → 1,8 × 1 = 1,8.
    ['3,2', '1.8'],
    // At or above 5%: the base, 0.
    ['5', '0'],
    ['6', '0'],
    // 5 − 0,5 = 4,5 → 4,5, capped at 4.
    ['0,5', '4'],
    // 5 − 4,99 = 0,01 → 0,01.
    ['4,99', '0.01'],
  ])('direction down: %s%% poor households → %s', (text, final) => {
    const u = unit(score(criteria, units, { a: { ho_ngheo: text } }), 'a');
    expect(item(u, '6.3').final.toString()).toBe(final);
  });
});

describe('bands with empty: 0/0, "không phát sinh"', () => {
  const band = 'bands: [ { min: 90, points: 1 }, { min: 70, points: 0.5 } ]';
  const criteria = criteriaOf(`${header}
criteria:
  - id: "7"
    title: Giải quyết khiếu nại
    children:
      - { id: "7.1", title: Đủ điểm, max: 1, indicator: khieu_nai, rule: { kind: bands, ${band}, empty: full } }
      - { id: "7.2", title: Không điểm, max: 1, indicator: khieu_nai, rule: { kind: bands, ${band}, empty: zero } }
      - { id: "7.3", title: Không áp dụng, max: 1, indicator: khieu_nai, rule: { kind: bands, ${band}, empty: na } }
      - { id: "7.4", title: Không quy định, max: 1, indicator: to_cao, rule: { kind: bands, ${band} } }
`);
  const units = unitsOf({ a: 'xa', b: 'xa' });

  it('gives 0/0 the max with full, 0 with zero, and removes it from the max with na', () => {
    const r = score(criteria, units, { a: { khieu_nai: '0/0', to_cao: '45/50' } });
    const a = unit(r, 'a');
    expect(outcome(a, '7.1')).toEqual({ final: '1', status: 'met', message: 'proportional.empty' });
    expect(outcome(a, '7.2')).toEqual({ final: '0', status: 'not_met', message: 'proportional.empty' });
    expect(outcome(a, '7.3')).toEqual({ final: '0', status: 'not_applicable', message: 'leaf.na_empty' });
    // 45/50 = 90% → 1.
    expect(outcome(a, '7.4')).toEqual({ final: '1', status: 'met', message: 'bands.band' });
    // Max 1 + 1 + 1 (7.3 left out) = 3; points 1 + 0 + 1 = 2.
    expect([a.points.toString(), a.max.toString()]).toEqual(['2', '3']);
  });

  it('reads a ratio with cases as bands do, whatever empty says', () => {
    // 36/50 = 72% → 0,5 in all three.
    const a = unit(score(criteria, units, { a: { khieu_nai: '36/50' } }), 'a');
    expect(['7.1', '7.2', '7.3'].map((id) => item(a, id).final.toString())).toEqual(['0.5', '0.5', '0.5']);
  });

  it('refuses 0/0 as evidence without empty', () => {
    const set = collect(criteria, units, { a: { to_cao: '0/0' } });
    expect(set.problems.filter((p) => p.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'ratio-zero-denominator', unit: 'a', subject: '7.4', location: expect.objectContaining({ row: 2 }) }),
    ]);
    const r = scoreIndex({ criteria, units, inputs: set.inputs });
    expect(outcome(unit(r, 'a'), '7.4')).toEqual({ final: '0', status: 'invalid', message: 'leaf.invalid' });
  });
});

describe('boolean and levels with a negative floor: "bị 0 điểm và bị trừ 0,25 điểm"', () => {
  const criteria = criteriaOf(`${header}
criteria:
  - id: "2"
    title: Báo cáo
    children:
      - { id: "2.4", title: Báo cáo đúng hạn, max: 0.5, rule: { kind: boolean, yes: 0.5, no: -0.25, floor: -0.25 } }
      - { id: "2.5", title: Kiểm tra, max: 1, rule: { kind: levels, levels: { Đạt: 1, Đạt một phần: 0.5, Không đạt: 0, Vi phạm: -0.25 }, floor: -0.25 } }
`);
  const units = unitsOf({ a: 'xa', b: 'xa', c: 'xa' });

  it('scores below zero, lowers the total and the index', () => {
    const r = score(criteria, units, { a: { '2.4': 'không', '2.5': 'Vi phạm' }, b: { '2.4': 'có', '2.5': 'đạt một phần' }, c: { '2.4': 'không' } });
    const a = unit(r, 'a');
    expect(outcome(a, '2.4')).toEqual({ final: '-0.25', status: 'not_met', message: 'boolean.no' });
    expect(outcome(a, '2.5')).toEqual({ final: '-0.25', status: 'not_met', message: 'levels.level' });
    // Lost: 0,5 − (−0,25) = 0,75 and 1 − (−0,25) = 1,25.
    expect([item(a, '2.4').deduction.toString(), item(a, '2.5').deduction.toString()]).toEqual(['0.75', '1.25']);
    // −0,5 of 1,5 → index −0,5 / 1,5 × 100 = −33,33…, ranked last, below b (0,5 + 0,5 = 1 → 66,67).
    expect(a.points.toString()).toBe('-0.5');
    expect(a.index!.eq(Exact.of(-100n, 3n))).toBe(true);
    expect(unit(r, 'b').index!.eq(Exact.of(200n, 3n))).toBe(true);
    // c: −0,25 and no evidence for 2.5 (0, not −0,25) → −0,25.
    expect(outcome(unit(r, 'c'), '2.5')).toEqual({ final: '0', status: 'no_evidence', message: 'leaf.none' });
    expect(unit(r, 'c').points.toString()).toBe('-0.25');
    expect([unit(r, 'b').rank, unit(r, 'c').rank, a.rank]).toEqual([1, 2, 3]);
  });
});

describe('adjustments under a shared cap: "Điểm cộng, tối đa 5"', () => {
  const criteria = criteriaOf(`${header}
criteria:
  - { id: "1", title: Kết quả, max: 10, indicator: ket_qua, rule: { kind: given } }
adjustments:
  - id: IV
    title: Điểm cộng
    kind: bonus
    cap: 5
    children:
      - { id: "4.1", title: Sáng kiến cấp tỉnh, cap: 2, rule: { kind: given } }
      - { id: "4.2", title: Khen thưởng, cap: 2, rule: { kind: given } }
      - { id: "4.3", title: Nhiệm vụ đột xuất, cap: 2, rule: { kind: given } }
  - id: V
    title: Điểm cộng khác
    kind: bonus
    cap: 3
    children:
      - { id: "5.1", title: Thí điểm, cap: 2, rule: { kind: levels, levels: { Xuất sắc: 2, Tốt: 1.5, Đạt: 1 } } }
      - { id: "5.2", title: Hợp tác, cap: 2, rule: { kind: given } }
  - id: VI
    title: Điểm trừ
    kind: penalty
    cap: 1
    children:
      - { id: "6.1", title: Vi phạm kỷ luật, cap: 1, rule: { kind: deduction, per: 0.5 } }
      - { id: "6.2", title: Bị phê bình, cap: 1, rule: { kind: boolean, yes: 0.5 } }
`);
  const units = unitsOf({ a: 'xa', b: 'xa', c: 'xa' });
  const adj = (u: UnitResult) => Object.fromEntries(u.adjustments.map((a) => [a.id, a.final.toString()]));

  it('cuts the last child to what the cap leaves: 2 + 2 + 2 → 2, 2, 1', () => {
    const r = score(criteria, units, { a: { ket_qua: '6', '4.1': '2', '4.2': '2', '4.3': '2' } });
    const a = unit(r, 'a');
    expect(adj(a)).toMatchObject({ '4.1': '2', '4.2': '2', '4.3': '1' });
    const cut = a.adjustments.find((x) => x.id === '4.3')!;
    expect(cut.points.toString()).toBe('1');
    expect(cut.shared).toEqual({ id: 'IV', title: 'Điểm cộng', cap: x('5'), before: x('2') });
    expect(a.adjustments.find((x) => x.id === '4.1')!.shared).toBeUndefined();
    // 6 + 5 = 11.
    expect(a.points.toString()).toBe('11');
  });

  it('cuts the second child when the first two pass the cap: (cap 3) 2 + 2 → 2 + 1', () => {
    const r = score(criteria, units, { a: { ket_qua: '6', '5.1': 'Xuất sắc', '5.2': '2' }, b: { ket_qua: '6', '5.1': 'Đạt', '5.2': '2' } });
    expect(adj(unit(r, 'a'))).toMatchObject({ '5.1': '2', '5.2': '1' });
    // 1 + 2 = 3, exactly the cap: nothing cut.
    expect(adj(unit(r, 'b'))).toMatchObject({ '5.1': '1', '5.2': '2' });
    expect(unit(r, 'b').adjustments.find((x) => x.id === '5.2')!.shared).toBeUndefined();
  });

  it('applies each child’s own cap first, then the shared one', () => {
    // 4.1 gives 3, capped at 2 (its own); 2 + 1,5 + 1,5 = 5 → nothing cut by the shared cap.
    const r = score(criteria, units, { a: { '4.1': '3', '4.2': '1,5', '4.3': '1,5' } });
    const a = unit(r, 'a');
    expect(adj(a)).toMatchObject({ '4.1': '2', '4.2': '1.5', '4.3': '1.5' });
    expect(a.adjustments.find((x) => x.id === '4.1')!.uncapped!.toString()).toBe('3');
    expect(a.adjustments.find((x) => x.id === '4.3')!.shared).toBeUndefined();
  });

  it('leaves room a child without evidence did not use', () => {
    // 1 + nothing + 2 = 3 ≤ 5.
    const r = score(criteria, units, { a: { '4.1': '1', '4.3': '2' } });
    expect(adj(unit(r, 'a'))).toMatchObject({ '4.1': '1', '4.2': '0', '4.3': '2' });
  });

  it('bounds a shared penalty the same way, subtracting it', () => {
    // 6.1: 1 × 0,5 = 0,5; 6.2: 0,5 → 1, the cap exactly; with 2 violations 6.1 is 1 and 6.2 is cut to 0.
    const r = score(criteria, units, { a: { ket_qua: '8', '6.1': '1', '6.2': 'có' }, b: { ket_qua: '8', '6.1': '2', '6.2': 'có' } });
    expect(adj(unit(r, 'a'))).toMatchObject({ '6.1': '0.5', '6.2': '0.5' });
    expect(adj(unit(r, 'b'))).toMatchObject({ '6.1': '1', '6.2': '0' });
    // 8 − 1 = 7 for both.
    expect([unit(r, 'a').points.toString(), unit(r, 'b').points.toString()]).toEqual(['7', '7']);
  });

  it('still bounds a child an appraiser overrode', () => {
    const r = score(
      criteria,
      units,
      { a: { '4.1': '2', '4.2': '2', '4.3': '0' }, b: { '4.1': '2', '4.2': '2', '4.3': '2' } },
      { overrides: { a: { '4.3': ['2', 'Bổ sung nhiệm vụ đột xuất'] }, b: { '4.1': ['0', 'Sáng kiến chưa được công nhận'] } } },
    );
    // a: the override raises 4.3 to 2, but 2 + 2 already used 4 of 5 → final 1.
    const a43 = unit(r, 'a').adjustments.find((x) => x.id === '4.3')!;
    expect([a43.points.toString(), a43.final.toString()]).toEqual(['0', '1']);
    expect(a43.shared).toMatchObject({ id: 'IV', before: x('2') });
    // b: 4.1 overridden to 0 frees its room: finals 0 + 2 + 2 = 4; the computed points keep their
    // own sum, 2 + 2 + 1.
    const b = unit(r, 'b');
    expect(adj(b)).toMatchObject({ '4.1': '0', '4.2': '2', '4.3': '2' });
    expect(b.adjustments.find((x) => x.id === '4.3')!.points.toString()).toBe('1');
    expect(b.points.toString()).toBe('4');
  });
});

describe('cap on a rule, and a nested rule naming its own indicator', () => {
  const criteria = criteriaOf(`${header}
criteria:
  - id: "8"
    title: Mức trần
    children:
      # A simple top-level rule capped below the leaf's max: "tối đa không quá 1,5 điểm".
      - { id: "8.1", title: Tỷ lệ, max: 2, indicator: ty_le, rule: { kind: proportional, cap: 1.5 } }
      # A capped part inside a sum: "mỗi sáng kiến 0,5 điểm, tối đa 1 điểm; có khen thưởng 1 điểm".
      - id: "8.2"
        title: Sáng kiến và khen thưởng
        max: 3
        rule:
          kind: sum_of
          rules:
            - { kind: increment, indicator: so_sang_kien, from: 0, base: 0, step: 1, per_step: 0.5, cap: 1 }
            - { kind: boolean, indicator: khen_thuong, yes: 1 }
      # A nested rule without an indicator reads the leaf's (dich_vu); one that names its own reads that.
      - id: "8.3"
        title: Dịch vụ công
        max: 2
        indicator: dich_vu
        rule: { kind: max_of, rules: [ { kind: bands, bands: [ { min: 80, points: 2 }, { min: 50, points: 1 } ] }, { kind: boolean, indicator: co_giai_thuong, yes: 1.5 } ] }
      # A cap on a composite rule itself: yes 1, capped at 0,75.
      - { id: "8.4", title: Điều kiện, max: 1, rule: { kind: any, of: [ { indicator: khen_thuong } ], cap: 0.75 } }
`);
  const units = unitsOf({ a: 'xa', b: 'xa' });

  it.each([
    // 90% × 2 = 1,8 → capped at 1,5 (partial: below the max 2); 50% × 2 = 1, not capped.
    ['90%', '1.5', 'rule.capped'],
    ['50%', '1', 'proportional.rate'],
    ['75%', '1.5', 'proportional.rate'],
  ])('top-level cap: %s → %s', (text, final, id) => {
    const i = item(unit(score(criteria, units, { a: { ty_le: text } }), 'a'), '8.1');
    expect([i.final.toString(), i.status, i.message.id]).toEqual([final, 'partial', id]);
  });

  it('says what the cap cut', () => {
    const i = item(unit(score(criteria, units, { a: { ty_le: '90%' } }), 'a'), '8.1');
    expect(i.message).toMatchObject({ id: 'rule.capped', data: { cap: x('1.5'), points: x('1.8'), inner: { id: 'proportional.rate' } } });
    expect(vi(i)).toBe('tỷ lệ 90% = 1,8, tối đa 1,5');
  });

  it.each([
    // 5 initiatives → 2,5, capped at 1; + 1 → 2.
    [{ so_sang_kien: '5', khen_thuong: 'có' }, '2'],
    // 1 → 0,5; + 0 → 0,5.
    [{ so_sang_kien: '1', khen_thuong: 'không' }, '0.5'],
  ])('nested cap: %j → %s', (evidence, final) => {
    const i = item(unit(score(criteria, units, { a: evidence }), 'a'), '8.2');
    expect(i.final.toString()).toBe(final);
  });

  it('explains the nested cap inside the sum', () => {
    const i = item(unit(score(criteria, units, { a: { so_sang_kien: '5', khen_thuong: 'có' } }), 'a'), '8.2');
    expect(i.message).toMatchObject({ id: 'sum_of.total', data: { total: x('2'), parts: [{ points: x('1'), message: { id: 'rule.capped', data: { points: x('2.5') } } }, { points: x('1') }] } });
  });

  it('reads the leaf’s indicator in a nested rule without one, and its own where named', () => {
    // 85% → 2 by the bands (dich_vu, row 2); the prize (co_giai_thuong, row 3) gives 1,5.
    const r = score(criteria, units, { a: { dich_vu: '85%', co_giai_thuong: 'có' }, b: { dich_vu: '60%', co_giai_thuong: 'có' } });
    const a = item(unit(r, 'a'), '8.3');
    expect(a.final.toString()).toBe('2');
    expect(a.evidence).toEqual([row(2), row(3)]);
    // 60% → 1 < 1,5 → the prize decides.
    const b = item(unit(r, 'b'), '8.3');
    expect(b.final.toString()).toBe('1.5');
    expect(b.message).toMatchObject({ id: 'max_of.best', data: { chosen: 2 } });
  });

  it('caps a composite rule too', () => {
    const i = item(unit(score(criteria, units, { a: { khen_thuong: 'có' } }), 'a'), '8.4');
    expect([i.final.toString(), i.status, i.message.id]).toEqual(['0.75', 'partial', 'rule.capped']);
  });
});

describe('criteria-file tests with attributes and an expected status', () => {
  const file = (tests: string) => `${header}
attributes:
  mien_nui: { title: Xã miền núi, type: boolean }
criteria:
  - id: "1"
    title: Quy mô
    children:
      - id: "1.1"
        title: Dân số
        max: 35
        indicator: dan_so_xa
        rule:
          kind: cases
          cases:
            - { when: { attribute: mien_nui }, rule: { kind: increment, from: 2625, base: 10, step: 75, per_step: 0.5 } }
          otherwise: { kind: increment, from: 3500, base: 10, step: 100, per_step: 0.5 }
      - { id: "1.2", title: Khiếu nại, max: 1, indicator: khieu_nai, rule: { kind: bands, bands: [ { min: 90, points: 1 } ], empty: na } }
      - { id: "1.3", title: Kinh phí, max: 1, rule: { kind: all, of: [ { indicator: du_nhiem_vu }, { indicator: co_kinh_phi } ] } }
tests:
${tests}`;
  const run = (tests: string) => {
    const { criteria, problems } = loadCriteria(file(tests), 'tieu-chi.yaml');
    if (!criteria) throw new Error(JSON.stringify(problems.filter((p) => p.severity === 'error')));
    return runExamples(criteria, 'tieu-chi.yaml');
  };

  it('passes expectations of points and of status, in words or as a key', () => {
    const results = run(`
  - name: xã miền núi 4.000 dân
    group: xa
    attributes: { mien_nui: có }
    evidence: { dan_so_xa: 4000, khieu_nai: 0/0, du_nhiem_vu: có, co_kinh_phi: không }
    # 4.000 − 2.625 = 1.375 → 18 steps of 75 → 10 + 9 = 19; 0/0 → not applicable; one condition fails → 0.
    expect: { "1.1": 19, "1.2": không áp dụng, "1.3": 0 }
  - name: xã đồng bằng 4.000 dân
    group: xa
    attributes: { mien_nui: không }
    evidence: { dan_so_xa: 4000, khieu_nai: 0/0, du_nhiem_vu: có, co_kinh_phi: có }
    # 500 → 5 steps → 12,5; all holds → 1; total 12,5 + 1 = 13,5 of 36.
    expect: { "1.1": 12.5, "1.2": { status: not_applicable }, "1.3": { status: met }, total: 13.5 }
  - name: thiếu thông tin miền núi
    group: xa
    evidence: { dan_so_xa: 4000 }
    expect: { "1.1": không có minh chứng, "1.3": { status: no_evidence } }
`);
    expect(results.map((r) => [r.test.name, r.ok, r.problems])).toEqual([
      ['xã miền núi 4.000 dân', true, []],
      ['xã đồng bằng 4.000 dân', true, []],
      ['thiếu thông tin miền núi', true, []],
    ]);
    expect(results[0]!.checks.map((c) => [c.item, String(c.actual)])).toEqual([
      ['1.1', '19'],
      ['1.2', 'not_applicable'],
      ['1.3', '0'],
    ]);
  });

  it('fails a wrong expectation, of points or of status, and says what it got', () => {
    const results = run(`
  - name: sai điểm
    group: xa
    attributes: { mien_nui: có }
    evidence: { dan_so_xa: 4000 }
    expect: { "1.1": 12.5 }
  - name: sai trạng thái
    group: xa
    attributes: { mien_nui: có }
    evidence: { dan_so_xa: 4000, khieu_nai: 0/0 }
    expect: { "1.2": đạt }
  - name: sai thuộc tính
    group: xa
    attributes: { mien_nui: không }
    evidence: { dan_so_xa: 4000 }
    expect: { "1.1": 19 }
`);
    expect(results.map((r) => r.ok)).toEqual([false, false, false]);
    // The mountain commune gets 19, not the lowland 12,5; 1.2 is not applicable, not met.
    expect(results[0]!.checks).toEqual([expect.objectContaining({ item: '1.1', ok: false, actual: x('19') })]);
    expect(results[1]!.checks).toEqual([expect.objectContaining({ item: '1.2', ok: false, expected: 'met', actual: 'not_applicable' })]);
    expect(results[2]!.checks).toEqual([expect.objectContaining({ item: '1.1', ok: false, actual: x('12.5') })]);
  });

  it('reports an attribute value that cannot be read as a problem of the example', () => {
    const results = run(`
  - name: thuộc tính sai kiểu
    group: xa
    attributes: { mien_nui: "hai" }
    evidence: { dan_so_xa: 4000 }
    expect: { "1.1": { status: no_evidence } }
`);
    expect(results[0]!.ok).toBe(false);
    expect(results[0]!.problems.map((p) => p.code)).toEqual(['value-type']);
  });
});

describe('the floor of a rule inside another', () => {
  const file = (floor: string) => `${header}
criteria:
  # "Không vi phạm: 1; mỗi lần vi phạm trừ 0,5 điểm, tối đa trừ đến −1 điểm"
  - id: "9.1"
    title: Kỷ luật, kỷ cương
    max: 1
    rule:
      kind: cases
      cases:
        - { when: { indicator: khong_vi_pham }, points: 1 }
      otherwise: { kind: deduction, indicator: so_vi_pham, per: 0.5, floor: -1 }
      ${floor}
`;

  it('refuses a deduction inside a rule whose own floor is higher: the leaf would go below it', () => {
    const { criteria, problems } = loadCriteria(file(''), 'tieu-chi.yaml');
    expect(criteria).toBeUndefined();
    expect(problems.filter((p) => p.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'points-below-floor', data: { id: '9.1', key: 'otherwise.floor', points: x('-1'), floor: x('0') }, path: ['criteria', 0, 'rule', 'otherwise', 'floor'] }),
    ]);
  });

  it('scores down to the inner floor once the outer rule allows it', () => {
    const criteria = criteriaOf(file('floor: -1'));
    const r = score(criteria, unitsOf({ a: 'xa', b: 'xa' }), { a: { khong_vi_pham: 'không', so_vi_pham: '5' }, b: { khong_vi_pham: 'không', so_vi_pham: '1' } });
    // 1 − 5 × 0,5 = −1,5 → the floor −1; 1 − 0,5 = 0,5.
    expect(item(unit(r, 'a'), '9.1').final.toString()).toBe('-1');
    expect(item(unit(r, 'b'), '9.1').final.toString()).toBe('0.5');
  });

  it('refuses given points below the outer floor in a sum', () => {
    const { problems } = loadCriteria(
      `${header}
criteria:
  - { id: "9.2", title: Tổng, max: 2, rule: { kind: sum_of, rules: [ { kind: given, indicator: diem_a, floor: -0.5 }, { kind: given, indicator: diem_b } ] } }
`,
      'tieu-chi.yaml',
    );
    expect(problems.filter((p) => p.severity === 'error').map((p) => [p.code, (p.data as { key: string }).key])).toEqual([['points-below-floor', 'rules.0.floor']]);
  });
});
