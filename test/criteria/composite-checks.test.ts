import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Exact } from '../../src/core/exact.js';
import type { Problem } from '../../src/core/problems.js';
import { compileCondition, type RawCondition } from '../../src/core/rules/conditions.js';
import { leafReads, readKey } from '../../src/core/rules/evaluate.js';
import { levelsRule } from '../../src/core/rules/levels.js';
import { loadCriteria } from '../../src/criteria/index.js';
import { runExamples } from '../../src/criteria/examples.js';
import { unreachableCases } from '../../src/criteria/reach.js';
import { locatedReads } from '../../src/core/rules/tree.js';
import { readUnits } from '../../src/evidence/units.js';
import { problemMessage } from '../../src/explain/problems.js';
import { run } from '../helpers/cli.js';

/**
 * The checks of composite rules, conditions and unit attributes: each problem with its code, its
 * data and the line and column it points at, all worked out by reading the YAML below. Every file
 * starts with the same ten lines, so its body starts on line 11; columns are counted in the lines
 * as written (a flow map `- { when: { indicator: x } }` at 8 spaces has its `{` at column 11 and
 * the `when` value's `{` at column 19).
 */
const HEAD = `format: parscore/criteria@1
id: kiem-tra
title: Kiểm tra các quy tắc ghép
year: 2025
groups: [{ id: xa, title: Xã }]
attributes:
  mien_nui: { title: "Xã miền núi, vùng cao", type: boolean, column: Miền núi }
  dan_so: { title: Dân số, type: number }
  vung: { title: Vùng, type: text }
criteria:
`;

function load(body: string) {
  return loadCriteria(HEAD + body, 'kiem-tra.yaml');
}

/** Exact numbers as their decimal text, for comparing data written by hand. */
function plain(data: unknown): unknown {
  return JSON.parse(JSON.stringify(data, (_k, v: unknown) => (v instanceof Exact ? v.toString() : v)));
}

function found(problems: readonly Problem[]): Array<[string, string, unknown]> {
  return problems.map((p) => [p.code, `${p.location?.line}:${p.location?.column}`, plain(p.data)]);
}

