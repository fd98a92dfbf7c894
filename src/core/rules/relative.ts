import * as z from 'zod';
import { Exact } from '../exact.js';
import type { RuleKind } from './kind.js';

const schema = z
  .strictObject({
    kind: z.literal('relative'),
    direction: z
      .enum(['higher', 'lower'])
      .optional()
      .meta({ description: 'higher (default): max × value / best; lower: max × best / value' }),
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
};
