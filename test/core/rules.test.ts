import { describe, expect, it } from 'vitest';
import { Exact } from '../../src/core/exact.js';
import { compileRule, kindOf, type RawRule } from '../../src/core/rules/index.js';
import { parseValue } from '../../src/evidence/values.js';

/**
 * Each rule kind as a case table, ESLint RuleTester style: a rule, a value written as an office
 * writes it, and the points (before the leaf's rounding) and message worked out by hand.
 */
const x = (s: string) => Exact.parse(s)!;

function evaluate(raw: RawRule, max: string, text: string, best?: string) {
  const rule = compileRule(raw, x(max));
  const kind = kindOf(rule);
  const parsed = parseValue({ text }, kind.expects(rule, x(max)), 'vi');
  if (parsed.kind !== 'value') throw new Error(`${text}: ${JSON.stringify(parsed)}`);
  return kind.evaluate(rule, parsed.value, { max: x(max), text, ...(best !== undefined ? { best: x(best) } : {}) });
}

function points(raw: RawRule, max: string, text: string, best?: string): string {
  const e = evaluate(raw, max, text, best);
  if (!('points' in e)) return 'na';
  return e.points.toString();
}

function messageId(raw: RawRule, max: string, text: string, best?: string): string {
  return evaluate(raw, max, text, best).message.id;
}

describe('boolean', () => {
  const rule: RawRule = { kind: 'boolean' };
  it.each([
    ['có', '1', 'boolean.yes'],
    ['x', '1', 'boolean.yes'],
    ['không', '0', 'boolean.no'],
  ])('%j → %s', (text, expected, id) => {
    expect(points(rule, '1', text)).toBe(expected);
    expect(messageId(rule, '1', text)).toBe(id);
  });
  it('gives the declared yes and no', () => {
    expect(points({ kind: 'boolean', yes: 0.75, no: 0.25 }, '1', 'đạt')).toBe('0.75');
    expect(points({ kind: 'boolean', yes: 0.75, no: 0.25 }, '1', 'không đạt')).toBe('0.25');
  });
});

describe('deadline: "kịp thời: 1; không kịp thời: 0,5; không ban hành: 0"', () => {
  const rule: RawRule = { kind: 'deadline', due: '2024-12-15', on_time: 1, late: 0.5, missing: 0 };
  it.each([
    ['10/12/2024', '1', 'deadline.on_time'],
    // The due day itself is on time.
    ['15/12/2024', '1', 'deadline.on_time'],
    ['16/12/2024', '0.5', 'deadline.late'],
    ['20/01/2025', '0.5', 'deadline.late'],
    ['không', '0', 'deadline.missing'],
  ])('%j → %s', (text, expected, id) => {
    expect(points(rule, '1', text)).toBe(expected);
    expect(messageId(rule, '1', text)).toBe(id);
  });
  it('counts the days late: 20/12/2024 is 5 days after 15/12/2024, across a year end too', () => {
    expect(evaluate(rule, '1', '20/12/2024').message).toEqual({ id: 'deadline.late', data: { date: '2024-12-20', due: '2024-12-15', days: 5 } });
    // 15/12/2024 → 05/01/2025: 16 days left in December + 5 = 21.
    expect(evaluate(rule, '1', '05/01/2025').message.data).toMatchObject({ days: 21 });
  });
});

