import { describe, expect, it } from 'vitest';
import type { InvalidInput, LeafInput, Override, Provenance, SelfScore, Unit, Value } from '../../src/core/inputs.js';
import type { Problem } from '../../src/core/problems.js';
import type { Report } from '../../src/core/report.js';
import { scoreIndex, type Input } from '../../src/core/score.js';
import { criteriaOf, score, unit, unitsOf, x } from '../helpers/scoring.js';

/**
 * Edge cases of scoring and ranking: where findings go, the order of unranked units, band lists,
 * tiebreaks without an index, overrides on leaves that do not apply, notes, invalid evidence for
 * leaves and adjustments, and the progress callback. Expected values are worked out by hand.
 */

const header = `format: parscore/criteria@1
id: bien
title: Biên
year: 2025
`;

/** Three groups, one per kind of bands; a nested deadline leaf, a relative leaf, a leaf for wards only, an optional leaf. */
const criteria = criteriaOf(`${header}reference: Quyết định số 12/QĐ-UBND ngày 05/01/2025
groups:
  - { id: xa, title: Xã, bands: [{ min: 50, label: Đạt }, { min: 0, label: Chưa đạt }] }
  - { id: phuong, title: Phường, bands: { quartiles: [Cao, Thấp] } }
  - { id: dac-khu, title: Đặc khu }
criteria:
  - id: "1"
    title: Kết quả
    children:
      - id: "1.1"
        title: Kế hoạch
        children:
          - { id: "1.1.1", title: Ban hành, max: 1, indicator: ke_hoach, rule: { kind: deadline, due: 2025-07-31, late: 0.5, missing: 0.25 } }
      - { id: "1.2", title: Giải ngân, max: 2, indicator: giai_ngan, rule: { kind: relative } }
      - { id: "1.3", title: Đô thị, max: 1, indicator: do_thi, applies_to: [phuong], rule: { kind: boolean } }
  - id: "2"
    title: Sáng kiến
    children:
      - { id: "2.1", title: Sáng kiến, max: 2, indicator: sang_kien, optional: true, rule: { kind: given } }
adjustments:
  - { id: thuong, title: Thưởng, kind: bonus, cap: 2, rule: { kind: boolean, yes: 1 } }
  - { id: phat, title: Phạt, kind: penalty, cap: 1, rule: { kind: deduction, per: 0.5 } }
`);

/** Two leaves, both optional, under two areas; ties are settled by area 2. */
const pairYaml = `${header}groups: [{ id: xa, title: Xã }]
tiebreak: ["2"]
criteria:
  - id: "1"
    title: Kết quả
    children:
      - { id: "1.1", title: Điểm 1, max: 4, indicator: a, optional: true, rule: { kind: given } }
  - id: "2"
    title: Sáng kiến
    children:
      - { id: "2.1", title: Điểm 2, max: 2, indicator: b, optional: true, rule: { kind: given } }
`;
const pair = criteriaOf(pairYaml);

const at: Provenance = { file: 'minh-chung.csv', row: 2, column: 'C' };
const given = (points: string, extra: Partial<LeafInput> = {}): LeafInput => ({ value: { type: 'points', value: x(points) }, text: points, evidence: [at], ...extra });
const valueOf = (value: Value, text: string, extra: Partial<LeafInput> = {}): LeafInput => ({ value, text, evidence: [at], ...extra });
const invalid = (text: string): InvalidInput => ({ invalid: true, text, evidence: [at] });
const notApplicable = (text = 'Không áp dụng'): LeafInput => valueOf({ type: 'na' }, text);
const insufficient = (n: number): LeafInput => ({
  value: { type: 'points', value: x('1') },
  text: '1',
  evidence: [],
  derived: { kind: 'mean', n, excluded: [], files: ['khao-sat.csv'], insufficient: { minRows: 30 } },
});

function byUnit<T>(layers: Record<string, Record<string, T>>): Map<string, Map<string, T>> {
  return new Map(Object.entries(layers).map(([u, items]) => [u, new Map(Object.entries(items))]));
}

const item = (r: Report, u: string, id: string) => {
  const found = unit(r, u).items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
};

