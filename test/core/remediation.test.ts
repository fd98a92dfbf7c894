import { describe, expect, it } from 'vitest';
import { Exact } from '../../src/core/exact.js';
import type { Input } from '../../src/core/score.js';
import { scoreIndex } from '../../src/core/score.js';
import { lossesByCriterion, lossesByResponsible, unitPlan } from '../../src/core/remediation.js';
import type { Report } from '../../src/core/report.js';
import { criteriaOf, unitsOf, x } from '../helpers/scoring.js';

/**
 * The remediation view's edges: which outcomes and adjustments are listed, and how losses add up per
 * criterion and per office across a group. Inputs are given to the core as parsed values, so that
 * unreadable evidence and too-small samples can be set up directly.
 */
const criteria = criteriaOf(`
format: parscore/criteria@1
id: t
title: T
year: 2025
groups: [{ id: xa, title: Xã }, { id: phuong, title: Phường }]
criteria:
  - id: "1"
    title: A
    responsible: Văn phòng
    children:
      - { id: "1.1", title: Công khai, max: 1, rule: { kind: boolean }, description: Đăng trên cổng thông tin }
      - { id: "1.2", title: Báo cáo, max: 1, rule: { kind: boolean } }
  - id: "2"
    title: B
    responsible: Phòng Nội vụ
    children:
      - { id: "2.1", title: Họp, max: 0.75, rule: { kind: boolean } }
      - { id: "2.2", title: Kiểm tra, max: 0.75, rule: { kind: boolean } }
  - id: "3"
    title: C
    children:
      - { id: "3.1", title: Khảo sát, max: 0.5, rule: { kind: proportional } }
adjustments:
  - { id: thuong, title: Sáng kiến, kind: bonus, cap: 1, rule: { kind: given } }
  - { id: phat, title: Vi phạm, kind: penalty, cap: 3, rule: { kind: deduction, per: 0.5 }, responsible: Thanh tra, reference: Điều 5 }
  - { id: phat2, title: Chậm báo cáo, kind: penalty, cap: 1, rule: { kind: deduction, per: 0.25 } }
`);

const at = [{ file: 'minh-chung.csv', row: 2, column: 'C' }];
const yes = (value: boolean): Input => ({ value: { type: 'boolean', value }, text: value ? 'có' : 'không', evidence: at });
const count = (n: string): Input => ({ value: { type: 'count', value: x(n) }, text: n, evidence: at });
const percent = (p: string): Input => ({ value: { type: 'percent', value: x(p) }, text: `${p}%`, evidence: at });
const points = (n: string): Input => ({ value: { type: 'points', value: x(n) }, text: n, evidence: at });
const unreadable = (text: string): Input => ({ invalid: true, text, evidence: at });
const tooFew: Input = {
  value: { type: 'percent', value: x('50') },
  text: '50%',
  evidence: at,
  derived: { kind: 'share', n: 3, excluded: [], files: ['khao-sat.csv'], insufficient: { minRows: 30 } },
};

function run(units: Record<string, string>, inputs: Record<string, Record<string, Input>>): Report {
  return scoreIndex({
    criteria,
    units: unitsOf(units),
    inputs: new Map(Object.entries(inputs).map(([u, m]) => [u, new Map(Object.entries(m))])),
  });
}

const plain = (v: unknown) => (v instanceof Exact ? v.toString() : v);