describe('bands: "> 90%: 2; từ 70% đến dưới 90%: 1; < 70%: 0"', () => {
  const rule: RawRule = { kind: 'bands', bands: [{ above: 90, points: 2 }, { min: 70, points: 1 }] };
  it.each([
    ['95%', '2'],
    ['90,01%', '2'],
    // Exactly 90% is not above 90: it is in [70, 90].
    ['90%', '1'],
    ['89,99%', '1'],
    // Exactly 70% is the lower edge of "từ 70%".
    ['70%', '1'],
    ['69,99%', '0'],
    ['0%', '0'],
    // 630/900 = 70% exactly, a ratio on the boundary.
    ['630/900', '1'],
    // 629/900 = 69,88…%.
    ['629/900', '0'],
  ])('%s → %s', (text, expected) => {
    expect(points(rule, '2', text)).toBe(expected);
  });
  it('names the band reached, or the lowest one missed', () => {
    expect(evaluate(rule, '2', '92,5%').message).toMatchObject({ id: 'bands.band', data: { strict: true, threshold: x('90') } });
    expect(evaluate(rule, '2', '65%').message).toMatchObject({ id: 'bands.below', data: { strict: false, threshold: x('70') } });
  });
  it('counts meetings with of: number — "4 lần: 2; 3: 1,5; 2: 1; 1: 0,5"', () => {
    const meetings: RawRule = {
      kind: 'bands',
      of: 'number',
      bands: [
        { min: 4, points: 2 },
        { min: 3, points: 1.5 },
        { min: 2, points: 1 },
        { min: 1, points: 0.5 },
      ],
    };
    expect(['5', '4', '3', '2', '1', '0'].map((t) => points(meetings, '2', t))).toEqual(['2', '2', '1.5', '1', '0.5', '0']);
  });
  it('gives `otherwise` below every band', () => {
    expect(points({ kind: 'bands', bands: [{ min: 50, points: 1 }], otherwise: 0.25 }, '1', '10%')).toBe('0.25');
  });
});

describe('proportional: points = rate × max', () => {
  const rule: RawRule = { kind: 'proportional' };
  it.each([
    // 810/849 × 2 = 1620/849 = 1,9081…
    ['810/849', '1620/849'],
    ['50%', '1'],
    ['100%', '2'],
    ['0%', '0'],
    // 93,95% × 2 = 1,879
    ['93,95%', '1.879'],
  ])('%s of 2 → %s', (text, expected) => {
    const e = evaluate(rule, '2', text);
    if (!('points' in e)) throw new Error();
    const [n, d] = expected.split('/');
    expect(e.points.eq(d ? Exact.of(BigInt(n!), BigInt(d)) : x(n!))).toBe(true);
  });
  it('caps at the target: 120 computers for 100 officials against a target of 1 per official', () => {
    expect(points({ kind: 'proportional', of: 'number', target: 1 }, '1', '120/100')).toBe('1');
    // 45/60 = 0,75 of the target → 0,75 × 1.
    expect(points({ kind: 'proportional', of: 'number', target: 1 }, '1', '45/60')).toBe('0.75');
    // 72% against a target of 80%: 72/80 × 2 = 1,8.
    expect(points({ kind: 'proportional', target: 80 }, '2', '72%')).toBe('1.8');
  });
  it('gives 0/0 what `empty` says: zero by default, full, or not applicable', () => {
    expect(points({ kind: 'proportional' }, '2', '0/0')).toBe('0');
    expect(points({ kind: 'proportional', empty: 'zero' }, '2', '0/0')).toBe('0');
    expect(points({ kind: 'proportional', empty: 'full' }, '2', '0/0')).toBe('2');
    expect(points({ kind: 'proportional', empty: 'na' }, '2', '0/0')).toBe('na');
    expect(messageId({ kind: 'proportional', empty: 'na' }, '2', '0/0')).toBe('leaf.na_empty');
  });
});

describe('increment: "≤ 3.500 người: 10; mỗi 100 người thêm +0,5; tối đa 35"', () => {
  const rule: RawRule = { kind: 'increment', from: 3500, base: 10, step: 100, per_step: 0.5 };
  it.each([
    ['3.000', '10'],
    ['3.500', '10'],
    // 99 people over is not a whole step.
    ['3.599', '10'],
    ['3.600', '10.5'],
    // 4.250: 750 over → 7 whole steps → 10 + 3,5.
    ['4.250', '13.5'],
    // 8.500: 50 steps → 10 + 25 = 35, the max.
    ['8.500', '35'],
    // 9.000: 55 steps → 37,5, capped at 35.
    ['9.000', '35'],
  ])('%s → %s', (text, expected) => {
    expect(points(rule, '35', text)).toBe(expected);
  });
  it('says when the cap cut the steps', () => {
    expect(evaluate(rule, '35', '9.000').message).toMatchObject({ id: 'increment.steps', data: { steps: 55, capped: true } });
    expect(evaluate(rule, '35', '3.000').message.id).toBe('increment.base');
  });
  it('counts steps below with direction: down — "mỗi 1% hộ nghèo thấp hơn 5%: +1"', () => {
    const down: RawRule = { kind: 'increment', from: 5, base: 0, step: 1, per_step: 1, direction: 'down' };
    // 3,2%: 1,8 below → 1 whole step; 0,5%: 4,5 below → 4 steps; 6%: above the mark → base.
    expect(['5', '3,2', '0,5', '6', '0'].map((t) => points(down, '4', t))).toEqual(['0', '1', '4', '0', '4']);
  });
});