const adjustment = (r: Report, u: string, id: string) => {
  const found = unit(r, u).adjustments.find((a) => a.id === id);
  if (!found) throw new Error(`no adjustment ${id}`);
  return found;
};

describe('the report header and groups', () => {
  it('carries the criteria’s legal reference, and leaves the key out when there is none', () => {
    const r = score(criteria, unitsOf({ 'xa-a': 'xa' }), {});
    expect(r.criteria.reference).toBe('Quyết định số 12/QĐ-UBND ngày 05/01/2025');
    const without = score(pair, unitsOf({ a: 'xa' }), {});
    expect('reference' in without.criteria).toBe(false);
  });

  it('lists each group’s band labels best first: threshold labels, quartile labels, or none', () => {
    const r = score(criteria, unitsOf({ 'xa-a': 'xa', 'phuong-a': 'phuong', 'dk-a': 'dac-khu' }), {});
    expect(r.groups.map((g) => [g.id, g.title, g.bands])).toEqual([
      ['xa', 'Xã', ['Đạt', 'Chưa đạt']],
      ['phuong', 'Phường', ['Cao', 'Thấp']],
      ['dac-khu', 'Đặc khu', []],
    ]);
  });

  it('refuses a unit whose group the criteria do not declare, naming the unit, the group and the criteria', () => {
    const units: Unit[] = [...unitsOf({ 'xa-a': 'xa' }), { id: 'huyen-a', name: 'Huyện A', group: 'huyen', previous: [] }];
    const run = () => scoreIndex({ criteria, units, inputs: new Map() });
    expect(run).toThrow(TypeError);
    expect(run).toThrow('unit huyen-a: group huyen is not declared in criteria bien');
  });
});

describe('findings', () => {
  const findings: Problem[] = [
    { code: 'unit-no-evidence', severity: 'warning', data: { unit: 'xa-a' }, unit: 'xa-a' },
    { code: 'unit-no-evidence', severity: 'warning', data: { unit: 'xa-b' }, unit: 'xa-b' },
    { code: 'unknown-unit', severity: 'warning', data: { unit: 'xa-z', rows: 3 }, unit: 'xa-z' },
    { code: 'missing-column', severity: 'warning', data: { column: 'Ghi chú', layout: 'long' } },
  ];

  it('go to the unit they are about; those about no unit or an unknown unit stay with the report', () => {
    const r = scoreIndex({ criteria, units: unitsOf({ 'xa-a': 'xa', 'xa-b': 'xa' }), inputs: new Map(), findings });
    expect(unit(r, 'xa-a').findings).toEqual([findings[0]]);
    expect(unit(r, 'xa-b').findings).toEqual([findings[1]]);
    // xa-z is not among the units scored, the missing column belongs to no unit.
    expect(r.findings).toEqual([findings[2], findings[3]]);
  });

  it('are empty everywhere when none are given', () => {
    const r = scoreIndex({ criteria, units: unitsOf({ 'xa-a': 'xa' }), inputs: new Map() });
    expect(unit(r, 'xa-a').findings).toEqual([]);
    expect(r.findings).toEqual([]);
  });
});

describe('progress', () => {
  it('reports every 64th unit scored, then the total', () => {
    const units = unitsOf(Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`xa-${i + 1}`, 'xa'])));
    const calls: Array<[number, number]> = [];
    scoreIndex({ criteria, units, inputs: new Map(), onUnit: (done, total) => calls.push([done, total]) });
    // Units 0…129 are scored; before units 0, 64 and 128 (the multiples of 64 below 130), then once at the end.
    expect(calls).toEqual([
      [0, 130],
      [64, 130],
      [128, 130],
      [130, 130],
    ]);
  });
});