describe('unitPlan', () => {
  const report = run(
    { a: 'xa' },
    { a: { '1.1': yes(false), '1.2': unreadable('đã gửi'), '2.1': yes(true), '2.2': yes(true), '3.1': percent('100'), thuong: points('1'), phat: count('0'), phat2: count('2') } },
  );
  const plan = unitPlan(criteria, report.units[0]!);

  it('lists leaves that lost points and penalties that took some, never a bonus or a penalty of 0', () => {
    // 1.1 "không" → 0 of 1 (lost 1); 1.2 unreadable → 0 of 1 (lost 1); 2.x and 3.1 full; the bonus
    // adds; "phat" counts 0 occurrences (0 taken off); "phat2" 2 × 0,25 = 0,5 taken off.
    expect(plan.map((l) => [l.id, l.kind, plain(l.lost), plain(l.final), plain(l.max)])).toEqual([
      ['1.1', 'leaf', '1', '0', '1'],
      ['1.2', 'leaf', '1', '0', '1'],
      ['phat2', 'penalty', '0.5', '-0.5', '0'],
    ]);
  });

  it("asks for readable evidence when the unit's value could not be read, and says so", () => {
    const ways = plan[1]!.ways.map((w) => [w.message.id, w.message.data, plain(w.points), plain(w.gain)]);
    expect(ways).toEqual([['regain.submit', { invalid: true }, '1', '1']]);
    // Evidence never sent: the same way, not called unreadable. 3.1 is worth 0,5.
    const missing = unitPlan(criteria, run({ c: 'xa' }, { c: { '1.1': yes(true), '1.2': yes(true), '2.1': yes(true), '2.2': yes(true) } }).units[0]!);
    expect(missing.map((l) => [l.id, l.ways.map((w) => [w.message.id, w.message.data, plain(w.gain)])])).toEqual([['3.1', [['regain.submit', { invalid: false }, '0.5']]]]);
  });

  it("describes each loss with its criterion's own words", () => {
    expect(plan[0]).toMatchObject({ responsible: 'Văn phòng', description: 'Đăng trên cổng thông tin', why: { id: 'boolean.no' } });
    expect(plan[0]!.reference).toBeUndefined();
    expect(plan[0]!.ways.map((w) => [w.message.id, plain(w.gain)])).toEqual([['regain.boolean', '1']]);
  });

  it('takes a penalty\'s title and rule from its own declaration: regained by having nothing to penalise', () => {
    const p = plan[2]!;
    expect([p.title, p.rule.kind, p.responsible, p.reference]).toEqual(['Chậm báo cáo', 'deduction', undefined, undefined]);
    expect(p.ways.map((w) => [w.message.id, plain((w.message.data as { count: Exact }).count), plain(w.points), plain(w.gain)])).toEqual([['regain.deduction', '0', '0', '0.5']]);
    const other = unitPlan(criteria, run({ b: 'xa' }, { b: { phat: count('3') } }).units[0]!).find((l) => l.id === 'phat')!;
    // 3 × 0,5 = 1,5 taken off, within the cap of 3.
    expect([other.title, plain(other.lost), other.responsible, other.reference]).toEqual(['Vi phạm', '1.5', 'Thanh tra', 'Điều 5']);
  });
});