describe('the schema inside composite rules', () => {
  it('refuses a negative cap: a rule never gives below its floor', () => {
    const { criteria, problems } = load(`  - id: "1"
    title: Kinh phí
    max: 1
    responsible: Văn phòng
    rule: { kind: boolean, cap: -0.5 }
`);
    expect(criteria).toBeUndefined();
    // Line 15: "    rule: { kind: boolean, cap: -0.5 }": 4 spaces, "rule: " (5–10), "{ " (11–12),
    // "kind: boolean, " (13–27), "cap: " (28–32), so -0.5 starts at column 33.
    expect(found(problems)).toEqual([['too-small', '15:33', { minimum: 0, inclusive: true, what: 'number' }]]);
  });

  it('says a condition has the wrong shape, at the condition, naming the keys written', () => {
    const { criteria, problems } = load(`  - id: "1"
    title: Kinh phí
    max: 1
    responsible: Văn phòng
    rule:
      kind: all
      of:
        - { indicator: co_kinh_phi, attribute: mien_nui }
        - { all: [{ indicator: du_nhiem_vu, below: 3, at_most: 4 }] }
        - { indicatr: co_kinh_phi }
`);
    expect(criteria).toBeUndefined();
    // Line 18: the condition's "{" at column 11. Line 19: "- { all: [{" puts the inner "{" at
    // column 19. Line 20: the misspelt key at column 13 is the mistake, not the shape it leaves.
    expect(found(problems)).toEqual([
      ['condition-shape', '18:11', { keys: ['indicator', 'attribute'] }],
      ['condition-shape', '19:19', { keys: ['indicator', 'below', 'at_most'] }],
      [
        'unknown-key',
        '20:13',
        { key: 'indicatr', allowed: ['indicator', 'attribute', 'is', 'min', 'above', 'below', 'at_most', 'of', 'all', 'any', 'not'], suggestion: 'indicator' },
      ],
    ]);
  });

  it('says a case gives both points and a rule, or neither', () => {
    const { problems } = load(`  - id: "1"
    title: Tự cân đối
    max: 10
    responsible: Văn phòng
    rule:
      kind: cases
      cases:
        - { when: { indicator: tu_can_doi }, points: 10, rule: { kind: boolean } }
        - { when: { indicator: mien_nui_xa } }
      otherwise: { points: 0 }
`);
    expect(found(problems)).toEqual([
      ['case-outcome', '18:11', { has: 'both' }],
      ['case-outcome', '19:11', { has: 'neither' }],
    ]);
  });

  it('points at a mistake deep inside a rule, with a did-you-mean, whatever union it is in', () => {
    const { problems } = load(`  - id: "1"
    title: Thu ngân sách
    max: 10
    responsible: Văn phòng
    rule:
      kind: cases
      cases:
        - { when: { indicator: tu_can_doi }, rule: { kind: boolean, yess: 10 } }
      otherwise: { kind: increment, indicator: ty_le_thu, from: 30, base: 3, step: 5, per_step: 0.5, partal: prorata }
  - id: "2"
    title: Trung tâm dữ liệu
    max: 60
    responsible: Sở Khoa học và Công nghệ
    rule:
      kind: max_of
      rules:
        - { kind: boolen, indicator: co_ttdl, yes: 35 }
        - { kind: levels, indicator: chuan_ttdl, levels: { Tier 3: 60 } }
  - id: "3"
    title: Khác
    max: 1
    responsible: Văn phòng
    rule:
      kind: cases
      cases:
        - { when: { indicator: x }, points: 1 }
      otherwise: { kind: propotional }
`);
    const kinds = ['boolean', 'deadline', 'bands', 'proportional', 'increment', 'levels', 'deduction', 'relative', 'manual', 'given', 'all', 'any', 'cases', 'max_of', 'sum_of'];
    // Line 18: "yess" after "{ kind: boolean, " at column 69. Line 19: `otherwise` is a rule or
    // { points }; with `kind` it is the increment, whose keys are offered ("partal" at column 102).
    // Line 27: "boolen" at column 19. Line 37: "propotional" at column 26, though `otherwise`
    // could also have been { points }.
    expect(found(problems)).toEqual([
      ['unknown-key', '18:69', { key: 'yess', allowed: ['kind', 'yes', 'no', 'floor', 'indicator', 'cap'], suggestion: 'yes' }],
      [
        'unknown-key',
        '19:102',
        { key: 'partal', allowed: ['kind', 'from', 'base', 'step', 'per_step', 'direction', 'partial', 'indicator', 'cap'], suggestion: 'partial' },
      ],
      ['unknown-rule-kind', '27:19', { kind: 'boolen', allowed: kinds, suggestion: 'boolean' }],
      ['unknown-rule-kind', '37:26', { kind: 'propotional', allowed: kinds, suggestion: 'proportional' }],
    ]);
  });
});

describe('attributes in conditions', () => {
  it('must be declared; a near miss gets a did-you-mean, and the declared ones are listed', () => {
    const { problems } = load(`  - id: "1.1"
    title: Dân số
    max: 35
    responsible: Văn phòng
    indicator: dan_so_xa
    rule:
      kind: cases
      cases:
        - when: { attribute: bien_gioi }
          rule: { kind: increment, from: 1050, base: 10, step: 30, per_step: 0.5 }
        - when: { attribute: mien_nuj }
          rule: { kind: increment, from: 2625, base: 10, step: 75, per_step: 0.5 }
      otherwise: { kind: increment, from: 3500, base: 10, step: 100, per_step: 0.5 }
`);
    // "        - when: { attribute: " is 29 characters: the name starts at column 30.
    const allowed = ['mien_nui', 'dan_so', 'vung'];
    expect(found(problems)).toEqual([
      ['unknown-attribute', '19:30', { attribute: 'bien_gioi', allowed }],
      ['unknown-attribute', '21:30', { attribute: 'mien_nuj', suggestion: 'mien_nui', allowed }],
    ]);
    expect(problemMessage(problems[1]!, 'vi')).toBe(
      'Thuộc tính "mien_nuj" chưa được khai báo trong attributes:. Có phải ý bạn là "mien_nui"? Các thuộc tính đã khai báo: mien_nui, dan_so, vung.',
    );
  });

  it('are tested as their type allows: yes/no as yes, a number by comparison, a text with is', () => {
    const { problems } = load(`  - id: "1"
    title: Thuận lợi
    max: 2
    responsible: Văn phòng
    rule:
      kind: any
      of:
        - { attribute: mien_nui, is: có }
        - { attribute: dan_so }
        - { attribute: dan_so, is: lớn }
        - { attribute: vung, at_most: 3 }
        - { attribute: vung }
        - { attribute: dan_so, below: 5000 }
        - { not: { attribute: mien_nui } }
        - { attribute: vung, is: Tây Bắc }
`);
    // Each points at the test that cannot be (is:, at_most:), or at the attribute when the test
    // is "yes" by default. A population compared without `of: number` is right (line 23), as are
    // a yes/no fact under not: (24) and a text with is: (25).
    expect(found(problems)).toEqual([
      ['attribute-test', '18:38', { attribute: 'mien_nui', type: 'boolean', test: 'is' }],
      ['attribute-test', '19:24', { attribute: 'dan_so', type: 'number', test: 'yes' }],
      ['attribute-test', '20:36', { attribute: 'dan_so', type: 'number', test: 'is' }],
      ['attribute-test', '21:39', { attribute: 'vung', type: 'text', test: 'compare' }],
      ['attribute-test', '22:24', { attribute: 'vung', type: 'text', test: 'yes' }],
    ]);
  });
});

