import { beforeAll, describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../src/core/dates.js';
import { Exact } from '../../src/core/exact.js';
import type { Value } from '../../src/core/inputs.js';
import type * as BandsModule from '../../src/core/rules/bands.js';
import type * as KindModule from '../../src/core/rules/kind.js';
import type { RawRule } from '../../src/core/rules/index.js';
import type * as RulesModule from '../../src/core/rules/index.js';

/**
 * The edges of each rule kind, asked of the rule modules directly: what a rule declares for the
 * criteria checks, what evidence it asks for, exact thresholds, 0/0, floors and caps, the inverse
 * direction, values a rule must refuse, and what regaining lost points would take.
 *
 * The rule modules are loaded in the tests rather than imported at the top, so that a rule module
 * that fails to load shows here as failing tests (those of the registry at least), not as a file
 * with no tests at all.
 */
const x = (s: string) => Exact.parse(s)!;
const load = () => Promise.all([import('../../src/core/rules/index.js'), import('../../src/core/rules/bands.js'), import('../../src/core/rules/kind.js')]);

let rules: typeof RulesModule;
let bands: typeof BandsModule;
let kinds: typeof KindModule;
/** Each rule's block loads the modules for itself: a failed load fails that block's tests, not the registry's. */
async function loadModules() {
  [rules, bands, kinds] = await load();
}

const num = (s: string): Value => ({ type: 'number', value: x(s) });
const pct = (s: string | undefined): Value => ({ type: 'percent', value: s === undefined ? undefined : x(s) });
const count = (s: string): Value => ({ type: 'count', value: x(s) });
const date = (s: string): Value => ({ type: 'date', value: parseIsoDate(s)! });

function compiled(raw: RawRule, max: string) {
  const rule = rules.compileRule(raw, x(max));
  return { rule, kind: rules.kindOf(rule) };
}

function evaluate(raw: RawRule, max: string, value: Value, ctx: { text?: string; note?: string; best?: string } = {}) {
  const { rule, kind } = compiled(raw, max);
  return kind.evaluate(rule, value, {
    max: x(max),
    text: ctx.text ?? '',
    ...(ctx.note !== undefined ? { note: ctx.note } : {}),
    ...(ctx.best !== undefined ? { best: x(ctx.best) } : {}),
  });
}

function regain(raw: RawRule, max: string, value: Value, best?: string) {
  const { rule, kind } = compiled(raw, max);
  return kind.regain(rule, value, { max: x(max), ...(best !== undefined ? { best: x(best) } : {}) });
}

const declared = (raw: RawRule, max: string) => {
  const { rule, kind } = compiled(raw, max);
  return kind.declared(rule, x(max));
};
const expects = (raw: RawRule, max: string) => {
  const { rule, kind } = compiled(raw, max);
  return kind.expects(rule, x(max));
};
const best = (raw: RawRule, max: string) => {
  const { rule, kind } = compiled(raw, max);
  return kind.best(rule, x(max));
};

describe('the rule registry', () => {
  it('loads every rule kind, each filed under its own name, in the order of the design table', async () => {
    const [{ ruleKinds, ruleKindNames }] = await load();
    expect(ruleKindNames).toEqual(['boolean', 'deadline', 'bands', 'proportional', 'increment', 'levels', 'deduction', 'relative', 'manual', 'given']);
    for (const name of ruleKindNames) expect(ruleKinds[name].kind).toBe(name);
  });

  const complete: RawRule[] = [
    { kind: 'boolean', yes: 1, no: 0.5 },
    { kind: 'deadline', due: '2024-12-15', on_time: 1, late: 0.5, missing: 0 },
    { kind: 'bands', of: 'number', bands: [{ above: 3, points: 2 }, { min: 1, points: 1 }], otherwise: 0.5 },
    { kind: 'proportional', of: 'number', target: 2, empty: 'na' },
    { kind: 'increment', from: 3500, base: 10, step: 100, per_step: 0.5, direction: 'down' },
    { kind: 'levels', levels: { Đạt: 1, 'Không đạt': 0 } },
    { kind: 'deduction', per: 0.25, floor: -0.25 },
    { kind: 'relative', direction: 'lower' },
    { kind: 'manual' },
    { kind: 'given', floor: -1 },
  ];
  it.each(complete.map((r) => [r.kind, r] as const))('reads a rule of kind %s with every field it documents', async (_kind, raw) => {
    const [{ ruleSchema }] = await load();
    const parsed = ruleSchema.safeParse(raw);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual(raw);
  });

  it('refuses a levels rule that lists no level, as the empty-levels problem', async () => {
    const [{ ruleSchema }] = await load();
    const parsed = ruleSchema.safeParse({ kind: 'levels', levels: {} });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues).toEqual([expect.objectContaining({ code: 'custom', path: ['levels'], params: { problem: 'empty-levels' } })]);
    // One level is enough.
    expect(ruleSchema.safeParse({ kind: 'levels', levels: { Đạt: 1 } }).success).toBe(true);
  });
});

