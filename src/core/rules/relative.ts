import * as z from 'zod';
import { Exact } from '../exact.js';
import { message } from '../messages.js';
import { need, ruleOptions, type RuleKind } from './kind.js';

const schema = z
  .strictObject({
    kind: z.literal('relative'),
    direction: z
      .enum(['higher', 'lower'])
      .optional()
      .meta({ description: 'higher (default): max × value / best; lower: max × best / value' }),
    ...ruleOptions,
  })
  .meta({ description: 'Relative to the best unit in the group: "giá trị ÷ giá trị cao nhất × 40"' });

export interface RelativeRule {
  kind: 'relative';
  direction: 'higher' | 'lower';
}

export const relativeRule: RuleKind<typeof schema, RelativeRule> = {
  kind: 'relative',
  schema,
  compile: (raw) => ({ kind: 'relative', direction: raw.direction ?? 'higher' }),
  floor: () => Exact.ZERO,
  best: (_rule, max) => max,
  declared: () => [],
  expects: () => ({ type: 'number', nonNegative: true }),
  evaluate: (rule, value, { max, best }) => {
    const v = need(value, 'number').value;
    if (best === undefined) throw new Error('relative rule evaluated without the group best');
    const direction = rule.direction;
    // higher: max × value / best, but with a best of 0 everyone has 0 and nobody earns anything;
    // lower: max × best / value, where a value other than the best is above it, so never 0.
    if (direction === 'higher' && best.isZero()) return { points: Exact.ZERO, message: message('relative.zero_best', { value: v }) };
    if (v.eq(best)) return { points: max, message: message('relative.best', { value: v, direction }) };
    const points = direction === 'higher' ? max.mul(v).div(best) : max.mul(best).div(v);
    return { points, message: message('relative.ratio', { value: v, best, direction }) };
  },
  regain: (rule, _value, { max, best }) => (best === undefined ? [] : [{ points: max, message: message('regain.relative', { best, direction: rule.direction }) }]),
};