describe('unranked units', () => {
  it('come after the ranked ones in id order as people read it, whatever order the units were given in', () => {
    const units = unitsOf({ 'xa-10': 'xa', 'xa-2': 'xa', 'xa-3': 'xa', 'xa-1': 'xa' });
    // Only xa-3 has evidence: on time → 1 of the max.
    const r = score(criteria, units, { 'xa-3': { ke_hoach: '20/07/2025' } });
    expect(r.groups[0]).toMatchObject({ ranking: ['xa-3'], unranked: ['xa-1', 'xa-2', 'xa-10'] });
    expect(r.units.map((u) => [u.unit, u.status])).toEqual([
      ['xa-3', 'ranked'],
      ['xa-1', 'no_data'],
      ['xa-2', 'no_data'],
      ['xa-10', 'no_data'],
    ]);
  });

  it('say "no data" when the max is nothing because of too few rows, and "no max" when nothing applies', () => {
    const r = scoreIndex({
      criteria: pair,
      units: unitsOf({ a: 'xa', b: 'xa', c: 'xa' }),
      inputs: byUnit<Input>({
        // a: 1.1 has too few rows, 2.1 does not apply: max 0, but for lack of data.
        a: { '1.1': insufficient(12), '2.1': notApplicable() },
        // b: both declared not applicable: max 0, nothing to rank on.
        b: { '1.1': notApplicable(), '2.1': notApplicable() },
        // c: 1.1 has too few rows, 2.1 has no evidence: max 2 (2.1 still counts), but no data at all.
        c: { '1.1': insufficient(8) },
      }),
    });
    expect(unit(r, 'a')).toMatchObject({ status: 'no_data', index: null, rank: null });
    expect(unit(r, 'b')).toMatchObject({ status: 'no_max', index: null, rank: null });
    expect(unit(r, 'c')).toMatchObject({ status: 'no_data', index: null, rank: null, max: x('2') });
    expect(r.groups[0]).toMatchObject({ ranking: [], unranked: ['a', 'b', 'c'] });
  });
});

describe('tiebreaks', () => {
  it('keeps a tie when neither unit has an index for the tiebreak node', () => {
    // Both: 3 of 4 (2.1 declared not applicable) = 75; area 2 has no max, so no index for either.
    const r = score(pair, unitsOf({ a: 'xa', b: 'xa' }), { a: { a: '3', b: 'Không áp dụng' }, b: { a: '3', b: 'Không áp dụng' } });
    expect(unit(r, 'a').index).toEqual(x('75'));
    expect(unit(r, 'a').nodes.find((n) => n.id === '2')!.index).toBeNull();
    expect(r.units.map((u) => [u.unit, u.rank, u.tied])).toEqual([
      ['a', 1, true],
      ['b', 1, true],
    ]);
  });

  it('puts a unit without an index for the tiebreak node after one that has it', () => {
    // a and c: 3 of 4 = 75, area 2 not applicable (no index).
    // b: 3 + 1,5 = 4,5 of 4 + 2 = 6 → 4,5 / 6 × 100 = 75; area 2: 1,5 / 2 × 100 = 75.
    const r = score(pair, unitsOf({ a: 'xa', b: 'xa', c: 'xa' }), {
      a: { a: '3', b: 'Không áp dụng' },
      b: { a: '3', b: '1,5' },
      c: { a: '3', b: 'Không áp dụng' },
    });
    expect(unit(r, 'b').index).toEqual(x('75'));
    expect(unit(r, 'b').nodes.find((n) => n.id === '2')!.index).toEqual(x('75'));
    // b first; a and c share rank 2 (neither has an index for area 2).
    expect(r.units.map((u) => [u.unit, u.rank, u.tied])).toEqual([
      ['b', 1, false],
      ['a', 2, true],
      ['c', 2, true],
    ]);
  });

  it('puts the unit lacking a tiebreak index last also when its id sorts first', () => {
    // a: 3 + 1,5 = 4,5 of 6 = 75, area 2 = 75; b: 3 of 4 = 75, area 2 not applicable.
    const r = score(pair, unitsOf({ a: 'xa', b: 'xa' }), { a: { a: '3', b: '1,5' }, b: { a: '3', b: 'Không áp dụng' } });
    expect(r.units.map((u) => [u.unit, u.rank, u.tied])).toEqual([
      ['a', 1, false],
      ['b', 2, false],
    ]);
  });

  it('ranks alike whatever order the units are given in, with and without a tiebreak index', () => {
    // b: 3 + 1,5 = 4,5 of 6 = 75, area 2 = 75; a: 3 of 4 = 75, area 2 not applicable: b ranks first.
    const evidence = { a: { a: '3', b: 'Không áp dụng' }, b: { a: '3', b: '1,5' } };
    const expected = [
      ['b', 1, false],
      ['a', 2, false],
    ];
    const given = score(pair, unitsOf({ b: 'xa', a: 'xa' }), evidence);
    const sorted = score(pair, unitsOf({ a: 'xa', b: 'xa' }), evidence);
    expect(given.units.map((u) => [u.unit, u.rank, u.tied])).toEqual(expected);
    expect(sorted.units.map((u) => [u.unit, u.rank, u.tied])).toEqual(expected);
  });

  it("settles a tie by a leaf named as tiebreak: its points over its max, and not by a leaf that does not count", () => {
    // The same two areas, settled by leaf 2.1 instead of area 2.
    const byLeaf = criteriaOf(pairYaml.replace('tiebreak: ["2"]', 'tiebreak: ["2.1"]'));
    // a: 2 + 2 = 4 of 6; b: 3 + 1 = 4 of 6 → both 66,666…; leaf 2.1: a 2/2 × 100 = 100, b 1/2 × 100 = 50.
    const r = score(byLeaf, unitsOf({ a: 'xa', b: 'xa' }), { b: { a: '3', b: '1' }, a: { a: '2', b: '2' } });
    expect(r.units.map((u) => [u.unit, u.rank, u.tied])).toEqual([
      ['a', 1, false],
      ['b', 2, false],
    ]);
    // c: 2 of 4 with 2.1 not applicable = 50; d: 1,5 + 1,5 = 3 of 6 = 50 with 2.1 at 75: d first.
    const na = score(byLeaf, unitsOf({ c: 'xa', d: 'xa' }), { c: { a: '2', b: 'KAD' }, d: { a: '1,5', b: '1,5' } });
    expect(na.units.map((u) => [u.unit, u.rank, u.tied])).toEqual([
      ['d', 1, false],
      ['c', 2, false],
    ]);
  });
});

