import { describe, expect, it } from 'vitest';
import { Exact } from '../../src/core/exact.js';
import { compileRule, kindOf, type RawRule } from '../../src/core/rules/index.js';
import { unitPlan } from '../../src/core/remediation.js';
import { parseValue } from '../../src/evidence/values.js';
import { criteriaOf, score, unit, unitsOf } from '../helpers/scoring.js';

/**
 * What it would take to regain lost points, rule by rule, as a case table: a rule, the value the
 * unit had, and each way with the points the leaf would then get — worked out by hand from the
 * rule's own words. Messages are asserted by id and data, not wording.
 */
const x = (s: string) => Exact.parse(s)!;

function regain(raw: RawRule, max: string, text: string, best?: string): Array<[string, string, Record<string, unknown>]> {
  const rule = compileRule(raw, x(max));
  const kind = kindOf(rule);
  const parsed = parseValue({ text }, kind.expects(rule, x(max)), 'vi');
  if (parsed.kind !== 'value') throw new Error(`${text}: ${JSON.stringify(parsed)}`);
  return kind
    .regain(rule, parsed.value, { max: x(max), ...(best !== undefined ? { best: x(best) } : {}) })
    .map((w) => [w.message.id, w.points.toString(), Object.fromEntries(Object.entries(w.message.data).map(([k, v]) => [k, v instanceof Exact ? v.toString() : v]))]);
}

describe('regain', () => {
  it('boolean: "không" → meet it for the yes points; "có" has nothing to regain', () => {
    expect(regain({ kind: 'boolean' }, '1', 'không')).toEqual([['regain.boolean', '1', {}]]);
    expect(regain({ kind: 'boolean' }, '1', 'có')).toEqual([]);
  });

  it('deadline "kịp thời: 1; không kịp thời: 0,5": late → on time is worth 1; not done → late 0,5 or on time 1', () => {
    const rule: RawRule = { kind: 'deadline', due: '2024-12-15', on_time: 1, late: 0.5, missing: 0 };
    expect(regain(rule, '1', '20/12/2024')).toEqual([['regain.deadline', '1', { due: '2024-12-15', late: false }]]);
    expect(regain(rule, '1', 'không')).toEqual([
      ['regain.deadline', '0.5', { due: '2024-12-15', late: true }],
      ['regain.deadline', '1', { due: '2024-12-15', late: false }],
    ]);
  });

  it('bands "> 90%: 2; từ 70%: 1": every band, the nearest first (the caller keeps those above the points)', () => {
    const rule: RawRule = { kind: 'bands', bands: [{ above: 90, points: 2 }, { min: 70, points: 1 }] };
    expect(regain(rule, '2', '65%')).toEqual([
      ['regain.bands', '1', { threshold: '70', strict: false, of: 'percent' }],
      ['regain.bands', '2', { threshold: '90', strict: true, of: 'percent' }],
    ]);
  });

  it('proportional: reach the target for the max', () => {
    expect(regain({ kind: 'proportional', target: 80 }, '3', '57,83%')).toEqual([['regain.proportional', '3', { target: '80', of: 'percent' }]]);
  });

  it('increment "≤ 3.500: 10; mỗi 100 thêm +0,5; tối đa 35": 3.650 is 1 step (10,5); next step at 3.700 → 11; the max needs (35 − 10) / 0,5 = 50 steps, at 3.500 + 50 × 100 = 8.500', () => {
    const rule: RawRule = { kind: 'increment', from: 3500, base: 10, step: 100, per_step: 0.5 };
    expect(regain(rule, '35', '3.650')).toEqual([
      ['regain.increment', '11', { value: '3700', direction: 'up', steps: 2 }],
      ['regain.increment', '35', { value: '8500', direction: 'up', steps: 50 }],
    ]);
  });

  it('increment down "từ 3%: 0; mỗi 0,5% thấp hơn: +0,5; tối đa 2": 2,4 is 1 step; 2 steps at ≤ 2, the max (4 steps) at ≤ 1', () => {
    const rule: RawRule = { kind: 'increment', from: 3, base: 0, step: 0.5, per_step: 0.5, direction: 'down' };
    expect(regain(rule, '2', '2,4')).toEqual([
      ['regain.increment', '1', { value: '2', direction: 'down', steps: 2 }],
      ['regain.increment', '2', { value: '1', direction: 'down', steps: 4 }],
    ]);
  });

  it('increment whose max is not a whole number of steps: (1 − 0) / 0,3 = 3,33… → 4 steps, capped at the max', () => {
    const rule: RawRule = { kind: 'increment', from: 0, base: 0, step: 1, per_step: 0.3 };
    expect(regain(rule, '1', '3')).toEqual([['regain.increment', '1', { value: '4', direction: 'up', steps: 4 }]]);
  });

  it('levels: every level by points, lowest first', () => {
    const rule: RawRule = { kind: 'levels', levels: { 'Cấp trưởng': 1, 'Cấp phó': 0.5, Khác: 0 } };
    expect(regain(rule, '1', 'Khác').map((w) => [w[1], w[2]['level']])).toEqual([
      ['0', 'Khác'],
      ['0.5', 'Cấp phó'],
      ['1', 'Cấp trưởng'],
    ]);
  });

  it('deduction "1 − 0,25 × count, floor −0,25": 6 occurrences (−0,25); 5 would still be −0,25; none gives 1', () => {
    const rule: RawRule = { kind: 'deduction', per: 0.25, floor: -0.25 };
    expect(regain(rule, '1', '6')).toEqual([
      ['regain.deduction', '-0.25', { count: '5' }],
      ['regain.deduction', '1', { count: '0' }],
    ]);
    // 3 occurrences: 0,25; two: 1 − 0,5 = 0,5.
    expect(regain(rule, '1', '3').map((w) => w[1])).toEqual(['0.5', '1']);
  });

  it("relative: match the group's best for the max; manual and given: the max", () => {
    expect(regain({ kind: 'relative' }, '2', '64,53', '98.73')).toEqual([['regain.relative', '2', { best: '98.73', direction: 'higher' }]]);
    expect(regain({ kind: 'manual' }, '2', '1,5')).toEqual([['regain.manual', '2', {}]]);
    expect(regain({ kind: 'given' }, '5', '4,15')).toEqual([['regain.given', '5', {}]]);
  });
});

