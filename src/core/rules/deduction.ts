import * as z from 'zod';
import { Exact } from '../exact.js';
import { ex, pointsSchema, type RuleKind } from './kind.js';

const schema = z
  .strictObject({
    kind: z.literal('deduction'),
    per: z.number().positive().meta({ description: 'Points taken off for each occurrence' }),
    floor: pointsSchema
      .optional()
      .meta({ description: 'The lowest the leaf can go (default 0; may be negative: "0 điểm và bị trừ 0,25 điểm")' }),
  })
  .meta({ description: 'max − per × count of occurrences, not below `floor`' });

export interface DeductionRule {
  kind: 'deduction';
  per: Exact;
  floor: Exact;
  declaredFloor: boolean;
}

export const deductionRule: RuleKind<typeof schema, DeductionRule> = {
  kind: 'deduction',
  schema,
  compile: (raw) => ({
    kind: 'deduction',
    per: Exact.fromNumber(raw.per),
    floor: ex(raw.floor, Exact.ZERO),
    declaredFloor: raw.floor !== undefined,
  }),
  floor: (rule) => rule.floor,
  best: (_rule, max) => max,
  declared: () => [],
  expects: () => ({ type: 'count' }),
};
