import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Exact } from '../../src/core/exact.js';
import type { Leaf } from '../../src/core/model.js';
import type { Problem } from '../../src/core/problems.js';
import { loadCriteria, loadCriteriaBytes } from '../../src/criteria/index.js';
import { problemMessage } from '../../src/explain/problems.js';
import { run } from '../helpers/cli.js';

const sample = `format: parscore/criteria@1
id: mau
title: Mẫu
year: 2025
precision: 2
groups:
  - id: xa
    title: Xã
    bands: [{ min: 90, label: Xuất sắc }, { min: 0, label: Còn lại }]
  - id: phuong
    title: Phường
    bands: { quartiles: [Cao, Trung bình cao, Trung bình thấp, Thấp] }
criteria:
  - id: "1"
    title: Chỉ đạo
    applies_to: [xa]
    responsible: Văn phòng
    children:
      - id: "1.1"
        title: Kế hoạch
        max: 0.1
        rule: { kind: deadline, due: 2024-12-15, late: 0.05 }
      - id: "1.2"
        title: Báo cáo
        max: 0.2
        indicator: bao_cao
        optional: true
        rule: { kind: boolean }
  - id: "2"
    title: Thể chế
    max: 0.3
    children:
      - id: "2.1"
        title: Văn bản
        max: 0.3
        responsible: Phòng Tư pháp
        rule: { kind: bands, bands: [{ above: 90, points: 0.3 }, { min: 70, points: 0.15 }] }
adjustments:
  - { id: phat, title: Vi phạm, kind: penalty, cap: 3, rule: { kind: deduction, per: 0.5 } }
`;