describe('indicators read by composite rules', () => {
  it('are read as one kind of value across the file: a conflict at the later read names both', () => {
    const { problems } = load(`  - id: "1.1.2"
    title: Nhiệm vụ và kinh phí
    max: 1
    responsible: Văn phòng
    rule: { kind: all, of: [ { indicator: du_nhiem_vu }, { indicator: co_kinh_phi } ] }
  - id: "1.1.3"
    title: Giải ngân
    max: 1
    responsible: Văn phòng
    rule:
      kind: cases
      cases:
        - { when: { indicator: co_kinh_phi, min: 50 }, points: 1 }
        - { when: { indicator: giai_ngan, min: 80 }, points: 1 }
      otherwise: { kind: bands, indicator: giai_ngan, of: number, bands: [ { min: 50, points: 0.5 } ] }
  - id: "1.2"
    title: Đánh giá
    max: 2
    responsible: Văn phòng
    indicator: danh_gia
    rule: { kind: levels, levels: { Đạt: 2, Đạt một phần: 1, Không đạt: 0 } }
  - id: "1.3"
    title: Thưởng
    max: 1
    responsible: Văn phòng
    rule:
      kind: any
      of:
        - { indicator: danh_gia, is: đạt }
        - { indicator: danh_gia, is: Tốt }
`);
    // co_kinh_phi: yes/no in 1.1.2, a percent in 1.1.3 (line 23, the indicator at column 32).
    // giai_ngan as a percent and as a number go together; danh_gia's "đạt" is the level Đạt, but
    // "Tốt" (line 40, column 24) is none of its levels.
    expect(found(problems)).toEqual([
      ['read-conflict', '23:32', { indicator: 'co_kinh_phi', id: '1.1.3', reads: 'percent', other: 'boolean', otherId: '1.1.2' }],
      [
        'read-conflict',
        '40:24',
        { indicator: 'danh_gia', id: '1.3', reads: 'text', other: 'level', otherId: '1.2', text: 'Tốt', levels: ['Đạt', 'Đạt một phần', 'Không đạt'] },
      ],
    ]);
    expect(problemMessage(problems[0]!, 'vi')).toContain('1.1.3 đọc chỉ tiêu "co_kinh_phi" là tỷ lệ phần trăm, nhưng 1.1.2 đọc nó là có/không');
    expect(problemMessage(problems[1]!, 'en')).toContain('1.3 tests indicator "danh_gia" with is: "Tốt", but 1.2 reads it as a level among "Đạt", "Đạt một phần", "Không đạt"');
  });

  it('count as used, and are checked against what a derived indicator gives', () => {
    const { problems } = load(`  - id: "2.1"
    title: Giải quyết đúng hạn
    max: 2
    responsible: Bộ phận một cửa
    rule:
      kind: cases
      cases:
        - { when: { indicator: dung_han, min: 95 }, points: 2 }
        - { when: { indicator: truc_tuyen }, points: 1 }
      otherwise: { points: 0 }
indicators:
  dung_han: { from: ho_so, on_time: { done: ngay_tra, due: han_tra } }
  truc_tuyen: { from: ho_so, share: { column: kenh_nop, values: [Trực tuyến] } }
`);
    // Both are read only by conditions, so neither is unused; dung_han is compared as a percent,
    // which it gives, but truc_tuyen (a share, a percent) is tested as yes/no (line 19, column 32).
    expect(found(problems)).toEqual([['indicator-type', '19:32', { id: '2.1', indicator: 'truc_tuyen', gives: 'percent', needs: 'boolean' }]]);
  });

  it('are the names an unused derived indicator is compared with', () => {
    const { problems } = load(`  - id: "2.2"
    title: Số hồ sơ
    max: 1
    responsible: Bộ phận một cửa
    rule: { kind: any, of: [ { indicator: so_hoso, min: 100, of: number } ] }
indicators:
  so_ho_so: { from: ho_so, count: {} }
`);
    // Only a condition reads so_hoso: one letter from the derived so_ho_so (line 17, its key).
    expect(found(problems)).toEqual([['unused-indicator', '17:3', { indicator: 'so_ho_so', near: 'so_hoso' }]]);
  });

  it('may be given evidence in tests; test attributes must be declared', () => {
    const { problems } = load(`  - id: "1"
    title: Kinh phí
    max: 1
    responsible: Văn phòng
    rule:
      kind: cases
      cases:
        - { when: { attribute: mien_nui }, points: 1 }
        - { when: { indicator: co_kinh_phi }, rule: { kind: boolean, indicator: du_nhiem_vu } }
      otherwise: { points: 0 }
tests:
  - name: xã miền núi
    group: xa
    attributes: { mien_nui: có, mien_nuii: có }
    evidence: { co_kinh_phi: có, du_nhiem_vu: không, du_nhiem_vuu: có }
    expect: { "1": 1 }
`);
    // co_kinh_phi and du_nhiem_vu are read only inside the cases; the test's misspelt attribute
    // (line 24, key at column 33) and indicator (line 25, key at column 54) are not.
    expect(found(problems)).toEqual([
      ['unknown-test-attribute', '24:33', { attribute: 'mien_nuii', suggestion: 'mien_nui' }],
      ['unknown-test-indicator', '25:54', { indicator: 'du_nhiem_vuu', suggestion: 'du_nhiem_vu' }],
    ]);
  });
});