describe('a value of the wrong type is a bug, not bad input', () => {
  beforeAll(loadModules);
  it('names every type the rule accepts and the type it got', () => {
    const yes: Value = { type: 'boolean', value: true };
    expect(() => kinds.need(yes, 'number', 'percent')).toThrow(new Error('rule expected number|percent, got boolean'));
    expect(() => kinds.need(count('2'), 'boolean')).toThrow(new Error('rule expected boolean, got count'));
  });
  it('hands back the very value it was given when the type is accepted', () => {
    const v = pct('45');
    expect(kinds.need(v, 'number', 'percent')).toBe(v);
  });
});

describe('boolean', () => {
  beforeAll(loadModules);
  it('declares only the points written in the criteria file, even a written 0', () => {
    expect(declared({ kind: 'boolean' }, '1')).toEqual([]);
    expect(declared({ kind: 'boolean', yes: 0.75 }, '1')).toEqual([{ key: 'yes', path: ['yes'], value: x('0.75') }]);
    expect(declared({ kind: 'boolean', no: 0 }, '1')).toEqual([{ key: 'no', path: ['no'], value: x('0') }]);
    expect(declared({ kind: 'boolean', yes: 1, no: 0.25 }, '1')).toEqual([
      { key: 'yes', path: ['yes'], value: x('1') },
      { key: 'no', path: ['no'], value: x('0.25') },
    ]);
  });
  it('quotes the evidence text in both messages', () => {
    // yes defaults to the max (2), no to 0.
    expect(evaluate({ kind: 'boolean' }, '2', { type: 'boolean', value: true }, { text: 'có' })).toEqual({
      points: x('2'),
      message: { id: 'boolean.yes', data: { text: 'có' } },
    });
    expect(evaluate({ kind: 'boolean' }, '2', { type: 'boolean', value: false }, { text: 'không' })).toEqual({
      points: x('0'),
      message: { id: 'boolean.no', data: { text: 'không' } },
    });
  });
});

describe('deadline', () => {
  beforeAll(loadModules);
  const due = '2024-12-15';
  it('names the due date when nothing was done', () => {
    expect(evaluate({ kind: 'deadline', due, late: 0.5, missing: 0.25 }, '1', { type: 'not_done' })).toEqual({
      points: x('0.25'),
      message: { id: 'deadline.missing', data: { due } },
    });
  });
  it('on the due day itself is on time; the day after is one day late', () => {
    const rule: RawRule = { kind: 'deadline', due, late: 0.5 };
    expect(evaluate(rule, '1', date('2024-12-15'))).toEqual({ points: x('1'), message: { id: 'deadline.on_time', data: { date: '2024-12-15', due } } });
    expect(evaluate(rule, '1', date('2024-12-16'))).toEqual({ points: x('0.5'), message: { id: 'deadline.late', data: { date: '2024-12-16', due, days: 1 } } });
  });
  it('declares only the points written, each with its own value', () => {
    expect(declared({ kind: 'deadline', due }, '1')).toEqual([]);
    expect(declared({ kind: 'deadline', due, late: 0.5 }, '1')).toEqual([{ key: 'late', path: ['late'], value: x('0.5') }]);
    expect(declared({ kind: 'deadline', due, on_time: 0.75, missing: 0.25 }, '1')).toEqual([
      { key: 'on_time', path: ['on_time'], value: x('0.75') },
      { key: 'missing', path: ['missing'], value: x('0.25') },
    ]);
  });
  it('can at best give the largest of its three points, whichever that is', () => {
    // on time 0,25, late 0,5, missing 0: the late points are the best.
    expect(best({ kind: 'deadline', due, on_time: 0.25, late: 0.5, missing: 0 }, '1')).toEqual(x('0.5'));
    // on time 0,25, late 0, missing 0,5: the missing points are the best.
    expect(best({ kind: 'deadline', due, on_time: 0.25, late: 0, missing: 0.5 }, '1')).toEqual(x('0.5'));
    // Defaults: on time = max 1, late 0, missing 0.
    expect(best({ kind: 'deadline', due }, '1')).toEqual(x('1'));
  });
});