describe('a leaf', () => {
  it('lists the criteria above it, from its area down', () => {
    const r = score(criteria, unitsOf({ 'xa-a': 'xa' }), {});
    expect(item(r, 'xa-a', '1.1.1').parents).toEqual(['1', '1.1']);
    expect(item(r, 'xa-a', '1.2').parents).toEqual(['1']);
    expect(item(r, 'xa-a', '2.1').parents).toEqual(['2']);
  });

  it('is met at its max, and loses nothing then', () => {
    const r = score(criteria, unitsOf({ 'xa-a': 'xa' }), { 'xa-a': { ke_hoach: '20/07/2025' } });
    expect(item(r, 'xa-a', '1.1.1')).toMatchObject({ status: 'met', points: x('1'), final: x('1'), deduction: x('0') });
  });

  it('without evidence gets what its rule gives for none (a deadline’s `missing`), has no evidence rows and loses the rest', () => {
    const r = score(criteria, unitsOf({ 'xa-a': 'xa' }), { 'xa-a': { giai_ngan: '10' } });
    const leaf = item(r, 'xa-a', '1.1.1');
    // missing: 0,25 of 1 → 1 − 0,25 = 0,75 lost.
    expect(leaf).toMatchObject({ status: 'no_evidence', points: x('0.25'), final: x('0.25'), deduction: x('0.75'), message: { id: 'leaf.none' } });
    expect(leaf.evidence).toEqual([]);
  });

  it('loses its max less its final points when it applies, nothing when it does not', () => {
    const r = score(criteria, unitsOf({ 'xa-a': 'xa' }), { 'xa-a': { ke_hoach: '05/08/2025', giai_ngan: '10', sang_kien: '0,5' } });
    // 1.1.1 late: 0,5 of 1 → 0,5 lost; 1.2 is the group's best → 2 of 2, none lost; 2.1: 2 − 0,5 = 1,5 lost.
    expect(item(r, 'xa-a', '1.1.1').deduction).toEqual(x('0.5'));
    expect(item(r, 'xa-a', '1.2').deduction).toEqual(x('0'));
    expect(item(r, 'xa-a', '2.1').deduction).toEqual(x('1.5'));
    // 1.3 is for wards only: not applicable, nothing lost.
    expect(item(r, 'xa-a', '1.3')).toMatchObject({ status: 'not_applicable', deduction: x('0') });
  });

  it('declared not applicable when it is not optional is invalid, scored as for none', () => {
    const r = scoreIndex({ criteria, units: unitsOf({ 'xa-a': 'xa' }), inputs: byUnit<Input>({ 'xa-a': { '1.1.1': notApplicable('KAD') } }) });
    // The deadline's missing: 0,25, and it still counts: 0,75 lost.
    expect(item(r, 'xa-a', '1.1.1')).toMatchObject({
      status: 'invalid',
      points: x('0.25'),
      deduction: x('0.75'),
      written: 'KAD',
      message: { id: 'leaf.invalid', data: { text: 'KAD' } },
    });
  });

  it('with unreadable evidence is invalid, scored as for none, with no source or note', () => {
    const r = scoreIndex({ criteria, units: unitsOf({ 'xa-a': 'xa' }), inputs: byUnit<Input>({ 'xa-a': { '1.1.1': invalid('31/02/2025') } }) });
    const leaf = item(r, 'xa-a', '1.1.1');
    expect(leaf).toMatchObject({ status: 'invalid', points: x('0.25'), written: '31/02/2025', message: { id: 'leaf.invalid', data: { text: '31/02/2025' } } });
    expect(leaf.evidence).toEqual([at]);
    expect(leaf.source).toBeUndefined();
    expect(leaf.note).toBeUndefined();
    expect(leaf.derived).toBeUndefined();
  });

  it('keeps the note and source written with its evidence, and drops empty ones', () => {
    const r = scoreIndex({
      criteria,
      units: unitsOf({ 'xa-a': 'xa' }),
      inputs: byUnit<Input>({
        'xa-a': {
          '2.1': given('1', { note: 'Theo báo cáo số 5/BC-UBND', source: 'Sáng kiến số 2' }),
          '1.2': valueOf({ type: 'number', value: x('10') }, '10', { note: '', source: '' }),
        },
      }),
    });
    expect(item(r, 'xa-a', '2.1')).toMatchObject({ note: 'Theo báo cáo số 5/BC-UBND', source: 'Sáng kiến số 2' });
    expect(item(r, 'xa-a', '1.2').note).toBeUndefined();
    expect(item(r, 'xa-a', '1.2').source).toBeUndefined();
  });

  it('keeps the note of a self-assessment, and drops an empty one', () => {
    const self = (points: string, note?: string): SelfScore => ({ points: x(points), evidence: at, ...(note === undefined ? {} : { note }) });
    const r = scoreIndex({
      criteria,
      units: unitsOf({ 'xa-a': 'xa' }),
      inputs: new Map(),
      self: byUnit({ 'xa-a': { '1.1.1': self('1', 'Đã ban hành đúng hạn'), '1.2': self('2', ''), '2.1': self('2') } }),
    });
    expect(item(r, 'xa-a', '1.1.1')).toMatchObject({ self: x('1'), selfNote: 'Đã ban hành đúng hạn' });
    expect(item(r, 'xa-a', '1.2').selfNote).toBeUndefined();
    expect(item(r, 'xa-a', '2.1').selfNote).toBeUndefined();
    // Claimed 1 + 2 + 2 = 5.
    expect(unit(r, 'xa-a').selfPoints).toEqual(x('5'));
  });

  it('of a relative rule carries the best value of its group, and an unreadable value elsewhere is no best', () => {
    const r = scoreIndex({
      criteria,
      units: unitsOf({ 'xa-a': 'xa', 'xa-b': 'xa', 'xa-c': 'xa', 'phuong-a': 'phuong' }),
      inputs: byUnit<Input>({
        'xa-a': { '1.2': valueOf({ type: 'number', value: x('80') }, '80') },
        'xa-b': { '1.2': invalid('chín mươi') },
        'xa-c': { '1.2': valueOf({ type: 'number', value: x('60') }, '60') },
        'phuong-a': { '1.2': valueOf({ type: 'number', value: x('100') }, '100') },
      }),
    });
    // Best among communes is 80 (the ward's 100 is another group's): xa-c 60 / 80 × 2 = 1,5.
    expect(item(r, 'xa-a', '1.2')).toMatchObject({ best: x('80'), points: x('2'), status: 'met' });
    expect(item(r, 'xa-c', '1.2')).toMatchObject({ best: x('80'), points: x('1.5'), status: 'partial' });
    expect(item(r, 'xa-b', '1.2')).toMatchObject({ status: 'invalid', points: x('0') });
    expect(item(r, 'xa-b', '1.2').best).toBeUndefined();
    expect(item(r, 'phuong-a', '1.2')).toMatchObject({ best: x('100'), points: x('2') });
  });
});

