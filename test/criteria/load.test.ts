import { describe, expect, it } from 'vitest';
import { Exact } from '../../src/core/exact.js';
import type { Leaf } from '../../src/core/model.js';
import { loadCriteria, loadCriteriaBytes } from '../../src/criteria/index.js';

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
