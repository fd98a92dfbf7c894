import * as z from 'zod';
import { Exact } from '../exact.js';
import { message } from '../messages.js';
import { ex, need, pointsSchema, ruleOptions, type RuleKind } from './kind.js';

const schema = z
  .strictObject({
    kind: z.literal('deduction'),
    per: z.number().positive().meta({ description: 'Points taken off for each occurrence' }),
    floor: pointsSchema
      .optional()
      .meta({ description: 'The lowest the leaf can go (default 0; may be negative: "0 điểm và bị trừ 0,25 điểm")' }),
    ...ruleOptions,
  })
  .meta({ description: 'max − per × count of occurrences, not below `floor`' });

export interface DeductionRule {
  kind: 'deduction';
  per: Exact;
  floor: Exact;
}

export const deductionRule: RuleKind<typeof schema, DeductionRule> = {
  kind: 'deduction',
  schema,
  compile: (raw) => ({
    kind: 'deduction',
    per: Exact.fromNumber(raw.per),
    floor: ex(raw.floor, Exact.ZERO),
  }),
  floor: (rule) => rule.floor,
  best: (_rule, max) => max,
  declared: () => [],
  expects: () => ({ type: 'count' }),
  evaluate: (rule, value, { max }) => {
    const count = need(value, 'count').value;
    const { points, floored } = deducted(rule, count, max);
    return { points, message: message('deduction.count', { count, per: rule.per, floored, floor: rule.floor }) };
  },
  regain: (rule, value, { max }) => {
    const count = need(value!, 'count').value;
    // One occurrence fewer, then none; below the floor one fewer may still earn nothing.
    const fewer = count.gt(Exact.ONE) ? [count.sub(Exact.ONE)] : [];
    return [...fewer, Exact.ZERO].map((c) => ({ points: deducted(rule, c, max).points, message: message('regain.deduction', { count: c }) }));
  },
};

/** max − per × count, raised to the floor when it falls below it. */
function deducted(rule: DeductionRule, count: Exact, max: Exact): { points: Exact; floored: boolean } {
  const points = max.sub(rule.per.mul(count));
  const floored = points.lt(rule.floor);
  return { points: floored ? rule.floor : points, floored };
}