describe('bands', () => {
  beforeAll(loadModules);
  const rate: RawRule = { kind: 'bands', bands: [{ above: 90, points: 2 }, { min: 70, points: 1 }] };
  it('declares each band’s points by position, and `otherwise` only when written', () => {
    const each = [
      { key: 'bands[0].points', path: ['bands', 0, 'points'], value: x('2') },
      { key: 'bands[1].points', path: ['bands', 1, 'points'], value: x('1') },
    ];
    expect(declared(rate, '2')).toEqual(each);
    expect(declared({ ...rate, otherwise: 0.25 }, '2')).toEqual([...each, { key: 'otherwise', path: ['otherwise'], value: x('0.25') }]);
    // A written 0 is still written.
    expect(declared({ ...rate, otherwise: 0 }, '2')).toEqual([...each, { key: 'otherwise', path: ['otherwise'], value: x('0') }]);
  });
  it('asks for a percent that refuses 0/0, or for any number, negative ones included', () => {
    expect(expects(rate, '2')).toEqual({ type: 'percent', empty: false });
    expect(expects({ ...rate, of: 'number' }, '2')).toEqual({ type: 'number', nonNegative: false });
  });
  it('reads a negative number against negative bands', () => {
    const change: RawRule = { kind: 'bands', of: 'number', bands: [{ min: 0, points: 1 }, { above: -5, points: 0.5 }] };
    // −5 is not above −5: below every band → otherwise 0. −4,9 > −5 → 0,5.
    expect(evaluate(change, '1', num('-5'))).toMatchObject({ points: x('0') });
    expect(evaluate(change, '1', num('-4.9'))).toMatchObject({ points: x('0.5') });
  });
  it('refuses 0/0, which its evidence reader never lets through', () => {
    expect(() => evaluate(rate, '2', pct(undefined))).toThrow(new Error('bands rule given 0/0'));
  });

  describe('band order: each band must start below the one before, or at it with `min` after `above`', () => {
    const b = (bound: 'min' | 'above', threshold: string) => ({ threshold: x(threshold), strict: bound === 'above' });
    const order = (...list: ReturnType<typeof b>[]) => bands.checkBandOrder('1.2', list, ['rule', 'bands']);
    it('accepts bands from high to low, and `min` right after `above` at the same value', () => {
      expect(order(b('above', '90'), b('min', '70'))).toEqual([]);
      // "> 70%: 2; đúng 70%: 1": the second band holds exactly 70.
      expect(order(b('above', '70'), b('min', '70'))).toEqual([]);
    });
    it('refuses a band that can never win, pointing at it by its 1-based number', () => {
      const problemAt = (index: number, threshold: string, previous: string) => ({
        code: 'bands-order',
        severity: 'error',
        data: { id: '1.2', index, threshold: x(threshold), previous: x(previous) },
        path: ['rule', 'bands', index - 1],
      });
      // ≥ 70 before > 70: every value above 70 already won the first band.
      expect(order(b('min', '70'), b('above', '70'))).toEqual([problemAt(2, '70', '70')]);
      expect(order(b('min', '70'), b('min', '70'))).toEqual([problemAt(2, '70', '70')]);
      expect(order(b('above', '70'), b('above', '70'))).toEqual([problemAt(2, '70', '70')]);
      // ≥ 80 after > 70: 80 is above 70, so the first band already took it.
      expect(order(b('above', '70'), b('min', '80'))).toEqual([problemAt(2, '80', '70')]);
      // The third band, 80, is above the second, 70: band number 3, at index 2.
      expect(order(b('min', '90'), b('min', '70'), b('min', '80'))).toEqual([problemAt(3, '80', '70')]);
    });
    it('is what the rule checks, with the paths inside the rule', () => {
      const { rule, kind } = compiled({ kind: 'bands', bands: [{ min: 50, points: 1 }, { min: 60, points: 2 }] }, '2');
      expect(kind.check!(rule, { id: '3.1' })).toEqual([
        { code: 'bands-order', severity: 'error', data: { id: '3.1', index: 2, threshold: x('60'), previous: x('50') }, path: ['bands', 1] },
      ]);
    });
  });
});