describe('unitPlan', () => {
  const criteria = criteriaOf(`
format: parscore/criteria@1
id: t
title: T
year: 2025
groups: [{ id: xa, title: Xã }]
criteria:
  - id: "1"
    title: A
    responsible: Văn phòng
    children:
      - { id: "1.1", title: Công khai, max: 1, rule: { kind: boolean } }
      - { id: "1.2", title: Tỷ lệ, max: 2, rule: { kind: proportional }, reference: Mục 1.2 }
      - { id: "1.3", title: Kế hoạch, max: 0.5, rule: { kind: deadline, due: 2025-07-31 } }
adjustments:
  - { id: phat, title: Vi phạm, kind: penalty, cap: 3, rule: { kind: deduction, per: 0.5 } }
`);

  it('lists lost points largest first: an override to appeal, a rate to reach, evidence to send, a penalty to avoid', () => {
    const report = score(criteria, unitsOf({ u: 'xa' }), { u: { '1.1': 'có', '1.2': '45%', phat: '2' } }, { overrides: { u: { '1.1': ['0', 'Biên bản không hợp lệ'] } } });
    const plan = unitPlan(criteria, unit(report, 'u'));
    // 1.2: 2 × 45% = 0,9, lost 1,1; 1.1: yes → 1, overridden to 0, lost 1; penalty 2 × 0,5 = 1;
    // 1.3: no evidence, lost 0,5. Equal losses keep the order: leaves first, then penalties.
    expect(plan.map((l) => [l.id, l.kind, l.lost.toString()])).toEqual([
      ['1.2', 'leaf', '1.1'],
      ['1.1', 'leaf', '1'],
      ['phat', 'penalty', '1'],
      ['1.3', 'leaf', '0.5'],
    ]);
    expect(plan[0]).toMatchObject({ responsible: 'Văn phòng', reference: 'Mục 1.2' });
    const ways = (i: number) => plan[i]!.ways.map((w) => [w.message.id, w.gain.toString()]);
    expect(ways(0)).toEqual([['regain.proportional', '1.1']]);
    // The unit said yes and the rule gave 1: only the appraisal stands between it and the point.
    expect(ways(1)).toEqual([['regain.appeal', '1']]);
    expect(plan[1]!.ways[0]!.message.data).toEqual({ reason: 'Biên bản không hợp lệ' });
    expect(ways(2)).toEqual([['regain.deduction', '1']]);
    expect(ways(3)).toEqual([['regain.submit', '0.5']]);
  });
});