describe('the best value of a group', () => {
  it('is read only by relative leaves: a leaf banding a number has none', () => {
    const mixed = criteriaOf(`${header}groups: [{ id: xa, title: Xã }]
criteria:
  - id: "1"
    title: Kết quả
    children:
      - { id: "1.1", title: Cuộc họp, max: 2, indicator: hop, rule: { kind: bands, of: number, bands: [{ min: 4, points: 2 }, { min: 2, points: 1 }] } }
      - { id: "1.2", title: Giải ngân, max: 2, indicator: giai_ngan, rule: { kind: relative } }
`);
    const r = scoreIndex({
      criteria: mixed,
      units: unitsOf({ a: 'xa', b: 'xa' }),
      inputs: byUnit<Input>({
        a: { '1.1': valueOf({ type: 'number', value: x('3') }, '3'), '1.2': valueOf({ type: 'number', value: x('50') }, '50') },
        b: { '1.1': valueOf({ type: 'number', value: x('5') }, '5'), '1.2': valueOf({ type: 'number', value: x('40') }, '40') },
      }),
    });
    // 3 meetings: the band from 2 → 1 point; 5 meetings: the band from 4 → 2 points. No best either way.
    expect(item(r, 'a', '1.1')).toMatchObject({ points: x('1'), value: { type: 'number', value: x('3') } });
    expect(item(r, 'a', '1.1').best).toBeUndefined();
    expect(item(r, 'b', '1.1').best).toBeUndefined();
    // Relative: best 50 → a 2; b 40 / 50 × 2 = 1,6.
    expect(item(r, 'a', '1.2')).toMatchObject({ points: x('2'), best: x('50') });
    expect(item(r, 'b', '1.2')).toMatchObject({ points: x('1.6'), best: x('50') });
  });
});