describe('losses across units', () => {
  // xa-1: 1.1 no (−1), 2.1 no (−0,75), 2.2 no (−0,75), 3.1 50% of 0,5 (−0,25).
  // xa-2: 1.1 no (−1), 1.2 no (−1), 2.1 yes, 2.2 yes, 3.1 too few answers (not counted).
  // p-1 (phường): 1.1 no (−1), 2.1 no (−0,75).
  const report = run(
    { 'xa-1': 'xa', 'xa-2': 'xa', 'p-1': 'phuong' },
    {
      'xa-1': { '1.1': yes(false), '1.2': yes(true), '2.1': yes(false), '2.2': yes(false), '3.1': percent('50') },
      'xa-2': { '1.1': yes(false), '1.2': yes(false), '2.1': yes(true), '2.2': yes(true), '3.1': tooFew },
      'p-1': { '1.1': yes(false), '1.2': yes(true), '2.1': yes(false), '2.2': yes(true), '3.1': percent('100') },
    },
  );

  it('sums each criterion over the units of a group, largest first, counting only units it was scored for', () => {
    const rows = (group?: string) => lossesByCriterion(report, group).map((c) => [c.id, plain(c.lost), c.units, c.counted, c.responsible]);
    // xã: 1.1 lost 1 + 1 = 2 (2 units); 1.2 1 (1 unit); 2.1 0,75; 2.2 0,75; 3.1 0,25, counted for
    // xa-1 only (xa-2 had too few answers). Equal losses keep tree order.
    expect(rows('xa')).toEqual([
      ['1.1', '2', 2, 2, 'Văn phòng'],
      ['1.2', '1', 1, 2, 'Văn phòng'],
      ['2.1', '0.75', 1, 2, 'Phòng Nội vụ'],
      ['2.2', '0.75', 1, 2, 'Phòng Nội vụ'],
      ['3.1', '0.25', 1, 1, undefined],
    ]);
    // phường: 1.1 (1) and 2.1 (0,75) only.
    expect(rows('phuong')).toEqual([
      ['1.1', '1', 1, 1, 'Văn phòng'],
      ['2.1', '0.75', 1, 1, 'Phòng Nội vụ'],
    ]);
    // All units: 1.1 lost 3 over 3 units; 2.1 1,5 over 2.
    expect(rows().slice(0, 2)).toEqual([
      ['1.1', '3', 3, 3, 'Văn phòng'],
      ['2.1', '1.5', 2, 3, 'Phòng Nội vụ'],
    ]);
  });

  it('sums by responsible office, largest first, with the units and the leaves in tree order', () => {
    const rows = (group?: string) => lossesByResponsible(report, group).map((r) => [r.responsible, plain(r.lost), r.items, r.units, r.criteria]);
    // xã: Văn phòng 2 + 1 = 3 (3 unit × leaf losses, units xa-1 and xa-2); Phòng Nội vụ 0,75 + 0,75
    // = 1,5 (2 losses, xa-1 only); no office: 0,25 (3.1, xa-1).
    expect(rows('xa')).toEqual([
      ['Văn phòng', '3', 3, 2, ['1.1', '1.2']],
      ['Phòng Nội vụ', '1.5', 2, 1, ['2.1', '2.2']],
      [undefined, '0.25', 1, 1, ['3.1']],
    ]);
    // Everyone: Văn phòng 3 + 1 = 4 over 3 units; Phòng Nội vụ 1,5 + 0,75 = 2,25 over 2 units.
    expect(rows().slice(0, 2)).toEqual([
      ['Văn phòng', '4', 4, 3, ['1.1', '1.2']],
      ['Phòng Nội vụ', '2.25', 3, 2, ['2.1', '2.2']],
    ]);
  });

  it('puts an office that lost more in total first even when its largest single loss is smaller', () => {
    // xa-3: 1.1 no (−1) for Văn phòng; 2.1 and 2.2 no (−0,75 each = −1,5) for Phòng Nội vụ.
    // By criterion 1.1 (1) comes before 2.1 and 2.2 (0,75); by office Phòng Nội vụ (1,5) comes first,
    // its leaves in tree order even though they were found after 1.1.
    const one = run({ 'xa-3': 'xa' }, { 'xa-3': { '1.1': yes(false), '1.2': yes(true), '2.1': yes(false), '2.2': yes(false), '3.1': percent('100') } });
    expect(lossesByCriterion(one).map((c) => c.id)).toEqual(['1.1', '2.1', '2.2']);
    expect(lossesByResponsible(one).map((r) => [r.responsible, plain(r.lost), r.units, r.criteria])).toEqual([
      ['Phòng Nội vụ', '1.5', 1, ['2.1', '2.2']],
      ['Văn phòng', '1', 1, ['1.1']],
    ]);
  });

  it('lists criteria of an office in tree order when a later one lost more', () => {
    // xa-4: 2.1 yes, 2.2 no: only 2.2; xa-5: 2.1 no, 2.2 no → 2.2 lost 1,5 (2 units), 2.1 lost 0,75.
    const two = run(
      { 'xa-4': 'xa', 'xa-5': 'xa' },
      {
        'xa-4': { '1.1': yes(true), '1.2': yes(true), '2.1': yes(true), '2.2': yes(false), '3.1': percent('100') },
        'xa-5': { '1.1': yes(true), '1.2': yes(true), '2.1': yes(false), '2.2': yes(false), '3.1': percent('100') },
      },
    );
    expect(lossesByCriterion(two).map((c) => c.id)).toEqual(['2.2', '2.1']);
    // 0,75 + 1,5 = 2,25 over 3 unit × leaf losses and 2 units; criteria in tree order.
    expect(lossesByResponsible(two).map((r) => [r.responsible, plain(r.lost), r.items, r.units, r.criteria])).toEqual([['Phòng Nội vụ', '2.25', 3, 2, ['2.1', '2.2']]]);
  });

  it('has nothing to list for a report without units', () => {
    const empty = run({}, {});
    expect(lossesByCriterion(empty)).toEqual([]);
    expect(lossesByResponsible(empty)).toEqual([]);
  });
});