describe('cases that can never decide', () => {
  it('are found after an unconditional case, after a repeated condition, inside a range, or when they never hold', () => {
    const { problems } = load(`  - id: "3.1"
    title: Thu ngân sách
    max: 10
    responsible: Phòng Tài chính
    rule:
      kind: cases
      cases:
        - { when: { any: [ { indicator: tu_can_doi }, { not: { indicator: tu_can_doi } } ] }, points: 10 }
        - { when: { indicator: ty_le_thu, min: 50 }, points: 8 }
      otherwise: { points: 3 }
  - id: "3.2"
    title: Tỷ lệ thu
    max: 10
    responsible: Phòng Tài chính
    rule:
      kind: cases
      cases:
        - { when: { indicator: ty_le_thu, min: 50 }, points: 10 }
        - { when: { indicator: ty_le_thu, above: 70 }, points: 8 }
        - { when: { indicator: ty_le_thu, min: 30, below: 50 }, points: 6 }
        - { when: { attribute: mien_nui }, points: 5 }
        - { when: { attribute: mien_nui }, points: 4 }
        - { when: { any: [ { indicator: ty_le_thu, at_most: 20 }, { attribute: mien_nui } ] }, points: 2 }
      otherwise: { points: 0 }
  - id: "3.3"
    title: Mâu thuẫn
    max: 1
    responsible: Phòng Tài chính
    rule:
      kind: cases
      cases:
        - { when: { all: [ { indicator: tu_can_doi }, { not: { indicator: tu_can_doi } } ] }, points: 1 }
      otherwise: { points: 0 }
`);
    // 3.1: case 1 holds for yes and for no. 3.2: above 70 is at least 50 (case 1); the second
    // mien_nui is taken by case 1 (≥ 50), case 3 (30 to 50) or case 4 (below 30); case 6 still
    // decides at 20 or below without mien_nui. 3.3: yes and not yes at once never holds.
    expect(found(problems)).toEqual([
      ['case-unreachable', '19:19', { id: '3.1', case: 2, by: [1] }],
      ['case-unreachable', '29:19', { id: '3.2', case: 2, by: [1] }],
      ['case-unreachable', '32:19', { id: '3.2', case: 5, by: [1, 3, 4] }],
      ['case-unreachable', '42:19', { id: '3.3', case: 1, by: [] }],
    ]);
    expect(problemMessage(problems[2]!, 'vi')).toBe(
      '3.2: trường hợp 5 không bao giờ được xét, vì các trường hợp 1, 3, 4 đã đúng mỗi khi nó đúng; hãy sắp xếp lại hoặc sửa điều kiện.',
    );
  });

  it('are tried over texts, and not at all beyond 4096 combinations', () => {
    const c = (raw: RawCondition) => compileCondition(raw);
    // "Đạt" then "đạt": the same text once folded. "Khá" is reachable: no earlier case names it.
    expect(unreachableCases([c({ indicator: 'xep_loai', is: 'Đạt' }), c({ indicator: 'xep_loai', is: 'Khá' }), c({ indicator: 'XEP_LOAI', is: 'đạt' })])).toEqual([
      { case: 3, by: [1] },
    ]);
    // 13 yes/no facts are 2^13 = 8192 combinations: too many, even with case 2 repeating case 1.
    const thirteen = Array.from({ length: 13 }, (_, i) => ({ indicator: `f${i}` }));
    const many = c({ all: thirteen });
    expect(unreachableCases([many, many])).toBeUndefined();
    // 12 are 4096: tried, and case 2 is found.
    const twelve = c({ all: thirteen.slice(0, 12) });
    expect(unreachableCases([twelve, twelve])).toEqual([{ case: 2, by: [1] }]);
  });
});