describe('overrides', () => {
  const override = (points: string, reason: string): Override => ({ points: x(points), reason, evidence: at });

  it('do not bring back a leaf the criteria exclude for the unit’s group', () => {
    const r = scoreIndex({
      criteria,
      units: unitsOf({ 'xa-a': 'xa' }),
      inputs: new Map(),
      overrides: byUnit({ 'xa-a': { '1.3': override('1', 'Có đô thị') } }),
    });
    const leaf = item(r, 'xa-a', '1.3');
    expect(leaf).toMatchObject({ status: 'not_applicable', points: x('0'), final: x('0'), message: { id: 'leaf.na_group', data: { group: 'Xã' } } });
    expect(leaf.override).toBeUndefined();
    // Max without 1.3: 1 + 2 + 2 = 5.
    expect(unit(r, 'xa-a').max).toEqual(x('5'));
  });

  it('decide a leaf the unit declared not applicable: it counts again, with the status of its final points', () => {
    const o = override('1.5', 'Có sáng kiến được công nhận');
    const r = scoreIndex({
      criteria,
      units: unitsOf({ 'xa-a': 'xa' }),
      inputs: byUnit<Input>({ 'xa-a': { '2.1': notApplicable() } }),
      overrides: byUnit({ 'xa-a': { '2.1': o } }),
    });
    // 1,5 of 2: partly met, 0,5 lost.
    expect(item(r, 'xa-a', '2.1')).toMatchObject({ status: 'partial', points: x('0'), final: x('1.5'), deduction: x('0.5'), override: o });
    // Max 1 + 2 + 2 = 5 with 2.1 back in.
    expect(unit(r, 'xa-a').max).toEqual(x('5'));
  });

  it('set the points of a leaf without evidence, which still says it has none', () => {
    const o = override('1', 'Kế hoạch nộp trực tiếp');
    const r = scoreIndex({ criteria, units: unitsOf({ 'xa-a': 'xa' }), inputs: new Map(), overrides: byUnit({ 'xa-a': { '1.1.1': o } }) });
    // Rule for none: 0,25; the appraiser gives 1 of 1: nothing lost.
    expect(item(r, 'xa-a', '1.1.1')).toMatchObject({ status: 'no_evidence', points: x('0.25'), final: x('1'), deduction: x('0'), override: o });
  });

  it('set the points of a leaf with unreadable evidence, which stays invalid', () => {
    const o = override('0.5', 'Xác minh ngày ban hành');
    const r = scoreIndex({
      criteria,
      units: unitsOf({ 'xa-a': 'xa' }),
      inputs: byUnit<Input>({ 'xa-a': { '1.1.1': invalid('hôm qua') } }),
      overrides: byUnit({ 'xa-a': { '1.1.1': o } }),
    });
    // 0,5 of 1: 0,5 lost.
    expect(item(r, 'xa-a', '1.1.1')).toMatchObject({ status: 'invalid', points: x('0.25'), final: x('0.5'), deduction: x('0.5'), override: o });
  });
});