describe('proportional', () => {
  beforeAll(loadModules);
  it('asks for a non-negative number, or for a percent where 0/0 means something', () => {
    expect(expects({ kind: 'proportional', of: 'number' }, '2')).toEqual({ type: 'number', nonNegative: true });
    expect(expects({ kind: 'proportional' }, '2')).toEqual({ type: 'percent', empty: true });
  });
  it('with of: number and no target, aims at 1', () => {
    // 0,6 of a target of 1 → 0,6 × 2 = 1,2.
    expect(evaluate({ kind: 'proportional', of: 'number' }, '2', num('0.6'), { text: '0,6' })).toEqual({
      points: x('1.2'),
      message: { id: 'proportional.rate', data: { value: x('0.6'), of: 'number', target: x('1'), text: '0,6' } },
    });
    // Exactly 1 reaches the target: the max.
    expect(evaluate({ kind: 'proportional', of: 'number' }, '2', num('1'))).toMatchObject({ points: x('2'), message: { id: 'proportional.target' } });
  });
  it('with a percent and no target, aims at 100%', () => {
    // 60% of 100% → 0,6 × 2 = 1,2.
    expect(evaluate({ kind: 'proportional' }, '2', pct('60'))).toMatchObject({ points: x('1.2'), message: { data: { target: x('100') } } });
  });
  it('says what 0/0 earned: zero by default, the max when `empty: full`', () => {
    expect(evaluate({ kind: 'proportional' }, '2', pct(undefined))).toEqual({ points: x('0'), message: { id: 'proportional.empty', data: { empty: 'zero' } } });
    expect(evaluate({ kind: 'proportional', empty: 'full' }, '2', pct(undefined))).toEqual({
      points: x('2'),
      message: { id: 'proportional.empty', data: { empty: 'full' } },
    });
  });
  it('makes 0/0 not applicable with `empty: na`, giving no points at all', () => {
    expect(evaluate({ kind: 'proportional', empty: 'na' }, '2', pct(undefined))).toEqual({ notApplicable: true, message: { id: 'leaf.na_empty', data: {} } });
  });
});

describe('increment', () => {
  beforeAll(loadModules);
  const people: RawRule = { kind: 'increment', from: 3500, base: 10, step: 100, per_step: 0.5 };
  it('declares its base points, and reads any number, negative ones included', () => {
    expect(declared(people, '35')).toEqual([{ key: 'base', path: ['base'], value: x('10') }]);
    expect(expects(people, '35')).toEqual({ type: 'number', nonNegative: false });
  });
  it('counts whole steps from a negative mark', () => {
    // from −2, step 1: −0,5 is 1,5 above → 1 whole step → 0 + 0,25.
    expect(evaluate({ kind: 'increment', from: -2, base: 0, step: 1, per_step: 0.25 }, '1', num('-0.5'))).toMatchObject({ points: x('0.25') });
  });
  it('offers the next step and the step that reaches the max, even when the max falls between steps', () => {
    // 0 + 0,3 per step, max 1: (1 − 0) / 0,3 = 3,33… → 4 steps to reach it. At 0 (0 steps):
    // the next step, 1 at value 1, gives 0,3; 4 steps at value 4 give 1,2, capped at 1.
    expect(regain({ kind: 'increment', from: 0, base: 0, step: 1, per_step: 0.3 }, '1', num('0'))).toEqual([
      { points: x('0.3'), message: { id: 'regain.increment', data: { value: x('1'), direction: 'up', steps: 1 } } },
      { points: x('1'), message: { id: 'regain.increment', data: { value: x('4'), direction: 'up', steps: 4 } } },
    ]);
  });
  it('at or past the max offers only the next step, which earns no more than the max', () => {
    // 8.500: (8.500 − 3.500) / 100 = 50 steps = (35 − 10) / 0,5, the max exactly. The next step is
    // 51, at 3.500 + 5.100 = 8.600, worth 10 + 25,5 = 35,5, capped at 35.
    expect(regain(people, '35', num('8500'))).toEqual([
      { points: x('35'), message: { id: 'regain.increment', data: { value: x('8600'), direction: 'up', steps: 51 } } },
    ]);
    // 9.000: 55 steps; the next is 56 at 3.500 + 5.600 = 9.100.
    expect(regain(people, '35', num('9000'))).toEqual([
      { points: x('35'), message: { id: 'regain.increment', data: { value: x('9100'), direction: 'up', steps: 56 } } },
    ]);
  });
});