describe('caps, nested kinds and the indicator of a leaf’s own rule', () => {
  it('refuses a cap above the max, on the leaf’s own rule or inside another', () => {
    const { problems } = load(`  - id: "3.1"
    title: Thu ngân sách
    max: 10
    responsible: Phòng Tài chính
    rule:
      kind: cases
      cases:
        - { when: { indicator: tu_can_doi }, points: 10 }
      otherwise: { kind: increment, indicator: ty_le_thu, from: 30, base: 3, step: 5, per_step: 0.5, cap: 12 }
  - id: "3.2"
    title: Báo cáo
    max: 2
    responsible: Phòng Tài chính
    rule: { kind: boolean, cap: 2.5 }
`);
    // Line 19: "cap: " ends at column 106, so 12 is at 107. Line 24: 2.5 at column 33.
    expect(found(problems)).toEqual([
      ['cap-above-max', '19:107', { id: '3.1', cap: '12', max: '10' }],
      ['cap-above-max', '24:33', { id: '3.2', cap: '2.5', max: '2' }],
    ]);
  });

  it('refuses relative inside another rule, and not as a leaf’s own', () => {
    const { problems } = load(`  - id: "4"
    title: Sáng kiến
    max: 5
    responsible: Văn phòng
    rule:
      kind: max_of
      rules:
        - { kind: boolean, indicator: co_giai_thuong }
        - { kind: relative, indicator: so_sang_kien }
  - id: "5"
    title: Sáng kiến so với nhóm
    max: 5
    responsible: Văn phòng
    rule: { kind: relative }
`);
    expect(found(problems)).toEqual([['nested-rule', '19:19', { id: '4', kind: 'relative' }]]);
  });

  it('wants the indicator of a leaf’s or adjustment’s own rule on the leaf or adjustment', () => {
    const { problems } = load(`  - id: "5"
    title: Báo cáo
    max: 1
    responsible: Văn phòng
    rule: { kind: boolean, indicator: bao_cao }
adjustments:
  - { id: thuong, title: Thưởng, kind: bonus, cap: 2, rule: { kind: given, indicator: diem_thuong } }
`);
    expect(found(problems)).toEqual([
      ['rule-indicator', '15:39', { id: '5', indicator: 'bao_cao' }],
      ['rule-indicator', '17:87', { id: 'thuong', indicator: 'diem_thuong' }],
    ]);
  });
});

