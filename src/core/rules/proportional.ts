import * as z from 'zod';
import { Exact } from '../exact.js';
import { message } from '../messages.js';
import { ex, need, ruleOptions, type RuleKind } from './kind.js';

const schema = z
  .strictObject({
    kind: z.literal('proportional'),
    of: z.enum(['number', 'percent']).optional().meta({ description: 'What the value is (default percent)' }),
    target: z
      .number()
      .positive()
      .optional()
      .meta({ description: 'The value that earns full points (default 100 for a percent, 1 for a number)' }),
    empty: z
      .enum(['full', 'zero', 'na'])
      .optional()
      .meta({ description: 'What 0/0 earns: full points, zero (default), or not applicable' }),
    ...ruleOptions,
  })
  .meta({ description: 'Points = max × min(1, value / target): "tỷ lệ × điểm tối đa"' });

export interface ProportionalRule {
  kind: 'proportional';
  of: 'number' | 'percent';
  target: Exact;
  empty: 'full' | 'zero' | 'na';
}

export const proportionalRule: RuleKind<typeof schema, ProportionalRule> = {
  kind: 'proportional',
  schema,
  compile: (raw) => {
    const of = raw.of ?? 'percent';
    return { kind: 'proportional', of, target: ex(raw.target, of === 'percent' ? Exact.HUNDRED : Exact.ONE), empty: raw.empty ?? 'zero' };
  },
  floor: () => Exact.ZERO,
  best: (_rule, max) => max,
  declared: () => [],
  expects: (rule) => (rule.of === 'number' ? { type: 'number', nonNegative: true } : { type: 'percent', empty: true }),
  evaluate: (rule, value, { max, text }) => {
    const v = need(value, 'number', 'percent').value;
    if (v === undefined) {
      // 0/0: "không phát sinh" — the rule says what that earns.
      if (rule.empty === 'na') return { notApplicable: true, message: message('leaf.na_empty', {}) };
      return { points: rule.empty === 'full' ? max : Exact.ZERO, message: message('proportional.empty', { empty: rule.empty }) };
    }
    const data = { value: v, of: rule.of, target: rule.target, text };
    if (v.gte(rule.target)) return { points: max, message: message('proportional.target', data) };
    return { points: max.mul(v).div(rule.target), message: message('proportional.rate', data) };
  },
  regain: (rule, _value, { max }) => [{ points: max, message: message('regain.proportional', { target: rule.target, of: rule.of }) }],
};
