import * as z from 'zod';
import { Exact } from '../exact.js';
import { message } from '../messages.js';
import { ex, need, pointsSchema, ruleOptions, type RuleKind } from './kind.js';

const schema = z
  .strictObject({
    kind: z.literal('given'),
    floor: pointsSchema.optional().meta({ description: 'The lowest accepted points (default 0)' }),
    ...ruleOptions,
  })
  .meta({ description: 'Points as given, within [floor, max] (published tables, external systems)' });

export interface GivenRule {
  kind: 'given';
  floor: Exact;
}

export const givenRule: RuleKind<typeof schema, GivenRule> = {
  kind: 'given',
  schema,
  compile: (raw) => ({ kind: 'given', floor: ex(raw.floor, Exact.ZERO) }),
  floor: (rule) => rule.floor,
  best: (_rule, max) => max,
  declared: () => [],
  expects: (rule, max) => ({ type: 'points', floor: rule.floor, max }),
  evaluate: (_rule, value) => {
    const points = need(value, 'points').value;
    return { points, message: message('given.points', { points }) };
  },
  regain: (_rule, _value, { max }) => [{ points: max, message: message('regain.given', {}) }],
};