describe('points inside composite rules', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('are checked against the max, the floor and the precision, and a cap counts for the best', () => {
    const check = vi.spyOn(levelsRule as Required<typeof levelsRule>, 'check');
    const { problems } = load(`  - id: "1"
    title: Nhiều cách
    max: 10
    responsible: Văn phòng
    rule:
      kind: cases
      cases:
        - { when: { indicator: a }, points: 12 }
        - { when: { indicator: b }, rule: { kind: boolean, indicator: c, yes: 11, no: -1 } }
      otherwise: { kind: max_of, rules: [ { kind: boolean, indicator: d, yes: 0.125 }, { kind: levels, indicator: e, levels: { A: 3, a: 2 } } ] }
  - id: "2"
    title: Có trần
    max: 10
    responsible: Văn phòng
    rule:
      kind: cases
      cases:
        - { when: { indicator: a }, points: 8 }
      otherwise: { kind: boolean, indicator: f, cap: 6 }
`);
    // Line 18: 12 at column 45. Line 19: yes 11 at 79, no -1 at 87 (the cases' floor is 0).
    // Line 20: 0.125 at 79; the second level "a" (key at 134) repeats "A". Leaf 2 gives at most
    // 8: the otherwise's 10 is capped at 6 (said at its rule, whose first key is line 26, column 7).
    expect(found(problems)).toEqual([
      ['points-above-max', '18:45', { id: '1', key: 'cases.0.points', points: '12', max: '10' }],
      ['points-above-max', '19:79', { id: '1', key: 'cases.1.rule.yes', points: '11', max: '10' }],
      ['points-below-floor', '19:87', { id: '1', key: 'cases.1.rule.no', points: '-1', floor: '0' }],
      ['points-precision', '20:79', { id: '1', key: 'otherwise.rules.0.yes', points: '0.125', precision: 2 }],
      ['level-duplicate', '20:134', { id: '1', level: 'a', first: 'A' }],
      ['max-unreachable', '26:7', { id: '2', best: '8', max: '10' }],
    ]);
    // A kind's own check hears the leaf's max, inside the cases and the max_of too.
    expect(check).toHaveBeenCalledTimes(1);
    const ctx = check.mock.calls[0]![1];
    expect(ctx.id).toBe('1');
    expect(ctx.max?.eq(Exact.of(10))).toBe(true);
  });
});

/** The design's composite forms together, as an office would write them: no problem at all. */
const VALID = `format: parscore/criteria@1
id: xa-ghep
title: Bộ chỉ số có quy tắc ghép
year: 2025
groups: [{ id: xa, title: Xã }]
attributes:
  mien_nui:  { title: "Xã miền núi, vùng cao", type: boolean, column: Miền núi }
  bien_gioi: { title: Xã biên giới, type: boolean }
  dan_so:    { title: Dân số, type: number }
criteria:
  - id: "1"
    title: Các tiêu chí
    responsible: Văn phòng
    children:
      - id: "1.1.2"
        title: Nhiệm vụ và kinh phí
        max: 1
        rule: { kind: all, of: [ { indicator: du_nhiem_vu }, { indicator: co_kinh_phi } ], yes: 1, no: 0 }
      - id: "3.1"
        title: Thu ngân sách
        max: 10
        rule:
          kind: cases
          cases:
            - { when: { indicator: tu_can_doi }, points: 10 }
          otherwise: { kind: increment, indicator: ty_le_thu, from: 30, base: 3, step: 5, per_step: 0.5, cap: 8 }
      - id: "1.1"
        title: Dân số
        max: 35
        indicator: dan_so_xa
        rule:
          kind: cases
          cases:
            - { when: { attribute: bien_gioi }, rule: { kind: increment, from: 1050, base: 10, step: 30, per_step: 0.5 } }
            - { when: { attribute: mien_nui }, rule: { kind: increment, from: 2625, base: 10, step: 75, per_step: 0.5 } }
            - { when: { attribute: dan_so, min: 50000 }, points: 35 }
          otherwise: { kind: increment, from: 3500, base: 10, step: 100, per_step: 0.5 }
      - id: "5.1"
        title: Trung tâm dữ liệu
        max: 60
        rule: { kind: max_of, rules: [ { kind: boolean, indicator: co_ttdl, yes: 35 }, { kind: levels, indicator: chuan_ttdl, levels: { Tier 3: 60, Tier 2: 50, Tier 1: 40 } } ] }
      - id: "5.2"
        title: Chuẩn cao hoặc biên giới
        max: 1
        rule: { kind: any, of: [ { indicator: chuan_ttdl, is: tier 3 }, { attribute: bien_gioi } ] }
      - id: "6.1"
        title: Quy mô dân số
        max: 25
        rule: { kind: increment, from: 2000000, base: 10, step: 60000, per_step: 0.5, partial: prorata }
      - id: "2.4"
        title: Vi phạm
        max: 0.5
        rule: { kind: boolean, yes: 0.5, no: -0.25, floor: -0.25 }
adjustments:
  - id: IV
    title: Điểm cộng
    kind: bonus
    cap: 5
    children:
      - { id: "4.1", title: Sáng kiến cấp tỉnh, cap: 2, rule: { kind: levels, levels: { Xuất sắc: 2, Tốt: 1.5, Đạt: 1 } } }
      - { id: "4.2", title: Khen thưởng, cap: 2, rule: { kind: given } }
tests:
  - name: xã miền núi chưa tự cân đối
    group: xa
    attributes: { mien_nui: có, bien_gioi: không, dan_so: "12.345" }
    evidence:
      du_nhiem_vu: có
      co_kinh_phi: không
      tu_can_doi: không
      ty_le_thu: 62
      dan_so_xa: 3000
      co_ttdl: có
      chuan_ttdl: Tier 2
      "6.1": 2030000
      "2.4": không
      "4.1": Tốt
    expect:
      "1.1.2": { status: not_met }
      "3.1": 6
      "1.1": 12.5
      "5.1": 50
      "5.2": 0
      "6.1": 10.25
      "2.4": -0.25
      "4.1": 1.5
`;