describe('levels: "cấp trưởng: max; cấp phó: ½ max; khác: 0"', () => {
  const rule: RawRule = { kind: 'levels', levels: { 'Cấp trưởng': 1, 'Cấp phó': 0.5, Khác: 0 } };
  it.each([
    ['Cấp trưởng', '1'],
    ['cấp trưởng', '1'],
    ['CẤP PHÓ', '0.5'],
    ['Khác', '0'],
  ])('%s → %s', (text, expected) => {
    expect(points(rule, '1', text)).toBe(expected);
  });
  it('names the level as the criteria write it', () => {
    expect(evaluate(rule, '1', 'cấp phó').message).toEqual({ id: 'levels.level', data: { level: 'Cấp phó' } });
  });
});

describe('deduction: max − per × count, not below floor', () => {
  it.each([
    ['0', '1'],
    ['1', '0.75'],
    ['3', '0.25'],
    ['4', '0'],
    // Five late reports would be −0,25; the default floor is 0.
    ['5', '0'],
  ])('%s late reports of 0,25 from 1 → %s', (text, expected) => {
    expect(points({ kind: 'deduction', per: 0.25 }, '1', text)).toBe(expected);
  });
  it('goes below zero down to a negative floor: "0 điểm và bị trừ 0,25 điểm"', () => {
    const rule: RawRule = { kind: 'deduction', per: 0.25, floor: -0.25 };
    // 5 × 0,25 = 1,25 → 1 − 1,25 = −0,25, exactly the floor; 9 would be −1,25 → −0,25.
    expect(points(rule, '1', '5')).toBe('-0.25');
    expect(points(rule, '1', '9')).toBe('-0.25');
    expect(evaluate(rule, '1', '9').message).toMatchObject({ data: { floored: true } });
    expect(evaluate(rule, '1', '5').message).toMatchObject({ data: { floored: false } });
  });
});

describe('relative: value ÷ best value in the group × max', () => {
  const rule: RawRule = { kind: 'relative' };
  it.each([
    // 87,6 against the best 92: 87,6/92 × 2 = 175,2/92 = 1,9043…
    ['87,6', '92', '1.9043'],
    ['92', '92', '2'],
    ['0', '92', '0'],
    // Everyone at 0: nobody earns anything.
    ['0', '0', '0'],
  ])('%s against %s → %s', (text, best, expected) => {
    const e = evaluate(rule, '2', text, best);
    if (!('points' in e)) throw new Error();
    expect(e.points.toFixed(4).replace(/\.?0+$/, '')).toBe(expected);
  });
  it('with direction: lower, scores max × best / value', () => {
    const lower: RawRule = { kind: 'relative', direction: 'lower' };
    // Best (lowest) 2 days; a unit with 5 days: 2/5 × 10 = 4.
    expect(points(lower, '10', '5', '2')).toBe('4');
    expect(points(lower, '10', '2', '2')).toBe('10');
    expect(points(lower, '10', '0', '0')).toBe('10');
    expect(points(lower, '10', '3', '0')).toBe('0');
  });
  it('names the best unit', () => {
    expect(messageId(rule, '2', '92', '92')).toBe('relative.best');
    expect(messageId(rule, '2', '0', '0')).toBe('relative.zero_best');
  });
});

describe('manual and given take the points as they are', () => {
  it('manual: the appraiser’s points', () => {
    expect(points({ kind: 'manual' }, '1', '0,75')).toBe('0.75');
    expect(evaluate({ kind: 'manual' }, '1', '0,75').message).toMatchObject({ id: 'manual.points' });
  });
  it('given: the points delivered by the survey team', () => {
    expect(points({ kind: 'given' }, '3', '2,59')).toBe('2.59');
    expect(points({ kind: 'given', floor: -1 }, '3', '-0,5')).toBe('-0.5');
  });
});
