import * as z from 'zod';
import { Exact } from '../exact.js';
import { message } from '../messages.js';
import { need, pointsSchema, ruleOptions, type RuleKind } from './kind.js';

const schema = z
  .strictObject({
    kind: z.literal('increment'),
    from: z.number().meta({ description: 'The value up to which `base` is given' }),
    base: pointsSchema.meta({ description: 'Points at or before `from`' }),
    step: z.number().positive().meta({ description: 'Size of one whole step beyond `from`' }),
    per_step: z.number().positive().meta({ description: 'Points added for each whole step' }),
    direction: z
      .enum(['up', 'down'])
      .optional()
      .meta({ description: 'up (default): steps above `from`; down: steps below it (e.g. each 1% lower poverty)' }),
    partial: z
      .enum(['none', 'prorata'])
      .optional()
      .meta({ description: 'none (default): whole steps only; prorata: a part step earns its share ("tính theo tỷ lệ phần trăm của mức chênh lệch")' }),
    ...ruleOptions,
  })
  .meta({ description: '"≤ 3.500 người: 10; mỗi 100 người thêm +0,5; tối đa 35": base, then per whole step, capped at max' });

export interface IncrementRule {
  kind: 'increment';
  from: Exact;
  base: Exact;
  step: Exact;
  perStep: Exact;
  direction: 'up' | 'down';
  partial: 'none' | 'prorata';
}

export const incrementRule: RuleKind<typeof schema, IncrementRule> = {
  kind: 'increment',
  schema,
  compile: (raw) => ({
    kind: 'increment',
    from: Exact.fromNumber(raw.from),
    base: Exact.fromNumber(raw.base),
    step: Exact.fromNumber(raw.step),
    perStep: Exact.fromNumber(raw.per_step),
    direction: raw.direction ?? 'up',
    partial: raw.partial ?? 'none',
  }),
  floor: () => Exact.ZERO,
  best: (_rule, max) => max,
  declared: (rule) => [{ key: 'base', path: ['base'], value: rule.base }],
  expects: () => ({ type: 'number', nonNegative: false }),
  evaluate: (rule, value, { max }) => {
    const v = need(value, 'number').value;
    if (rule.partial === 'prorata') {
      const beyond = rule.direction === 'up' ? v.sub(rule.from) : rule.from.sub(v);
      if (!beyond.gt(Exact.ZERO)) return { points: rule.base, message: message('increment.base', { value: v, from: rule.from, step: rule.step, direction: rule.direction }) };
      const fraction = beyond.div(rule.step);
      const points = rule.base.add(rule.perStep.mul(fraction));
      const capped = points.gt(max);
      return { points: capped ? max : points, message: message('increment.prorata', { value: v, from: rule.from, step: rule.step, perStep: rule.perStep, fraction, base: rule.base, points, direction: rule.direction, capped }) };
    }
    const steps = stepsAt(rule, v);
    if (steps === 0n) return { points: rule.base, message: message('increment.base', { value: v, from: rule.from, step: rule.step, direction: rule.direction }) };
    const points = rule.base.add(rule.perStep.mul(Exact.of(steps)));
    const capped = points.gt(max);
    return {
      points: capped ? max : points,
      message: message('increment.steps', { value: v, from: rule.from, steps: Number(steps), step: rule.step, perStep: rule.perStep, base: rule.base, points, direction: rule.direction, capped }),
    };
  },
  regain: (rule, value, { max }) => {
    const now = stepsAt(rule, need(value!, 'number').value);
    // Whole steps until the max is reached: ceil((max − base) / per_step).
    const room = max.sub(rule.base).div(rule.perStep);
    const full = room.isInteger() ? room.floor() : room.floor() + 1n;
    const ways = [now + 1n, full].filter((s, i, all) => s > now && all.indexOf(s) === i);
    return ways.map((s) => {
      const gained = rule.base.add(rule.perStep.mul(Exact.of(s)));
      const offset = rule.step.mul(Exact.of(s));
      return {
        points: Exact.min(gained, max),
        message: message('regain.increment', { value: rule.direction === 'up' ? rule.from.add(offset) : rule.from.sub(offset), direction: rule.direction, steps: Number(s) }),
      };
    });
  },
};

/** Whole steps beyond `from` (above it, or below it for `direction: down`). */
function stepsAt(rule: IncrementRule, v: Exact): bigint {
  const beyond = rule.direction === 'up' ? v.sub(rule.from) : rule.from.sub(v);
  return beyond.isNegative() ? 0n : beyond.div(rule.step).floor();
}