describe('a valid file with every composite form', () => {
  const { criteria, problems } = loadCriteria(VALID, 'xa-ghep.yaml');

  it('gives no problem', () => {
    expect(problems).toEqual([]);
    expect(criteria).toBeDefined();
  });

  it('passes its own examples, worked out by hand', () => {
    // 3.1: 62% is 6 whole steps of 5 beyond 30: 3 + 6 × 0.5 = 6, under the cap of 8. 1.1: a
    // mountain commune, 3000 is 5 steps of 75 beyond 2625: 10 + 5 × 0.5 = 12.5. 5.1: the best of
    // 35 (co_ttdl) and 50 (Tier 2). 6.1: 30000 beyond is half a step of 60000: 10 + 0.5 × 0.5.
    const [result] = runExamples(criteria!, 'xa-ghep.yaml');
    expect(result!.problems).toEqual([]);
    expect(result!.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result!.ok).toBe(true);
  });

  it('locates every read the evaluator makes', () => {
    for (const leaf of criteria!.leaves) {
      const located = new Set(locatedReads(leaf).map((r) => readKey('', r)));
      const evaluated = new Set(leafReads(leaf).map((r) => readKey('', r)));
      expect(located).toEqual(evaluated);
    }
  });
});

describe('parscore validate on composite rules', () => {
  it('exits 1 and prints the located Vietnamese message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-'));
    writeFileSync(
      join(dir, 'ghep.yaml'),
      HEAD +
        `  - id: "1.1"
    title: Dân số
    max: 35
    responsible: Văn phòng
    rule:
      kind: cases
      cases:
        - { when: { attribute: mien_nuj }, points: 35 }
      otherwise: { points: 10 }
`,
    );
    const r = await run(['validate', 'ghep.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    // "        - { when: { attribute: " is 31 characters: the name is at column 32 of line 18.
    expect(r.stdout).toContain('18:32');
    expect(r.stdout).toContain('Thuộc tính "mien_nuj" chưa được khai báo trong attributes:. Có phải ý bạn là "mien_nui"?');
    expect(r.stdout).toContain('    18 │         - { when: { attribute: mien_nuj }, points: 35 }');
  });
});

