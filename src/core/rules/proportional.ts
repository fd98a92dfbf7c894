import * as z from 'zod';
import { Exact } from '../exact.js';
import { ex, type RuleKind } from './kind.js';

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
  expects: (rule) => (rule.of === 'number' ? { type: 'number', nonNegative: true } : { type: 'percent' }),
};