describe('loading a criteria file', () => {
  const { criteria, problems } = loadCriteria(sample, 'mau.yaml');

  it('compiles without problems', () => {
    expect(problems).toEqual([]);
    expect(criteria).toBeDefined();
  });

  it('fills in the defaults of the design', () => {
    expect(criteria!.locale).toBe('vi');
    expect(criteria!.indexPrecision).toBe(2);
    expect(criteria!.scale.eq(Exact.of(100))).toBe(true);
    expect(criteria!.tiebreak).toEqual([]);
  });

  it('sums a parent exactly: 0.1 + 0.2 is 0.3', () => {
    const area1 = criteria!.byId.get('1')!;
    expect(area1.max.eq(Exact.parse('0.3')!)).toBe(true);
    expect(criteria!.byId.get('2')!.max.eq(Exact.parse('0.3')!)).toBe(true);
  });

  it('passes applies_to and responsible down to the leaves, unless a leaf says otherwise', () => {
    const l11 = criteria!.byId.get('1.1') as Leaf;
    expect(l11.appliesTo).toEqual(['xa']);
    expect(l11.responsible).toBe('Văn phòng');
    const l21 = criteria!.byId.get('2.1') as Leaf;
    expect(l21.appliesTo).toBeUndefined();
    expect(l21.responsible).toBe('Phòng Tư pháp');
  });

  it('compiles rules with exact points and their defaults', () => {
    const l11 = criteria!.byId.get('1.1') as Leaf;
    expect(l11.indicator).toBe('1.1');
    expect(l11.rule).toMatchObject({ kind: 'deadline', due: '2024-12-15' });
    if (l11.rule.kind !== 'deadline') throw new Error('deadline expected');
    expect(l11.rule.onTime.eq(Exact.parse('0.1')!)).toBe(true); // on_time defaults to the max
    expect(l11.rule.late.eq(Exact.parse('0.05')!)).toBe(true);
    expect(l11.rule.missing.isZero()).toBe(true);
    const l12 = criteria!.byId.get('1.2') as Leaf;
    expect(l12.indicator).toBe('bao_cao');
    expect(l12.optional).toBe(true);
    const l21 = criteria!.byId.get('2.1') as Leaf;
    if (l21.rule.kind !== 'bands') throw new Error('bands expected');
    expect(l21.rule.of).toBe('percent');
    expect(l21.rule.bands.map((b) => [b.threshold.toString(), b.strict, b.points.toString()])).toEqual([
      ['90', true, '0.3'],
      ['70', false, '0.15'],
    ]);
  });

  it('reads bands of both kinds and the adjustments', () => {
    expect(criteria!.groups.map((g) => g.bands.kind)).toEqual(['threshold', 'quartiles']);
    expect(criteria!.adjustments[0]).toMatchObject({ id: 'phat', kind: 'penalty', indicator: 'phat' });
    expect(criteria!.leaves.map((l) => l.id)).toEqual(['1.1', '1.2', '2.1']);
  });

  it('accepts UTF-8 with a BOM and UTF-16 with a BOM', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)]);
    expect(loadCriteriaBytes(bom, 'bom.yaml').problems).toEqual([]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sample, 'utf16le')]);
    expect(loadCriteriaBytes(utf16, 'utf16.yaml').criteria?.title).toBe('Mẫu');
  });

  it('never lets __proto__ reach an object', () => {
    const r = loadCriteria(sample.replace('  - { id: phat', '  - { __proto__: { polluted: true }, id: phat'), 'x.yaml');
    expect(r.problems.map((p) => p.code)).toEqual(['yaml-forbidden-key']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('keeps checking the rest of the file when one criterion breaks the schema', () => {
    // 1.1 gets an unknown rule kind (schema): line 22, after `        rule: { kind: ` (22 characters).
    // 2.1 gets points above its max (semantic): line 37, after `        rule: { kind: bands, bands: [{ above: 90, points: ` (58).
    const broken = sample.replace('kind: deadline', 'kind: dealine').replace('points: 0.3 }', 'points: 0.4 }');
    const r = loadCriteria(broken, 'x.yaml');
    expect(r.problems.map((p) => `${p.code} ${p.location?.line}:${p.location?.column}`)).toEqual([
      'unknown-rule-kind 22:23',
      'points-above-max 37:59',
    ]);
  });
});

/** The header and `criteria:` take six lines: the criteria below start on line 7. */
const header = `format: parscore/criteria@1
id: thu
title: Thử
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
`;
const placed = (problems: Problem[]) => problems.map((p) => `${p.code} ${p.location?.line}:${p.location?.column}`);
const corpus = 'test/criteria/invalid';

describe('a decimal written with a comma (0,5)', () => {
  for (const [style, file, at] of [
    ['flow', 'decimal-comma-flow.yaml', [23, 39]],
    ['block', 'decimal-comma-block.yaml', [25, 16]],
  ] as const) {
    it(`in ${style} style: said once, with the hint, and the parent's sum is checked in the same run (exit 1)`, async () => {
      const r = await run(['validate', `${corpus}/${file}`, '--format', 'json', '--lang', 'en']);
      expect(r.code).toBe(1);
      const problems = JSON.parse(r.stdout) as Array<{ code: string; line: number; column: number; message: string }>;
      // Parent "1" declares 3; its leaves have max 1 and 1.
      expect(problems.map((p) => [p.code, p.line, p.column])).toEqual([
        ['max-mismatch', 13, 10],
        ['wrong-type', ...at],
      ]);
      expect(problems[0]!.message).toContain('declares max 3 but its children add up to 2');
      expect(problems[1]!.message).toBe('Expected a number, found text "0,5". Criteria files write decimals with a point: 0.5, not 0,5.');
    });
  }

  it('counts as the number it means in the other checks: 1 + 0,5 is 1.5, not the declared 2', () => {
    const text = `${header}  - id: "1"
    title: Chỉ đạo
    max: 2
    responsible: Văn phòng
    children:
      - { id: "1.1", title: Báo cáo, max: 1, rule: { kind: boolean } }
      - { id: "1.2", title: Kế hoạch, max: 0,5, rule: { kind: boolean } }
`;
    const { problems } = loadCriteria(text, 'x.yaml');
    // Line 13: 6 spaces, then \`- { id: "1.2", title: Kế hoạch, max: \` (37 characters) before the value.
    expect(placed(problems)).toEqual(['max-mismatch 9:10', 'wrong-type 13:44']);
    expect(problems[0]!.data).toMatchObject({ declared: Exact.of(2), sum: Exact.parse('1.5')! });
    expect(problems[1]!.data).toEqual({ expected: 'number', got: { type: 'text', value: '0,5' }, hint: 'decimal-comma' });
  });

  it('is found twice in one flow map, never as a duplicate key "5"', () => {
    const text = `${header}  - id: "1"
    title: Kế hoạch
    max: 1
    responsible: Văn phòng
    rule: { kind: deadline, due: 2025-07-31, late: 0,5, missing: 0,5 }
`;
    // Line 11: late's value after 51 characters, missing's after 65.
    expect(placed(loadCriteria(text, 'x.yaml').problems)).toEqual(['wrong-type 11:52', 'wrong-type 11:66']);
  });

  it('is not made of a comma followed by a space: that separates a second key', () => {
    const text = `${header}  - id: "1"
    title: Vi phạm
    max: 1
    responsible: Văn phòng
    rule: { kind: deduction, per: 0, 5 }
`;
    const { problems } = loadCriteria(text, 'x.yaml');
    expect(placed(problems)).toEqual(['too-small 11:35', 'unknown-key 11:38']);
    expect(problems[1]!.data).toMatchObject({ key: '5' });
  });
});

describe('a duplicate key', () => {
  it('whose first copy is empty is named and placed at the second copy, with the line of the first (exit 1)', async () => {
    const file = `${corpus}/yaml-duplicate-key-empty.yaml`;
    const { problems } = loadCriteriaBytes(readFileSync(file), file);
    expect(placed(problems)).toEqual(['yaml-duplicate-key 14:5']);
    expect(problems[0]!.data).toEqual({ key: 'max' });
    expect(problems[0]!.also?.line).toBe(13);
    expect(problemMessage(problems[0]!, 'en')).toBe('Key "max" appears twice in the same map; keep one of them. (see line 13)');
    expect(problemMessage(problems[0]!, 'vi')).toContain('Khoá "max" xuất hiện hai lần trong cùng một khối; giữ lại một. (xem dòng 13)');
    const r = await run(['validate', file, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('14:5');
  });

  it('is also 1 after "1": both become the same key, and the later would silently win', () => {
    const text = `${header}  - { id: "1", title: Báo cáo, max: 1, responsible: Văn phòng, rule: { kind: boolean } }
tests:
  - name: đạt
    group: xa
    evidence: { "1": có }
    expect: { "1": 1, 1: 0 }
`;
    const { problems } = loadCriteria(text, 'x.yaml');
    expect(placed(problems)).toEqual(['yaml-duplicate-key 12:23']);
    expect(problems[0]!.data).toEqual({ key: '1' });
    expect(problems[0]!.also?.line).toBe(12);
  });
});

describe('an indicator named like a reserved column', () => {
  const file = `${corpus}/reserved-indicator.yaml`;

  it('is a warning naming the column it would be in other tables: exit 0, or 1 with --strict', async () => {
    const r = await run(['validate', file, '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const problems = JSON.parse(r.stdout) as Array<{ code: string; severity: string; line: number; message: string }>;
    expect(problems.map((p) => [p.code, p.severity, p.line])).toEqual([
      ['reserved-indicator', 'warning', 15],
      ['reserved-indicator', 'warning', 22],
      ['reserved-indicator', 'warning', 30],
      ['reserved-indicator', 'warning', 32],
    ]);
    expect(problems[1]!.message).toBe(
      'Indicator "Diem_Tham_Dinh" has the name of a reserved column (points): in a wide table a column with exactly this name is read as the indicator, but a long table, the units file and the self-assessment read it as their points column. Give the indicator another name (indicator: on the leaf, or the key under indicators:).',
    );
    expect((await run(['validate', file, '--strict'])).code).toBe(1);
  });

  it('is reported once, where its name is declared: the derived key, not the leaf reading it', () => {
    const { problems } = loadCriteriaBytes(readFileSync(file), file);
    expect(problems.map((p) => p.data)).toEqual([
      { indicator: 'ghi_chu', role: 'note' },
      { indicator: 'Diem_Tham_Dinh', role: 'points' },
      { indicator: 'van_ban', role: 'source' },
      { indicator: 'ket_qua', role: 'value' },
    ]);
    expect(problemMessage(problems[1]!, 'vi')).toContain('trùng với tên cột dành riêng (Điểm)');
  });
});

describe('supplied_by: who enters an indicator', () => {
  const text = `${header}  - id: "1"
    title: Điều tra xã hội học
    responsible: Văn phòng
    supplied_by: office
    children:
      - { id: "1.1", title: Hài lòng, max: 1, indicator: ks_hl, rule: { kind: proportional } }
      - { id: "1.2", title: Tự đánh giá, max: 1, supplied_by: unit, rule: { kind: boolean } }
  - id: "2"
    title: Hồ sơ
    responsible: Văn phòng
    children:
      - { id: "2.1", title: Đúng hạn, max: 1, indicator: dung_han, rule: { kind: proportional } }
      - { id: "2.2", title: Báo cáo, max: 1, rule: { kind: boolean } }
adjustments:
  - { id: thuong, title: Thưởng, kind: bonus, cap: 1, rule: { kind: given } }
  - { id: phat, title: Phạt, kind: penalty, cap: 1, supplied_by: office, rule: { kind: deduction, per: 0.5 } }
indicators:
  dung_han: { from: ho_so, on_time: { done: ngay_tra, due: han_tra } }
`;

  it('defaults to the unit, passes from a node to its leaves unless a leaf says otherwise, and is the office for derived indicators', () => {
    const { criteria, problems } = loadCriteria(text, 'x.yaml');
    expect(problems).toEqual([]);
    expect(criteria!.leaves.map((l) => [l.id, l.suppliedBy])).toEqual([
      ['1.1', 'office'],
      ['1.2', 'unit'],
      ['2.1', 'office'],
      ['2.2', 'unit'],
    ]);
    expect(criteria!.adjustments.map((a) => [a.id, a.suppliedBy])).toEqual([
      ['thuong', 'unit'],
      ['phat', 'office'],
    ]);
  });

  it('takes only unit or office', () => {
    const { problems } = loadCriteria(text.replace('supplied_by: office\n', 'supplied_by: ofice\n'), 'x.yaml');
    expect(placed(problems)).toEqual(['invalid-value 10:18']);
    expect(problems[0]!.data).toEqual({ value: 'ofice', allowed: ['unit', 'office'], suggestion: 'office' });
  });
});

describe('a test giving the evidence a composite rule reads', () => {
  const file = `format: parscore/criteria@1
id: ngan-sach
title: Ngân sách
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
  - id: "3"
    title: Thu, chi ngân sách
    max: 10
    indicator: ty_le_thu
    responsible: Tài chính - Kế toán
    rule:
      kind: cases
      cases:
        - { when: { indicator: tu_can_doi }, points: 10 }
      otherwise: { kind: max_of, rules: [{ kind: increment, from: 30, base: 3, step: 5, per_step: 0.5, cap: 8 }, { kind: boolean, indicator: co_de_an, yes: 4 }] }
tests:
  - name: chưa tự cân đối
    group: xa
    evidence: { tu_can_doi: không, ty_le_thu: 62, co_de_an: không, tu_can_doii: có }
    expect: { "3": 6 }
`;

  it('accepts a condition\'s indicator and an inner rule\'s own indicator, and still names a misspelt one', () => {
    const { problems } = loadCriteriaBytes(Buffer.from(file), 'ngan-sach.yaml');
    expect(problems.map((p) => [p.code, p.data])).toEqual([['unknown-test-indicator', { indicator: 'tu_can_doii', suggestion: 'tu_can_doi' }]]);
  });
});