describe('adjustments', () => {
  it('keep what was written and its source, and the rule’s message reads the text', () => {
    const r = scoreIndex({
      criteria,
      units: unitsOf({ 'xa-a': 'xa' }),
      inputs: byUnit<Input>({ 'xa-a': { thuong: valueOf({ type: 'boolean', value: true }, 'có', { source: 'Quyết định khen thưởng số 3' }) } }),
    });
    expect(adjustment(r, 'xa-a', 'thuong')).toMatchObject({
      points: x('1'),
      final: x('1'),
      written: 'có',
      source: 'Quyết định khen thưởng số 3',
      message: { id: 'boolean.yes', data: { text: 'có' } },
      evidence: [at],
    });
  });

  it('with no evidence give nothing, say nothing, and carry no text', () => {
    const r = scoreIndex({ criteria, units: unitsOf({ 'xa-a': 'xa' }), inputs: new Map() });
    const a = adjustment(r, 'xa-a', 'phat');
    expect(a).toMatchObject({ points: x('0'), final: x('0'), message: null, evidence: [] });
    expect('written' in a).toBe(false);
    expect('source' in a).toBe(false);
  });

  it('with unreadable evidence give nothing and say it could not be read', () => {
    const r = scoreIndex({ criteria, units: unitsOf({ 'xa-a': 'xa' }), inputs: byUnit<Input>({ 'xa-a': { phat: invalid('ba lần') } }) });
    const a = adjustment(r, 'xa-a', 'phat');
    expect(a).toMatchObject({ points: x('0'), final: x('0'), written: 'ba lần', message: { id: 'leaf.invalid', data: { text: 'ba lần' } } });
    expect('source' in a).toBe(false);
  });

  it('declared not applicable are invalid too: no points, not a count of zero', () => {
    const r = scoreIndex({
      criteria,
      units: unitsOf({ 'xa-a': 'xa' }),
      inputs: byUnit<Input>({ 'xa-a': { phat: valueOf({ type: 'na' }, 'Không áp dụng', { source: 'Biên bản' }) } }),
    });
    const a = adjustment(r, 'xa-a', 'phat');
    expect(a).toMatchObject({ points: x('0'), written: 'Không áp dụng', message: { id: 'leaf.invalid', data: { text: 'Không áp dụng' } } });
    expect('source' in a).toBe(false);
  });

  it('a penalty counts occurrences: 3 × 0,5 = 1,5, capped at 1, with its source', () => {
    const r = scoreIndex({
      criteria,
      units: unitsOf({ 'xa-a': 'xa' }),
      inputs: byUnit<Input>({ 'xa-a': { phat: valueOf({ type: 'count', value: x('3') }, '3', { source: 'Thông báo số 7' }) } }),
    });
    expect(adjustment(r, 'xa-a', 'phat')).toMatchObject({
      points: x('1'),
      uncapped: x('1.5'),
      written: '3',
      source: 'Thông báo số 7',
      message: { id: 'adjustment.count', data: { count: x('3'), per: x('0.5') } },
    });
  });

  it('keep the unit’s claim and its note, and count claimed bonuses in and claimed penalties out of the claimed total', () => {
    const self = (points: string, note?: string): SelfScore => ({ points: x(points), evidence: at, ...(note === undefined ? {} : { note }) });
    const r = scoreIndex({
      criteria,
      units: unitsOf({ 'xa-a': 'xa' }),
      inputs: new Map(),
      self: byUnit({ 'xa-a': { '1.1.1': self('1'), thuong: self('1', 'Được khen thưởng'), phat: self('0.5') } }),
    });
    expect(adjustment(r, 'xa-a', 'thuong')).toMatchObject({ self: x('1'), selfNote: 'Được khen thưởng' });
    expect(adjustment(r, 'xa-a', 'phat').self).toEqual(x('0.5'));
    expect('selfNote' in adjustment(r, 'xa-a', 'phat')).toBe(false);
    // 1 (leaf) + 1 (bonus) − 0,5 (penalty) = 1,5.
    expect(unit(r, 'xa-a').selfPoints).toEqual(x('1.5'));
  });

  it('whose rule finds nothing to apply (hand-built criteria) give nothing, keeping the text and source', () => {
    const proportional = criteriaOf(`${header}groups: [{ id: xa, title: Xã }]
criteria:
  - { id: "1", title: Phản ánh, max: 1, indicator: pa, rule: { kind: proportional, empty: na } }
adjustments:
  - { id: thuong, title: Thưởng, kind: bonus, cap: 1, rule: { kind: given } }
`);
    // The loader allows no proportional adjustment; a library user building criteria by hand may.
    proportional.adjustments[0] = { ...proportional.adjustments[0]!, rule: proportional.leaves[0]!.rule };
    const r = scoreIndex({
      criteria: proportional,
      units: unitsOf({ a: 'xa' }),
      inputs: byUnit<Input>({ a: { '1': valueOf({ type: 'percent', value: x('100') }, '100%'), thuong: valueOf({ type: 'percent', value: undefined }, '0/0', { source: 'Sổ theo dõi' }) } }),
    });
    expect(adjustment(r, 'a', 'thuong')).toMatchObject({ points: x('0'), written: '0/0', source: 'Sổ theo dõi', message: { id: 'leaf.na_empty' } });
  });
});