describe('the units file’s attribute columns', () => {
  const criteria = {
    groups: [{ id: 'xa', title: 'Xã' }],
    attributes: new Map([
      ['mien_nui', { name: 'mien_nui', title: 'Xã miền núi', type: 'boolean' as const, column: 'Miền núi', path: ['attributes', 'mien_nui'] }],
      ['dan_so', { name: 'dan_so', title: 'Dân số', type: 'number' as const, column: 'dan_so', path: ['attributes', 'dan_so'] }],
    ]),
    locale: 'vi' as const,
  };

  it('reads a CSV with a BOM and CRLF: the column by its folded header, each value as its type', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-units-'));
    const file = join(dir, 'don-vi.csv');
    // "MIỀN NÚI " folds to "miền núi", the column's name; a blank cell is no fact.
    const rows = ['Mã đơn vị,Tên đơn vị,Nhóm,MIỀN NÚI ,Dân số', 'xa-a,Xã A,xa,có,"12.345"', 'xa-b,Xã B,xa,không,980', 'xa-c,Xã C,xa,,"1.000,5"'];
    writeFileSync(file, '\ufeff' + rows.join('\r\n') + '\r\n');
    const dan_so = { ...criteria.attributes.get('dan_so')!, column: 'Dân số' };
    const { units, problems } = await readUnits(file, 'don-vi.csv', { ...criteria, attributes: new Map([...criteria.attributes, ['dan_so', dan_so]]) });
    expect(problems).toEqual([]);
    expect(units.map((u) => u.id)).toEqual(['xa-a', 'xa-b', 'xa-c']);
    const a = units[0]!.attributes!;
    expect(a.get('mien_nui')).toEqual({ value: { type: 'boolean', value: true }, text: 'có', evidence: { file: 'don-vi.csv', row: 2, column: 'D', header: 'MIỀN NÚI' } });
    const population = a.get('dan_so')!;
    expect(population.value.type === 'number' && population.value.value.eq(Exact.of(12345))).toBe(true);
    expect(population.evidence).toEqual({ file: 'don-vi.csv', row: 2, column: 'E', header: 'Dân số' });
    expect(units[1]!.attributes!.get('mien_nui')!.value).toEqual({ type: 'boolean', value: false });
    const small = units[1]!.attributes!.get('dan_so')!.value;
    expect(small.type === 'number' && small.value.eq(Exact.of(980))).toBe(true);
    // Xã C: no mien_nui fact at all; "1.000,5" is one thousand and a half.
    expect(units[2]!.attributes!.has('mien_nui')).toBe(false);
    const half = units[2]!.attributes!.get('dan_so')!.value;
    expect(half.type === 'number' && half.value.eq(Exact.parse('1000.5')!)).toBe(true);
  });

  it('reports a declared attribute whose column is missing, once, at the header', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-units-'));
    const file = join(dir, 'don-vi.csv');
    writeFileSync(file, '\ufeffMã đơn vị,Nhóm,Miền núi\r\nxa-a,xa,có\r\nxa-b,xa,không\r\n');
    const { units, problems } = await readUnits(file, 'don-vi.csv', criteria);
    expect(problems.map((p) => [p.code, p.data, p.location])).toEqual([['missing-column', { column: 'dan_so', layout: 'units', attribute: 'dan_so' }, { file: 'don-vi.csv', row: 1 }]]);
    expect(units.map((u) => u.attributes?.get('mien_nui')?.value)).toEqual([
      { type: 'boolean', value: true },
      { type: 'boolean', value: false },
    ]);
  });

  it('reads an XLSX: numbers from number cells, yes/no from text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parscore-units-'));
    const file = join(dir, 'don-vi.xlsx');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Đơn vị');
    sheet.addRow(['Mã đơn vị', 'Nhóm', 'Miền núi', 'dan_so']);
    sheet.addRow(['xa-a', 'xa', 'Có', 12345]);
    sheet.addRow(['xa-b', 'xa', 'không', 1000.5]);
    await book.xlsx.writeFile(file);
    const { units, problems } = await readUnits(file, 'don-vi.xlsx', criteria);
    expect(problems).toEqual([]);
    const [a, b] = units.map((u) => u.attributes!);
    expect(a!.get('mien_nui')).toEqual({ value: { type: 'boolean', value: true }, text: 'Có', evidence: { file: 'don-vi.xlsx', sheet: 'Đơn vị', row: 2, column: 'C', header: 'Miền núi' } });
    const x = a!.get('dan_so')!.value;
    expect(x.type === 'number' && x.value.eq(Exact.of(12345))).toBe(true);
    expect(b!.get('mien_nui')!.value).toEqual({ type: 'boolean', value: false });
    const y = b!.get('dan_so')!.value;
    expect(y.type === 'number' && y.value.eq(Exact.parse('1000.5')!)).toBe(true);
  });
});
