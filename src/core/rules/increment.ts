import * as z from 'zod';
import { Exact } from '../exact.js';
import { pointsSchema, type RuleKind } from './kind.js';

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
  })
  .meta({ description: '"≤ 3.500 người: 10; mỗi 100 người thêm +0,5; tối đa 35": base, then per whole step, capped at max' });

export interface IncrementRule {
  kind: 'increment';
  from: Exact;
  base: Exact;
  step: Exact;
  perStep: Exact;
  direction: 'up' | 'down';
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
  }),
  floor: () => Exact.ZERO,
  best: (_rule, max) => max,
  declared: (rule) => [{ key: 'base', path: ['base'], value: rule.base }],
  expects: () => ({ type: 'number', nonNegative: false }),
};