describe('bands below zero', () => {
  it('a unit whose penalty takes it below zero gets the lowest band when that band starts at 0', () => {
    const r = scoreIndex({
      criteria,
      units: unitsOf({ 'xa-a': 'xa', 'xa-b': 'xa' }),
      inputs: byUnit<Input>({
        // Not done: the deadline's missing 0,25; 2.1 given 0; three violations × 0,5 = 1,5, capped at 1.
        'xa-a': { '1.1.1': valueOf({ type: 'not_done' }, 'chưa'), '2.1': given('0'), phat: valueOf({ type: 'count', value: x('3') }, '3') },
        'xa-b': { '1.1.1': valueOf({ type: 'not_done' }, 'chưa'), '2.1': given('2') },
      }),
    });
    // xa-a: 0,25 + 0 (1.2 without evidence) + 0 − 1 = −0,75 of 5 (1 + 2 + 2) → index −15.
    expect(unit(r, 'xa-a')).toMatchObject({ points: x('-0.75'), max: x('5'), index: x('-15'), rank: 2, band: 'Chưa đạt' });
    // xa-b: 0,25 + 2 = 2,25 of 5 → 45, below 50.
    expect(unit(r, 'xa-b')).toMatchObject({ index: x('45'), band: 'Chưa đạt' });
  });

  it('a lowest band above 0 still leaves a unit below it without a band (validate warns of it: bands-no-zero)', () => {
    const above = criteriaOf(`${header}groups: [{ id: xa, title: Xã, bands: [{ min: 50, label: Đạt }] }]
criteria:
  - { id: "1", title: Báo cáo, max: 2, indicator: bc, rule: { kind: given } }
`);
    const r = scoreIndex({ criteria: above, units: unitsOf({ a: 'xa' }), inputs: byUnit<Input>({ a: { '1': given('0.5') } }) });
    // 0,5 / 2 = 25 < 50.
    expect(unit(r, 'a')).toMatchObject({ index: x('25'), band: null });
  });
});