describe('levels', () => {
  beforeAll(loadModules);
  const rule: RawRule = { kind: 'levels', levels: { Đạt: 1, 'Đạt một phần': 0.5, 'Không đạt': 0 } };
  it('declares each level’s points under its label as written', () => {
    expect(declared(rule, '1')).toEqual([
      { key: 'levels.Đạt', path: ['levels', 'Đạt'], value: x('1') },
      { key: 'levels.Đạt một phần', path: ['levels', 'Đạt một phần'], value: x('0.5') },
      { key: 'levels.Không đạt', path: ['levels', 'Không đạt'], value: x('0') },
    ]);
  });
  it('refuses a label that is not one of its levels', () => {
    expect(() => evaluate(rule, '1', { type: 'level', label: 'Khá' })).toThrow(new Error('level Khá is not in the rule'));
  });
  it('reports as an error a level that folds to the same text as an earlier one, at its key', () => {
    const { rule: twice, kind } = compiled({ kind: 'levels', levels: { Đạt: 1, ' ĐẠT': 0.5, 'Không đạt': 0 } }, '1');
    expect(kind.check!(twice, { id: '2.1' })).toEqual([
      { code: 'level-duplicate', severity: 'error', data: { id: '2.1', level: ' ĐẠT', first: 'Đạt' }, path: ['levels', ' ĐẠT'], atKey: true },
    ]);
  });
});

describe('deduction', () => {
  beforeAll(loadModules);
  const rule: RawRule = { kind: 'deduction', per: 0.25 };
  it('with a single occurrence, the only way back is none at all', () => {
    // 1 occurrence: 1 − 0,25 = 0,75; none gives the max, 1.
    expect(regain(rule, '1', count('1'))).toEqual([{ points: x('1'), message: { id: 'regain.deduction', data: { count: x('0') } } }]);
  });
  it('with two occurrences, one fewer and then none', () => {
    // 2 → 1 occurrence: 1 − 0,25 = 0,75; none: 1.
    expect(regain(rule, '1', count('2'))).toEqual([
      { points: x('0.75'), message: { id: 'regain.deduction', data: { count: x('1') } } },
      { points: x('1'), message: { id: 'regain.deduction', data: { count: x('0') } } },
    ]);
  });
  it('one fewer below the floor still earns the floor', () => {
    // 8 occurrences: 1 − 2 = −1 → floor 0; 7: 1 − 1,75 = −0,75 → still 0.
    expect(regain(rule, '1', count('8')).map((w) => w.points)).toEqual([x('0'), x('1')]);
  });
  it('lands exactly on the floor without calling it floored', () => {
    // 4 × 0,25 = 1 → 1 − 1 = 0, the floor itself.
    expect(evaluate(rule, '1', count('4'))).toEqual({
      points: x('0'),
      message: { id: 'deduction.count', data: { count: x('4'), per: x('0.25'), floored: false, floor: x('0') } },
    });
  });
});

describe('relative', () => {
  beforeAll(loadModules);
  it('asks for a non-negative number', () => {
    expect(expects({ kind: 'relative' }, '2')).toEqual({ type: 'number', nonNegative: true });
  });
  it('cannot score without the group best, and then offers nothing to regain', () => {
    expect(() => evaluate({ kind: 'relative' }, '2', num('3'))).toThrow(new Error('relative rule evaluated without the group best'));
    expect(regain({ kind: 'relative' }, '2', num('3'))).toEqual([]);
  });
  it('gives nothing when the best is 0, and says which value it read', () => {
    expect(evaluate({ kind: 'relative' }, '2', num('0'), { best: '0' })).toEqual({
      points: x('0'),
      message: { id: 'relative.zero_best', data: { value: x('0') } },
    });
  });
  it('with direction: lower, scores best ÷ value', () => {
    // Best 4 days, the unit took 5: 4/5 × 2 = 1,6.
    expect(evaluate({ kind: 'relative', direction: 'lower' }, '2', num('5'), { best: '4' })).toEqual({
      points: x('1.6'),
      message: { id: 'relative.ratio', data: { value: x('5'), best: x('4'), direction: 'lower' } },
    });
  });
});

describe('manual', () => {
  beforeAll(loadModules);
  it('keeps the appraiser’s note with the points, and no note when there is none', () => {
    expect(evaluate({ kind: 'manual' }, '1', { type: 'points', value: x('0.5') }, { note: 'Thiếu biên bản họp' })).toEqual({
      points: x('0.5'),
      message: { id: 'manual.points', data: { points: x('0.5'), note: 'Thiếu biên bản họp' } },
    });
    const bare = evaluate({ kind: 'manual' }, '1', { type: 'points', value: x('0.5') });
    expect(Object.keys(bare.message.data)).toEqual(['points']);
  });
});
